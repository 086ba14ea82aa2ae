"""Composing and sending the emails of an event: invitations (with an .ics and a personal
link), confirmations (with a QR code to check in), waiting-list notes, offers and reminders.

Sending is at most once per email: each invitation is sent in its own transaction that checks
`sent_at`, issues the token and writes the outbox row under a fixed key together, so a retried
or restarted task finds the work done and sends nothing again. A batch of invitations is sent
by short task steps ("send the next 25 unsent"), the same way on every task backend: each step
records its progress and queues its successor when that record commits. A worker killed
between two steps leaves a job whose heart has stopped; the worker's sweep (core/sweep.py)
queues its step again, and that step carries on where the dead one stopped. Lost deliveries
are queued again by the same sweep.
"""

import io
import logging

import segno
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from joinedup.core.audit import log_action
from joinedup.core.jobs import queue_next_step, start_job
from joinedup.core.mail import send_email
from joinedup.core.models import Job, OutboxMessage, User
from joinedup.events.agenda import agenda_with_times
from joinedup.events.models import AccessToken, Event, Invitation
from joinedup.events.status import change_status
from joinedup.events.tokens import display_code, issue_token

logger = logging.getLogger(__name__)

STEP_SIZE = 25
INVITATION_KEY = "invitation:{pk}:v1"


# --- links and attachments ----------------------------------------------------------------


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def rsvp_url(event_id: int, token: str) -> str:
    return absolute(reverse("rsvp:answer", kwargs={"event_id": event_id, "token": token}))


def offer_url(event_id: int, token: str) -> str:
    return absolute(reverse("rsvp:offer", kwargs={"event_id": event_id, "token": token}))


def checkin_url(invitation: Invitation) -> str:
    """The check-in page of the event, opened on this person: what the QR code holds."""
    path = reverse(
        "events:check_in",
        kwargs={"place_slug": invitation.event.place.slug, "event_id": invitation.event_id},
    )
    return absolute(f"{path}?q={invitation.checkin_code}")


def qr_png(invitation: Invitation) -> bytes:
    """A PNG QR code of the person's check-in link, for their confirmation email."""
    buffer = io.BytesIO()
    segno.make(checkin_url(invitation), error="m").save(buffer, kind="png", scale=6, border=3)
    return buffer.getvalue()


def qr_data_uri(invitation: Invitation) -> str:
    """The same QR code as a data: URI, for a page (CSP allows img-src data:)."""
    return segno.make(checkin_url(invitation), error="m").png_data_uri(scale=5, border=3)


