"""The periodic job that works out each place's network figures ahead of the first visitor."""

import datetime
import gc

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.core.schedule import run_due
from joinedup.network import cache, periodic
from joinedup.network.models import DeclaredTie
from tests.network.factories import DeclaredTieFactory, team


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts cold: nothing in Django's cache or this process's recent figures."""
    django_cache.clear()
    cache.recent.clear()
    yield
    django_cache.clear()
    cache.recent.clear()


@pytest.fixture
def tied(place):
    housing = team(place, "Housing Options", "housing")
    police = team(place, "Neighbourhood Police", "police")
    DeclaredTieFactory(team=housing, works_with=police)
    return housing, police


def _reads_of_ties(queries) -> list[str]:
    return [
        q["sql"] for q in queries if "network_declaredtie" in q["sql"] and "COUNT(" not in q["sql"]
    ]


def test_warm_cache_lets_the_first_visitor_read_no_ties(convenor_client, place, tied):
    run_due(names={"network.warm_cache"})
    cache.recent.clear()  # as another process sharing the cache would start

    with CaptureQueriesContext(connection) as page:
        response = convenor_client.get(reverse("network:map", kwargs={"place_slug": place.slug}))
    with CaptureQueriesContext(connection) as data:
        convenor_client.get(reverse("network:map_data", kwargs={"place_slug": place.slug}))

    assert _reads_of_ties(page.captured_queries) == []
    assert _reads_of_ties(data.captured_queries) == []
    assert response.context["network"].summary["ties"] == 1


def test_warm_cache_works_only_on_places_whose_ties_changed(place, other_place, tied):
    first = periodic.warm_cache()
    unchanged = periodic.warm_cache()
    DeclaredTieFactory(
        team=team(other_place, "Fire Safety", "fire"),
        works_with=team(other_place, "Tenancy Sustainment", "housing"),
    )
    other_changed = periodic.warm_cache()

    assert first == {"warmed": sorted([place.slug, other_place.slug])}
    assert unchanged == {"warmed": []}
    # a saved row bumps the version every key holds, so both places are worked out again
    assert other_changed == {"warmed": sorted([place.slug, other_place.slug])}


def test_warm_cache_sees_ties_written_without_signals(place, tied):
    """bulk_create sends no post_save, so no version bump: the fingerprint still changes."""
    _, police = tied
    dwp = team(place, "DWP Strategy", "dwp")
    periodic.warm_cache()

    DeclaredTie.objects.bulk_create(
        [
            DeclaredTie(
                place=place,
                team=police,
                works_with=dwp,
                how_often="weekly",
                how_useful="useful",
                declared_on=datetime.date(2026, 4, 2),
            )
        ]
    )
    again = periodic.warm_cache()
    cache.recent.clear()
    with CaptureQueriesContext(connection) as read:
        figures = cache.network_figures(place=place)

    assert again == {"warmed": [place.slug]}
    assert _reads_of_ties(read.captured_queries) == []
    assert figures.summary["ties"] == 2


def test_working_figures_out_leaves_the_garbage_collector_running(place, tied):
    """The cold build pauses the collector; it must run again after, even when work fails."""
    figures = cache.network_figures(place=place)

    def broken():
        raise RuntimeError("no figures")

    with pytest.raises(RuntimeError):
        cache._cached("network:test:broken", broken)

    assert figures.summary["ties"] == 1
    assert gc.isenabled()
