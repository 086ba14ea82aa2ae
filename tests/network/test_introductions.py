"""Suggested introductions on hand-built graphs: shared work with no tie, and one broker."""

import datetime

from joinedup.network.analysis import Team, Tie, build_graph
from joinedup.network.introductions import introductions, only_routes

DAY = datetime.date(2026, 3, 12)

H1 = Team("h1", "Housing Options", "housing", "frontline")
H2 = Team("h2", "Housing Register", "housing", "frontline")
P1 = Team("p1", "Police Hub", "police", "frontline")
P2 = Team("p2", "Police Patrol", "police", "frontline")
X = Team("x", "Youth Club", "schools", "frontline")


def graph(teams, pairs):
    return build_graph(teams, [Tie(a, b, "declared", DAY, 1.0) for a, b in pairs])


def rows(found):
    return [(i.a_name, i.b_name, i.reasons, i.broker) for i in found]


def test_only_routes_finds_the_one_broker_to_a_sector():
    # Housing Options - Housing Register - Police Hub - Police Patrol, a chain.
    g = graph([H1, H2, P1, P2], [("h1", "h2"), ("h2", "p1"), ("p1", "p2")])

    found = [(r.team, r.sector, r.broker, r.target) for r in only_routes(g)]

    # In order of sector, then team name.
    assert found == [("p2", "housing", "p1", "h2"), ("h1", "police", "h2", "p1")]


def test_introductions_broker_pairs_name_the_broker():
    g = graph([H1, H2, P1, P2], [("h1", "h2"), ("h2", "p1"), ("p1", "p2")])

    found = introductions(g, [], sector_names={"police": "Police", "housing": "Housing"})

    assert rows(found) == [
        (
            "Housing Options",
            "Police Hub",
            ("Every route from Housing Options to Police teams goes through Housing Register",),
            "h2",
        ),
        (
            "Housing Register",
            "Police Patrol",
            ("Every route from Police Patrol to Housing teams goes through Police Hub",),
            "p1",
        ),
    ]


def test_introductions_none_when_a_second_route_exists():
    # A cycle: every team has a tie into the other sector or two routes to it.
    g = graph([H1, H2, P1, P2], [("h1", "h2"), ("h2", "p1"), ("p1", "p2"), ("p2", "h1")])

    assert introductions(g, []) == []


def test_introductions_nearest_broker_when_several_in_a_row():
    # Youth Club - Housing Options - Housing Register - Police Hub: two cut teams in a row.
    g = graph([X, H1, H2, P1], [("x", "h1"), ("h1", "h2"), ("h2", "p1")])

    found = [(r.team, r.sector, r.broker, r.target) for r in only_routes(g)]

    assert found == [
        ("h1", "police", "h2", "p1"),
        ("x", "police", "h1", "p1"),
        ("h2", "schools", "h1", "x"),
        ("p1", "schools", "h2", "x"),
    ]


def test_introductions_shared_work_only_for_untied_pairs_and_isolated_teams():
    # Housing Options and Police Patrol are tied; the Youth Club has no tie at all.
    g = graph([H1, P2, X], [("h1", "p2")])
    groups = [("Both serve homelessness", ["h1", "p2", "x"])]

    assert rows(introductions(g, groups)) == [
        ("Housing Options", "Youth Club", ("Both serve homelessness",), None),
        ("Police Patrol", "Youth Club", ("Both serve homelessness",), None),
    ]


def test_introductions_more_reasons_first_then_capped():
    g = graph([H1, P2, X], [])
    groups = [
        ("Both serve homelessness", ["h1", "p2", "x"]),
        ("Both in the Homelessness pathway", ["p2", "x"]),
        ("Both serve debt", ["unknown-team", "x"]),
    ]

    found = introductions(g, groups, limit=2)

    assert rows(found) == [
        (
            "Police Patrol",
            "Youth Club",
            ("Both serve homelessness", "Both in the Homelessness pathway"),
            None,
        ),
        ("Housing Options", "Police Patrol", ("Both serve homelessness",), None),
    ]