def calendar_file(event: Event, *, invitation: Invitation | None = None, link: str = "") -> bytes:
    """An iCalendar (.ics) file for the event that calendar programs add with one click."""
    calendar = Calendar()
    calendar.add("prodid", "-//Joinedup//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "joinedup"
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts)
    entry.add("dtend", event.ends)
    entry.add("summary", event.title)
    if event.venue_line:
        entry.add("location", event.venue_line)
    description = event.purpose
    if link:
        description += f"\n\nReply or change your answer: {link}"
    entry.add("description", description.strip())
    if invitation is not None and invitation.status == Invitation.Status.ACCEPTED:
        entry.add("status", "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical()


def _context(invitation: Invitation, *, agenda=None, **extra) -> dict:
    event = invitation.event

    return {
        "invitation": invitation,
        "event": event,
        "place": event.place,
        "agenda": agenda_with_times(event) if agenda is None else agenda,
        "checkin_code": display_code(invitation.checkin_code),
        "service_name": settings.SERVICE_NAME,
        **extra,
    }


def render_email(name: str, context: dict) -> tuple[str, str, str]:
    """Render events/email/<name>.txt and .html; the subject is the text's first line."""
    text = render_to_string(f"events/email/{name}.txt", context)
    subject, _, body = text.strip().partition("\n")
    html = render_to_string(f"events/email/{name}.html", {**context, "subject": subject})
    return subject.strip(), body.strip() + "\n", html


def compose_invitation(invitation: Invitation, token: str, *, agenda=None, ics=None) -> dict:
    """The invitation email for one person, with its .ics, ready for send_email. The personal
    link stays out of the .ics: calendar entries are often shared with colleagues."""
    link = rsvp_url(invitation.event_id, token)
    subject, text, html = render_email("invitation", _context(invitation, link=link, agenda=agenda))
    return {
        "to": [invitation.email],
        "subject": subject,
        "body_text": text,
        "body_html": html,
        "attachments": [
            ("invitation.ics", ics or calendar_file(invitation.event), "text/calendar")
        ],
    }


# --- invitations ------------------------------------------------------------------------------


def send_invitation(
    invitation_id: int, *, actor=None, event: Event | None = None, agenda=None, ics=None
) -> bool:
    """Send one invitation unless it has been sent; return whether this call sent it. A batch
    passes the event and its agenda, so that they are read once rather than per person."""
    with transaction.atomic():
        rows = Invitation.objects.select_for_update()
        if event is None:
            rows = rows.select_related("event", "event__place")
        invitation = rows.filter(pk=invitation_id).first()
        if (
            invitation is None
            or invitation.sent_at is not None
            or invitation.walk_in
            or not invitation.email
            or invitation.review == Invitation.Review.HELD
        ):
            return False
        if event is not None:
            invitation.event = event
        invitation.place = invitation.event.place  # the audit entry's place, without a query
        token, _ = issue_token(
            invitation=invitation,
            purpose=AccessToken.Purpose.RSVP,
            expires_at=invitation.event.ends,
        )
        message, created = send_email(
            key=INVITATION_KEY.format(pk=invitation.pk),
            place=invitation.event.place,
            **compose_invitation(invitation, token, agenda=agenda, ics=ics),
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
        log_action(
            "events.invitation.sent",
            actor=actor,
            target=invitation,
            data={"event": invitation.event_id, "outbox": message.pk, "new": created},
        )
    return True


def unsent(event: Event, *, up_to: int | None = None):
    """Invitations of the event not sent yet by email (walk-ins are never sent one, people
    without an email are invited by phone or post, and nominations held for a convenor are not
    sent until approved)."""
    rows = (
        event.invitations.filter(sent_at__isnull=True, walk_in=False)
        .exclude(review=Invitation.Review.HELD)
        .exclude(email="")
    )
    if up_to is not None:
        rows = rows.filter(pk__lte=up_to)
    return rows.order_by("pk")


@transaction.atomic
def start_sending(*, event: Event, actor) -> Job:
    """Start sending every unsent invitation of the event as a background job run in steps
    (the first queued when this transaction commits, so the job is complete before it reads
    it)."""
    rows = unsent(event)
    total = rows.count()
    up_to = rows.order_by("-pk").values_list("pk", flat=True).first() or 0
    job = start_job(
        place=event.place,
        user=actor,
        kind="events.send_invitations",
        title=f"Sending {total} invitation{'s' if total != 1 else ''} to {event.title}",
        task=send_invitations_step,
        steps=True,
        event_id=event.pk,
        up_to=up_to,
        actor_id=actor.pk if actor else None,
    )
    Job.objects.filter(pk=job.pk).update(
        total=total,
        result_url=reverse(
            "events:invitations", kwargs={"place_slug": event.place.slug, "event_id": event.pk}
        ),
    )
    if event.status == Event.Status.DRAFT:
        # Through the one status function: the transition is checked and audited.
        change_status(event=event, actor=actor, status=Event.Status.INVITATIONS_OPEN)
    log_action(
        "events.invitations.send_started",
        actor=actor,
        target=event,
        data={"job": str(job.pk), "count": total},
    )
    return job


@task()
def send_invitations_step(*, job_id: str, event_id: int, up_to: int, actor_id=None) -> dict:
    """Send the next invitations of a batch; the next step is queued when this one's progress
    is recorded (see run_send_step)."""
    arguments = {"job_id": job_id, "event_id": event_id, "up_to": up_to, "actor_id": actor_id}
    if settings.TASKS_MODE == "immediate":
        # Inline (tests, the demo): queueing the next step would run it before this one's
        # work, so loop here instead.
        sent = 0
        while True:
            result = run_send_step(**arguments)
            sent += result["sent"]
            if result["finished"]:
                return {"sent": sent}
    return run_send_step(**arguments, then=lambda done: queue_next_step(job_id, done=done))


def run_send_step(*, job_id: str, event_id: int, up_to: int, actor_id=None, then=None) -> dict:
    """One step of sending: send up to STEP_SIZE unsent invitations, then call then(done) to
    record progress and queue the next step. A step that finds nothing left finishes the job
    (once: a second copy of the step leaves it alone)."""
    event = Event.objects.select_related("place").get(pk=event_id)
    job = Job.objects.filter(pk=job_id).first()
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    pending = list(unsent(event, up_to=up_to).values_list("pk", flat=True)[:STEP_SIZE])
    total = job.total if job else 0
    if not pending:
        done = max(total - unsent(event, up_to=up_to).count(), 0)
        Job.objects.filter(pk=job_id).exclude(status=Job.Status.DONE).update(
            status=Job.Status.DONE,
            done=done,
            message=f"Sent {done} invitation{'s' if done != 1 else ''}",
            result={"sent": done, "url": job.result_url if job else ""},
            finished_at=timezone.now(),
        )
        return {"sent": 0, "finished": True}

    agenda, ics = agenda_with_times(event), calendar_file(event)
    done = max(total - unsent(event, up_to=up_to).count(), 0)
    sent = 0
    for index, pk in enumerate(pending, 1):
        new = send_invitation(pk, actor=actor, event=event, agenda=agenda, ics=ics)
        sent += new
        done += new
        if index % 5 == 0 and index < len(pending):
            # Not report_progress: a second copy of the step may have finished the job already.
            Job.objects.filter(pk=job_id).exclude(status=Job.Status.DONE).update(
                status=Job.Status.RUNNING, done=min(done, total), heartbeat_at=timezone.now()
            )
    if then is not None:
        then(min(done, total))
    return {"sent": sent, "finished": False}


def delivery_summary(event: Event) -> dict:
    """How the event's invitations fared in the outbox: counts by outbox status."""
    keys = [INVITATION_KEY.format(pk=pk) for pk in event.invitations.values_list("pk", flat=True)]
    summary = dict.fromkeys(OutboxMessage.Status.values, 0)
    for status in OutboxMessage.objects.filter(key__in=keys).values_list("status", flat=True):
        summary[status] += 1
    return summary


# --- emails after an answer ---------------------------------------------------------------


def send_confirmation(invitation: Invitation, *, link: str) -> None:
    """Tell someone who accepted that they have a place: check-in code, QR code and .ics."""
    subject, text, html = render_email("confirmation", _context(invitation, link=link))
    send_email(
        key=f"confirmation:{invitation.pk}:{invitation.responded_at:%Y%m%d%H%M%S%f}",
        to=[invitation.email],
        subject=subject,
        body_text=text,
        body_html=html,
        place=invitation.event.place,
        attachments=[
            ("check-in-code.png", qr_png(invitation), "image/png"),
            (
                "event.ics",
                calendar_file(invitation.event, invitation=invitation, link=link),
                "text/calendar",
            ),
        ],
    )
    log_action(
        "events.confirmation.sent",
        target=invitation,
        data={"event": invitation.event_id, "status": invitation.status},
    )


def send_waiting_note(invitation: Invitation, *, link: str) -> None:
    """Tell someone the event is full and they are on the waiting list."""
    subject, text, html = render_email("waiting", _context(invitation, link=link))
    send_email(
        key=f"waiting:{invitation.pk}:{invitation.responded_at:%Y%m%d%H%M%S%f}",
        to=[invitation.email],
        subject=subject,
        body_text=text,
        body_html=html,
        place=invitation.event.place,
    )
    log_action("events.waiting_note.sent", target=invitation, data={"event": invitation.event_id})


def send_offer(invitation: Invitation, *, token: AccessToken, raw: str) -> None:
    """Offer a place that has come up to someone on the waiting list, until the link expires."""
    context = _context(
        invitation, link=offer_url(invitation.event_id, raw), expires=token.expires_at
    )
    subject, text, html = render_email("offer", context)
    send_email(
        key=f"offer:{token.pk}",
        to=[invitation.email],
        subject=subject,
        body_text=text,
        body_html=html,
        place=invitation.event.place,
    )
    log_action(
        "events.offer.sent",
        target=invitation,
        data={"event": invitation.event_id, "expires": token.expires_at.isoformat()},
    )
