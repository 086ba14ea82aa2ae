"""Email: every message is written to the outbox first, then kept there or delivered by SMTP.

Writing first, keyed, is what makes sending idempotent: a retried or restarted task that asks
to send the same message (same key) finds the row it already wrote and sends nothing again.
"""

import datetime
import email
import email.policy
import logging
import re
import smtplib
import uuid

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from joinedup.core.log_filters import redact
from joinedup.core.models import OutboxMessage, Place, StoredFile

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
    stored_attachments: list[StoredFile] = (),
    reply_to: list[str] = (),
) -> tuple[OutboxMessage, bool]:
    """Queue one email under an idempotency key; return it and whether it was new.

    `stored_attachments` are named, not copied, in the outbox row: one stored copy serves every
    message that attaches it, and delivery attaches the bytes when the message leaves.
    """
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
    return store_message(message, key=key, place=place, stored_attachments=stored_attachments)


def store_file(*, key: str, filename: str, content_type: str, content, place=None) -> StoredFile:
    """Keep one copy of a file under a key (made by `content()` only when not stored yet)."""
    existing = StoredFile.objects.filter(key=key).first()
    if existing is not None:
        return existing
    data = content() if callable(content) else content
    stored, _ = StoredFile.objects.get_or_create(
        key=key,
        defaults={
            "filename": filename,
            "content_type": content_type,
            "content": data,
            "place": place,
        },
    )
    return stored


def with_stored_attachments(raw: bytes, attachments: list[dict]) -> bytes:
    """Return the MIME message with the stored files its outbox row names attached."""
    ids = [a["stored_file"] for a in attachments if a.get("stored_file")]
    if not ids:
        return bytes(raw)
    files = {f.pk: f for f in StoredFile.objects.filter(pk__in=ids)}
    parsed = email.message_from_bytes(bytes(raw), policy=email.policy.SMTP)
    for file_id in ids:
        stored = files.get(file_id)
        if stored is None:
            raise LookupError(f"Stored attachment {file_id} no longer exists")
        maintype, _, subtype = stored.content_type.partition("/")
        parsed.add_attachment(
            bytes(stored.content),
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=stored.filename,
        )
    return parsed.as_bytes()


