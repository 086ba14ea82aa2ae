"""The full-text index over ServiceSearchEntry: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE directory_service_fts USING fts5(
        name, body, tags,
        content='directory_servicesearchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER directory_sse_ai AFTER INSERT ON directory_servicesearchentry BEGIN
        INSERT INTO directory_service_fts(rowid, name, body, tags)
        VALUES (new.id, new.name, new.body, new.tags);
    END""",
    """CREATE TRIGGER directory_sse_ad AFTER DELETE ON directory_servicesearchentry BEGIN
        INSERT INTO directory_service_fts(directory_service_fts, rowid, name, body, tags)
        VALUES ('delete', old.id, old.name, old.body, old.tags);
    END""",
    """CREATE TRIGGER directory_sse_au AFTER UPDATE ON directory_servicesearchentry BEGIN
        INSERT INTO directory_service_fts(directory_service_fts, rowid, name, body, tags)
        VALUES ('delete', old.id, old.name, old.body, old.tags);
        INSERT INTO directory_service_fts(rowid, name, body, tags)
        VALUES (new.id, new.name, new.body, new.tags);
    END""",
    "INSERT INTO directory_service_fts(directory_service_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_sse_au",
    "DROP TRIGGER IF EXISTS directory_sse_ad",
    "DROP TRIGGER IF EXISTS directory_sse_ai",
    "DROP TABLE IF EXISTS directory_service_fts",
]

POSTGRESQL_FORWARD = [
    """CREATE FUNCTION directory_sse_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.vector :=
            setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A')
            || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B')
            || setweight(to_tsvector('simple', coalesce(NEW.tags, '')), 'D');
        RETURN NEW;
    END
    $$""",
    """CREATE TRIGGER directory_sse_vector BEFORE INSERT OR UPDATE
        ON directory_servicesearchentry FOR EACH ROW EXECUTE FUNCTION directory_sse_vector()""",
    """CREATE INDEX directory_sse_vector_gin ON directory_servicesearchentry
        USING gin (vector)""",
    "UPDATE directory_servicesearchentry SET name = name",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS directory_sse_vector_gin",
    "DROP TRIGGER IF EXISTS directory_sse_vector ON directory_servicesearchentry",
    "DROP FUNCTION IF EXISTS directory_sse_vector()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_seed_taxonomies")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
