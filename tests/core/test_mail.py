"""The outbox: every message stored once per key; SMTP delivery at most once."""

import socket

import pytest
from django.core import mail as django_mail
from django.test import override_settings

from joinedup.core import mail
from joinedup.core.models import OutboxMessage


def test_send_email_keeps_message_in_outbox(place):
    message, created = mail.send_email(
        key="k1",
        to=["ann@council.example"],
        subject="Hello",
        body_text="Hi Ann",
        body_html="<p>Hi Ann</p>",
        place=place,
        attachments=[("invite.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    assert created
    message.refresh_from_db()
    assert (message.status, message.to, message.place) == ("kept", ["ann@council.example"], place)
    assert message.attachments == [{"filename": "invite.ics", "content_type": "text/calendar"}]
    assert b"BEGIN:VCALENDAR" in bytes(message.raw)
    assert message.delivered_at is not None


def test_send_email_with_same_key_sends_nothing_again(place):
    first, _ = mail.send_email(key="k2", to=["a@council.example"], subject="S", body_text="B")
    second, created = mail.send_email(
        key="k2", to=["a@council.example"], subject="S", body_text="B"
    )
    assert (second.pk, created, OutboxMessage.objects.count()) == (first.pk, False, 1)


def test_djangos_own_mail_goes_to_outbox(db):
    django_mail.send_mail("Subject", "Body", None, ["b@council.example"])
    assert list(OutboxMessage.objects.values_list("subject", "status")) == [("Subject", "kept")]


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def test_smtp_delivery_sends_once_even_when_asked_twice(
    db, smtp_server, django_capture_on_commit_callbacks
):
    port, inbox = smtp_server
    smtp = override_settings(
        EMAIL_DELIVERY="smtp",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    )
    with smtp, django_capture_on_commit_callbacks(execute=True):
        message, _ = mail.send_email(
            key="smtp-1", to=["c@council.example"], subject="S", body_text="B"
        )
    # The immediate task backend delivered it on commit; a retry must not send again.
    message.refresh_from_db()
    assert message.status == "sent"
    assert mail.deliver(message.pk) == "sent"
    assert len(inbox.messages) == 1
    assert inbox.messages[0][1] == ["c@council.example"]


def test_smtp_failure_is_recorded_and_retried(db, django_capture_on_commit_callbacks):
    smtp = override_settings(
        EMAIL_DELIVERY="smtp", EMAIL_HOST="127.0.0.1", EMAIL_PORT=1, EMAIL_TIMEOUT=2
    )
    with smtp, django_capture_on_commit_callbacks(execute=True):
        message, _ = mail.send_email(
            key="smtp-2", to=["d@council.example"], subject="S", body_text="B"
        )
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.error


def test_smtp_bytes_uses_crlf_line_endings():
    assert mail.smtp_bytes(b"Subject: S\n\nline one\r\nline two\n") == (
        b"Subject: S\r\n\r\nline one\r\nline two\r\n"
    )


def test_long_message_is_accepted_by_a_strict_smtp_server(
    db, smtp_server, django_capture_on_commit_callbacks
):
    port, inbox = smtp_server
    smtp = override_settings(
        EMAIL_DELIVERY="smtp",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    )
    body = "\n".join(f"Line {i} of a long invitation" for i in range(200))
    with smtp, django_capture_on_commit_callbacks(execute=True):
        message, _ = mail.send_email(
            key="long",
            to=["f@council.example"],
            subject="S",
            body_text=body,
            body_html=f"<p>{body}</p>",
        )
    message.refresh_from_db()
    assert (message.status, len(inbox.messages)) == ("sent", 1)


def test_a_delivered_message_keeps_no_working_personal_link(
    db, smtp_server, django_capture_on_commit_callbacks
):
    port, inbox = smtp_server
    token = "Zq3x" * 11
    rsvp = f"http://127.0.0.1:8000/rsvp/4/{token}/"
    about = "http://127.0.0.1:8000/p/ilford/events/4/"
    smtp = override_settings(
        EMAIL_DELIVERY="smtp", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port, EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD="",
    )  # fmt: skip
    with smtp, django_capture_on_commit_callbacks(execute=True):
        message, _ = mail.send_email(
            key="smtp-redact",
            to=["e@council.example"],
            subject="Your invitation",
            body_text=f"Answer here: {rsvp}\nAbout the day: {about}\n",
            body_html=f'<a href="{rsvp}">Answer</a> <a href="{about}">About</a>',
        )
    message.refresh_from_db()
    assert message.status == "sent"
    assert token.encode() in inbox.messages[0][2]  # the recipient got the working link
    assert token not in message.body_text + message.body_html
    assert message.body_text == (
        f"Answer here: [personal link removed after delivery]\nAbout the day: {about}\n"
    )
    assert bytes(message.raw) == b""


def test_an_undelivered_outbox_copy_keeps_its_links(place):
    token = "Zq3x" * 11
    message, _ = mail.send_email(
        key="kept-1", to=["f@council.example"], subject="S",
        body_text=f"http://127.0.0.1:8000/rsvp/4/{token}/", place=place,
    )  # fmt: skip
    assert token in message.body_text
