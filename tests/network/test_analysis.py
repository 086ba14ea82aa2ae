"""The network analysis on small hand-made graphs whose figures are worked out by hand."""

import random
from datetime import date

import networkx as nx
import pytest

from joinedup.network.analysis import (
    TIERS,
    Team,
    Tie,
    Ties,
    TiesFormatError,
    analyse,
    betweenness,
    build_graph,
    constraint,
    load_ties,
)


def team(team_id: str, sector: str, tier: str) -> dict:
    return {"id": team_id, "name": team_id.title(), "sector": sector, "tier": tier}


def tie(a: str, b: str, when: str = "2026-03-12", kind: str = "same_table", **extra) -> dict:
    return {"a": a, "b": b, "kind": kind, "date": when, **extra}


def document(teams: list[dict], ties: list[dict]) -> dict:
    return {"format": "joinedup-ties/1", "place": "ilford", "teams": teams, "ties": ties}


def bow_tie() -> dict:
    """Two triangles joined by one tie a1-b1, and a team z with no tie."""
    teams = [team(f"a{i}", "housing", "frontline") for i in (1, 2, 3)]
    teams += [team(f"b{i}", "police", "central") for i in (1, 2, 3)]
    teams.append(team("z", "health", "frontline"))
    ties = [tie("a1", "a2"), tie("a2", "a3"), tie("a1", "a3")]
    ties += [tie("b1", "b2"), tie("b2", "b3"), tie("b1", "b3"), tie("a1", "b1", kind="declared")]
    return document(teams, ties)


def test_analyse_bow_tie_counts_components_and_isolated():
    result = analyse(load_ties(bow_tie()))

    assert (result["teams"], result["ties"], result["components"]) == (7, 7, 2)
    assert result["isolated"] == ["z"]
    assert result["cross_tier_ties"] == 1
    assert result["notes"] == []


def test_analyse_bow_tie_finds_the_two_planted_brokers():
    result = analyse(load_ties(bow_tie()))

    # a1 and b1 each sit on 6 of the 15 pairs' only paths: 6 × 2 / ((7 - 1) × (7 - 2)) = 0.4.
    # Constraint of a1: (1/3 + 1/3 · 1/2)² twice + (1/3)² = 11/18. Of a2 (p(a1, a3) = 1/3):
    # (1/2 + 1/2 · 1/2)² + (1/2 + 1/2 · 1/3)² = 9/16 + 4/9 = 145/144.
    assert result["brokers"][:3] == [
        {"team": "a1", "betweenness": 0.4, "constraint": 0.611111},
        {"team": "b1", "betweenness": 0.4, "constraint": 0.611111},
        {"team": "a2", "betweenness": 0.0, "constraint": 1.006944},
    ]
    assert [b["team"] for b in result["brokers"]] == ["a1", "b1", "a2", "a3", "b2", "b3", "z"]
    assert result["brokers"][-1] == {"team": "z", "betweenness": 0.0, "constraint": None}


def test_analyse_bow_tie_single_points_of_failure_are_the_bridge_ends():
    assert analyse(load_ties(bow_tie()))["single_points_of_failure"] == ["a1", "b1"]


def test_analyse_bow_tie_communities_are_the_triangles_largest_first():
    assert analyse(load_ties(bow_tie()))["communities"] == [
        ["a1", "a2", "a3"],
        ["b1", "b2", "b3"],
        ["z"],
    ]


def test_analyse_sector_matrix_fills_both_directions():
    assert analyse(load_ties(bow_tie()))["sector_matrix"] == {
        "health": {"health": 0, "housing": 0, "police": 0},
        "housing": {"health": 0, "housing": 3, "police": 1},
        "police": {"health": 0, "housing": 1, "police": 3},
    }


def test_analyse_path_sums_rows_and_ignores_self_ties():
    teams = [team("a", "housing", "frontline"), team("b", "dwp", "central")]
    teams += [team("c", "police", "frontline"), team("d", "fire", "frontline")]
    ties = [tie("a", "b"), tie("b", "a", kind="action", weight=2), tie("b", "c")]
    ties.append(tie("a", "a", weight=5))
    result = analyse(load_ties(document(teams, ties)))

    assert (result["ties"], result["components"], result["isolated"]) == (2, 2, ["d"])
    # b: p(b,a) = 3/4, p(b,c) = 1/4, no indirect paths: 9/16 + 1/16. One pair (a, c) of
    # 3 × 2 / 2 = 3 pairs runs through b: 2 / (3 × 2).
    assert result["brokers"][0] == {"team": "b", "betweenness": 0.333333, "constraint": 0.625}
    assert result["brokers"][1] == {"team": "a", "betweenness": 0.0, "constraint": 1.0}
    assert result["single_points_of_failure"] == ["b"]
    assert result["cross_tier_ties"] == 2


