"""The fictional demo directory: full in Ilford, smaller elsewhere, loaded twice without
duplicates, fictional numbers and addresses only, and real gaps on the coverage page."""

import re

import pytest

from joinedup.core.demo import load_demo
from joinedup.directory import services as directory
from joinedup.directory.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from joinedup.directory.search import search_services
from joinedup.directory.taxonomies import need_id

pytestmark = pytest.mark.django_db
MODELS = [Organization, Service, Location, ServiceAtLocation, Contact, Phone, Schedule, Attribute]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module (it takes a second) and leave it for each test."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo = load_demo()
            yield demo
            transaction.set_rollback(True)


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_loads_twice_without_duplicating_anything(demo):
    before = counts()
    load_demo()
    assert counts() == before


def test_demo_gives_ilford_a_full_directory(demo):
    ilford = demo.places["ilford"]
    assert Service.objects.filter(place=ilford).count() >= 35
    assert 110 <= Contact.objects.filter(place=ilford).count() <= 130
    assert 10 <= Service.objects.filter(place=demo.places["exeter"]).count() <= 15
    assert 10 <= Service.objects.filter(place=demo.places["manchester"]).count() <= 15


def test_demo_tags_every_sector_in_ilford(demo):
    ilford = demo.places["ilford"]
    tagged = set(
        Attribute.objects.filter(place=ilford, taxonomy_term__taxonomy__key="sectors").values_list(
            "taxonomy_term__code", flat=True
        )
    )
    assert tagged == set(TaxonomyTerm.objects.sectors().values_list("code", flat=True))


def test_demo_coverage_shows_real_gaps_in_ilford(demo):
    coverage = directory.coverage_for(place=demo.places["ilford"])
    assert [s.code for s in coverage.missing_sectors] == ["dfe"]
    assert {s.name for s in coverage.without_contact} == {
        "Child Abuse Investigation Team",
        "Mental Health Street Triage",
    }
    assert len(coverage.stale) >= 6


def test_demo_uses_only_drama_numbers_and_example_emails(demo):
    for number in Phone.objects.values_list("number", flat=True):
        assert re.fullmatch(r"020 7946 0\d{3}|07700 900\d{3}", number), number
    emails = [
        *Contact.objects.values_list("email", flat=True),
        *Service.objects.exclude(email="").values_list("email", flat=True),
        *Organization.objects.values_list("email", flat=True),
    ]
    assert all(e.endswith(".example") for e in emails)
    assert len(set(Phone.objects.values_list("number", flat=True))) == Phone.objects.count()


def test_demo_refuge_location_is_confidential(demo):
    refuge = Service.objects.get(place=demo.places["ilford"], name="Safe Haven Refuge")
    locations = Location.objects.filter(service_at_locations__service=refuge)
    assert [loc.confidential for loc in locations] == [True]


def test_demo_directory_is_searchable(demo):
    result = search_services(
        place=demo.places["ilford"], text="refuge", need=need_id("domestic-abuse")
    )
    assert result.services[0].name == "Safe Haven Refuge"
