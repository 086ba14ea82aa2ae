"""python -m joinedup rebuild_search_index: rebuild every service's search entry (both engines)."""

from django.core.management.base import BaseCommand

from joinedup.directory.search import reindex_services


class Command(BaseCommand):
    help = "Rebuild the directory search index (FTS5 on SQLite, tsvector on PostgreSQL)."

    def handle(self, *args, **options):
        count = reindex_services()
        self.stdout.write(f"Indexed {count:,} services")
