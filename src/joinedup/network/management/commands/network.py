"""`joinedup network analyse TIES.json [--since DATE] [--until DATE]`, run through Django."""

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError

from joinedup.network.cli import main


class Command(BaseCommand):
    help = (
        "Analyse working ties between teams: `network analyse TIES.json [--since D] [--until D]`."
    )

    def run_from_argv(self, argv: list[str]) -> None:
        """Hand everything after `network` to the analysis's own command line, untouched."""
        sys.exit(main(argv[2:]))

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("args", nargs=argparse.REMAINDER, help="analyse and its arguments")

    def handle(self, *args: str, **options: object) -> None:
        """Run the command line from `call_command`; raise CommandError on a non-zero exit."""
        code = main(list(args))
        if code:
            raise CommandError(f"network {' '.join(args[:1])} failed", returncode=code)