def store_message(
    message: EmailMessage,
    *,
    key: str | None = None,
    place: Place | None = None,
    stored_attachments: list[StoredFile] = (),
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
    ] + [
        {"filename": f.filename, "content_type": f.content_type, "stored_file": f.pk}
        for f in stored_attachments
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
                pk = outbox_message.pk
                transaction.on_commit(lambda: deliver_email.enqueue(message_id=pk))
    return outbox_message, created


# What one attempt at SMTP delivery came to.
DELIVERED = "delivered"
TRY_AGAIN = "try_again"  # certainly not delivered, and worth another try (4xx, no connection)
REFUSED = "refused"  # certainly not delivered, and refused for good (5xx)
UNCERTAIN = "uncertain"  # the message was handed over and no answer came: it may have arrived

MAY_HAVE_ARRIVED = (
    "The mail server stopped answering after the message was handed to it, so it may have "
    "arrived. It is not sent again automatically, so that nobody gets it twice."
)


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long after failed attempt number `attempt` the next one is made: 1, 5, 25 ... min."""
    return datetime.timedelta(minutes=settings.EMAIL_RETRY_FIRST_MINUTES * 5 ** (attempt - 1))


def deliver(message_id: int) -> str:
    """Deliver one queued message by SMTP at most once; return its status afterwards.

    Only a "queued" message is claimed (queued -> sending, one UPDATE, so two tasks for the
    same message send it once). A message left "sending" by a dead worker may have been
    delivered and is never claimed again. A failure that certainly left nothing at the other
    end is tried again later with back-off (retry_at, picked up by the sweep), up to
    EMAIL_MAX_ATTEMPTS attempts; a refusal for good, or a failure after the message was
    handed over, is not.
    """
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.QUEUED
    ).update(status=OutboxMessage.Status.SENDING, retry_at=None)
    message = OutboxMessage.objects.get(pk=message_id)
    if not claimed:
        return message.status
    message.attempts += 1
    outcome, detail = _send_by_smtp(message)
    message.retry_at = None
    if outcome == DELIVERED:
        message.status = OutboxMessage.Status.SENT
        message.delivered_at = timezone.now()
        message.error = detail
        redact_delivered(message)
    else:
        logger.warning("Could not deliver outbox message %s (%s): %s", message_id, outcome, detail)
        message.status = OutboxMessage.Status.FAILED
        if outcome == UNCERTAIN:
            detail = f"{MAY_HAVE_ARRIVED} ({detail})"
        elif outcome == TRY_AGAIN and message.attempts < settings.EMAIL_MAX_ATTEMPTS:
            message.retry_at = timezone.now() + retry_delay(message.attempts)
        message.error = detail[:2000]
    message.save(
        update_fields=[
            "status",
            "attempts",
            "error",
            "retry_at",
            "delivered_at",
            "body_text",
            "body_html",
            "raw",
        ]
    )
    return message.status


@task()
def deliver_email(*, message_id: int) -> str:
    """Deliver one outbox message (at most once): the task that runs deliver()."""
    return deliver(message_id)


def _reply_outcome(code: int) -> str:
    return REFUSED if 500 <= code < 600 else TRY_AGAIN


def _send_by_smtp(message: OutboxMessage) -> tuple[str, str]:
    """One SMTP transaction, step by step, so that we know whether the message was handed over.

    Everything before DATA's content is sent (connecting, TLS, signing in, MAIL, RCPT) can fail
    without the message leaving. An explicit refusal of the content (SMTPDataError) leaves
    nothing either. Any other failure while the content is sent or its answer awaited is
    uncertain.
    """
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    try:
        try:
            connection.open()
            smtp = connection.connection
            smtp.ehlo_or_helo_if_needed()
            code, reply = smtp.mail(message.from_email)
            if code != 250:
                return _reply_outcome(code), f"{code} {reply.decode(errors='replace')}"
            refused = {}
            for recipient in message.to:
                code, reply = smtp.rcpt(recipient)
                if code not in (250, 251):
                    refused[recipient] = (code, reply.decode(errors="replace"))
            if len(refused) == len(message.to):
                smtp.rset()
                worst = max(code for code, _ in refused.values())
                return _reply_outcome(worst), "; ".join(
                    f"{to}: {code} {text}" for to, (code, text) in refused.items()
                )
        except smtplib.SMTPResponseException as error:
            return _reply_outcome(error.smtp_code), str(error)
        except Exception as error:  # no connection, TLS, sign-in: nothing was handed over
            return TRY_AGAIN, str(error) or error.__class__.__name__
        try:
            code, reply = smtp.data(
                smtp_bytes(with_stored_attachments(message.raw, message.attachments))
            )
        except smtplib.SMTPDataError as error:  # the server answered: it did not take it
            return _reply_outcome(error.smtp_code), str(error)
        except Exception as error:
            return UNCERTAIN, str(error) or error.__class__.__name__
        if code != 250:  # the server answered the content: it did not take it
            return _reply_outcome(code), f"{code} {reply.decode(errors='replace')}"
        note = "; ".join(
            f"Not accepted for {to}: {code} {text}" for to, (code, text) in refused.items()
        )
        return DELIVERED, note
    finally:
        try:
            connection.close()
        except Exception as error:  # a failed QUIT after delivery changes nothing
            logger.info("SMTP connection did not close cleanly: %s", error)


def failed_count(place) -> int:
    """Messages of a place that could not be sent (whether or not they will be tried again)."""
    return OutboxMessage.objects.filter(place=place, status=OutboxMessage.Status.FAILED).count()


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
