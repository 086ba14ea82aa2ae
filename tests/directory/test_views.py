"""The directory's pages: what each shows, what each form refuses, who sees the refuge."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEntry
from joinedup.directory import services as directory
from joinedup.directory.models import Contact, Organization, Service
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

pytestmark = pytest.mark.django_db


def url(name, place, *args) -> str:
    return reverse(f"directory:{name}", args=[place.slug, *args])


def text_of(response) -> str:
    """The page's visible text with tags removed and white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def result_names(response) -> list[str]:
    return [row["service"].name for row in response.context["rows"]]


@pytest.fixture
def refuge(place):
    """A refuge with a confidential address, a public office, contacts and opening hours."""
    service = ServiceFactory(
        place=place,
        organization=OrganizationFactory(place=place, name="Safe Haven East London"),
        name="Safe Haven Refuge",
        description="Emergency safe accommodation for women escaping domestic abuse.",
        eligibility_description="Women fleeing domestic abuse, with or without children.",
        application_process="Call the refuge line; never send anyone to the address.",
        minimum_age=16,
        email="refuge@safehaven.charity.example",
        assured_date=timezone.localdate(),
        terms=[sector("domestic-abuse"), need("domestic-abuse")],
    )
    hidden = LocationFactory(place=place, name="Safe Haven refuge", confidential=True)
    AddressFactory(location=hidden, address_1="14 Orchard Mews", postal_code="IG3 9ZX")
    ServiceAtLocationFactory(service=service, location=hidden)
    office = LocationFactory(place=place, name="Drop-in centre")
    AddressFactory(location=office, address_1="9 Chapel Yard", postal_code="IG2 9ZH")
    ServiceAtLocationFactory(service=service, location=office)
    contact = ContactFactory(service=service, name="Amara Okonkwo", title="Refuge Manager")
    PhoneFactory(contact=contact, number="020 7946 0456")
    ScheduleFactory(service=service, description="24 hours, every day")
    return service


def test_service_list_shows_every_service_of_the_place(place, other_place, member_client, refuge):
    ServiceFactory(place=place, name="Housing Options")
    ServiceFactory(place=other_place, name="Exeter Housing")
    response = member_client("strategist").get(url("services", place))
    assert result_names(response) == ["Housing Options", "Safe Haven Refuge"]
    assert "2 services" in text_of(response)


def test_service_list_links_to_imports_and_open_referral_for_convenors_only(place, member_client):
    convenor_page = text_of(member_client("convenor").get(url("services", place)))
    host_page = text_of(member_client("host").get(url("services", place)))
    for link in [
        "Import a spreadsheet of teams and contacts",
        "Open Referral UK import and export",
    ]:
        assert link in convenor_page
        assert link not in host_page


def test_service_list_searches_by_text_and_need(place, member_client, refuge):
    ServiceFactory(place=place, name="Housing Options", description="Refuge places and advice.")
    client = member_client("practitioner")
    response = client.get(url("services", place), {"q": "refuge"})
    assert result_names(response) == ["Safe Haven Refuge", "Housing Options"]
    response = client.get(
        url("services", place), {"q": "refuge", "need": need("domestic-abuse").pk}
    )
    assert result_names(response) == ["Safe Haven Refuge"]
    assert "1 service found" in text_of(response)


def test_service_list_filters_by_sector_and_status(place, member_client):
    ServiceFactory(place=place, name="Fire Prevention", terms=[sector("fire")])
    ServiceFactory(place=place, name="Closed Fire Team", status="inactive", terms=[sector("fire")])
    client = member_client("host")
    response = client.get(url("services", place), {"sector": sector("fire").pk, "status": "active"})
    assert result_names(response) == ["Fire Prevention"]


def test_service_list_reports_a_bad_filter(place, member_client):
    response = member_client("host").get(url("services", place), {"need": "not-a-need"})
    assert "Select a need from the list" in text_of(response)


def test_service_list_pages_results(place, member_client):
    organisation = OrganizationFactory(place=place)
    for i in range(25):
        ServiceFactory(place=place, organization=organisation, name=f"Team {i:02d}")
    response = member_client("host").get(url("services", place), {"page": 2})
    assert result_names(response) == [f"Team {i:02d}" for i in range(20, 25)]
    assert "Page 2 of 2" in text_of(response)


