"""Reminders go to the chosen group, once, now or when due."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from joinedup.core.models import OutboxMessage
from joinedup.events import reminders
from joinedup.events.models import Invitation, Reminder
from tests.events.factories import InvitationFactory


def _people(event):
    now = timezone.now()
    return {
        "pending": InvitationFactory(event=event, sent_at=now),
        "accepted": InvitationFactory(event=event, sent_at=now, status=Invitation.Status.ACCEPTED),
        "declined": InvitationFactory(event=event, sent_at=now, status=Invitation.Status.DECLINED),
        "waiting": InvitationFactory(event=event, sent_at=now, status=Invitation.Status.WAITING),
        "unsent": InvitationFactory(event=event),
        "walk_in": InvitationFactory(event=event, walk_in=True, status=Invitation.Status.ATTENDED),
    }


def test_reminder_to_no_reply_goes_only_to_people_who_have_not_replied(event, convenor):
    people = _people(event)
    reminder = reminders.schedule_reminder(event=event, actor=convenor, group="no_reply")

    result = reminders.send_reminder(reminder.pk)

    assert result == {"sent": 1, "people": 1}
    message = OutboxMessage.objects.get()
    assert message.to == [people["pending"].email]
    assert message.subject.startswith("Reminder: please reply")
    assert f"/rsvp/{event.pk}/" in message.body_text


def test_reminder_to_accepted_carries_the_check_in_code(event, convenor):
    people = _people(event)
    reminder = reminders.schedule_reminder(
        event=event, actor=convenor, group="accepted", message="Bring your badge."
    )

    reminders.send_reminder(reminder.pk)

    message = OutboxMessage.objects.get()
    assert message.to == [people["accepted"].email]
    assert people["accepted"].checkin_code[:4] in message.body_text
    assert "Bring your badge." in message.body_text
    assert message.attachments == [{"filename": "check-in-code.png", "content_type": "image/png"}]


def test_reminder_sent_twice_reaches_each_person_once(event, convenor):
    _people(event)
    reminder = reminders.schedule_reminder(event=event, actor=convenor, group="no_reply")

    reminders.send_reminder(reminder.pk)
    second = reminders.send_reminder(reminder.pk)

    assert second == {"sent": 0, "people": 1}
    assert OutboxMessage.objects.count() == 1


def test_send_due_reminders_sends_due_ones_once_and_leaves_future_ones(event, convenor):
    _people(event)
    now = timezone.now()
    due = reminders.schedule_reminder(
        event=event, actor=convenor, group="no_reply", send_at=now - datetime.timedelta(minutes=1)
    )
    later = reminders.schedule_reminder(
        event=event, actor=convenor, group="accepted", send_at=now + datetime.timedelta(days=1)
    )

    call_command("send_due_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_due_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.sent_at is not None, due.recipients, later.started_at) == (True, 1, None)
    assert OutboxMessage.objects.count() == 1


def test_reminder_now_is_not_picked_up_again_by_the_schedule(
    event, convenor, django_capture_on_commit_callbacks
):
    _people(event)
    reminder = reminders.schedule_reminder(event=event, actor=convenor, group="no_reply")
    with django_capture_on_commit_callbacks(execute=True):
        reminders.start_reminder(reminder=reminder, actor=convenor)

    assert reminders.send_due_reminders() == []
    assert Reminder.objects.get().recipients == 1
    assert OutboxMessage.objects.count() == 1
