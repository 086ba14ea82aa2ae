"""The `joinedup` command: Django's management commands plus our own (python -m joinedup ...)."""

import os
import sys

# Commands whose documented name has a hyphen; Django's command names are module names.
ALIASES = {"move-database": "move_database"}


def main(argv: list[str] | None = None) -> None:
    """Run a management command, with Joinedup's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        args[0] = ALIASES.get(args[0], args[0])
    execute_from_command_line(["joinedup", *args])


if __name__ == "__main__":
    main()
