"""Contacts without an email (issue 17 item 4): counted in the list builder, invited by phone or
post, their answer recorded by a convenor on their behalf (audited), phones on the list."""

import datetime

import pytest
from django.utils import timezone

from joinedup.core.models import AuditEntry, OutboxMessage
from joinedup.events import invitations, reminders, rsvp, sending
from joinedup.events.models import Invitation, Reminder
from tests.directory.factories import ContactFactory, PhoneFactory, ServiceFactory, sector
from tests.events.factories import InvitationFactory


def _housing(place):
    return ServiceFactory(place=place, terms=[sector("housing")], name="Housing Options")


def test_find_contacts_without_email_only_or_everyone(place):
    team = _housing(place)
    with_email = ContactFactory(service=team, name="Amara Okafor")
    no_email = ContactFactory(service=team, name="Bill Tanner", email="")

    assert list(invitations.find_contacts(place)) == [with_email]
    assert list(invitations.find_contacts(place, with_email=False)) == [no_email]
    assert list(invitations.find_contacts(place, with_email=None)) == [with_email, no_email]


def test_candidates_without_email_carry_phone_and_channel(event):
    team = _housing(event.place)
    by_phone = ContactFactory(service=team, name="Bill Tanner", email="")
    PhoneFactory(contact=by_phone, number="020 7946 0123")
    team_phone = ContactFactory(service=team, name="Cora Lee", email="")
    by_post = ContactFactory(
        service=ServiceFactory(place=event.place, name="Youth Offending"), name="Dev Shah", email=""
    )
    found = invitations.find_contacts(event.place, with_email=False)

    rows = invitations.candidates_for(event, found)

    # Cora has no number of her own and her team has none either: post.
    assert [(c.contact.name, c.phone, c.channel) for c in rows] == [
        ("Bill Tanner", "020 7946 0123", "phone"),
        ("Cora Lee", "", "post"),
        ("Dev Shah", "", "post"),
    ]
    assert by_post in [c.contact for c in rows] and team_phone in [c.contact for c in rows]


def test_a_contact_without_a_number_takes_the_team_phone(event):
    team = _housing(event.place)
    PhoneFactory(contact=None, service=team, place=event.place, number="020 7946 0555")
    person = ContactFactory(service=team, name="Cora Lee", email="")

    (candidate,) = invitations.candidates_for(
        event, invitations.find_contacts(event.place, with_email=False)
    )

    assert (candidate.contact, candidate.phone, candidate.channel) == (
        person,
        "020 7946 0555",
        "phone",
    )


def test_invite_contacts_without_email_by_phone_or_post_once(event, convenor):
    team = _housing(event.place)
    by_phone = ContactFactory(service=team, name="Bill Tanner", email="")
    PhoneFactory(contact=by_phone, number="07700 900123")
    by_post = ContactFactory(service=team, name="Dev Shah", email="")

    first = invitations.invite_contacts(event=event, contacts=[by_phone, by_post], actor=convenor)
    second = invitations.invite_contacts(event=event, contacts=[by_phone, by_post], actor=convenor)

    assert (first, second) == ((2, 0), (0, 2))
    rows = sorted(event.invitations.values_list("name", "email", "phone", "channel", "sector"))
    assert rows == [
        ("Bill Tanner", "", "07700 900123", "phone", "housing"),
        ("Dev Shah", "", "", "post", "housing"),
    ]
    entries = AuditEntry.objects.filter(action="events.invitation.created")
    assert sorted(e.data["channel"] for e in entries) == ["phone", "post"]