def test_service_page_shows_what_who_how_contacts_where_and_when(place, member_client, refuge):
    page = text_of(member_client("practitioner").get(url("service", place, refuge.pk)))
    for expected in [
        "Safe Haven East London",
        "Emergency safe accommodation for women escaping domestic abuse.",
        "Women fleeing domestic abuse, with or without children.",
        "Ages 16 to any",
        "Call the refuge line; never send anyone to the address.",
        "refuge@safehaven.charity.example",
        "Amara Okonkwo",
        "Refuge Manager",
        "020 7946 0456",
        "9 Chapel Yard",
        "24 hours, every day",
        f"Last checked {timezone.localdate():%-d %B %Y}",
        "Domestic abuse",
    ]:
        assert expected in page


def test_service_page_shows_the_refuge_address_to_a_practitioner(place, member_client, refuge):
    page = text_of(member_client("practitioner").get(url("service", place, refuge.pk)))
    assert "14 Orchard Mews" in page
    assert "Confidential Do not share this address" in page


def test_service_page_hides_the_refuge_address_from_a_host(place, member_client, refuge):
    response = member_client("host").get(url("service", place, refuge.pk))
    page = text_of(response)
    assert "14 Orchard Mews" not in response.content.decode()
    assert "IG3 9ZX" not in response.content.decode()
    assert "9 Chapel Yard" in page
    assert "1 confidential address that your role cannot see" in page


def test_service_page_warns_when_not_checked_for_a_year(place, member_client):
    service = ServiceFactory(
        place=place, assured_date=timezone.localdate() - datetime.timedelta(days=400)
    )
    page = text_of(member_client("host").get(url("service", place, service.pk)))
    assert "more than 12 months ago" in page


def test_service_page_shows_the_history_of_changes(place, convenor, convenor_client, refuge):
    directory.update_service(service=refuge, actor=convenor, fields={"minimum_age": 18})
    directory.mark_checked(service=refuge, actor=convenor)
    page = text_of(convenor_client.get(url("service", place, refuge.pk)))
    assert "Marked as checked" in page
    assert "Details changed Youngest age it works with" in page
    assert convenor.email in page


def test_service_page_of_another_place_answers_404(place, other_place, member_client):
    foreign = ServiceFactory(place=other_place)
    response = member_client("convenor").get(url("service", place, foreign.pk))
    assert response.status_code == 404


def test_service_page_offers_editing_only_to_convenors(place, member_client, refuge):
    assert "Mark as checked today" not in text_of(
        member_client("practitioner").get(url("service", place, refuge.pk))
    )
    assert "Mark as checked today" in text_of(
        member_client("convenor").get(url("service", place, refuge.pk))
    )


def valid_service_form(**changes) -> dict:
    data = {
        "name": "Youth Justice Service",
        "alternate_name": "YOT",
        "status": "active",
        "description": "Works with children who offend.",
        "eligibility_description": "",
        "minimum_age": "10",
        "maximum_age": "17",
        "application_process": "Email the team.",
        "fees_description": "",
        "email": "yot@council.example",
        "url": "",
        "organization": "",
        "new_organization": "Redbridge Council",
        "sectors": [str(sector("youth-offending").pk)],
        "needs": [str(need("youth-offending").pk)],
    }
    data.update(changes)
    return data


def test_create_service_with_a_new_organisation(place, convenor_client):
    response = convenor_client.post(url("service_create", place), valid_service_form())
    service = Service.objects.get(name="Youth Justice Service")
    assert response.status_code == 302
    assert response["Location"] == url("service", place, service.pk)
    assert (service.place, service.organization.name, service.maximum_age) == (
        place,
        "Redbridge Council",
        17,
    )
    assert [t.name for t in directory.terms_of(service, "needs")] == [
        "Youth offending and exploitation"
    ]
    assert set(
        AuditEntry.objects.filter(action__startswith="directory.").values_list("action", flat=True)
    ) == {
        "directory.organization.created",
        "directory.service.created",
    }


