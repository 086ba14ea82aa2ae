"""python -m joinedup move-database --to postgres://...: move this installation to PostgreSQL."""

import os
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from joinedup.core.dbtools import (
    DatabaseToolError,
    add_target,
    check_target_unused,
    copy_tables,
    count_tables,
)


class Command(BaseCommand):
    help = (
        "Copy every table of this SQLite installation into an empty PostgreSQL database "
        "(migrated here first), check the row counts and rebuild the search index there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, dest="url", help="postgres://user@host/db")

    def _on_target(self, url: str, *command: str) -> None:
        done = subprocess.run(  # noqa: S603  (our own command, no shell)
            [sys.executable, "-m", "joinedup", *command],
            env={**os.environ, "JOINEDUP_DATABASE_URL": url},
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise CommandError(f"{' '.join(command)} on the target failed:\n{done.stderr}")
        if done.stdout.strip():
            self.stdout.write(done.stdout.strip())

    def handle(self, *args, url: str, **options):
        if connections["default"].vendor != "sqlite":
            raise CommandError("move-database moves a SQLite installation; this one is not")
        try:
            alias = add_target(url)
            check_target_unused(alias)
            self.stdout.write("Migrating the target database")
            # in a process whose default database is the target, as the site will run on it:
            # data migrations written for one database (no .using()) then read the right one
            self._on_target(url, "migrate", "--noinput", "-v0")
            check_target_unused(alias)
            self.stdout.write("Copying tables")
            copy_tables(target=alias)
        except DatabaseToolError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Rebuilding the search index on the target")
        # in a process of its own that runs on the target, as the site will
        subprocess.run(
            [sys.executable, "-m", "joinedup", "rebuild_search_index"],
            env={**os.environ, "JOINEDUP_DATABASE_URL": url},
            check=True,
        )
        counts = count_tables(source="default", target=alias)
        width = max(len(c.table) for c in counts)
        self.stdout.write(f"{'table':<{width}}  {'SQLite':>9}  {'PostgreSQL':>10}  check")
        for c in counts:
            check = "ok" if c.ok else "DIFFERENT"
            self.stdout.write(f"{c.table:<{width}}  {c.source:>9,}  {c.target:>10,}  {check}")
        wrong = [c.table for c in counts if not c.ok]
        total = sum(c.target for c in counts)
        if wrong:
            raise CommandError(f"Row counts differ in {len(wrong)} tables: {', '.join(wrong)}")
        self.stdout.write(
            f"Moved {total:,} rows in {len(counts)} tables. Point JOINEDUP_DATABASE_URL at the "
            "new database and restart the site and the workers."
        )
