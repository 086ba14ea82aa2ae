"""Command line for the café planner: `plan INSTANCE.json` and `score INSTANCE.json PLAN.json`.

No Django: run it as `python -m joinedup.cafe.cli` or through `joinedup cafe`.
Exit codes: 0 done, 1 the plan given to `score` breaks a hard rule, 2 bad input or no plan
can exist.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from joinedup.cafe.instance import Infeasible, Instance, load_instance
from joinedup.cafe.planner import plan_tables
from joinedup.cafe.scoring import Score, score_plan

SHOWN_ERRORS = 10


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cafe", description="Plan and score world café tables.")
    commands = parser.add_subparsers(dest="command", required=True)
    plan = commands.add_parser("plan", help="print a plan for INSTANCE as JSON on stdout")
    plan.add_argument("instance", type=Path, help="instance JSON file (joinedup-cafe-instance/1)")
    plan.add_argument("--seconds", type=float, default=2.0, help="time budget (default 2)")
    plan.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    plan.add_argument(
        "--max-iterations",
        type=int,
        default=None,
        help="stop after this many search steps, for the same plan on any machine",
    )
    score = commands.add_parser("score", help="print every measure and the score of PLAN")
    score.add_argument("instance", type=Path, help="instance JSON file")
    score.add_argument("plan", type=Path, help="plan JSON file (joinedup-cafe-plan/1)")
    return parser


def _read_json(path: Path) -> object:
    """Return the JSON in `path`; raise ValueError saying what is wrong with the file."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"cannot read {path}: {error.strerror or error}") from error
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not valid JSON: {error}") from error


def _read_instance(path: Path) -> Instance:
    data = _read_json(path)
    try:
        return load_instance(data)
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from error


def plan_json(plan: dict) -> str:
    """Return the plan as JSON with one line per person, readable and diff-friendly."""
    rows = [f"    {json.dumps(pid)}: {json.dumps(row)}" for pid, row in plan["assignments"].items()]
    head = {k: v for k, v in plan.items() if k != "assignments"}
    lines = [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    return "\n".join(["{", *lines, '  "assignments": {', ",\n".join(rows), "  }", "}"])


def _format_score(score: Score) -> str:
    lines = [f"{name}: {value}" for name, value in score.measures().items()]
    return "\n".join([*lines, f"score: {score.score}"])


def _plan(args: argparse.Namespace) -> int:
    instance = _read_instance(args.instance)
    rounds, tables = instance.rounds, len(instance.tables)
    print(
        f"Planning {instance.name or args.instance.name}: {len(instance.participants)} people, "
        f"{tables} tables, {rounds} rounds, {args.seconds:g} s, seed {args.seed}",
        file=sys.stderr,
    )
    try:
        plan = plan_tables(
            instance, seconds=args.seconds, seed=args.seed, max_iterations=args.max_iterations
        )
    except Infeasible as error:
        print("No valid plan is possible:", file=sys.stderr)
        for reason in error.reasons:
            print(f"- {reason}", file=sys.stderr)
        return 2
    print(plan_json(plan.to_dict()), file=sys.stdout)
    print(
        f"{plan.iterations} search steps in {plan.seconds:.2f} s\n{_format_score(plan.score)}",
        file=sys.stderr,
    )
    return 0


def _score(args: argparse.Namespace) -> int:
    instance = _read_instance(args.instance)
    score = score_plan(instance, _read_json(args.plan))
    if not score.valid:
        count = len(score.invalid)
        print(f"The plan is invalid: it breaks {count} hard rule(s). First ones:")
        for error in score.invalid[:SHOWN_ERRORS]:
            print(f"- {error}")
        return 1
    print(_format_score(score))
    return 0


def main(argv: list[str]) -> int:
    """Run `plan` or `score` with `argv` (without the program name) and return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed the usage problem
        return int(stop.code or 0)
    try:
        return _plan(args) if args.command == "plan" else _score(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