def test_create_service_with_an_existing_organisation(place, convenor_client):
    council = OrganizationFactory(place=place, name="Redbridge Council")
    convenor_client.post(
        url("service_create", place),
        valid_service_form(organization=str(council.pk), new_organization=""),
    )
    assert Service.objects.get().organization == council
    assert Organization.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter the service's name"),
        ({"description": ""}, "description", "Enter what the service does"),
        ({"email": "yot@"}, "email", "Enter an email address in the correct format, like name@example.com"),  # noqa: E501
        ({"url": "not a web address"}, "url", "Enter a web address in the correct format, like https://www.example.com"),
        ({"minimum_age": "ten"}, "minimum_age", "Youngest age must be a whole number, like 16"),
        ({"minimum_age": "18", "maximum_age": "17"}, "maximum_age", "Oldest age must be the same as or more than the youngest age"),  # noqa: E501
        ({"maximum_age": "200"}, "maximum_age", "Enter an age of 120 or less"),
        ({"new_organization": ""}, "organization", "Choose the organisation that runs the service, or add a new one"),  # noqa: E501
        ({"sectors": []}, "sectors", "Select at least one sector"),
        ({"status": ""}, "status", "Select the service's status"),
    ],
)  # fmt: skip
def test_create_service_refuses_bad_input_with_a_gov_uk_message(
    place, convenor_client, changes, field, message
):
    response = convenor_client.post(url("service_create", place), valid_service_form(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    page = text_of(response)
    assert "There is a problem" in page and message in page
    assert Service.objects.count() == 0


def test_create_service_refuses_an_organisation_both_chosen_and_new(place, convenor_client):
    council = OrganizationFactory(place=place, name="Redbridge Council")
    response = convenor_client.post(
        url("service_create", place), valid_service_form(organization=str(council.pk))
    )
    assert response.context["form"].errors["new_organization"] == [
        "Choose an organisation or add a new one, not both"
    ]


def test_create_service_refuses_an_organisation_of_another_place(
    place, other_place, convenor_client
):
    foreign = OrganizationFactory(place=other_place)
    response = convenor_client.post(
        url("service_create", place),
        valid_service_form(organization=str(foreign.pk), new_organization=""),
    )
    assert "organization" in response.context["form"].errors
    assert Service.objects.count() == 0


def test_edit_service_saves_and_logs_the_change(place, convenor_client):
    council = OrganizationFactory(place=place, name="Redbridge Council")
    service = ServiceFactory(
        place=place, organization=council, name="YOT", terms=[sector("youth-offending")]
    )
    response = convenor_client.post(
        url("service_edit", place, service.pk),
        valid_service_form(organization=str(council.pk), new_organization=""),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Youth Justice Service"
    entry = AuditEntry.objects.get(action="directory.service.updated")
    assert entry.data["changed"]["name"] == ["YOT", "Youth Justice Service"]


def test_edit_service_form_shows_the_current_values(place, convenor_client):
    service = ServiceFactory(place=place, name="MASH", terms=[sector("child-protection")])
    form = convenor_client.get(url("service_edit", place, service.pk)).context["form"]
    assert form["name"].value() == "MASH"
    assert [t.pk for t in form.initial["sectors"]] == [sector("child-protection").pk]


def test_mark_as_checked_sets_today_and_returns_to_the_service(place, convenor_client):
    service = ServiceFactory(place=place, assured_date=None)
    response = convenor_client.post(url("service_check", place, service.pk))
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()
    assert response["Location"] == url("service", place, service.pk)
    assert AuditEntry.objects.filter(action="directory.service.checked").count() == 1


def test_mark_as_checked_returns_to_the_coverage_page_but_never_offsite(place, convenor_client):
    service = ServiceFactory(place=place)
    coverage = url("coverage", place) + "#not-checked"
    response = convenor_client.post(url("service_check", place, service.pk), {"next": coverage})
    assert response["Location"] == coverage
    response = convenor_client.post(
        url("service_check", place, service.pk), {"next": "https://evil.example/"}
    )
    assert response["Location"] == url("service", place, service.pk)


def test_mark_as_checked_refuses_get(place, convenor_client):
    service = ServiceFactory(place=place)
    assert convenor_client.get(url("service_check", place, service.pk)).status_code == 405


def test_add_contact_saves_the_person_and_their_phone(place, convenor_client):
    service = ServiceFactory(place=place)
    response = convenor_client.post(
        url("contact_create", place, service.pk),
        {"name": "Kwame Mensah", "title": "Team Manager", "department": "", "email": "K.Mensah@Council.Example", "phone": "07700900321"},  # noqa: E501
    )  # fmt: skip
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.name, contact.email, contact.service) == (
        "Kwame Mensah",
        "k.mensah@council.example",
        service,
    )
    assert [p.number for p in contact.phones.all()] == ["07700 900321"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "email": "a@council.example"}, "name", "Enter the contact's full name"),
        ({"name": "A Person", "email": "not-an-email"}, "email", "Enter an email address in the correct format, like name@example.com"),  # noqa: E501
        ({"name": "A Person", "phone": "12"}, "phone", "Enter a telephone number, like 020 7946 0000, 07700 900 982 or +44 808 157 0192"),  # noqa: E501
        ({"name": "A Person"}, "email", "Enter a work email address or a phone number"),
    ],
)  # fmt: skip
def test_add_contact_refuses_bad_input(place, convenor_client, data, field, message):
    service = ServiceFactory(place=place)
    response = convenor_client.post(url("contact_create", place, service.pk), data)
    assert response.context["form"].errors[field] == [message]
    assert Contact.objects.count() == 0


