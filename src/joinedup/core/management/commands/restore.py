"""python -m joinedup restore PATH: put back a backup made by `backup` (same engine)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.core.dbtools import DatabaseToolError, restore_database


class Command(BaseCommand):
    help = (
        "Replace the database's contents with the backup at PATH. Stop the site and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, path: Path, interactive: bool = True, **options):
        if interactive:
            answer = input(
                f"Everything in the database will be replaced by {path}. Type 'yes' to go on: "
            )
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled")
        try:
            restore_database(path)
        except DatabaseToolError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the database from {path}")
