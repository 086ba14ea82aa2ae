"""The network pages: the map's table and filters, the export, the declare form, the event page."""

import datetime
import json

import pytest
from django.urls import reverse

from joinedup.network.models import DeclaredTie
from tests.directory.factories import AttributeFactory, ServiceFactory, need
from tests.events.factories import EventFactory
from tests.network.factories import DeclaredTieFactory, came, team


@pytest.fixture
def teams(place):
    return {
        "housing": team(place, "Housing Options", "housing"),
        "police": team(place, "Neighbourhood Police", "police"),
        "dwp": team(place, "DWP Strategy", "dwp"),
    }


def map_url(place, **query):
    url = reverse("network:map", kwargs={"place_slug": place.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_network_page_table_lists_teams_and_ties(convenor_client, place, teams):
    DeclaredTieFactory(team=teams["housing"], works_with=teams["police"])
    DeclaredTieFactory(team=teams["police"], works_with=teams["dwp"])

    response = convenor_client.get(map_url(place))
    network = response.context["network"]

    assert response.status_code == 200
    assert [(t.name, t.ties, t.single_point_of_failure) for t in network.teams] == [
        ("DWP Strategy", 1, False),
        ("Housing Options", 1, False),
        ("Neighbourhood Police", 2, True),
    ]
    assert [(t.a_name, t.b_name, t.kinds) for t in network.ties] == [
        ("DWP Strategy", "Neighbourhood Police", ("declared",)),
        ("Housing Options", "Neighbourhood Police", ("declared",)),
    ]
    assert "Neighbourhood Police" in response.content.decode()


def test_network_page_window_drops_ties_outside_it(convenor_client, place, teams):
    DeclaredTieFactory(team=teams["housing"], works_with=teams["police"])  # 2026-04-01

    response = convenor_client.get(map_url(place, until="2026-03-31"))

    assert response.context["network"].summary["ties"] == 0


def test_network_page_kind_filter_keeps_only_that_kind(convenor_client, place, teams):
    DeclaredTieFactory(team=teams["housing"], works_with=teams["police"])
    event = EventFactory(place=place, date=datetime.date(2026, 3, 12))
    came(event, teams["housing"])
    came(event, teams["dwp"])

    response = convenor_client.get(map_url(place, kind="co_attendance"))

    assert [(t.a_name, t.b_name) for t in response.context["network"].ties] == [
        ("DWP Strategy", "Housing Options")
    ]


def test_network_page_bad_date_is_a_400_saying_which(convenor_client, place, teams):
    response = convenor_client.get(map_url(place, since="2026-02-30"))

    assert response.status_code == 400
    assert "Enter the ‘From’ date as a real date, like 12 3 2026" in response.content.decode()


def test_network_page_since_after_until_is_a_400(convenor_client, place, teams):
    response = convenor_client.get(map_url(place, since="2026-05-01", until="2026-04-01"))

    assert response.status_code == 400
    assert "must be the same as or after" in response.content.decode()


def test_export_downloads_joinedup_ties(convenor_client, place, teams):
    DeclaredTieFactory(team=teams["housing"], works_with=teams["police"])

    response = convenor_client.get(reverse("network:export", kwargs={"place_slug": place.slug}))
    document = json.loads(response.content)

    assert response["Content-Disposition"] == 'attachment; filename="ilford-ties.json"'
    assert (document["format"], len(document["teams"]), len(document["ties"])) == (
        "joinedup-ties/1",
        3,
        1,
    )


def test_declare_form_saves_a_tie(convenor_client, place, teams):
    url = reverse("network:declare", kwargs={"place_slug": place.slug})
    response = convenor_client.post(
        url,
        {
            "team": teams["housing"].pk,
            "works_with": teams["dwp"].pk,
            "how_often": "weekly",
            "how_useful": "essential",
        },
    )

    assert response.status_code == 302
    assert list(DeclaredTie.objects.values_list("team__name", "works_with__name", "how_often")) == [
        ("Housing Options", "DWP Strategy", "weekly")
    ]


def test_declare_form_same_team_twice_is_a_400_and_saves_nothing(convenor_client, place, teams):
    url = reverse("network:declare", kwargs={"place_slug": place.slug})
    response = convenor_client.post(
        url,
        {
            "team": teams["housing"].pk,
            "works_with": teams["housing"].pk,
            "how_often": "weekly",
            "how_useful": "essential",
        },
    )

    assert response.status_code == 400
    assert "Choose a team other than your own" in response.content.decode()
    assert DeclaredTie.objects.count() == 0


def test_event_page_shows_what_the_day_changed(convenor_client, place, teams):
    DeclaredTieFactory(
        team=teams["housing"], works_with=teams["police"], declared_on=datetime.date(2026, 1, 5)
    )
    event = EventFactory(place=place, date=datetime.date(2026, 3, 12))
    for key in ("housing", "police", "dwp"):
        came(event, teams[key])

    response = convenor_client.get(
        reverse("events:detail", kwargs={"place_slug": place.slug, "event_id": event.pk})
    )
    (section,) = response.context["sections"]
    change = section["change"]

    assert (change.new_ties, change.components_before, change.components_after) == (2, 2, 1)
    assert change.new_cross_silo == [
        ("DWP Strategy", "Housing Options"),
        ("DWP Strategy", "Neighbourhood Police"),
    ]
    assert change.newly_tied == ["DWP Strategy"]
    assert "What this day changed" in response.content.decode()


def test_event_page_of_a_future_day_has_no_network_section(convenor_client, place, teams):
    event = EventFactory(place=place)  # 60 days ahead

    response = convenor_client.get(
        reverse("events:detail", kwargs={"place_slug": place.slug, "event_id": event.pk})
    )

    assert response.context["sections"] == []


def test_across_places_shows_each_places_figures_side_by_side(
    client, place, other_place, teams, make_member
):
    strategist = make_member(place, "strategist")
    DeclaredTieFactory(team=teams["housing"], works_with=teams["police"])
    team(other_place, "Exeter Housing", "housing")
    client.force_login(strategist)

    response = client.get(reverse("network:across_places", kwargs={"place_slug": place.slug}))
    rows = [(r.name, r.teams, r.ties, r.components, r.isolated) for r in response.context["rows"]]

    assert rows == [("Exeter", 1, 0, 1, 1), ("Ilford (Redbridge)", 3, 1, 2, 1)]
    assert "Housing Options" not in response.content.decode()


def test_declare_form_refuses_a_team_with_no_sector(convenor_client, place, teams):
    untagged = ServiceFactory(place=place, name="No sector yet")
    url = reverse("network:declare", kwargs={"place_slug": place.slug})
    response = convenor_client.post(
        url,
        {
            "team": teams["housing"].pk,
            "works_with": untagged.pk,
            "how_often": "weekly",
            "how_useful": "essential",
        },
    )

    assert response.status_code == 400
    assert "Choose the team you work with" in response.content.decode()
    assert DeclaredTie.objects.count() == 0


def test_network_page_unknown_kind_is_a_400(convenor_client, place, teams):
    response = convenor_client.get(map_url(place, kind="gossip"))

    assert response.status_code == 400
    assert "Choose kinds of tie from the list" in response.content.decode()


def test_network_page_lists_suggested_introductions(convenor_client, place, teams):
    from_need = need("homelessness")
    AttributeFactory(service=teams["housing"], taxonomy_term=from_need)
    AttributeFactory(service=teams["dwp"], taxonomy_term=from_need)

    response = convenor_client.get(map_url(place))

    assert [(i.a_name, i.b_name, i.reasons) for i in response.context["introductions"]] == [
        ("DWP Strategy", "Housing Options", ("Both serve homelessness",))
    ]
    assert "Both serve homelessness" in response.content.decode()
