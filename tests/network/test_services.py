"""Ties from what Joinedup sees: tables, attendance, actions and declared ties; the export."""

import datetime

import pytest

from joinedup.core.models import AuditEntry
from joinedup.network import services
from joinedup.network.analysis import Tie, load_ties
from joinedup.network.models import DeclaredTie
from tests.directory.factories import ContactFactory, ServiceFactory
from tests.followup.factories import ActionFactory
from tests.network.factories import DeclaredTieFactory, came, past_event, seat_plan, team

DAY = datetime.date(2026, 3, 12)
LATER = datetime.date(2099, 12, 31)  # after anything a test makes, whatever today is


@pytest.fixture
def teams(place):
    return {
        "housing": team(place, "Housing Options", "housing"),
        "police": team(place, "Neighbourhood Police", "police"),
        "dwp": team(place, "DWP Strategy", "dwp"),
        "fire": team(place, "Fire Safety", "fire"),
    }


def rows(place, until=LATER):
    network = services.place_network(place=place, until=until)
    names = network.names
    return sorted(
        (t.kind, *sorted((names[t.a], names[t.b])), t.date, t.weight) for t in network.ties.ties
    )


def test_teams_of_gives_sector_and_tier_and_leaves_out_untagged(place, teams):
    ServiceFactory(place=place, name="No sector yet")

    found = services.teams_of(place=place)

    assert [(t.name, t.sector, t.tier) for t in found] == [
        ("DWP Strategy", "dwp", "central"),
        ("Fire Safety", "fire", "frontline"),
        ("Housing Options", "housing", "frontline"),
        ("Neighbourhood Police", "police", "frontline"),
    ]


def test_co_attendance_ties_teams_checked_in_at_one_event(place, teams):
    event = past_event(place)
    came(event, teams["housing"])
    came(event, teams["housing"])
    came(event, teams["police"])
    came(event, teams["fire"], checked_in=False)

    assert rows(place) == [("co_attendance", "Housing Options", "Neighbourhood Police", DAY, 1.0)]


def test_co_attendance_ignores_events_after_until(place, teams):
    event = past_event(place, datetime.date(2026, 5, 1))
    came(event, teams["housing"])
    came(event, teams["police"])

    assert rows(place, until=datetime.date(2026, 4, 30)) == []


def test_same_table_ties_teams_at_one_table_in_one_round(place, teams):
    event = past_event(place)
    housing, police, dwp = (came(event, teams[k]) for k in ("housing", "police", "dwp"))
    seat_plan(event, {"T01": [[housing, police], [housing, dwp]], "T02": [[dwp], [police]]})

    same_table = [r for r in rows(place) if r[0] == "same_table"]

    assert same_table == [
        ("same_table", "DWP Strategy", "Housing Options", DAY, 1.0),
        ("same_table", "Housing Options", "Neighbourhood Police", DAY, 1.0),
    ]


def test_action_ties_owner_team_and_proposer_team(place, teams, make_member):
    proposer = make_member(place, "practitioner", email="sam@police.example")
    ContactFactory(service=teams["police"], email="sam@police.example")
    ActionFactory(place=place, owner_team=teams["housing"], created_by=proposer)
    ActionFactory(place=place, owner_team=teams["police"], created_by=proposer)  # own team

    (row,) = rows(place)
    assert row[:3] == ("action", "Housing Options", "Neighbourhood Police")


def test_declared_ties_are_weighted_by_how_often(place, teams):
    DeclaredTieFactory(team=teams["housing"], works_with=teams["dwp"], how_often="weekly")
    DeclaredTieFactory(team=teams["fire"], works_with=teams["police"], how_often="rarely")

    assert rows(place) == [
        ("declared", "DWP Strategy", "Housing Options", datetime.date(2026, 4, 1), 4.0),
        ("declared", "Fire Safety", "Neighbourhood Police", datetime.date(2026, 4, 1), 1.0),
    ]


def test_export_ties_is_a_valid_document_and_is_audited(place, teams, convenor):
    DeclaredTieFactory(team=teams["housing"], works_with=teams["dwp"])

    document = services.export_ties(place=place, actor=convenor)
    loaded = load_ties(document)

    assert document["format"] == "joinedup-ties/1"
    assert len(loaded.teams) == 4
    assert loaded.ties == (
        Tie(
            str(teams["housing"].pk),
            str(teams["dwp"].pk),
            "declared",
            datetime.date(2026, 4, 1),
            3.0,
        ),
    )
    assert document["ties"][0]["weight"] == 3
    assert AuditEntry.objects.filter(action="network.ties.exported").count() == 1


def test_declare_tie_updates_the_same_pair(place, teams, convenor):
    for often in ("monthly", "weekly"):
        services.declare_tie(
            place=place,
            actor=convenor,
            team=teams["housing"],
            works_with=teams["police"],
            how_often=often,
            how_useful="useful",
        )

    assert list(DeclaredTie.objects.values_list("how_often", flat=True)) == ["weekly"]


def test_declare_tie_refuses_a_team_with_itself(place, teams, convenor):
    with pytest.raises(services.DeclaredTieRefused):
        services.declare_tie(
            place=place,
            actor=convenor,
            team=teams["housing"],
            works_with=teams["housing"],
            how_often="weekly",
            how_useful="useful",
        )

    assert DeclaredTie.objects.count() == 0


def test_declare_tie_refuses_another_places_team(place, other_place, teams, convenor):
    elsewhere = ServiceFactory(place=other_place)

    with pytest.raises(services.DeclaredTieRefused):
        services.declare_tie(
            place=place,
            actor=convenor,
            team=teams["housing"],
            works_with=elsewhere,
            how_often="weekly",
            how_useful="useful",
        )
