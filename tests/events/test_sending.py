"""Sending invitations: one email each, with an .ics and a personal link, never twice."""

import hashlib
import re

from icalendar import Calendar

from joinedup.core.models import AuditEntry, Job, OutboxMessage
from joinedup.events import sending
from joinedup.events.models import AccessToken, Event, Invitation
from joinedup.events.sending import send_invitations_step
from tests.events.factories import EventFactory, InvitationFactory

LINK = re.compile(r"/rsvp/(\d+)/([A-Za-z0-9_-]{43})/")


def _send(event, django_capture_on_commit_callbacks, actor=None) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = sending.start_sending(event=event, actor=actor)
    job.refresh_from_db()
    return job


def test_send_job_sends_each_invitation_once_even_when_run_twice(
    event, convenor, django_capture_on_commit_callbacks
):
    InvitationFactory.create_batch(30, event=event)
    job = _send(event, django_capture_on_commit_callbacks, convenor)

    # A retried task (the same job, the same arguments) finds nothing left to do.
    send_invitations_step.call(job_id=str(job.pk), event_id=event.pk, up_to=10**9)

    assert OutboxMessage.objects.count() == 30
    assert sorted(m.to[0] for m in OutboxMessage.objects.all()) == sorted(
        event.invitations.values_list("email", flat=True)
    )
    assert (job.status, job.done, job.total) == ("done", 30, 30)
    assert AccessToken.objects.count() == 30
    assert AuditEntry.objects.filter(action="events.invitation.sent").count() == 30


def test_start_sending_opens_invitations_of_a_draft_event(
    place, convenor, django_capture_on_commit_callbacks
):
    event = EventFactory(place=place, status=Event.Status.DRAFT)
    InvitationFactory(event=event)

    _send(event, django_capture_on_commit_callbacks, convenor)

    event.refresh_from_db()
    assert event.status == Event.Status.INVITATIONS_OPEN
    entry = AuditEntry.objects.get(action="events.event.status_changed")
    assert (entry.actor, entry.target_id, entry.data) == (
        convenor,
        str(event.pk),
        {"from": "draft", "to": "invitations_open", "no_shows": 0},
    )


def test_start_sending_leaves_the_status_of_an_open_event_alone(
    place, convenor, django_capture_on_commit_callbacks
):
    event = EventFactory(place=place, status=Event.Status.CLOSED)
    InvitationFactory(event=event)

    _send(event, django_capture_on_commit_callbacks, convenor)

    event.refresh_from_db()
    assert event.status == Event.Status.CLOSED
    assert not AuditEntry.objects.filter(action="events.event.status_changed").exists()


def test_send_invitation_skips_walk_ins_and_sent_ones(event):
    walk_in = InvitationFactory(event=event, walk_in=True)
    invitation = InvitationFactory(event=event)

    assert sending.send_invitation(invitation.pk) is True
    assert sending.send_invitation(invitation.pk) is False
    assert sending.send_invitation(walk_in.pk) is False
    assert OutboxMessage.objects.count() == 1


def test_invitation_email_has_text_html_ics_and_a_personal_link_stored_only_as_a_hash(event):
    invitation = InvitationFactory(event=event, name="Ann Other")

    sending.send_invitation(invitation.pk)

    message = OutboxMessage.objects.get()
    assert message.subject == f"Invitation: {event.title}, {event.date:%-d %B %Y}"
    assert "Dear Ann Other" in message.body_text
    assert "Reply to this invitation" in message.body_html
    assert message.attachments == [{"filename": "invitation.ics", "content_type": "text/calendar"}]
    event_id, token = LINK.search(message.body_text).groups()
    assert int(event_id) == event.pk
    stored = AccessToken.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (stored.purpose, stored.invitation, stored.expires_at) == (
        "rsvp",
        invitation,
        event.ends,
    )
    assert token not in str(list(AuditEntry.objects.values_list("data", flat=True)))
    raw = bytes(message.raw)
    calendar = Calendar.from_ical(
        raw[raw.index(b"BEGIN:VCALENDAR") : raw.index(b"END:VCALENDAR") + 13]
    )
    (entry,) = calendar.walk("VEVENT")
    assert (str(entry["summary"]), entry.decoded("dtstart"), entry.decoded("dtend")) == (
        event.title,
        event.starts,
        event.ends,
    )


def test_only_invitations_listed_at_confirmation_are_sent(
    event, convenor, django_capture_on_commit_callbacks
):
    first = InvitationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = sending.start_sending(event=event, actor=convenor)
    later = InvitationFactory(event=event)  # added while the job waited in the queue
    for callback in callbacks:
        callback()

    first.refresh_from_db()
    later.refresh_from_db()
    assert (first.sent_at is not None, later.sent_at) == (True, None)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


def test_delivery_summary_counts_outbox_statuses(event):
    InvitationFactory.create_batch(2, event=event)
    for invitation in Invitation.objects.all():
        sending.send_invitation(invitation.pk)

    assert sending.delivery_summary(event)["kept"] == 2
