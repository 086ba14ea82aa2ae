"""python -m joinedup backup PATH: a consistent copy of the database while the site runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.core.dbtools import DatabaseToolError, backup_database


class Command(BaseCommand):
    help = "Back up the database to PATH (SQLite online backup, or pg_dump -Fc on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            size = backup_database(path)
        except DatabaseToolError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the database to {path} ({size:,} bytes)")
