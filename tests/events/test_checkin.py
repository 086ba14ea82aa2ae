"""Check-in by code and by name, walk-ins, and the pages hosts use on the day."""

from django.utils import timezone

from joinedup.core.models import AuditEntry
from joinedup.events import checkin, sending
from joinedup.events.models import Invitation
from joinedup.events.tokens import display_code
from joinedup.followup import feedback
from tests.directory.factories import sector
from tests.events.factories import InvitationFactory


def test_check_in_by_typed_code_with_dash_and_lower_case(event, convenor):
    person = InvitationFactory(event=event, status=Invitation.Status.ACCEPTED)
    InvitationFactory(event=event, status=Invitation.Status.ACCEPTED)
    typed = display_code(person.checkin_code).lower()

    (found,) = checkin.search(event, typed)
    arrived = checkin.check_in(invitation=found, actor=convenor)
    again = checkin.check_in(invitation=found, actor=convenor)

    person.refresh_from_db()
    assert (arrived, again, person.status) == (True, False, "attended")
    assert person.checked_in_at is not None
    assert AuditEntry.objects.filter(action="events.checkin.arrived").count() == 1


def test_search_by_name_words(event):
    ann = InvitationFactory(event=event, name="Ann Other", status="accepted")
    InvitationFactory(event=event, name="Bob Smith", status="accepted")

    assert checkin.search(event, "ann oth") == [ann]


def test_walk_in_is_added_checked_in(event, convenor):
    invitation, created = checkin.add_walk_in(
        event=event,
        actor=convenor,
        name="Dee Walker",
        email="dee@charity.example",
        organisation="Food bank",
        sector=sector("housing"),
    )

    assert created
    assert (invitation.walk_in, invitation.status, invitation.sector) == (
        True,
        "attended",
        "housing",
    )
    assert invitation.checked_in_at is not None
    assert invitation.sent_at is None


def test_walk_in_already_on_the_list_is_checked_in_instead(event, convenor):
    person = InvitationFactory(event=event, email="ann@council.example", status="accepted")

    invitation, created = checkin.add_walk_in(
        event=event, actor=convenor, name="Ann", email="ANN@council.example"
    )

    assert (created, invitation.pk, invitation.status) == (False, person.pk, "attended")


def test_undo_check_in(event, convenor):
    person = InvitationFactory(event=event, status="accepted")
    checkin.check_in(invitation=person, actor=convenor)

    checkin.undo_check_in(invitation=person, actor=convenor)

    person.refresh_from_db()
    assert (person.status, person.checked_in_at) == ("accepted", None)


def test_qr_code_holds_the_check_in_page_with_the_code(event):
    person = InvitationFactory(event=event)

    assert sending.checkin_url(person).endswith(
        f"/p/{event.place.slug}/events/{event.pk}/check-in/?q={person.checkin_code}"
    )
    assert sending.qr_png(person).startswith(b"\x89PNG")


def test_check_in_page_by_scanned_code_then_post(client, event, make_member):
    host = make_member(event.place, "host")
    client.force_login(host)
    person = InvitationFactory(event=event, name="Ann Other", status="accepted")
    url = f"/p/{event.place.slug}/events/{event.pk}/check-in/"

    page = client.get(url, {"q": person.checkin_code})
    response = client.post(f"{url}{person.pk}/", {"q": person.checkin_code})

    assert "Ann Other" in page.text
    assert 'Check in<span class="govuk-visually-hidden"> Ann Other' in page.text
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == "attended"
    assert "Arrived" in client.get(url, {"q": "Ann"}).text


def test_walk_in_page_adds_and_checks_in(client, event, make_member):
    client.force_login(make_member(event.place, "host"))

    response = client.post(
        f"/p/{event.place.slug}/events/{event.pk}/check-in/walk-in/",
        {"name": "Dee Walker", "email": "dee@charity.example"},
    )

    assert response.status_code == 302
    assert event.invitations.get().walk_in is True


def test_walk_in_page_needs_a_name(client, event, make_member):
    client.force_login(make_member(event.place, "host"))

    response = client.post(f"/p/{event.place.slug}/events/{event.pk}/check-in/walk-in/", {})

    assert "Enter the person&#x27;s full name" in response.text
    assert "Enter an email address" not in response.text
    assert "Email address (optional)</label>" in response.text
    assert event.invitations.count() == 0


def test_walk_in_page_without_an_email_adds_and_checks_in(client, event, make_member):
    client.force_login(make_member(event.place, "host"))
    url = f"/p/{event.place.slug}/events/{event.pk}/check-in/walk-in/"

    first = client.post(url, {"name": "Dee Walker", "email": ""})
    second = client.post(url, {"name": "Eve Walker", "email": ""})

    assert (first.status_code, second.status_code) == (302, 302)
    assert list(event.invitations.values_list("name", "email", "status", "walk_in")) == [
        ("Dee Walker", "", "attended", True),
        ("Eve Walker", "", "attended", True),
    ]


def test_walk_in_page_with_a_bad_email_says_so(client, event, make_member):
    client.force_login(make_member(event.place, "host"))

    response = client.post(
        f"/p/{event.place.slug}/events/{event.pk}/check-in/walk-in/",
        {"name": "Dee Walker", "email": "dee at charity"},
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert event.invitations.count() == 0


def test_walk_ins_without_email_are_two_people_and_not_asked_for_feedback(event, convenor):
    first, first_new = checkin.add_walk_in(event=event, actor=convenor, name="Dee Walker")
    second, second_new = checkin.add_walk_in(event=event, actor=convenor, name="Eve Walker")
    with_email = InvitationFactory(event=event, status="attended")

    assert (first_new, second_new, first.pk != second.pk) == (True, True, True)
    assert list(feedback.recipients(event)) == [with_email]


def test_check_in_page_warns_when_today_is_not_the_events_day(client, event, make_member):
    client.force_login(make_member(event.place, "host"))
    url = f"/p/{event.place.slug}/events/{event.pk}/check-in/"

    months_before = client.get(url).text
    event.date = timezone.localdate()
    event.save()
    on_the_day = client.get(url).text

    assert "Today is not the day of this event: it is on " in months_before
    assert 'class="govuk-warning-text"' in months_before
    assert "Today is not the day of this event" not in on_the_day


def test_printable_list_shows_expected_people_with_codes(client, event, make_member):
    client.force_login(make_member(event.place, "host"))
    coming = InvitationFactory(event=event, name="Ann Other", status="accepted")
    InvitationFactory(event=event, name="Bob Declined", status="declined")

    page = client.get(f"/p/{event.place.slug}/events/{event.pk}/check-in/print/")

    assert display_code(coming.checkin_code) in page.text
    assert "Bob Declined" not in page.text
    assert timezone.now()  # the list is dated by the event, not the printer
