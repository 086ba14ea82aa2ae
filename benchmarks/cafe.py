"""Benchmark the café planner against a naive seating and OR-Tools CP-SAT on every instance.

Prints every measure, the score and the time of each planner as a markdown table, then the
ratio of our score to each baseline. Never asserts. CP-SAT models the same hard rules and
the same score; it runs once per instance for 30x our budget and reports the best solution
it had found at 1x, 10x and 30x (with one worker, like our planner). Model building is
timed separately and not counted in its budget.

    .venv/bin/python benchmarks/cafe.py            # all instances (about 5 minutes)
    .venv/bin/python benchmarks/cafe.py --quick    # ilford-60 and borough-120, CP-SAT at 1x
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from joinedup.cafe.instance import Instance, feasibility_problems, load_instance  # noqa: E402
from joinedup.cafe.planner import plan_tables  # noqa: E402
from joinedup.cafe.scoring import MEASURES, Score, lower_bound, score_plan  # noqa: E402

# The shared instances when they sit beside the repository, else our own (same shapes,
# scripts/make_test_data.py); JOINEDUP_CAFE_INSTANCES picks any other folder.
_SHARED = ROOT.parent / "shared" / "cafe" / "instances"
INSTANCES = Path(
    os.environ.get(
        "JOINEDUP_CAFE_INSTANCES",
        _SHARED if _SHARED.is_dir() else ROOT / "tests" / "data" / "cafe" / "instances",
    )
)
BUDGET = 2.0  # plan_tables' default
SHORT = 1.0  # the ilford-60 target: no repeat pairs and no avoidable unmixed table in 1 s
MULTIPLES = (1, 10, 30)
QUICK = ("ilford-60", "borough-120")
# Above this many pair-round meeting variables the CP-SAT model is not built at all:
# national-1000 would need about 2.7 million and does not fit a 2-core, shared machine.
MAX_MEETINGS = 1_000_000
# One worker, like our planner: the machine is shared. CP-SAT does better with more.
WORKERS = int(os.environ.get("JOINEDUP_CAFE_CPSAT_WORKERS", "1"))


def naive_plan(instance: Instance, *, seed: int = 0) -> dict:
    """Return a plan seating people in random order at the first table that is legal for them."""
    rng = random.Random(seed)
    hosts = {h: t.id for t in instance.tables for h in t.hosts}
    tables = {t.id: t for t in instance.tables}
    rows = {p.id: [None] * instance.rounds for p in instance.participants}
    seen: dict[str, set[str]] = {p.id: set() for p in instance.participants}
    for r in range(instance.rounds):
        seated = dict.fromkeys(tables, 0)
        present = [p for p in instance.participants if r in p.present]
        for p in present:
            if p.id in hosts:
                rows[p.id][r] = hosts[p.id]
                seated[hosts[p.id]] += 1
        rotators = [p for p in present if p.id not in hosts]
        rng.shuffle(rotators)
        for p in rotators:
            free = [t for t in tables if seated[t] < tables[t].seats]
            legal = [
                t
                for t in free
                if instance.revisits_allowed or tables[t].case_study not in seen[p.id]
            ]
            choice = (legal or free)[0]
            rows[p.id][r] = choice
            seated[choice] += 1
            seen[p.id].add(tables[choice].case_study)
    return {"format": "joinedup-cafe-plan/1", "instance": instance.name, "assignments": rows}


def cpsat_runs(instance: Instance, budgets: list[float]) -> list[dict]:
    """Return CP-SAT's best plan (or why there is none) at each budget, from one solve."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    people = {p.id: p for p in instance.participants}
    hosts = {h: t for t, table in enumerate(instance.tables) for h in table.hosts if h in people}
    rotators = [p for p in instance.participants if p.id not in hosts]
    n_tables, rounds = len(instance.tables), range(instance.rounds)
    pairs = [
        (a, b)
        for i, a in enumerate(instance.participants)
        for b in instance.participants[i + 1 :]
        if (a.id not in hosts or b.id not in hosts) and set(a.present) & set(b.present)
    ]
    meetings = sum(len(set(a.present) & set(b.present)) for a, b in pairs)
    if meetings > MAX_MEETINGS:
        reason = f"model not built: {meetings:,} pair-round meeting variables"
        return [{"budget": b, "reason": reason, "build": 0.0} for b in budgets]

    model = cp_model.CpModel()
    x = {}
    tab = {}
    for p in rotators:
        for r in p.present:
            row = [model.new_bool_var(f"x{p.id}_{r}_{t}") for t in range(n_tables)]
            model.add_exactly_one(row)
            x[p.id, r] = row
            tab[p.id, r] = model.new_int_var(0, n_tables - 1, f"t{p.id}_{r}")
            model.add(tab[p.id, r] == sum(t * v for t, v in enumerate(row)))

    def require(expr, *, enforce=None) -> None:
        """Add `expr` (a bound on a sum that may have folded to True or False) to the model."""
        if isinstance(expr, bool):
            if not expr:
                model.add_bool_or([enforce.Not()] if enforce is not None else [])
            return
        constraint = model.add(expr)
        if enforce is not None:
            constraint.only_enforce_if(enforce)

    def at(pid: str, r: int, t: int):
        """Return 1, 0 or the variable saying whether pid sits at table t in round r."""
        if pid in hosts:
            return int(hosts[pid] == t and r in people[pid].present)
        return x[pid, r][t] if (pid, r) in x else 0

    seated = {}
    for r in rounds:
        for t, table in enumerate(instance.tables):
            seated[r, t] = sum(at(p.id, r, t) for p in instance.participants)
            require(seated[r, t] <= table.seats)
    if not instance.revisits_allowed:
        by_cs: dict[str, list[int]] = {}
        for t, table in enumerate(instance.tables):
            by_cs.setdefault(table.case_study, []).append(t)
        for p in rotators:
            for ts in by_cs.values():
                model.add(sum(x[p.id, r][t] for r in p.present for t in ts) <= 1)

    repeat_terms, org_terms = [], []
    for a, b in pairs:
        common = sorted(set(a.present) & set(b.present))
        if a.id in hosts or b.id in hosts:
            host, other = (a, b) if a.id in hosts else (b, a)
            meets = [x[other.id, r][hosts[host.id]] for r in common]
        else:
            meets = []
            for r in common:
                meet = model.new_bool_var(f"m{a.id}_{b.id}_{r}")
                model.add(tab[a.id, r] != tab[b.id, r]).only_enforce_if(meet.Not())
                meets.append(meet)
        if len(common) > 1:
            extra = model.new_int_var(0, len(common) - 1, f"rep{a.id}_{b.id}")
            model.add(extra >= sum(meets) - 1)
            repeat_terms.append(extra)
        if a.organisation == b.organisation:
            org_terms += meets

    mix_terms = []
    for r in rounds:
        present = [p for p in instance.participants if r in p.present]
        central = sum(p.tier == "central" for p in present)
        allowance = max(0, n_tables - central) + max(0, n_tables - (len(present) - central))
        mixed = []
        for t in range(n_tables):
            m = model.new_bool_var(f"mix{r}_{t}")
            for tier in ("central", "frontline"):
                here = sum(at(p.id, r, t) for p in present if p.tier == tier)
                require(here >= 1, enforce=m)
            mixed.append(m)
        short = model.new_int_var(0, n_tables, f"mm{r}")
        model.add(short >= n_tables - sum(mixed) - allowance)
        mix_terms.append(short)

    missed_terms, missed_fixed = [], 0
    tables_of: dict[str, list[int]] = {}
    for t, table in enumerate(instance.tables):
        tables_of.setdefault(table.case_study, []).append(t)
    for p in instance.participants:
        for cs in p.wants[: min(len(p.wants), len(p.present))]:
            if p.id in hosts or cs not in tables_of:
                own = p.id in hosts and instance.tables[hosts[p.id]].case_study == cs
                missed_fixed += not own
                continue
            seen = model.new_bool_var(f"w{p.id}_{cs}")
            model.add(seen <= sum(x[p.id, r][t] for r in p.present for t in tables_of[cs]))
            missed_terms.append(1 - seen)

    dup_terms, spread_terms = [], []
    sectors = sorted({p.sector for p in instance.participants})
    for r in rounds:
        present = [p for p in instance.participants if r in p.present]
        top = model.new_int_var(0, max(t.seats for t in instance.tables), f"top{r}")
        low = model.new_int_var(0, max(t.seats for t in instance.tables), f"low{r}")
        for t in range(n_tables):
            model.add(top >= seated[r, t])
            model.add(low <= seated[r, t])
            distinct = []
            for sector in sectors:
                here = [at(p.id, r, t) for p in present if p.sector == sector]
                if any(not isinstance(v, int) or v for v in here):
                    has = model.new_bool_var(f"s{r}_{t}_{sector}")
                    model.add(has <= sum(here))
                    distinct.append(has)
            dup_terms.append(seated[r, t] - sum(distinct))
        spread_terms.append(top - low)

    model.minimize(
        100 * sum(repeat_terms)
        + 40 * sum(mix_terms)
        + 20 * (sum(missed_terms) + missed_fixed)
        + 10 * sum(org_terms)
        + 3 * sum(dup_terms)
        + 5 * sum(spread_terms)
    )
    build = time.perf_counter() - started

    class Recorder(cp_model.CpSolverSolutionCallback):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[float, dict]] = []

        def on_solution_callback(self) -> None:
            seats = {key: self.value(var) for key, var in tab.items()}
            self.found.append((self.wall_time, seats))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(budgets)
    solver.parameters.num_workers = WORKERS
    solver.parameters.random_seed = 0
    recorder = Recorder()
    solver.solve(model, recorder)
    results = []
    for budget in budgets:
        found = [seats for wall, seats in recorder.found if wall <= budget]
        if not found:
            results.append({"budget": budget, "reason": f"no solution in {budget:g} s"})
            continue
        best = found[-1]
        rows = {p.id: [None] * instance.rounds for p in instance.participants}
        for p in instance.participants:
            for r in p.present:
                t = hosts[p.id] if p.id in hosts else best[p.id, r]
                rows[p.id][r] = instance.tables[t].id
        wall = max(w for w, _ in recorder.found if w <= budget)
        results.append({"budget": budget, "plan": {"assignments": rows}, "time": wall})
    for result in results:
        result["build"] = build
    return results


