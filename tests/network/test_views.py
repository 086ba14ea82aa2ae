"""The network pages: the map's table and filters, the export, the declare form, the event page."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.directory.models import NEEDS_TAXONOMY
from joinedup.network import tables
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


def introductions_url(place, **query):
    url = reverse("network:introductions", kwargs={"place_slug": place.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_introductions_page_lists_suggested_introductions(convenor_client, place, teams):
    from_need = need("homelessness")
    AttributeFactory(service=teams["housing"], taxonomy_term=from_need)
    AttributeFactory(service=teams["dwp"], taxonomy_term=from_need)

    response = convenor_client.get(introductions_url(place))

    assert [(i.a_name, i.b_name, i.reasons) for i in response.context["introductions"]] == [
        ("DWP Strategy", "Housing Options", ("Both serve homelessness",))
    ]
    assert "Both serve homelessness" in response.content.decode()


def test_introductions_page_up_to_day_drops_later_ties(convenor_client, place, teams):
    from_need = need("homelessness")
    AttributeFactory(service=teams["housing"], taxonomy_term=from_need)
    AttributeFactory(service=teams["dwp"], taxonomy_term=from_need)
    DeclaredTieFactory(team=teams["housing"], works_with=teams["dwp"])  # 2026-04-01

    tied = convenor_client.get(introductions_url(place))
    before = convenor_client.get(introductions_url(place, until="2026-03-31"))

    assert tied.context["introductions"] == []
    assert [(i.a_name, i.b_name) for i in before.context["introductions"]] == [
        ("DWP Strategy", "Housing Options")
    ]
    assert "31 March 2026" in before.content.decode()


def test_introductions_page_bad_day_is_a_400(convenor_client, place, teams):
    response = convenor_client.get(introductions_url(place, until="2026-13-45"))

    assert response.status_code == 400
    assert "Enter the ‘Up to’ date as a real date" in response.content.decode()


NEEDS_KEY = f'"directory_taxonomy"."key" = \'{NEEDS_TAXONOMY}\''


def test_network_page_links_to_introductions_without_working_them_out(
    convenor_client, place, teams
):
    AttributeFactory(service=teams["housing"], taxonomy_term=need("homelessness"))

    with CaptureQueriesContext(connection) as queries:
        response = convenor_client.get(map_url(place, until="2026-03-31", ties_page=1))

    assert "introductions" not in response.context
    assert response.context["introductions_url"] == introductions_url(place, until="2026-03-31")
    # only introductions read which needs teams serve (shared_work)
    assert [q for q in queries.captured_queries if NEEDS_KEY in q["sql"]] == []


@pytest.fixture
def four_ties(place, teams):
    """Four tied pairs with different weights (monthly 3, weekly 4, rarely 1, now and then 2)."""
    extra = team(place, "Adult Social Care", "adult-social-care")
    DeclaredTieFactory(team=teams["housing"], works_with=teams["police"])
    DeclaredTieFactory(team=teams["police"], works_with=teams["dwp"], how_often="weekly")
    DeclaredTieFactory(team=extra, works_with=teams["dwp"], how_often="rarely")
    DeclaredTieFactory(team=extra, works_with=teams["housing"], how_often="now_and_then")
    return extra


def test_network_page_ties_table_sorts_by_weight_across_every_page(
    convenor_client, place, four_ties, monkeypatch
):
    monkeypatch.setattr(tables, "PER_PAGE", 2)

    first = convenor_client.get(map_url(place, ties_sort="-weight"))
    second = convenor_client.get(map_url(place, ties_sort="-weight", ties_page=2))

    assert [(t.b_name, t.weight) for t in first.context["ties_table"].rows] == [
        ("Neighbourhood Police", 4.0),
        ("Neighbourhood Police", 3.0),
    ]
    assert [(t.b_name, t.weight) for t in second.context["ties_table"].rows] == [
        ("Housing Options", 2.0),
        ("DWP Strategy", 1.0),
    ]
    weight = second.context["ties_table"].headers[3]
    assert (weight.label, weight.aria_sort, weight.query) == (
        "Weight",
        "descending",
        "ties_sort=weight",
    )
    assert 'aria-sort="descending"' in second.content.decode()


def test_network_page_paging_links_keep_the_filters_and_the_sort(
    convenor_client, place, four_ties, monkeypatch
):
    monkeypatch.setattr(tables, "PER_PAGE", 2)

    response = convenor_client.get(
        map_url(
            place, kind="declared", until_0="30", until_1="4", until_2="2026", ties_sort="-weight"
        )
    )
    ties = response.context["ties_table"]

    assert (ties.total, ties.pages, ties.previous_query) == (4, 2, None)
    assert ties.next_query == (
        "kind=declared&until_0=30&until_1=4&until_2=2026&ties_sort=-weight&ties_page=2"
    )
    assert [(link.number, link.current) for link in ties.links] == [(1, True), (2, False)]
    html = response.content.decode()
    assert 'aria-label="Pages of the ties table"' in html
    assert (
        'href="?kind=declared&amp;until_0=30&amp;until_1=4&amp;until_2=2026&amp;ties_sort=-weight&amp;ties_page=2#ties-caption"'
        in html
    )


def test_network_page_teams_table_sorts_by_ties(convenor_client, place, teams, four_ties):
    DeclaredTieFactory(team=teams["housing"], works_with=teams["dwp"])

    response = convenor_client.get(map_url(place, teams_sort="-ties"))

    assert [(t.name, t.ties) for t in response.context["teams_table"].rows] == [
        ("Housing Options", 3),
        ("DWP Strategy", 3),
        ("Neighbourhood Police", 2),
        ("Adult Social Care", 2),
    ]
    assert response.context["teams_table"].headers[3].aria_sort == "descending"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"ties_sort": "colour"}, "Sort the ties table by one of its columns"),
        ({"teams_page": "two"}, "Enter the page of the teams table as a whole number, like 2"),
        ({"ties_page": "0"}, "Enter the page of the ties table as a whole number, like 2"),
    ],
)
def test_network_page_bad_table_parameter_is_a_400_saying_which(
    convenor_client, place, teams, query, message
):
    response = convenor_client.get(map_url(place, **query))

    assert response.status_code == 400
    assert message in response.content.decode()


def test_network_page_past_the_last_page_is_a_404(convenor_client, place, four_ties):
    response = convenor_client.get(map_url(place, ties_page=2))

    assert response.status_code == 404


def data_url(place, **query):
    url = reverse("network:map_data", kwargs={"place_slug": place.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_map_data_holds_every_team_and_tie_of_the_filters(convenor_client, place, teams):
    DeclaredTieFactory(team=teams["housing"], works_with=teams["police"], how_often="weekly")
    event = EventFactory(place=place, date=datetime.date(2026, 3, 12))
    came(event, teams["housing"])
    came(event, teams["dwp"])

    everything = convenor_client.get(data_url(place)).json()
    met = convenor_client.get(data_url(place, kind="co_attendance")).json()

    names = [t["name"] for t in everything["teams"]]
    assert names == ["DWP Strategy", "Housing Options", "Neighbourhood Police"]
    assert [(names[a], names[b], w, kinds) for a, b, w, kinds in everything["ties"]] == [
        ("DWP Strategy", "Housing Options", 1.0, ["co_attendance"]),
        ("Housing Options", "Neighbourhood Police", 4.0, ["declared"]),
    ]
    assert [(t["sector"], t["tier"], t["ties"], t["spof"]) for t in everything["teams"]] == [
        ("dwp", "central", 1, False),
        ("housing", "frontline", 2, True),
        ("police", "frontline", 1, False),
    ]
    assert everything["sectors"] == {"dwp": 0, "housing": 1, "police": 2}
    assert [(a, b) for a, b, *_ in met["ties"]] == [(0, 1)]


def test_map_data_bad_filter_is_a_400_saying_which(convenor_client, place, teams):
    response = convenor_client.get(data_url(place, kind="gossip"))

    assert response.status_code == 400
    assert response.json() == {"errors": ["Choose kinds of tie from the list"]}


def test_network_page_points_the_map_at_its_data_with_the_same_filters(
    convenor_client, place, teams
):
    response = convenor_client.get(map_url(place, kind="declared", ties_page=1))

    assert response.context["map_url"] == data_url(place, kind="declared")
    assert 'data-url="/p/ilford/network/map.json?kind=declared"' in response.content.decode()


def _reads_of_ties(queries) -> list[str]:
    """Queries reading declared ties row by row (the fingerprint only counts them)."""
    return [
        q["sql"] for q in queries if "network_declaredtie" in q["sql"] and "COUNT(" not in q["sql"]
    ]


def test_network_page_second_request_reads_no_ties(convenor_client, place, four_ties):
    with CaptureQueriesContext(connection) as first:
        convenor_client.get(map_url(place))
    with CaptureQueriesContext(connection) as second:
        again = convenor_client.get(map_url(place, ties_sort="weight"))
    with CaptureQueriesContext(connection) as data:
        convenor_client.get(data_url(place))

    assert len(_reads_of_ties(first.captured_queries)) == 1
    assert _reads_of_ties(second.captured_queries) == []
    assert _reads_of_ties(data.captured_queries) == []
    assert again.context["network"].summary["ties"] == 4


def test_network_page_shows_a_tie_declared_after_it_was_cached(convenor_client, place, teams):
    DeclaredTieFactory(team=teams["housing"], works_with=teams["police"])
    convenor_client.get(map_url(place))
    convenor_client.get(data_url(place))

    url = reverse("network:declare", kwargs={"place_slug": place.slug})
    convenor_client.post(
        url,
        {
            "team": teams["dwp"].pk,
            "works_with": teams["police"].pk,
            "how_often": "weekly",
            "how_useful": "essential",
        },
    )
    page = convenor_client.get(map_url(place))
    data = convenor_client.get(data_url(place)).json()

    assert [(t.a_name, t.b_name) for t in page.context["network"].ties] == [
        ("DWP Strategy", "Neighbourhood Police"),
        ("Housing Options", "Neighbourhood Police"),
    ]
    assert len(data["ties"]) == 2


def test_network_page_sees_ties_written_without_signals(convenor_client, place, teams):
    """bulk_create sends no post_save: the fingerprint (count of rows) still changes."""
    convenor_client.get(map_url(place))

    DeclaredTie.objects.bulk_create(
        [
            DeclaredTie(
                place=place,
                team=teams["housing"],
                works_with=teams["dwp"],
                how_often="weekly",
                how_useful="useful",
                declared_on=datetime.date(2026, 4, 1),
            )
        ]
    )
    response = convenor_client.get(map_url(place))

    assert [(t.a_name, t.b_name) for t in response.context["network"].ties] == [
        ("DWP Strategy", "Housing Options")
    ]


def test_network_page_sees_a_person_moving_team(convenor_client, place, teams):
    """A contact moving team changes no count or date: the saved contact bumps the version."""
    event = EventFactory(place=place, date=datetime.date(2026, 3, 12))
    came(event, teams["housing"])
    moving = came(event, teams["dwp"]).contact
    convenor_client.get(map_url(place))

    moving.service = teams["police"]
    moving.save()
    response = convenor_client.get(map_url(place))

    assert [(t.a_name, t.b_name) for t in response.context["network"].ties] == [
        ("Housing Options", "Neighbourhood Police")
    ]
