"""Building the list: from the directory, by email, from a spreadsheet; coverage."""

from joinedup.core.models import AuditEntry
from joinedup.events import invitations
from joinedup.events.turnout import event_forecast
from tests.directory.factories import ContactFactory, ServiceFactory, need, sector


def _team(place, code, *, need_code=None, people=2):
    terms = [sector(code)] + ([need(need_code)] if need_code else [])
    service = ServiceFactory(place=place, terms=terms, name=f"{code} team")
    return service, [ContactFactory(service=service) for _ in range(people)]


def test_find_contacts_by_sector_team_and_need(place):
    housing, housing_people = _team(place, "housing", need_code="homelessness")
    _, police_people = _team(place, "police")
    _team(place, "schools")

    by_sector = invitations.find_contacts(place, sectors=[sector("police")])
    by_team = invitations.find_contacts(place, teams=[housing])
    by_need = invitations.find_contacts(place, needs=[need("homelessness")])
    both = invitations.find_contacts(place, sectors=[sector("police")], teams=[housing])

    assert set(by_sector) == set(police_people)
    assert set(by_team) == set(housing_people)
    assert set(by_need) == set(housing_people)
    assert set(both) == set(police_people + housing_people)


def test_find_contacts_leaves_out_people_without_email_and_other_places(place, other_place):
    service, people = _team(place, "housing", people=1)
    ContactFactory(service=service, email="")
    _team(other_place, "housing")

    assert list(invitations.find_contacts(place)) == people


def test_invite_contacts_takes_a_snapshot_and_never_invites_twice(event, convenor):
    _, people = _team(event.place, "police")

    first = invitations.invite_contacts(event=event, contacts=people, actor=convenor)
    second = invitations.invite_contacts(event=event, contacts=people, actor=convenor)

    assert (first, second) == ((2, 0), (0, 2))
    invitation = event.invitations.get(email=people[0].email)
    assert (invitation.sector, invitation.sector_name, invitation.tier, invitation.team) == (
        "police",
        "Police",
        "frontline",
        "police team",
    )
    assert invitation.contact == people[0]
    assert len(invitation.checkin_code) == 8
    assert AuditEntry.objects.filter(action="events.invitation.created").count() == 2


def test_invite_by_email_links_a_directory_contact_with_that_address(event, convenor):
    _, (person,) = _team(event.place, "schools", people=1)

    invitation, created = invitations.invite_by_email(
        event=event, actor=convenor, email=person.email.upper(), name=""
    )

    assert created
    assert (invitation.contact, invitation.sector, invitation.email) == (
        person,
        "schools",
        person.email,
    )


def test_invite_by_email_unknown_person_keeps_given_details(event, convenor):
    invitation, _ = invitations.invite_by_email(
        event=event,
        actor=convenor,
        email="Ann@Charity.example",
        name="Ann Other",
        organisation="Ilford Food Bank",
        sector=sector("housing"),
    )

    assert (invitation.email, invitation.name, invitation.organisation, invitation.sector) == (
        "ann@charity.example",
        "Ann Other",
        "Ilford Food Bank",
        "housing",
    )


def test_import_invitees_csv_adds_everyone(event, convenor):
    data = (
        b"Name,Email,Organisation,Sector\n"
        b"Ann Other,ann@charity.example,Food Bank,Housing\n"
        b"Bob Smith,bob@police.example,Met Police,Police\n"
    )

    result = invitations.import_invitees(
        event=event, data=data, filename="list.csv", actor=convenor
    )

    assert (result.added, result.existing, result.problems) == (2, 0, [])
    assert sorted(event.invitations.values_list("email", "sector")) == [
        ("ann@charity.example", "housing"),
        ("bob@police.example", "police"),
    ]


def test_import_invitees_with_a_bad_row_adds_nobody_and_says_where(event, convenor):
    data = b"Name,Email\nAnn Other,ann@charity.example\nBob Smith,bob at police\nCat,\n"

    result = invitations.import_invitees(
        event=event, data=data, filename="list.csv", actor=convenor
    )

    assert result.problems == [
        (3, "Enter an email address in the correct format, like name@example.com"),
        (4, "Enter an email address"),
    ]
    assert event.invitations.count() == 0


def test_coverage_warns_of_sectors_with_nobody_invited(event, convenor):
    _, people = _team(event.place, "police")
    invitations.invite_contacts(event=event, contacts=people, actor=convenor)

    forecast = event_forecast(event)

    police = next(r for r in forecast.rows if r.code == "police")
    assert (police.invited, police.missing) == (2, False)
    assert "Police" not in [r.name for r in forecast.missing]
    assert "Housing" in [r.name for r in forecast.missing]
    assert len(forecast.missing) == 19  # every other expected sector
