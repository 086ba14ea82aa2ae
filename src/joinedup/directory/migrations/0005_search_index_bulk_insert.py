"""FTS5 rows for new entries are written by joinedup.directory.search in one statement per
batch, not by a trigger per entry.

Inside a trigger each FTS5 insert is a statement of its own, and FTS5 flushes its pending
terms at every statement boundary: an import of 20,000 services spent two fifths of its time
there (about 0.1 ms an entry, against 0.02 ms for one INSERT ... SELECT per 2,000). Entries
are only ever inserted by search.index_services and search.reindex_services, which now write
the FTS5 rows themselves. The delete and update triggers stay: deletes also come from the
ORM's cascades.
"""

from django.db import migrations

INSERT_TRIGGER = """CREATE TRIGGER directory_sse_ai AFTER INSERT ON directory_servicesearchentry BEGIN
        INSERT INTO directory_service_fts(rowid, name, body, tags)
        VALUES (new.id, new.name, new.body, new.tags);
    END"""


def _run(statement: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_search_index_detail_column")]

    operations = [
        migrations.RunPython(_run("DROP TRIGGER IF EXISTS directory_sse_ai"), _run(INSERT_TRIGGER))
    ]
