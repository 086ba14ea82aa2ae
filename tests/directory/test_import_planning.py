"""Planning an import: problems per row, and proposed merges of teams and people."""

from pathlib import Path

import pytest

from joinedup.directory import taxonomies
from joinedup.directory.imports.mapping import guess_mapping
from joinedup.directory.imports.matching import (
    is_valid_email,
    normalise_email,
    place_words,
    suggest_email,
    team_similarity,
    team_tokens,
)
from joinedup.directory.imports.planning import build_plan, match_sector
from joinedup.directory.imports.reading import parse_spreadsheet
from joinedup.directory.imports.services import plan_import, sector_choices
from joinedup.directory.taxonomies import sector_id
from tests.directory.factories import ServiceFactory

# our own messy list, made by scripts/make_test_data.py (docs/directory.md counts it)
DATA = Path(__file__).resolve().parents[1] / "data" / "directory"
PLACE = ("Ilford (Redbridge)", "London Borough of Redbridge")
SECTORS = [
    {"id": str(sector_id(code)), "code": code, "name": name, "description": description}
    for code, name, _, description in taxonomies.SECTORS
]


def plan_for(name: str, **kwargs):
    sheet = parse_spreadsheet((DATA / name).read_bytes())
    return build_plan(
        sheet.rows, guess_mapping(sheet.headers), place_names=PLACE, sectors=SECTORS, **kwargs
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("YOT", "Youth Offending Service"),
        ("Youth Offending Team", "Youth Offending Service"),
        ("Comm. Safety Team", "Community Safety Team"),
        ("Housing options team ", "Housing Options Team"),
        ("Ilford Safer Neighbourhoods", "Safer Neighbourhoods Team (Ilford)"),
        ("HO Strategy", "Home Office Strategy Team"),
        ("Inclusion Team (Schools)", "Schools Inclusion Team"),
        ("Drug & Alcohol Service", "Substance Misuse Service"),
        ("Early Help Hub Redbridge", "Early Help Hub"),
    ],
)
def test_team_tokens_match_other_spellings_of_a_team(a, b):
    words = place_words(*PLACE)
    assert (
        team_similarity(team_tokens(a, place_words=words), team_tokens(b, place_words=words)) == 1.0
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Fire Station Ilford - Community Safety", "Community Safety Team"),
        ("Adult Social Care Front Door", "Children's Social Care - Assessment"),
        ("Homelessness Prevention Service", "Department of Health - Prevention Policy"),
    ],
)
def test_team_tokens_keep_different_teams_apart(a, b):
    words = place_words(*PLACE)
    assert (
        team_similarity(team_tokens(a, place_words=words), team_tokens(b, place_words=words)) < 0.6
    )


def test_normalise_email_ignores_case_and_spaces():
    assert normalise_email(" RACHEL.Hussain@COUNCIL.example ") == "rachel.hussain@council.example"


@pytest.mark.parametrize(
    ("raw", "valid", "suggestion"),
    [
        ("catherine.rahman at police.example", False, "catherine.rahman@police.example"),
        ("a@b", False, ""),
        ("name@council.example", True, ""),
        ("two@@council.example", False, ""),
    ],
)
def test_email_checks_and_suggestions(raw, valid, suggestion):
    assert (is_valid_email(normalise_email(raw)), suggest_email(raw)) == (valid, suggestion)


def test_build_plan_of_the_invitation_list_finds_20_teams_and_80_people():
    plan = plan_for("invitation-list.xlsx")
    people = {r["person_key"] for r in plan.records if not r["skip"]}
    assert (len(plan.records), len(plan.teams), len(people)) == (92, 20, 80)
    assert (len(plan.team_merges), len(plan.person_merges)) == (13, 12)


def test_build_plan_reports_5_malformed_and_4_missing_emails_by_row():
    plan = plan_for("invitation-list.xlsx")
    assert [(p["row"], p["name"]) for p in plan.problems if p["kind"] == "email_malformed"] == [
        (20, "Brendan Threlfall"),
        (30, "Vikram Holloway"),
        (50, "Dominik Dunmore"),
        (68, "Xander Holloway"),
        (95, "Oona MacAulay"),
    ]
    assert [(p["row"], p["name"]) for p in plan.problems if p["kind"] == "email_missing"] == [
        (26, "Hamish Underhill"),
        (56, "Niall Marchetti"),
        (70, "Zora Pemberton"),
        (94, "Vikram Gallacher"),
    ]
    assert {p["outcome"] for p in plan.problems} == {"Person imported without an email address"}


