"""Fully nested HSDS services from values() rows (the open API's full pages) are the same JSON
as the model-instance serialiser gives (exports and the organisation endpoints use it), and
never carry a confidential location or a contact person."""

import datetime
import json
import uuid

from django.utils import timezone

from joinedup.directory.hsds.rows import full_services_json
from joinedup.directory.hsds.serialise import full_services, service_full_json
from joinedup.directory.models import Phone, Schedule, Service, Taxonomy, TaxonomyTerm
from tests.api.data import assert_nothing_private, make_directory
from tests.api.schemas import errors
from tests.directory.factories import (
    AddressFactory,
    ContactFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    need,
    sector,
)


def _by_model_instances(ids) -> list[dict]:
    """The same services through the prefetching serialiser, in the order of ids."""
    found = {s.pk: s for s in full_services(Service.objects.filter(pk__in=ids))}
    return [service_full_json(found[pk]) for pk in ids if pk in found]


def _everything_filled(place):
    """A service with every field, two locations, a local term with a parent, and details
    that must stay out (a contact's phone, a refuge)."""
    parent = OrganizationFactory(place=place, name="Redbridge Council")
    charity = OrganizationFactory(
        place=place,
        name="Ilford Food Bank",
        alternate_name="The Food Bank",
        email="hello@foodbank.example",
        website="https://foodbank.example",
        year_incorporated=2009,
        legal_status="Charity",
        logo="https://foodbank.example/logo.png",
        uri="https://foodbank.example/about",
        parent_organization=parent,
    )
    taxonomy = Taxonomy.objects.create(
        place=place, name="Ilford needs", description="Our own terms", uri="https://t.example"
    )
    broad = TaxonomyTerm.objects.create(
        place=place, taxonomy=taxonomy, code="FOOD", name="Food", description="Food help"
    )
    narrow = TaxonomyTerm.objects.create(
        place=place,
        taxonomy=taxonomy,
        parent=broad,
        code="FOOD-PARCEL",
        name="Food parcels",
        description="",
        taxonomy_name="Ilford needs",
        language="en",
        term_uri="https://t.example/food-parcel",
    )
    loose = TaxonomyTerm.objects.create(place=place, name="Walk-in", description="")
    service = ServiceFactory(
        place=place,
        organization=charity,
        name="Food Parcels",
        alternate_name="Parcels",
        description="Three days of food.",
        url="https://foodbank.example/parcels",
        email="parcels@foodbank.example",
        status=Service.Status.TEMPORARILY_CLOSED,
        interpretation_services="Polish, Urdu",
        application_process="Come with a voucher.",
        fees_description="Free",
        accreditations="None",
        eligibility_description="Anyone in need",
        minimum_age=18,
        maximum_age=99,
        assured_date=datetime.date(2026, 3, 1),
        assurer_email="checker.person@council.example",
        alert="Closed on bank holidays",
        last_modified=datetime.datetime(2026, 3, 2, 10, 30, tzinfo=datetime.UTC),
        terms=[narrow, loose, sector("housing"), need("debt")],
    )
    Phone.objects.create(
        place=place, service=service, number="020 7946 0200", extension=12, type="voice",
        description="Mornings",
    )  # fmt: skip
    Phone.objects.create(place=place, service=service, number="020 7946 0100", type="text")
    PhoneFactory(contact=ContactFactory(service=service, name="Nadia Okafor"))
    ScheduleFactory(service=service, opens_at=datetime.time(13), closes_at=datetime.time(16))
    Schedule.objects.create(
        place=place, service=service, freq="MONTHLY", bymonthday="1", valid_from=datetime.date(
            2026, 1, 1), valid_to=datetime.date(2026, 12, 31), timezone=0.0, count=12, interval=1,
        description="First of the month", notes="Bring a bag",
    )  # fmt: skip
    hall = LocationFactory(
        place=place,
        organization=charity,
        name="Church Hall",
        alternate_name="St Mary's",
        description="Side door",
        transportation="Bus 25",
        url="https://foodbank.example/hall",
        latitude=51.5591,
        longitude=0.0712,
        external_identifier="UPRN-1",
        external_identifier_type="UPRN",
    )
    AddressFactory(location=hall, address_1="2 Church Lane", address_2="Rear", region="London")
    AddressFactory(location=hall, address_1="1 Church Lane", address_type="postal")
    Phone.objects.create(place=place, location=hall, number="020 7946 0300")
    ScheduleFactory(service=None, location=hall, place=place, opens_at=datetime.time(8))
    sal = ServiceAtLocationFactory(service=service, location=hall, description="Tuesdays")
    Phone.objects.create(place=place, service_at_location=sal, number="020 7946 0400")
    Schedule.objects.create(place=place, service_at_location=sal, freq="WEEKLY", byday="TU")
    ServiceAtLocationFactory(
        service=service, location=LocationFactory(place=place, name="Shop", latitude=51.56)
    )
    refuge = LocationFactory(place=place, name="Safe House on Secret Street", confidential=True)
    AddressFactory(location=refuge, address_1="1 Secret Street")
    ServiceAtLocationFactory(service=service, location=refuge)
    return service


def test_full_services_json_is_what_the_model_serialiser_gives(place, other_place):
    made = make_directory(place)["services"] + make_directory(other_place, services=2)["services"]
    filled = _everything_filled(place)
    bare = ServiceFactory(place=place, organization=None, name="Nothing else", description="")
    ids = [filled.pk, bare.pk, *(s.pk for s in reversed(made))]

    got = full_services_json(ids)

    expected = _by_model_instances(ids)
    # the model serialiser orders a service's locations by service name, which ties: compare
    # them in id order (every other list has an order of its own)
    for services in (got, expected):
        for service in services:
            service["service_at_locations"].sort(key=lambda sal: sal["id"])
    assert json.loads(json.dumps(got)) == json.loads(json.dumps(expected))
    assert [s["id"] for s in got] == [str(pk) for pk in ids]
    assert len(got[0]["service_at_locations"]) == 2
    assert len(got[0]["attributes"]) == 4


def test_full_services_json_validates_and_hides_private_details(place):
    service = _everything_filled(place)
    make_directory(place)

    got = full_services_json([service.pk])

    assert errors("service", got[0]) == []
    text = json.dumps(got)
    assert_nothing_private(text)
    assert "Nadia Okafor" not in text
    assert "checker.person@council.example" not in text
    assert got[0]["contacts"] == []
    assert [p["number"] for p in got[0]["phones"]] == ["020 7946 0100", "020 7946 0200"]


def test_full_services_json_leaves_out_unknown_ids_and_keeps_the_order(place):
    first, second = ServiceFactory(place=place), ServiceFactory(place=place)

    got = full_services_json([second.pk, uuid.uuid4(), first.pk])

    assert [s["id"] for s in got] == [str(second.pk), str(first.pk)]
    assert full_services_json([]) == []


def test_full_services_json_query_count_does_not_grow_with_services(
    place, django_assert_num_queries
):
    for i in range(12):
        make_directory(place, services=1, lat=51.5 + i / 100)
    ids = list(Service.objects.values_list("pk", flat=True))
    ServiceFactory(place=place, last_modified=timezone.now())

    with django_assert_num_queries(6):
        got = full_services_json(ids)

    assert len(got) == 12
