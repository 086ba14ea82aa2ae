"""Feedback after an event: a personal link to a short survey for everyone who came.

Links are RSVP-style personal links (joinedup.events.tokens, purpose "feedback"): a random
token (secrets.token_urlsafe(32)) in the email, only its SHA-256 hash stored, good for the
feedback of one invitation of one event until it expires.
Opening the link shows the survey; only a POST changes anything. Answering again replaces the
earlier answers.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from joinedup.core.audit import log_action
from joinedup.core.jobs import run_job, start_job
from joinedup.core.mail import send_email
from joinedup.core.models import OutboxMessage
from joinedup.events import tokens
from joinedup.events.models import AccessToken, Event, Invitation
from joinedup.followup.models import FeedbackResponse

LINK_LIFETIME = datetime.timedelta(days=28)
REQUEST_KEY = "feedback-request:{pk}"


def issue_token(*, invitation: Invitation, expires_at=None) -> tuple[str, AccessToken]:
    """Create a feedback link token for the invitation (four weeks unless told); return it (the
    only time it exists) and its stored record."""
    return tokens.issue_token(
        invitation=invitation,
        purpose=AccessToken.Purpose.FEEDBACK,
        expires_at=expires_at or timezone.now() + LINK_LIFETIME,
    )


def feedback_url(event: Event, token: str) -> str:
    path = reverse(
        "followup:feedback",
        kwargs={"place_slug": event.place.slug, "event_id": event.pk, "token": token},
    )
    return f"{settings.SITE_URL}{path}"


def recipients(event: Event):
    """Who is asked for feedback: the people who came."""
    # A walk-in who gave no email cannot be asked.
    return (
        event.invitations.filter(status=Invitation.Status.ATTENDED).exclude(email="").order_by("pk")
    )


def send_request(invitation_id: int) -> bool:
    """Ask one attendee for feedback unless they have been asked; return whether this call
    wrote the email. The token is made in the same transaction as the outbox row."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("event", "event__place")
            .get(pk=invitation_id)
        )
        key = REQUEST_KEY.format(pk=invitation.pk)
        if OutboxMessage.objects.filter(key=key).exists():
            return False
        token, _ = issue_token(invitation=invitation)
        event = invitation.event
        context = {
            "invitation": invitation,
            "event": event,
            "link": feedback_url(event, token),
            "service_name": settings.SERVICE_NAME,
        }
        text = render_to_string("followup/email/feedback_request.txt", context)
        subject, _, body = text.strip().partition("\n")
        html = render_to_string(
            "followup/email/feedback_request.html", {**context, "subject": subject}
        )
        message, created = send_email(
            key=key,
            to=[invitation.email],
            subject=subject.strip(),
            body_text=body.strip() + "\n",
            body_html=html,
            place=event.place,
        )
        log_action(
            "followup.feedback.requested",
            target=invitation,
            data={"event": event.pk, "outbox": message.pk},
        )
    return created


def send_requests(event_id: int, *, progress=None) -> dict:
    """Ask everyone who came to an event for feedback, once each."""
    event = Event.objects.get(pk=event_id)
    ids = list(recipients(event).values_list("pk", flat=True))
    sent = 0
    for done, pk in enumerate(ids, start=1):
        sent += send_request(pk)
        if progress and (done % 10 == 0 or done == len(ids)):
            progress(done, len(ids))
    return {"sent": sent, "people": len(ids)}


@task()
def send_feedback_requests_task(*, job_id: str, event_id: int) -> dict:
    """Ask everyone who came to an event for feedback, with progress on the job."""
    return run_job(job_id, lambda progress: send_requests(event_id, progress=progress))


def start_requests(*, event: Event, actor):
    """Start asking the event's attendees for feedback, as a background job."""
    job = start_job(
        place=event.place,
        user=actor,
        kind="followup.feedback_requests",
        title=f"Asking the people who came to {event.title} for feedback",
        task=send_feedback_requests_task,
        event_id=event.pk,
    )
    log_action(
        "followup.feedback.requests_started", actor=actor, target=event, data={"job": str(job.pk)}
    )
    return job


def record_response(
    *, invitation: Invitation, gained, what_next: str, come_again: str, comments: str
) -> tuple[FeedbackResponse, bool]:
    """Keep one attendee's answers (replacing earlier ones); return them and whether new."""
    now = timezone.now()
    response, created = FeedbackResponse.objects.update_or_create(
        invitation=invitation,
        defaults={
            "place_id": invitation.place_id,
            "event_id": invitation.event_id,
            "gained": sorted(set(gained)),
            "what_next": what_next.strip(),
            "come_again": come_again,
            "comments": comments.strip(),
            "updated_at": now,
        },
    )
    log_action(
        "followup.feedback.answered",
        target=invitation,
        data={"event": invitation.event_id, "new": created},
    )
    return response, created
