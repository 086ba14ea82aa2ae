"""Benchmark: `network analyse` on 10,000 teams and 200,000 ties (target ≤ 10 s), and the error
of the estimated betweenness against the exact figure on 2,000 teams.

Baseline: networkx's own `betweenness_centrality` (exact, and with `k` sources) on the same
2,000-team graph. Prints figures and ratios; never asserts.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

import networkx as nx

from joinedup.network.analysis import (
    BETWEENNESS_SAMPLE,
    PAGE_EXACT_LIMIT,
    PAGE_SAMPLE,
    SEED,
    Team,
    Tie,
    Ties,
    analyse,
    betweenness,
    build_graph,
    constraint,
    measure,
)
from joinedup.network.introductions import introductions, only_routes

SECTORS = [
    ("housing", "frontline"), ("police", "frontline"), ("schools", "frontline"),
    ("social-care", "frontline"), ("mental-health", "frontline"), ("fire", "frontline"),
    ("dwp", "frontline"), ("home-office", "central"), ("dhsc", "central"), ("dfe", "central"),
]  # fmt: skip


def make_ties(teams: int, ties: int, *, seed: int = 1) -> Ties:
    """Return a place of `teams` teams in clusters of 40 with `ties` rows, most within a cluster."""
    rng = random.Random(seed)
    roster = []
    for i in range(teams):
        sector, tier = SECTORS[(i // 7) % len(SECTORS)]
        roster.append(Team(f"t{i:05}", f"Team {i}", sector, tier))
    start = date(2025, 1, 1)
    rows = []
    for _ in range(ties):
        a = rng.randrange(teams)
        if rng.random() < 0.8:
            b = (a // 40) * 40 + rng.randrange(40)
            b = min(b, teams - 1)
        else:
            b = rng.randrange(teams)
        when = start + timedelta(days=rng.randrange(600))
        rows.append(Tie(roster[a].id, roster[b].id, "same_table", when, 1.0))
    return Ties("bench", tuple(roster), tuple(rows))


def page_figures(ties: Ties) -> dict:
    """What the network page computes besides reading the database: every figure, every
    team's constraint."""
    measured = measure(ties, exact_limit=PAGE_EXACT_LIMIT, sample=PAGE_SAMPLE)
    constraint(measured.graph, measured.graph.ids)
    return measured.result


def timed(label: str, work):
    """Run work(); print wall seconds and this process's CPU seconds (on a busy machine the
    CPU figure is closer to what an idle machine would take)."""
    started, cpu = time.perf_counter(), time.process_time()
    value = work()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:<58} {seconds:8.2f} s wall {cpu_seconds:8.2f} s CPU")
    return value, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teams", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=200_000)
    parser.add_argument("--check-teams", type=int, default=2_000)
    parser.add_argument("--check-ties", type=int, default=40_000)
    parser.add_argument(
        "--no-networkx", action="store_true", help="skip networkx's own (slow) figures"
    )
    args = parser.parse_args()

    big = make_ties(args.teams, args.ties)
    result, seconds = timed(
        f"analyse {args.teams} teams, {args.ties} ties, --since (whole command)",
        lambda: analyse(big, since=date(2026, 1, 1)),
    )
    print(f"  ties {result['ties']}, components {result['components']}, notes {result['notes']}")
    print(f"  target 10 s: wall time is {seconds / 10:.2f} of the budget")

    small = make_ties(args.check_teams, args.check_ties, seed=2)
    timed(
        f"the page's figures at {args.check_teams} teams (estimate from {PAGE_SAMPLE} sources)",
        lambda: page_figures(small),
    )
    graph = build_graph(small.teams, small.ties)
    one_need = [("Both serve one need", [t.id for t in small.teams[:300]])]
    timed(
        f"suggested introductions at {args.check_teams} teams (one need shared by 300 teams)",
        lambda: introductions(graph, one_need),
    )
    timed("  of which one-broker routes, every sector", lambda: only_routes(graph))
    reference = graph.to_networkx()
    print(f"check graph: {len(graph.teams)} teams, {len(graph.pairs)} tied pairs")
    exact, ours_exact = timed("our exact betweenness (matrix Brandes)", lambda: betweenness(graph))
    if not args.no_networkx:
        theirs, nx_exact = timed(
            "networkx exact betweenness (baseline)", lambda: nx.betweenness_centrality(reference)
        )
        agreement = max(abs(exact[n] - theirs[n]) for n in graph.ids)
        print(
            f"  ours vs networkx exact: max difference {agreement:.2e}; "
            f"speed-up {nx_exact / ours_exact:.1f}×"
        )
    sources = random.Random(SEED).sample(graph.ids, BETWEENNESS_SAMPLE)
    estimate, sampled = timed(
        f"our estimate from {BETWEENNESS_SAMPLE} sources",
        lambda: betweenness(graph, sources=sources),
    )
    top = sorted(exact, key=lambda n: (-exact[n], n))[:10]
    worst = max(abs(estimate[n] - exact[n]) / exact[n] for n in top if exact[n] > 0)
    overall = max(abs(estimate[n] - exact[n]) for n in graph.ids)
    ranked = sorted(estimate, key=lambda n: (-estimate[n], n))[:10]
    print(
        f"  top-10 brokers: worst relative error {worst:.1%}; "
        f"same 10 teams: {set(top) == set(ranked)}"
    )
    print(
        f"  largest absolute error over every team {overall:.5f} "
        f"(top exact value {exact[top[0]]:.5f})"
    )
    if not args.no_networkx:
        _, nx_sampled = timed(
            f"networkx estimate, k={BETWEENNESS_SAMPLE} (baseline)",
            lambda: nx.betweenness_centrality(reference, k=BETWEENNESS_SAMPLE, seed=SEED),
        )
        print(f"  our estimate vs networkx's: {nx_sampled / sampled:.1f}× faster")


if __name__ == "__main__":
    main()
