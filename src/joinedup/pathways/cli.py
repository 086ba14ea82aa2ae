"""Command line for pathway kits: `check KIT.json` prints the alignment findings as JSON.

No Django: run it as `python -m joinedup.pathways.cli` or through `joinedup pathways`.
Exit codes: 0 checked (findings are not errors), 2 the file is unreadable, not JSON, or
breaks the kit format (each problem on stderr with its JSON path).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from joinedup.pathways.checks import check_kit, report
from joinedup.pathways.kit import Kit, KitError, parse_kit


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pathways", description="Check pathway kits (joinedup-pathways/1)."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="print the alignment findings of KIT as one JSON object"
    )
    check.add_argument("kit", type=Path, help="kit JSON file (joinedup-pathways/1)")
    return parser


def load_kit_file(path: Path) -> Kit:
    """Return the kit in the file; raise KitError with each problem (file, JSON or format)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise KitError([f"$: cannot read {path}: {reason}"]) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise KitError(
            [
                f"$: {path} is not valid JSON: {error.msg} "
                f"at line {error.lineno} column {error.colno}"
            ]
        ) from error
    return parse_kit(data)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        kit = load_kit_file(args.kit)
    except KitError as error:
        print(
            f"{args.kit}: not a valid joinedup-pathways/1 kit ({len(error.problems)} problems):",
            file=sys.stderr,
        )
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    print(json.dumps(report(check_kit(kit)), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
