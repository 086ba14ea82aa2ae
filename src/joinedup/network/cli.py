"""Command line for the network analysis: `analyse TIES.json [--since DATE] [--until DATE]`.

No Django: run it as `python -m joinedup.network.cli` or through `joinedup network`.
Exit codes: 0 done, 2 bad input (the message names the JSON path of each problem).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from joinedup.network.analysis import TiesFormatError, analyse, load_ties, parse_date


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on bad arguments too
        self.print_usage(sys.stderr)
        self.exit(2, f"network: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="network", description="Analyse the working ties between teams.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    analyse_cmd = commands.add_parser("analyse", help="print the analysis of TIES as JSON")
    analyse_cmd.add_argument("ties", type=Path, help="ties JSON file (joinedup-ties/1)")
    analyse_cmd.add_argument(
        "--since", help="also report what changed from the rows before DATE (YYYY-MM-DD)"
    )
    analyse_cmd.add_argument("--until", help="count only rows dated on or before DATE")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; print the analysis on stdout, or what is wrong on stderr (exit 2)."""
    args = _parser().parse_args(argv)
    try:
        since = parse_date(args.since, "--since") if args.since is not None else None
        until = parse_date(args.until, "--until") if args.until is not None else None
        try:
            data = json.loads(args.ties.read_text(encoding="utf-8"))
        except OSError as error:
            raise ValueError(f"cannot read {args.ties}: {error.strerror or error}") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ValueError(f"{args.ties} is not valid JSON: {error}") from error
        try:
            ties = load_ties(data)
        except TiesFormatError as error:
            raise ValueError(
                f"{args.ties} is not a valid joinedup-ties/1 file:\n{error}"
            ) from error
        result = analyse(ties, since=since, until=until)
    except ValueError as error:
        print(f"network: {error}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
