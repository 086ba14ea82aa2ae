"""FTS5 with detail=column: the index keeps which columns hold a word, not where in them.

Search asks only whether a service holds every word (in its name, or anywhere) and every
tag, and ranks matches itself (joinedup.directory.search.rank), so word positions were never
read; without them the posting lists are about half the size, and a text + need + place
search at a million services reads half as much. The triggers of 0003 are unchanged: they
name the table, which is recreated under the same name and rebuilt from the entries.
"""

from django.db import migrations

TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"


def _recreate(detail: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        schema_editor.execute("DROP TABLE IF EXISTS directory_service_fts", params=None)
        schema_editor.execute(
            "CREATE VIRTUAL TABLE directory_service_fts USING fts5(name, body, tags,"
            " content='directory_servicesearchentry', content_rowid='id',"
            f" {TOKENIZE}{detail})",
            params=None,
        )
        schema_editor.execute(
            "INSERT INTO directory_service_fts(directory_service_fts) VALUES ('rebuild')",
            params=None,
        )

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_search_index")]

    operations = [migrations.RunPython(_recreate(", detail=column"), _recreate(""))]