def test_build_plan_of_the_csv_twin_agrees_with_the_xlsx():
    xlsx, csv = plan_for("invitation-list.xlsx"), plan_for("invitation-list.csv")
    assert sorted(t["name"] for t in csv.teams.values()) == sorted(
        t["name"] for t in xlsx.teams.values()
    )
    assert [(m["spelling"], m["into_name"]) for m in csv.team_merges] == [
        (m["spelling"], m["into_name"]) for m in xlsx.team_merges
    ]
    assert [p["kind"] for p in csv.problems] == [p["kind"] for p in xlsx.problems]


def test_build_plan_proposes_the_team_spellings_named_in_the_issue():
    merges = {m["spelling"]: m["into_name"] for m in plan_for("invitation-list.xlsx").team_merges}
    assert merges["YOT"] == "Youth Justice Service"
    assert merges["ASB Team"] == "Anti-Social Behaviour Team"
    assert merges["housing advice team"] == "Housing Advice Team"
    assert merges["MHCLG Homelessness"] == "MHCLG Homelessness Policy"
    assert "Adult Social Care Duty Team" not in merges
    assert "Children's Social Care Front Door" not in merges


def test_build_plan_gives_every_team_of_the_xlsx_a_known_sector():
    plan = plan_for("invitation-list.xlsx")
    assert plan.count_problems("sector_unknown") == 0
    sectors = {t["name"]: t["sector_name"] for t in plan.teams.values()}
    assert sectors["Adult Social Care Duty Team"] == "Adult social care"
    assert sectors["Children's Social Care Front Door"] == "Children's social care"
    assert sectors["Jobcentre Plus Ilford"] == "Jobcentre and DWP"
    assert sectors["DHSC Public Health Policy"] == ("Department of Health and Social Care")


def test_build_plan_flags_the_same_email_in_two_teams():
    plan = plan_for("invitation-list.xlsx")
    across = [m for m in plan.person_merges if len(m["teams"]) > 1]
    assert [(m["name"], m["teams"]) for m in across] == [
        ("Isla Gallacher", ["Multi-Agency Safeguarding Hub", "Children's Social Care Front Door"]),
        ("Adaeze Dunmore", ["Crisis Mental Health Team", "Substance Misuse Service"]),
    ]


def test_build_plan_merges_people_without_email_by_name_and_team():
    rows = [
        {"number": 2, "cells": ["YOT", "Sam Lee", ""]},
        {"number": 3, "cells": ["Youth Offending Team", "sam  lee", ""]},
        {"number": 4, "cells": ["Housing", "Sam Lee", ""]},
    ]
    plan = build_plan(rows, {"team": 0, "full_name": 1, "email": 2})
    assert [(m["rows"], m["reason"]) for m in plan.person_merges] == [
        ([2, 3], "Same name in the same team")
    ]


def test_build_plan_skips_rows_without_a_name_and_says_why():
    rows = [{"number": 7, "cells": ["YOT", "", "x@council.example"]}]
    plan = build_plan(rows, {"team": 0, "full_name": 1, "email": 2})
    assert [(p["row"], p["message"], p["outcome"]) for p in plan.problems] == [
        (7, "Name is missing", "Row not imported")
    ]


def test_match_sector_reads_area_words_and_reports_unknown_ones(place):
    sectors = sector_choices(place)
    assert match_sector("Work Pensions", "DWP Complex Needs Strategy", sectors)[0]["code"] == "dwp"
    assert (
        match_sector("Social Services", "Adult Social Care Front Door", sectors)[0]["code"]
        == "adult-social-care"
    )
    assert match_sector("Probation", "Probation East", sectors) == (
        None,
        "Sector ‘Probation’ is not one of the directory’s sectors",
    )


def test_plan_import_matches_teams_already_in_the_directory(place):
    existing = ServiceFactory(place=place, name="Youth Offending Service")
    rows = [{"number": 2, "cells": ["YOT", "Sam Lee", "sam@council.example"]}]
    plan = plan_import(place, rows, {"team": 0, "full_name": 1, "email": 2})
    assert [(m["spelling"], m["into_name"], m["existing"]) for m in plan.team_merges] == [
        ("YOT", "Youth Offending Service", True)
    ]
    assert next(iter(plan.teams.values()))["existing_id"] == str(existing.pk)