def row(
    instance: str,
    planner: str,
    budget: str,
    seconds: str,
    score: Score | None,
    *,
    valid: str = "yes",
) -> str:
    """Return one markdown table row with every measure and the score (or why there is none)."""
    if score is None:
        cells = ["-"] * (len(MEASURES) + 2)
    elif not score.valid:
        cells = ["invalid"] + ["-"] * (len(MEASURES) + 1)
    else:
        cells = [valid, *(str(v) for v in score.measures().values()), str(score.score)]
    return "| " + " | ".join([instance, planner, budget, seconds, *cells]) + " |"


def main(argv: list[str]) -> int:
    """Run every planner on every instance and print the tables; return 0 whatever happens."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two instances, CP-SAT at 1x only")
    args = parser.parse_args(argv)
    names = sorted(p.stem for p in INSTANCES.glob("*.json"))
    names.sort(key=lambda n: int("".join(c for c in n if c.isdigit()) or 0))
    if args.quick:
        names = [n for n in names if n in QUICK]
    multiples = (1,) if args.quick else MULTIPLES
    print(f"Instances: {INSTANCES}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {load}")
    print(f"Python {platform.python_version()}; budget {BUDGET:g} s; CP-SAT workers {WORKERS}\n")
    header = ["instance", "planner", "budget s", "time s", "valid", *MEASURES, "score"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    ratios = []
    for name in names:
        instance = load_instance(json.loads((INSTANCES / f"{name}.json").read_text()))
        problems = feasibility_problems(instance)
        if problems:  # report and go on: a benchmark never stops on one instance
            print(row(name, f"no plan can exist: {'; '.join(problems[:3])}", "", "", None))
            continue
        started = time.perf_counter()
        first = plan_tables(instance, seconds=BUDGET, max_iterations=0)
        took = time.perf_counter() - started
        print(row(name, "ours, first valid plan", "", f"{took:.2f}", first.score), flush=True)
        started = time.perf_counter()
        short = plan_tables(instance, seconds=SHORT)
        took = time.perf_counter() - started
        print(row(name, "ours", f"{SHORT:g}", f"{took:.2f}", short.score), flush=True)
        started = time.perf_counter()
        ours = plan_tables(instance, seconds=BUDGET)
        took = time.perf_counter() - started
        print(row(name, "**ours**", f"{BUDGET:g}", f"{took:.2f}", ours.score), flush=True)
        print(row(name, "lower bound", "", "", lower_bound(instance), valid="bound"))
        started = time.perf_counter()
        naive = score_plan(instance, naive_plan(instance))
        print(row(name, "naive", "", f"{time.perf_counter() - started:.2f}", naive), flush=True)
        ratios.append((name, "naive", ours.score.score, naive.score))
        try:
            runs = cpsat_runs(instance, [BUDGET * k for k in multiples])
        except Exception as error:  # a benchmark reports a failing peer, it never stops
            runs = [{"budget": BUDGET * k, "reason": f"CP-SAT failed: {error}"} for k in multiples]
        for k, run in zip(multiples, runs, strict=True):
            label = f"CP-SAT {k}x"
            if "plan" in run:
                score = score_plan(instance, run["plan"])
                seconds = f"{run['time']:.2f} (+{run['build']:.1f} build)"
                print(row(name, label, f"{run['budget']:g}", seconds, score), flush=True)
                ratios.append((name, label, ours.score.score, score.score))
            else:
                print(row(name, f"{label}: {run['reason']}", f"{run['budget']:g}", "", None))
                ratios.append((name, label, ours.score.score, None))
    print("\nOur score / baseline score (below 1 is better for us; '-' when it has none):\n")
    print("| instance | baseline | ours | theirs | ratio |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name, label, mine, theirs in ratios:
        ratio = f"{mine / theirs:.3f}" if theirs else ("1.000" if theirs == mine == 0 else "-")
        print(f"| {name} | {label} | {mine} | {theirs if theirs is not None else '-'} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