def test_phone_and_post_invitations_are_never_emailed_or_reminded(event, convenor):
    by_email = InvitationFactory(event=event, email="amara@council.example")
    by_phone = InvitationFactory(event=event, email="", phone="07700 900123", channel="phone")
    by_post = InvitationFactory(
        event=event, email="", channel="post", sent_at=timezone.now(), status="accepted"
    )

    assert list(sending.unsent(event)) == [by_email]
    assert sending.send_invitation(by_phone.pk) is False
    reminder = Reminder(event=event, group=Reminder.Group.ACCEPTED)
    assert by_post not in reminders.recipients(reminder)
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("choice", "capacity", "status"),
    [("accept", None, "accepted"), ("decline", None, "declined"), ("accept", 0, "waiting")],
)
def test_answer_taken_by_phone_is_recorded_and_audited(event, convenor, choice, capacity, status):
    event.capacity = capacity
    event.save()
    invitation = InvitationFactory(event=event, email="", phone="07700 900123", channel="phone")
    when = timezone.make_aware(datetime.datetime(2026, 3, 2, 14, 5))

    outcome = rsvp.record_answer_by_phone(
        invitation=invitation,
        choice=choice,
        actor=convenor,
        access_needs=" Step-free access ",
        dietary="Vegetarian",
        now=when,
    )

    invitation.refresh_from_db()
    assert outcome.invitation.status == status
    assert (invitation.status, invitation.answer_taken_by, invitation.access_needs) == (
        status,
        convenor,
        "Step-free access",
    )
    assert (invitation.responded_at, invitation.sent_at) == (when, when)
    entry = AuditEntry.objects.get(action=f"events.rsvp.{status}")
    assert (entry.actor, entry.data["by"], entry.data["from"], entry.data["to"]) == (
        convenor,
        "phone",
        "pending",
        status,
    )
    # No email address: nothing is sent, the convenor tells them on the phone.
    assert OutboxMessage.objects.count() == 0


def test_answer_by_phone_for_someone_with_email_sends_their_confirmation(event, convenor):
    invitation = InvitationFactory(event=event, email="amara@council.example")

    rsvp.record_answer_by_phone(invitation=invitation, choice="accept", actor=convenor)

    assert list(OutboxMessage.objects.values_list("to", flat=True)) == [["amara@council.example"]]


@pytest.mark.parametrize(
    ("fields", "choice", "message"),
    [
        ({}, "nominate", "Select whether they accepted or declined"),
        ({"status": "attended"}, "decline", "The event has happened"),
        ({"review": "held"}, "accept", "Approve the nomination before you record an answer"),
    ],
)
def test_answer_by_phone_refused(event, convenor, fields, choice, message):
    invitation = InvitationFactory(event=event, **fields)

    with pytest.raises(rsvp.PhoneAnswerRefused) as error:
        rsvp.record_answer_by_phone(invitation=invitation, choice=choice, actor=convenor)

    assert str(error.value).startswith(message)
    invitation.refresh_from_db()
    assert invitation.answer_taken_by is None


def test_answer_by_phone_after_answers_close_is_refused(event, convenor):
    event.rsvp_closes_at = timezone.make_aware(datetime.datetime(2026, 1, 10, 17, 0))
    event.save()
    invitation = InvitationFactory(event=event)

    with pytest.raises(rsvp.PhoneAnswerRefused) as error:
        rsvp.record_answer_by_phone(
            invitation=invitation,
            choice="accept",
            actor=convenor,
            now=timezone.make_aware(datetime.datetime(2026, 1, 11, 9, 0)),
        )

    assert str(error.value) == "Answers to this invitation closed on 10 January 2026 at 17:00"
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"


def test_list_builder_counts_people_without_email(convenor_client, event):
    team = _housing(event.place)
    ContactFactory(service=team, name="Amara Okafor")
    for name in ("Bill Tanner", "Dev Shah"):
        PhoneFactory(contact=ContactFactory(service=team, name=name, email=""))
    url = f"/p/{event.place.slug}/events/{event.pk}/invitations/directory/?text="

    response = convenor_client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 people have no email address" in html
    assert "Bill Tanner" in html and "By phone: 020 7946 0" in html


def test_phone_answer_page_records_the_answer(convenor_client, event, convenor):
    invitation = InvitationFactory(
        event=event, name="Bill Tanner", email="", phone="07700 900123", channel="phone"
    )
    url = f"/p/{event.place.slug}/events/{event.pk}/invitations/{invitation.pk}/answer-by-phone/"

    empty = convenor_client.post(url, {})
    done = convenor_client.post(url, {"answer": "accept", "access_needs": "", "dietary": ""})

    assert "Select whether they will come" in empty.content.decode()
    assert done.status_code == 302
    page = convenor_client.get(done.url).content.decode()
    assert "taken by phone by" in page and "07700 900123" in page
    listing = convenor_client.get(f"/p/{event.place.slug}/events/{event.pk}/invitations/")
    assert "Phone 07700 900123" in listing.content.decode()
