"""The `joinedup` command: Django's management commands plus our own (python -m joinedup ...)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, with Joinedup's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["joinedup", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
