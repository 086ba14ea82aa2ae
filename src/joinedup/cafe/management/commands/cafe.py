"""`joinedup cafe plan|score ...`: the café planner command line, run through Django."""

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError

from joinedup.cafe.cli import main


class Command(BaseCommand):
    help = (
        "Plan or score a world café: `cafe plan INSTANCE.json [--seconds S] [--seed N]` "
        "or `cafe score INSTANCE.json PLAN.json`."
    )

    def run_from_argv(self, argv: list[str]) -> None:
        """Hand everything after `cafe` to the planner's own command line, untouched."""
        sys.exit(main(argv[2:]))

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("args", nargs=argparse.REMAINDER, help="plan|score and their arguments")

    def handle(self, *args: str, **options: object) -> None:
        """Run the command line from `call_command`; raise CommandError on a non-zero exit."""
        code = main(list(args))
        if code:
            raise CommandError(f"cafe {' '.join(args[:1])} failed", returncode=code)
