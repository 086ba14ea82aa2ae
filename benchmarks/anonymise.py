"""Measure the personal-data scanner on the labelled set: precision, recall, F1 per kind, speed."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from joinedup.casestudies.anonymise import KINDS, scan_for_personal_data  # noqa: E402

LABELLED_SETS = {
    "first": ROOT / "tests" / "casestudies" / "labelled_set.jsonl",
    "second": ROOT / "tests" / "casestudies" / "labelled_set_2.jsonl",
}
LABELLED_SET = LABELLED_SETS["first"]
STRUCTURED = ("email", "phone", "postcode", "nhs_number", "ni_number", "vehicle_registration")
REFERENCE_DATE = dt.date(2024, 9, 1)


def load(path: Path = LABELLED_SET) -> list[dict]:
    """Read the labelled examples."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _overlaps(a: dict, b: dict) -> bool:
    """Return True when two spans of the same kind share at least one character."""
    return a["kind"] == b["kind"] and a["start"] < b["end"] and b["start"] < a["end"]


def score(examples: list[dict]) -> tuple[dict[str, dict[str, float]], list[tuple[str, dict, str]]]:
    """Return per-kind and overall precision/recall/F1 and the list of misses and false alarms."""
    found, correct, expected, recalled = Counter(), Counter(), Counter(), Counter()
    mistakes: list[tuple[str, dict, str]] = []
    for example in examples:
        predicted = [
            {"kind": f.kind, "start": f.start, "end": f.end, "text": f.text}
            for f in scan_for_personal_data(
                example["text"], allow=example.get("allow", ()), reference_date=REFERENCE_DATE
            )
        ]
        gold = example["entities"]
        for p in predicted:
            found[p["kind"]] += 1
            if any(_overlaps(p, g) for g in gold):
                correct[p["kind"]] += 1
            else:
                mistakes.append(("false alarm", p, example["text"]))
        for g in gold:
            expected[g["kind"]] += 1
            if any(_overlaps(g, p) for p in predicted):
                recalled[g["kind"]] += 1
            else:
                missed = dict(g, text=example["text"][g["start"] : g["end"]])
                mistakes.append(("missed", missed, example["text"]))
    figures: dict[str, dict[str, float]] = {}
    groups = {kind: (kind,) for kind in KINDS}
    groups["structured"] = STRUCTURED
    groups["overall"] = KINDS
    for label, kinds in groups.items():
        f, c = sum(found[k] for k in kinds), sum(correct[k] for k in kinds)
        e, r = sum(expected[k] for k in kinds), sum(recalled[k] for k in kinds)
        precision = c / f if f else 1.0
        recall = r / e if e else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        figures[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "expected": e,
            "found": f,
        }
    return figures, mistakes


def throughput(examples: list[dict], repeat: int = 5) -> float:
    """Return scan speed in characters per second over the whole labelled set."""
    text = "\n".join(example["text"] for example in examples)
    started = time.perf_counter()
    for _ in range(repeat):
        scan_for_personal_data(text, reference_date=REFERENCE_DATE)
    return len(text) * repeat / (time.perf_counter() - started)


def main() -> int:
    """Print the table, the targets and (with --verbose) every miss and false alarm."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    parser.add_argument(
        "--set", choices=[*LABELLED_SETS, "both"], default="both", help="which labelled set"
    )
    args = parser.parse_args()
    names = list(LABELLED_SETS) if args.set == "both" else [args.set]
    for name in names:
        _report(name, load(LABELLED_SETS[name]), verbose=args.verbose)
    return 0


def _report(name: str, examples: list[dict], *, verbose: bool) -> None:
    figures, mistakes = score(examples)
    print(
        f"{name} labelled set: {len(examples)} sentences, {figures['overall']['expected']} entities"
    )
    print(f"{'kind':<14} {'expected':>8} {'found':>6} {'precision':>9} {'recall':>7} {'F1':>6}")
    for label, row in figures.items():
        print(
            f"{label:<14} {row['expected']:>8} {row['found']:>6} {row['precision']:>9.3f}"
            f" {row['recall']:>7.3f} {row['f1']:>6.3f}"
        )
    print(
        "targets: structured recall >= 0.98 "
        f"({figures['structured']['recall']:.3f}), name recall >= 0.90 "
        f"({figures['name']['recall']:.3f}), overall precision >= 0.90 "
        f"({figures['overall']['precision']:.3f})"
    )
    print(f"throughput: {throughput(examples):,.0f} characters/s")
    if verbose:
        for what, span, text in mistakes:
            print(f"{what:<11} {span['kind']:<13} {span['text']!r:<30} in: {text}")


if __name__ == "__main__":
    sys.exit(main())
