"""Deterministic café instances for benchmarks and tests: golfer shapes and random variants.

Pure Python, no Django. Every function returns a `joinedup-cafe-instance/1` dict (feed it to
`joinedup.cafe.instance.load_instance`) and gives the same dict for the same arguments.

- `golfer(people, tables, rounds)`: the social golfer problem as a café: equal tables, no
  hosts, revisits allowed, one tier, and every person in their own organisation and sector,
  so that repeat pairs are the only measure a plan can lose points on. Zero-repeat plans are
  known to exist for the shapes in `SHAPES` (Kirkman's schoolgirls and 32 golfers in 8
  groups of 4 for 9 and for 10 weeks).
- `variant(seed, ...)`: a random instance with tiers, organisations, sectors, wants, hosts
  and co-hosts, absences and uneven tables. It is always feasible: the seats are chosen so
  that a rotation (rotator k at table (k + r) mod tables in round r) keeps every hard rule.
"""

from __future__ import annotations

import random

from joinedup.cafe.instance import INSTANCE_FORMAT

# name -> (people, tables, rounds); zero repeat pairs is possible for each.
SHAPES = {
    "kirkman-15-5-7": (15, 5, 7),
    "golfer-32-8-9": (32, 8, 9),
    "golfer-32-8-10": (32, 8, 10),
}
SECTORS = ("housing", "police", "health", "schools", "social-care", "dwp", "fire", "yot")


def golfer(people: int, tables: int, rounds: int, *, name: str | None = None) -> dict:
    """Return the social golfer shape: `tables` equal tables, no hosts, revisits allowed."""
    if people % tables:
        raise ValueError(f"{people} people do not fill {tables} equal tables")
    return {
        "format": INSTANCE_FORMAT,
        "name": name or f"golfer-{people}-{tables}-{rounds}",
        "rounds": rounds,
        "revisits_allowed": True,
        "tables": [
            {
                "id": f"T{t + 1:02d}",
                "case_study": f"CS{t + 1:02d}",
                "hosts": [],
                "seats": people // tables,
            }
            for t in range(tables)
        ],
        "participants": [
            {
                "id": f"P{i + 1:03d}",
                "organisation": f"O{i + 1:03d}",
                "sector": f"S{i + 1:03d}",
                "tier": "frontline",
                "wants": [],
            }
            for i in range(people)
        ],
    }


def shape(name: str) -> dict:
    """Return the golfer instance called `name` in SHAPES."""
    return golfer(*SHAPES[name], name=name)


def variant(
    seed: int,
    *,
    people: int | None = None,
    tables: int | None = None,
    rounds: int | None = None,
    revisits_allowed: bool | None = None,
) -> dict:
    """Return a random feasible instance with wants, hosts, absences, tiers, orgs and sectors.

    Arguments left out are drawn from `seed` (small sizes, for property tests); the same
    arguments always give the same instance.
    """
    rng = random.Random(seed)
    n_tables = tables if tables is not None else rng.randint(1, 6)
    if revisits_allowed is None:
        revisits_allowed = rng.random() < 0.4
    most_rounds = 6 if revisits_allowed else n_tables
    n_rounds = rounds if rounds is not None else rng.randint(1, min(most_rounds, 5))
    if not revisits_allowed and n_rounds > n_tables:
        raise ValueError("without revisits a variant needs at least as many tables as rounds")
    n_people = people if people is not None else rng.randint(n_tables, 6 * n_tables)
    # Without revisits every table discusses its own case study; with them, some share.
    if revisits_allowed:
        cases = [f"CS{rng.randint(1, max(1, n_tables - 1)):02d}" for _ in range(n_tables)]
    else:
        cases = [f"CS{t + 1:02d}" for t in range(n_tables)]
    host_counts = [rng.choice((0, 1, 1, 1, 2)) for _ in range(n_tables)]
    host_counts = [min(h, n_people - sum(host_counts[:t])) for t, h in enumerate(host_counts)]
    n_hosts = sum(host_counts)
    rotators = n_people - n_hosts
    per_table = -(-rotators // n_tables)  # the rotation seats at most this many per table
    ids = [f"P{i + 1:03d}" for i in range(n_people)]
    table_rows, start = [], 0
    for t in range(n_tables):
        hosts = ids[start : start + host_counts[t]]
        start += host_counts[t]
        table_rows.append(
            {
                "id": f"T{t + 1:02d}",
                "case_study": cases[t],
                "hosts": hosts,
                "seats": max(1, host_counts[t] + per_table + rng.choice((0, 0, 1, 2))),
            }
        )
    n_orgs = max(1, n_people // 3)
    distinct_cases = sorted(set(cases))
    participants = []
    for i, pid in enumerate(ids):
        present = list(range(n_rounds))
        if n_rounds > 1 and rng.random() < 0.2:  # late arrival or early leaver
            if rng.random() < 0.5:
                present = present[rng.randint(1, n_rounds - 1) :]
            else:
                present = present[: rng.randint(1, n_rounds - 1)]
        if i >= n_hosts and rng.random() < 0.05:
            present = []  # accepted but never came
        wants = rng.sample(distinct_cases, rng.randint(0, min(3, len(distinct_cases))))
        participants.append(
            {
                "id": pid,
                "organisation": f"O{rng.randint(1, n_orgs):03d}",
                "sector": rng.choice(SECTORS),
                "tier": "central" if rng.random() < 0.35 else "frontline",
                "wants": wants,
                "present": present,
            }
        )
    return {
        "format": INSTANCE_FORMAT,
        "name": f"variant-{seed}",
        "rounds": n_rounds,
        "revisits_allowed": revisits_allowed,
        "tables": table_rows,
        "participants": participants,
    }


def golfer_variant(name: str, seed: int) -> dict:
    """Return a SHAPES golfer with tiers, orgs, sectors, wants, hosts on most tables, absences."""
    people, n_tables, n_rounds = SHAPES[name]
    data = variant(seed, people=people, tables=n_tables, rounds=n_rounds, revisits_allowed=True)
    data["name"] = f"{name}-variant-{seed}"
    return data
