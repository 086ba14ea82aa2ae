"""Reminders to a group of invitees (no reply yet, or accepted): now, or when they fall due.

`python -m joinedup send_due_reminders` sends the ones that are due; run it from cron or a
systemd timer every few minutes. It also passes on the places of lapsed waiting-list offers.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from joinedup.core.audit import log_action
from joinedup.core.jobs import run_job, start_job
from joinedup.core.mail import send_email
from joinedup.core.models import OutboxMessage
from joinedup.events import sending
from joinedup.events.models import AccessToken, Event, Invitation, Reminder
from joinedup.events.tokens import issue_token

logger = logging.getLogger(__name__)


def recipients(reminder: Reminder):
    """The people a reminder goes to, as the list stands when it is sent."""
    # Only invitations sent by email: people invited by phone or post get a call instead.
    invitations = reminder.event.invitations.filter(sent_at__isnull=False, walk_in=False).exclude(
        email=""
    )
    if reminder.group == Reminder.Group.NO_REPLY:
        return invitations.filter(status=Invitation.Status.PENDING)
    return invitations.filter(status=Invitation.Status.ACCEPTED)


@transaction.atomic
def schedule_reminder(
    *, event: Event, actor, group: str, send_at=None, message: str = ""
) -> Reminder:
    """Create a reminder to send at a time; with no time it is claimed for sending now (by
    start_reminder), so the scheduled run does not pick it up as well."""
    now = timezone.now()
    reminder = Reminder.objects.create(
        started_at=None if send_at else now,
        event=event,
        place=event.place,
        group=group,
        send_at=send_at or now,
        message=message.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action(
        "events.reminder.scheduled",
        actor=actor,
        target=event,
        data={"reminder": reminder.pk, "group": group, "send_at": reminder.send_at.isoformat()},
    )
    return reminder


def start_reminder(*, reminder: Reminder, actor):
    """Send a reminder now as a background job with progress."""
    count = recipients(reminder).count()
    return start_job(
        place=reminder.place,
        user=actor,
        kind="events.send_reminder",
        title=f"Reminding {count} {'person' if count == 1 else 'people'} "
        f"about {reminder.event.title}",
        task=send_reminder_task,
        reminder_id=reminder.pk,
    )


def _send_one(reminder: Reminder, invitation: Invitation) -> bool:
    """Send the reminder to one person once; a new personal link goes with it."""
    key = f"reminder:{reminder.pk}:{invitation.pk}"
    with transaction.atomic():
        if OutboxMessage.objects.filter(key=key).exists():
            return False
        raw, _ = issue_token(
            invitation=invitation,
            purpose=AccessToken.Purpose.RSVP,
            expires_at=invitation.event.ends,
        )
        link = sending.rsvp_url(invitation.event_id, raw)
        name = (
            "reminder_accepted"
            if reminder.group == Reminder.Group.ACCEPTED
            else "reminder_no_reply"
        )
        subject, text, html = sending.render_email(
            name, sending._context(invitation, link=link, note=reminder.message)
        )
        attachments = []
        if reminder.group == Reminder.Group.ACCEPTED:
            attachments.append(("check-in-code.png", sending.qr_png(invitation), "image/png"))
        send_email(
            key=key,
            to=[invitation.email],
            subject=subject,
            body_text=text,
            body_html=html,
            place=invitation.event.place,
            attachments=attachments,
        )
        log_action(
            "events.reminder.sent",
            target=invitation,
            data={"event": invitation.event_id, "reminder": reminder.pk, "group": reminder.group},
        )
    return True


def send_reminder(reminder_id: int, *, progress=None) -> dict:
    """Send a reminder to everyone in its group who has not had it; safe to run twice."""
    reminder = Reminder.objects.select_related("event", "event__place").get(pk=reminder_id)
    people = list(recipients(reminder).select_related("event", "event__place"))
    sent = 0
    for done, invitation in enumerate(people, 1):
        sent += _send_one(reminder, invitation)
        if progress is not None:
            progress(done, len(people))
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now(), recipients=len(people))
    return {"sent": sent, "people": len(people)}


@task()
def send_reminder_task(*, job_id: str, reminder_id: int) -> dict:
    """Send one reminder to its group, with progress on the job."""
    return run_job(job_id, lambda progress: send_reminder(reminder_id, progress=progress))


def send_due_reminders(now=None) -> list[dict]:
    """Send every reminder whose time has come and that has not been sent."""
    now = now or timezone.now()
    results = []
    due = Reminder.objects.filter(
        started_at__isnull=True, send_at__lte=now, event__date__gte=now.date()
    )
    for pk in due.order_by("send_at", "pk").values_list("pk", flat=True):
        # Claim it first: two runs at once (cron overlapping itself) send it once.
        if Reminder.objects.filter(pk=pk, started_at__isnull=True).update(started_at=now):
            results.append({"reminder": pk, **send_reminder(pk)})
    return results
