"""Time `pathways check` (read, parse, check) on a kit of 50 needs × 6 levels × 2,000 services.

Target (issue 12): at most 1 s. The kit is made so that every kind of finding occurs and every
step names many services, which is the expensive case for the bounce and dead-end checks.
Run: .venv/bin/python benchmarks/pathways_check.py [--needs 50 --levels 6 --services 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from joinedup.pathways.checks import check_kit, report  # noqa: E402
from joinedup.pathways.kit import parse_kit  # noqa: E402

TARGET_SECONDS = 1.0


def generate_kit(
    *, needs: int, levels: int, services: int, per_step: int, misfit: float, seed: int = 1
) -> dict:
    """Return a kit with a pathway per need and a step per level naming `per_step` services."""
    rng = random.Random(seed)
    need_codes = [f"need-{n:02d}" for n in range(needs)]
    level_numbers = list(range(1, levels + 1))
    kit_services = []
    for n in range(services):
        accepts = {}
        for need in rng.sample(need_codes, k=min(needs, 6)):
            low = rng.choice(level_numbers)
            accepts[need] = list(range(low, min(levels, low + rng.randint(0, 2)) + 1))
        kit_services.append(
            {
                "id": f"svc-{n:05d}",
                "name": f"Service {n}",
                "status": "inactive" if rng.random() < 0.05 else "active",
                "reachable": rng.random() > 0.05,
                "accepts": accepts,
            }
        )
    ids = [s["id"] for s in kit_services]
    takers: dict[tuple[str, int], list[str]] = {}
    for entry in kit_services:
        for need, taken in entry["accepts"].items():
            for level in taken:
                takers.setdefault((need, level), []).append(entry["id"])
    pathways = []
    for need in need_codes:
        steps = []
        for level in level_numbers:
            if rng.random() < 0.05:
                continue  # a level gap now and then
            hours = None if rng.random() < 0.05 else rng.choice([4, 8, 24, 48, 72, 120])
            steps.append(
                {
                    "id": f"{need}-{level}",
                    "level": level,
                    "indicators": [f"Indicator {k} for {need} at level {level}" for k in range(3)],
                    "services": _named(rng, takers.get((need, level), []), ids, per_step, misfit),
                    "route": {
                        "how": rng.choice(["form", "phone", "email", "in-person", "joinedup"]),
                        "detail": "",
                    },
                    "response_hours": hours,
                    "escalate_to": None if level > 1 and rng.random() < 0.05 else rng.choice(ids),
                    "consent": rng.choice(["ask", "inform", "not-needed"]),
                }
            )
        pathways.append(
            {"need": need, "title": f"Pathway for {need}", "version": 1, "steps": steps}
        )
    levels_data = [{"level": n, "name": f"Level {n}", "description": ""} for n in level_numbers]
    return {
        "format": "joinedup-pathways/1",
        "place": "benchmark",
        "levels": levels_data,
        "services": kit_services,
        "pathways": pathways,
    }


def _named(rng: random.Random, fitting: list[str], ids: list[str], count: int, misfit: float):
    """Return `count` distinct service ids, mostly ones that take the need at the level."""
    chosen: dict[str, None] = {}
    while len(chosen) < count:
        pool = ids if not fitting or rng.random() < misfit else fitting
        chosen[rng.choice(pool)] = None
        if len(fitting) < count and len(chosen) >= len(fitting):
            fitting = []  # too few services fit: fill up at random
    return list(chosen)


def run_once(text: str) -> tuple[float, dict]:
    """Return the seconds to load, parse and check the kit text, and the report."""
    started = time.perf_counter()
    result = report(check_kit(parse_kit(json.loads(text))))
    json.dumps(result)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=50)
    parser.add_argument("--levels", type=int, default=6)
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--per-step", type=int, default=40, help="services named by each step")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--misfit",
        type=float,
        default=0.1,
        help="share of a step's services picked at random rather than among those that take "
        "the need at that level (1.0: all at random, the worst case: nearly every one bounces)",
    )
    args = parser.parse_args()
    data = generate_kit(
        needs=args.needs,
        levels=args.levels,
        services=args.services,
        per_step=args.per_step,
        misfit=args.misfit,
    )
    text = json.dumps(data)
    steps = sum(len(p["steps"]) for p in data["pathways"])
    print(
        f"kit: {args.needs} needs × {args.levels} levels × {args.services} services, "
        f"{steps} steps, {args.per_step} services per step, misfit {args.misfit:g}, "
        f"{len(text) / 1e6:.1f} MB of JSON"
    )
    times = []
    result: dict = {}
    for _ in range(args.runs):
        seconds, result = run_once(text)
        times.append(seconds)
    median, worst = statistics.median(times), max(times)
    print(f"findings: {len(result['findings'])} {result['counts']}")
    print(
        f"load + parse + check: median {median * 1000:.0f} ms, "
        f"worst {worst * 1000:.0f} ms over {args.runs} runs"
    )
    print(
        f"target {TARGET_SECONDS:g} s: ratio target / median = {TARGET_SECONDS / median:.1f} "
        "(above 1 is within the target)"
    )


if __name__ == "__main__":
    main()
