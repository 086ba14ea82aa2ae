"""`joinedup pathways check KIT.json`: the pathway kit checker, run through Django."""

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError

from joinedup.pathways.cli import main


class Command(BaseCommand):
    help = "Check a pathway kit: `pathways check KIT.json` prints the alignment findings as JSON."

    def run_from_argv(self, argv: list[str]) -> None:
        """Hand everything after `pathways` to the kit command line, untouched."""
        sys.exit(main(argv[2:]))

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("args", nargs=argparse.REMAINDER, help="check and its arguments")

    def handle(self, *args: str, **options: object) -> None:
        """Run the command line from `call_command`; raise CommandError on a non-zero exit."""
        code = main(list(args))
        if code:
            raise CommandError(f"pathways {' '.join(args[:1])} failed", returncode=code)
