"""Domain functions of the directory: changes are logged, coverage finds the gaps."""

import datetime

import pytest

from joinedup.core.models import AuditEntry
from joinedup.directory import services as directory
from joinedup.directory.models import Contact, Location, Service
from joinedup.directory.search import search_services
from tests.directory.factories import (
    ContactFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ServiceFactory,
    need,
    sector,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 26)


def actions(target) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(target.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def test_create_service_tags_logs_and_indexes_it(place, convenor):
    organisation = OrganizationFactory(place=place, name="Redbridge Council")
    service = directory.create_service(
        place=place,
        actor=convenor,
        organization=organisation,
        fields={"name": "Housing Options", "description": "Homelessness advice."},
        sectors=[sector("housing")],
        needs=[need("homelessness"), need("debt")],
    )
    assert [t.name for t in directory.terms_of(service, "sectors")] == ["Housing"]
    assert [t.name for t in directory.terms_of(service, "needs")] == [
        "Debt and money",
        "Homelessness",
    ]
    entry = AuditEntry.objects.get(action="directory.service.created")
    assert (entry.actor, entry.place, entry.data["needs"]) == (
        convenor,
        place,
        ["Debt and money", "Homelessness"],
    )
    assert [s.pk for s in search_services(place=place, need=need("debt")).services] == [service.pk]


def test_update_service_logs_only_what_changed(place, convenor):
    service = ServiceFactory(place=place, name="YOT", terms=[sector("youth-offending")])
    before = service.last_modified
    changed = directory.update_service(
        service=service,
        actor=convenor,
        fields={"name": "Youth Justice Service", "description": service.description},
        sectors=[sector("youth-offending"), sector("police")],
    )
    assert changed == {
        "name": ["YOT", "Youth Justice Service"],
        "sectors": ["Police", "Youth offending"],
    }
    entry = AuditEntry.objects.get(action="directory.service.updated")
    assert entry.data == {"changed": changed}
    service.refresh_from_db()
    assert service.last_modified > before


def test_update_service_without_changes_writes_nothing(place, convenor):
    service = ServiceFactory(place=place, terms=[sector("housing")])
    before = service.last_modified
    changed = directory.update_service(
        service=service, actor=convenor, fields={"name": service.name}, sectors=[sector("housing")]
    )
    service.refresh_from_db()
    assert (changed, service.last_modified, actions(service)) == ({}, before, [])


def test_mark_checked_sets_the_assured_date_and_logs_it(place, convenor):
    service = ServiceFactory(place=place, assured_date=datetime.date(2024, 1, 5))
    directory.mark_checked(service=service, actor=convenor, on=TODAY)
    service.refresh_from_db()
    assert (service.assured_date, service.assurer_email) == (TODAY, "")
    entry = AuditEntry.objects.get(action="directory.service.checked")
    assert entry.data == {"assured_date": "2026-11-26", "previous": "2024-01-05"}
    assert entry.actor == convenor


def test_save_contact_adds_a_person_with_a_phone(place, convenor):
    service = ServiceFactory(place=place)
    contact = directory.save_contact(
        service=service,
        actor=convenor,
        fields={"name": "Amara Okonkwo", "title": "IDVA", "department": "", "email": "a@x.example"},
        phone="020 7946 0123",
    )
    assert [p.number for p in contact.phones.all()] == ["020 7946 0123"]
    assert (contact.place, contact.organization) == (place, service.organization)
    assert actions(contact) == ["directory.contact.created"]


def test_save_contact_records_a_changed_phone(place, convenor):
    contact = ContactFactory(service=ServiceFactory(place=place))
    PhoneFactory(contact=contact, number="020 7946 0001")
    directory.save_contact(
        service=contact.service,
        actor=convenor,
        contact=contact,
        fields={"name": contact.name},
        phone="07700 900123",
    )
    entry = AuditEntry.objects.get(action="directory.contact.updated")
    assert entry.data["changed"] == {"phone": ["020 7946 0001", "07700 900123"]}
    assert [p.number for p in contact.phones.all()] == ["07700 900123"]


def test_delete_contact_logs_who_was_removed(place, convenor):
    contact = ContactFactory(service=ServiceFactory(place=place), name="Ravi Patel")
    directory.delete_contact(contact=contact, actor=convenor)
    assert Contact.objects.count() == 0
    entry = AuditEntry.objects.get(action="directory.contact.deleted")
    assert entry.data["name"] == "Ravi Patel"


def test_service_history_includes_its_contacts_newest_first(place, convenor):
    service = ServiceFactory(place=place)
    directory.mark_checked(service=service, actor=convenor)
    contact = directory.save_contact(
        service=service, actor=convenor, fields={"name": "Ben Adeyemi", "email": "b@x.example"}
    )
    directory.delete_contact(contact=contact, actor=convenor)
    assert [e.action for e in directory.service_history(service)] == [
        "directory.contact.deleted",
        "directory.contact.created",
        "directory.service.checked",
    ]


def test_delete_service_logs_and_removes_its_contacts(place, convenor):
    service = ServiceFactory(place=place, name="Old team")
    ContactFactory(service=service)
    directory.delete_service(service=service, actor=convenor)
    assert (Service.objects.count(), Contact.objects.count()) == (0, 0)
    assert AuditEntry.objects.get(action="directory.service.deleted").data == {"name": "Old team"}


def test_is_stale_after_twelve_months_or_when_never_checked(place):
    fresh = ServiceFactory(place=place, assured_date=TODAY - datetime.timedelta(days=365))
    old = ServiceFactory(place=place, assured_date=TODAY - datetime.timedelta(days=366))
    never = ServiceFactory(place=place, assured_date=None)
    assert [directory.is_stale(s, TODAY) for s in (fresh, old, never)] == [False, True, True]


def test_coverage_lists_every_sector_frontline_first(place):
    coverage = directory.coverage_for(place=place, today=TODAY)
    tiers = [row.sector.tier for row in coverage.sectors]
    assert len(coverage.sectors) == 20
    assert tiers == sorted(tiers, key=lambda t: t != "frontline")
    assert len(coverage.missing_sectors) == 20


def test_coverage_flags_missing_sectors_contacts_and_stale_records(place, other_place):
    housing = ServiceFactory(
        place=place, name="Housing Options", assured_date=TODAY, terms=[sector("housing")]
    )
    ContactFactory(service=housing, name="Amara Okonkwo")
    ServiceFactory(place=place, name="MASH", assured_date=None, terms=[sector("child-protection")])
    ServiceFactory(
        place=place,
        name="Closed fire team",
        status=Service.Status.INACTIVE,
        assured_date=TODAY,
        terms=[sector("fire")],
    )
    ServiceFactory(place=other_place, assured_date=TODAY, terms=[sector("police")])
    coverage = directory.coverage_for(place=place, today=TODAY)
    rows = {row.sector.code: row for row in coverage.sectors}
    assert [(s.name, [c.name for c in cs]) for s, cs in rows["housing"].services] == [
        ("Housing Options", ["Amara Okonkwo"])
    ]
    assert rows["fire"].missing and rows["police"].missing
    assert not rows["child-protection"].missing
    assert [s.name for s in coverage.without_contact] == ["MASH"]
    assert [s.name for s in coverage.stale] == ["MASH"]
    assert coverage.active_services == 2
    assert {s.code for s in coverage.missing_sectors} == set(rows) - {"housing", "child-protection"}


def test_coverage_counts_a_contact_without_a_name_as_no_named_contact(place):
    service = ServiceFactory(place=place, assured_date=TODAY, terms=[sector("housing")])
    ContactFactory(service=service, name="", title="Duty desk")
    coverage = directory.coverage_for(place=place, today=TODAY)
    assert [s.pk for s in coverage.without_contact] == [service.pk]


def test_locations_visible_to_hide_confidential_ones_without_the_permission(place, make_member):
    office = LocationFactory(place=place, name="Civic Offices")
    refuge = LocationFactory(place=place, name="Refuge", confidential=True)
    LocationFactory(name="Elsewhere")
    host = make_member(place, "host")
    practitioner = make_member(place, "practitioner")
    assert list(Location.objects.visible_to(host, place)) == [office]
    assert set(Location.objects.visible_to(practitioner, place)) == {office, refuge}
    assert list(Location.objects.filter(place=place).public()) == [office]