def test_edit_contact_changes_the_phone(place, convenor_client):
    contact = ContactFactory(service=ServiceFactory(place=place))
    PhoneFactory(contact=contact, number="020 7946 0001")
    form = convenor_client.get(url("contact_edit", place, contact.service.pk, contact.pk)).context[
        "form"
    ]
    assert form["phone"].value() == "020 7946 0001"
    convenor_client.post(
        url("contact_edit", place, contact.service.pk, contact.pk),
        {"name": contact.name, "email": contact.email, "phone": "020 7946 0002"},
    )
    assert [p.number for p in contact.phones.all()] == ["020 7946 0002"]


def test_remove_contact_asks_then_removes(place, convenor_client):
    contact = ContactFactory(service=ServiceFactory(place=place), name="Leyla Demir")
    path = url("contact_delete", place, contact.service.pk, contact.pk)
    assert "Remove Leyla Demir?" in text_of(convenor_client.get(path))
    convenor_client.post(path)
    assert Contact.objects.count() == 0


def test_contact_of_another_service_answers_404(place, convenor_client):
    contact = ContactFactory(service=ServiceFactory(place=place))
    other = ServiceFactory(place=place)
    response = convenor_client.get(url("contact_edit", place, other.pk, contact.pk))
    assert response.status_code == 404


def test_edit_organisation_renames_it(place, convenor_client):
    organisation = OrganizationFactory(place=place, name="LBR")
    service = ServiceFactory(place=place, organization=organisation)
    response = convenor_client.post(
        url("organization_edit", place, organisation.pk) + f"?service={service.pk}",
        {"name": "Redbridge Council", "alternate_name": "LBR", "description": "", "email": "", "website": ""},  # noqa: E501
    )  # fmt: skip
    organisation.refresh_from_db()
    assert organisation.name == "Redbridge Council"
    assert response["Location"] == url("service", place, service.pk)
    assert AuditEntry.objects.filter(action="directory.organization.updated").count() == 1


def test_edit_organisation_refuses_a_duplicate_name(place, convenor_client):
    OrganizationFactory(place=place, name="Redbridge Council")
    organisation = OrganizationFactory(place=place, name="LBR")
    response = convenor_client.post(
        url("organization_edit", place, organisation.pk), {"name": "redbridge council"}
    )
    assert response.context["form"].errors["name"] == [
        "redbridge council is already in the directory"
    ]


def test_coverage_page_shows_gaps(place, member_client):
    today = timezone.localdate()
    ServiceFactory(
        place=place, name="Housing Options", assured_date=today, terms=[sector("housing")]
    )
    ContactFactory(
        service=ServiceFactory(
            place=place,
            name="Old MASH",
            assured_date=today - datetime.timedelta(days=500),
            terms=[sector("child-protection")],
        ),
        name="Ruth Abrahams",
    )
    page = text_of(member_client("strategist").get(url("coverage", place)))
    assert "Sectors with no active service 18" in page
    assert "Housing Options" in page and "No named contact" in page
    assert "Old MASH" in page and "Ruth Abrahams" in page
    assert "Not checked for 12 months" in page


def test_dashboard_shows_the_directory_panel(place, member_client):
    ServiceFactory(place=place, terms=[sector("housing")])
    page = text_of(member_client("practitioner").get(reverse("place_home", args=[place.slug])))
    assert "1 active services" in page
    assert "19 sectors with no active service" in page
