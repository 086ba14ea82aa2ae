"""Teams that are plainly one team (issue 17 item 3): an abbreviated organisation prefix against
its full name, a station against the same station's community safety team, and a person listed
twice, once without an email. Different teams of one organisation stay apart."""

import pytest

from joinedup.directory.imports.matching import expand_acronyms
from joinedup.directory.imports.planning import build_plan

MAPPING = {"team": 0, "full_name": 1, "email": 2}
PLACE = ("Exeter", "Exeter City Council")


def _rows(*cells):
    return [{"number": n, "cells": list(c)} for n, c in enumerate(cells, start=2)]


def _teams(plan, accepted_all=True):
    """Team names once every proposed merge is accepted."""
    merged = {m["spelling"] for m in plan.team_merges}
    return sorted({r["team"] for r in plan.records if not r["skip"] and r["team"] not in merged})


@pytest.mark.parametrize(
    ("name", "other", "expected"),
    [
        ("MPS Ilford", "Metropolitan Police Service Ilford", "metropolitan police service ilford"),
        ("DCC Early Help", "Devon County Council Early Help", "devon county council early help"),
        ("GMP Wigan", "Greater Manchester Police Wigan", "greater manchester police wigan"),
        (
            "LBR Housing",
            "London Borough of Redbridge Housing",
            "london borough of redbridge housing",
        ),
        ("DWP Partnerships", "Jobcentre Plus Partnerships", "dwp partnerships"),  # no spelling
    ],
)
def test_expand_acronyms(name, other, expected):
    assert expand_acronyms(name, other) == expected


def test_an_abbreviated_organisation_prefix_is_its_full_name():
    plan = build_plan(
        _rows(
            ("Devon and Cornwall Police Exeter Neighbourhood", "Ana Ruiz", "a.ruiz@dc.example"),
            ("Devon and Cornwall Police Exeter Neighbourhood", "Ben Cole", "b.cole@dc.example"),
            ("D&CP Exeter Neighbourhood", "Ana Ruiz", "a.ruiz@dc.example"),
            ("RD&E Safeguarding", "Cai Ng", "c.ng@rde.example"),
            ("Royal Devon and Exeter Safeguarding", "Dee Fox", "d.fox@rde.example"),
        ),
        MAPPING,
        place_names=PLACE,
    )
    assert _teams(plan) == [
        "Devon and Cornwall Police Exeter Neighbourhood",
        "Royal Devon and Exeter Safeguarding",
    ] or _teams(plan) == ["Devon and Cornwall Police Exeter Neighbourhood", "RD&E Safeguarding"]


def test_metropolitan_police_acronym_merges_with_full_name():
    plan = build_plan(
        _rows(
            (
                "Metropolitan Police Service Gants Hill Safeguarding",
                "Eli Park",
                "e.park@mps.example",
            ),
            ("Metropolitan Police Service Gants Hill Safeguarding", "Fay Odu", "f.odu@mps.example"),
            ("MPS Gants Hill Safeguarding", "Gus Lamb", "g.lamb@mps.example"),
            ("MPS Gants Hill Response", "Hal Roy", "h.roy@mps.example"),
        ),
        MAPPING,
        place_names=PLACE,
    )
    assert _teams(plan) == [
        "MPS Gants Hill Response",
        "Metropolitan Police Service Gants Hill Safeguarding",
    ]


def test_a_station_and_its_community_safety_team_sharing_a_person_are_one():
    plan = build_plan(
        _rows(
            ("Danes Road Fire Station", "Ivy Shaw", "i.shaw@fire.example"),
            ("Danes Road Fire Station", "Jon Bell", "j.bell@fire.example"),
            ("Danes Road Fire Station Community Safety Team", "Ivy Shaw", "i.shaw@fire.example"),
        ),
        MAPPING,
        place_names=PLACE,
    )
    assert _teams(plan) == ["Danes Road Fire Station"]
    [merge] = plan.team_merges
    assert (
        merge["reason"] == "1 person is listed under both names, and one name is part of the other"
    )


def test_a_station_and_its_community_safety_team_sharing_nobody_stay_apart():
    plan = build_plan(
        _rows(
            ("Danes Road Fire Station", "Ivy Shaw", "i.shaw@fire.example"),
            ("Danes Road Fire Station Community Safety Team", "Kit Moss", "k.moss@fire.example"),
        ),
        MAPPING,
        place_names=PLACE,
    )
    assert len(_teams(plan)) == 2


def test_two_teams_of_one_organisation_sharing_a_manager_stay_apart():
    plan = build_plan(
        _rows(
            ("Exeter City Council Housing Options", "Lee Hart", "l.hart@ecc.example"),
            ("Exeter City Council Housing Options", "Mo Diaz", "m.diaz@ecc.example"),
            ("Exeter City Council Housing Allocations", "Lee Hart", "l.hart@ecc.example"),
            ("Exeter City Council Housing Allocations", "Nia Kerr", "n.kerr@ecc.example"),
            ("Exeter City Council Housing Allocations", "Ola Berg", "o.berg@ecc.example"),
        ),
        MAPPING,
        place_names=PLACE,
    )
    assert len(_teams(plan)) == 2


def test_a_person_without_an_email_is_a_probable_duplicate_wherever_the_row_sits():
    plan = build_plan(
        _rows(
            ("Youth Offending Service", "Pat Quinn", ""),
            ("Youth Offending Service", "Pat Quinn", "p.quinn@yos.example"),
            ("Housing Options", "Pat Quinn", ""),
        ),
        MAPPING,
        place_names=PLACE,
    )
    assert [(m["rows"], m["reason"]) for m in plan.person_merges] == [
        (
            [2, 3],
            "Probably the same person: same name in the same team, one without an email",
        )
    ]
