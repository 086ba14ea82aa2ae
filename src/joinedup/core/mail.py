"""Email: every message is written to the outbox first, then kept there or delivered by SMTP.

Writing first, keyed, is what makes sending idempotent: a retried or restarted task that asks
to send the same message (same key) finds the row it already wrote and sends nothing again.
"""

import logging
import re
import uuid

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from joinedup.core.log_filters import redact
from joinedup.core.models import OutboxMessage, Place

logger = logging.getLogger(__name__)

KEY_HEADER = "X-Joinedup-Key"
PLACE_HEADER = "X-Joinedup-Place"


def send_email(
    *,
    key: str,
    to: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    place: Place | None = None,
    attachments: list[tuple[str, bytes, str]] = (),
    reply_to: list[str] = (),
) -> tuple[OutboxMessage, bool]:
    """Queue one email under an idempotency key; return it and whether it was new."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=list(reply_to),
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return store_message(message, key=key, place=place)


def store_message(
    message: EmailMessage, *, key: str | None = None, place: Place | None = None
) -> tuple[OutboxMessage, bool]:
    """Write a composed message to the outbox once per key, and arrange its delivery."""
    headers = message.extra_headers
    key = key or headers.pop(KEY_HEADER, None) or f"adhoc:{uuid.uuid4()}"
    headers.pop(KEY_HEADER, None)
    place_slug = headers.pop(PLACE_HEADER, None)
    if place is None and place_slug:
        place = Place.objects.filter(slug=place_slug).first()
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    attachments = [
        {"filename": a[0], "content_type": a[2]}
        for a in message.attachments
        if isinstance(a, tuple) or hasattr(a, "filename")
    ]
    with transaction.atomic():
        outbox_message, created = OutboxMessage.objects.get_or_create(
            key=key,
            defaults={
                "place": place,
                "from_email": message.from_email,
                "to": list(message.to) + list(message.cc) + list(message.bcc),
                "subject": message.subject,
                "body_text": message.body,
                "body_html": html,
                "attachments": attachments,
                "raw": message.message().as_bytes(),
                # delivery is queued below when the row commits (SMTP only)
                "queued_at": None if settings.EMAIL_DELIVERY == "outbox" else timezone.now(),
            },
        )
        if created:
            if settings.EMAIL_DELIVERY == "outbox":
                outbox_message.status = OutboxMessage.Status.KEPT
                outbox_message.delivered_at = timezone.now()
                outbox_message.save(update_fields=["status", "delivered_at"])
            else:
                from joinedup.core.tasks import deliver_email

                pk = outbox_message.pk
                transaction.on_commit(lambda: deliver_email.enqueue(message_id=pk))
    return outbox_message, created


def deliver(message_id: int) -> str:
    """Deliver one queued message by SMTP at most once; return its status afterwards."""
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.FAILED]
    ).update(status="sending")
    message = OutboxMessage.objects.get(pk=message_id)
    if not claimed:
        return message.status
    message.attempts += 1
    try:
        connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
        connection.open()
        try:
            connection.connection.sendmail(message.from_email, message.to, smtp_bytes(message.raw))
        finally:
            connection.close()
    except Exception as error:  # any SMTP or network failure: keep it, retry later
        logger.warning("Could not deliver outbox message %s: %s", message_id, error)
        message.status = OutboxMessage.Status.FAILED
        message.error = str(error)[:2000]
    else:
        message.status = OutboxMessage.Status.SENT
        message.delivered_at = timezone.now()
        message.error = ""
        redact_delivered(message)
    message.save(
        update_fields=[
            "status",
            "attempts",
            "error",
            "delivered_at",
            "body_text",
            "body_html",
            "raw",
        ]
    )
    return message.status


_URL = re.compile(r"https?://[^\s\"'<>]+")
LINK_REMOVED = "[personal link removed after delivery]"


def redact_delivered(message: OutboxMessage) -> None:
    """Once a message has left by SMTP, keep no working personal link in the stored copy.

    The recipient's mailbox holds the link; a copy here would let whoever reads the outbox
    answer as them. Links whose path holds a token (RSVP, offers, feedback, password resets)
    are replaced in the text and HTML, and the raw MIME (whose parts may be encoded, so it
    cannot be edited safely) is dropped: the outbox page shows the text and HTML.
    """

    def scrub(text: str) -> str:
        return _URL.sub(
            lambda m: LINK_REMOVED if redact(m.group(0)) != m.group(0) else m.group(0), text
        )

    message.body_text = scrub(message.body_text)
    message.body_html = scrub(message.body_html)
    message.raw = b""


def smtp_bytes(raw) -> bytes:
    """Return a stored message with CRLF line endings, as SMTP requires (RFC 5321 §2.3.8)."""
    return re.sub(rb"(?<!\r)\n", b"\r\n", bytes(raw))


class OutboxBackend(BaseEmailBackend):
    """Django email backend: Django's own mail (password resets) goes through the outbox too."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            store_message(message)
        return len(email_messages)