def change_document() -> dict:
    teams = [team("p", "housing", "frontline"), team("q", "housing", "frontline")]
    teams += [team("r", "police", "central"), team("s", "police", "central")]
    ties = [
        tie("p", "q", "2026-02-01"),
        tie("q", "r", "2026-03-12"),  # on the day itself: after, so new
        tie("r", "s", "2026-04-01", kind="co_attendance"),
        tie("p", "s", "2026-06-01", kind="declared"),  # after --until: not counted
    ]
    return document(teams, ties)


def test_analyse_change_counts_ties_on_the_since_date_as_new():
    result = analyse(load_ties(change_document()), since=date(2026, 3, 12), until=date(2026, 5, 1))

    assert result["ties"] == 3
    assert result["change"] == {
        "new_ties": 2,
        "new_cross_sector_ties": 1,
        "new_cross_tier_ties": 1,
        "components_before": 3,
        "components_after": 1,
        "newly_tied_teams": ["r", "s"],
    }


def test_analyse_until_includes_rows_on_that_date():
    result = analyse(load_ties(change_document()), until=date(2026, 4, 1))

    assert (result["ties"], "change" in result) == (3, False)


def test_analyse_since_without_until_compares_with_every_row():
    change = analyse(load_ties(change_document()), since=date(2026, 3, 13))["change"]

    assert (change["new_ties"], change["newly_tied_teams"]) == (2, ["s"])
    assert (change["components_before"], change["components_after"]) == (2, 1)


def random_place(teams: int, ties: int, *, seed: int) -> Ties:
    rng = random.Random(seed)
    roster = [Team(f"t{i:03}", f"T{i}", f"s{i % 4}", TIERS[i % 2]) for i in range(teams)]
    rows = []
    for _ in range(ties):
        a, b = rng.sample(roster[: teams - 5], 2)  # the last five teams stay untied
        rows.append(Tie(a.id, b.id, "same_table", date(2026, 3, 12), float(rng.randint(1, 3))))
    return Ties("random", tuple(roster), tuple(rows))


def test_betweenness_matches_networkx_on_a_random_graph():
    place = random_place(65, 150, seed=3)
    graph = build_graph(place.teams, place.ties)

    ours = betweenness(graph)
    theirs = nx.betweenness_centrality(graph.to_networkx())

    assert max(abs(ours[team] - theirs[team]) for team in theirs) < 1e-12


def test_constraint_matches_networkx_on_a_random_weighted_graph():
    place = random_place(65, 150, seed=4)
    graph = build_graph(place.teams, place.ties)
    tied = [team for team, degree in zip(graph.ids, graph.degrees(), strict=True) if degree > 0]

    ours = constraint(graph, tied)
    theirs = nx.constraint(graph.to_networkx(), nodes=tied, weight="weight")

    assert max(abs(ours[team] - theirs[team]) for team in tied) < 1e-12


def test_analyse_large_graph_estimates_betweenness_and_says_so():
    teams = [team(f"t{i:02}", "housing", "frontline") for i in range(12)]
    ties = [tie(f"t{i:02}", f"t{i + 1:02}") for i in range(11)]
    result = analyse(load_ties(document(teams, ties)), exact_limit=10, sample=6)

    assert result["notes"] == [
        "betweenness is estimated from 6 of 12 teams as sources (seed 14); exact at 10 teams "
        "or fewer"
    ]
    assert result["single_points_of_failure"] == [f"t{i:02}" for i in range(1, 11)]


def test_build_graph_filters_by_kind():
    ties = load_ties(bow_tie())
    graph = build_graph(ties.teams, ties.ties, kinds=["declared"])

    assert graph.edges() == [("a1", "b1")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="joinedup-ties/2"), "$.format: expected 'joinedup-ties/1'"),
        (lambda d: d["ties"][1].update(b="nobody"), "$.ties[1].b: 'nobody' is not the id"),
        (lambda d: d["ties"][0].update(kind="lunch"), "$.ties[0].kind: expected one of"),
        (lambda d: d["ties"][2].update(date="12/03/2026"), "$.ties[2].date: '12/03/2026' is"),
        (lambda d: d["ties"][2].update(weight=-1), "$.ties[2].weight: give a positive number"),
        (lambda d: d["teams"][3].update(tier="middle"), "$.teams[3].tier: expected 'frontline'"),
        (lambda d: d["teams"][1].update(id="a1"), "$.teams[1].id: 'a1' is already the id of"),
    ],
)
def test_load_ties_names_the_json_path_of_a_problem(change, message):
    data = bow_tie()
    change(data)

    with pytest.raises(TiesFormatError) as raised:
        load_ties(data)

    assert message in str(raised.value)
