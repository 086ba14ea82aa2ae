"""PostgreSQL: a GIN index of the service name's own tsvector, so that "every word in the name"
(the first services of a search with many matches) is answered from an index instead of
checking the name's weight on every matching row (directory/search.py, NAME_VECTOR). SQLite's
FTS5 index already has the name as its own column: nothing to do there."""

from django.db import migrations

FORWARD = (
    "CREATE INDEX IF NOT EXISTS directory_sse_name_gin ON directory_servicesearchentry "
    "USING gin (to_tsvector('english', coalesce(name, '')))"
)
BACKWARD = "DROP INDEX IF EXISTS directory_sse_name_gin"


def _on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_confidential_locations_sealed")]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD), elidable=False),
    ]
