"""Outbox retries: a message that certainly did not leave is tried again after 1, 5, 25, 125
minutes, five attempts in all; one that may have arrived, or was refused for good, is not sent
again; convenors see the failures on the outbox page and a count on the dashboard."""

import asyncio
import datetime
import socket

import pytest
from django.test import override_settings
from django.utils import timezone

from joinedup.core import mail
from joinedup.core.models import OutboxMessage
from joinedup.core.sweep import sweep_lost_work

STALE = datetime.timedelta(minutes=5)


class _Server:
    """An SMTP server whose answer to each message's content the test chooses."""

    def __init__(self):
        self.replies = []  # what the next DATA gets; "250 OK" once the list is empty
        self.received = []
        self.pause = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, envelope.content))
        if self.pause:
            await asyncio.sleep(self.pause)
        return self.replies.pop(0) if self.replies else "250 OK"


@pytest.fixture
def server():
    from aiosmtpd.controller import Controller

    handler = _Server()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    with override_settings(
        EMAIL_DELIVERY="smtp",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_TIMEOUT=5,
    ):
        yield handler
    controller.stop()


def _send(key, to="ann@council.example", place=None):
    message, _ = mail.send_email(
        key=key, to=[to], subject="Your invitation", body_text="Hi", place=place
    )
    return message  # delivered when the block capturing on-commit callbacks ends


def _come_due(message):
    """As if its retry time had passed."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        retry_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_the_back_off_is_1_5_25_125_minutes():
    assert [mail.retry_delay(n) for n in (1, 2, 3, 4)] == [
        datetime.timedelta(minutes=1),
        datetime.timedelta(minutes=5),
        datetime.timedelta(minutes=25),
        datetime.timedelta(minutes=125),
    ]


def test_a_temporary_refusal_is_tried_again_when_due_and_delivered_once(
    db, server, django_capture_on_commit_callbacks
):
    server.replies = ["451 4.3.0 Try again later"]
    with django_capture_on_commit_callbacks(execute=True):
        message = _send("retry-1")
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)
    assert "451" in message.error
    assert message.retry_at is not None
    # about a minute from now; not due yet, so the sweep leaves it
    wait = message.retry_at - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_lost_work(stale_after=STALE)["retries"] == 0

    _come_due(message)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_lost_work(stale_after=STALE)["retries"] == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.retry_at) == ("sent", 2, None)
    assert len(server.received) == 2  # the refused copy, then the accepted one
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_lost_work(stale_after=STALE)["retries"] == 0
    assert mail.deliver(message.pk) == "sent"
    assert len(server.received) == 2


def test_no_mail_server_is_tried_five_times_then_given_up(db, django_capture_on_commit_callbacks):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = override_settings(
        EMAIL_DELIVERY="smtp", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port, EMAIL_TIMEOUT=2
    )
    with smtp:
        with django_capture_on_commit_callbacks(execute=True):
            message = _send("down-1")
        delays = []
        for _ in range(4):
            message.refresh_from_db()
            assert message.status == "failed" and message.retry_at is not None
            delays.append(round((message.retry_at - timezone.now()).total_seconds() / 60))
            _come_due(message)
            with django_capture_on_commit_callbacks(execute=True):
                sweep_lost_work(stale_after=STALE)
    message.refresh_from_db()
    assert delays == [1, 5, 25, 125]
    assert (message.status, message.attempts, message.retry_at) == ("failed", 5, None)


def test_a_permanent_refusal_is_not_tried_again(db, server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _send("nobody-1", to="nobody@council.example")
    message.refresh_from_db()
    assert (message.status, message.attempts, message.retry_at) == ("failed", 1, None)
    assert "550" in message.error
    server.replies = ["554 5.6.0 Message refused"]
    with django_capture_on_commit_callbacks(execute=True):
        refused = _send("refused-1")
    refused.refresh_from_db()
    assert (refused.status, refused.retry_at) == ("failed", None)
    assert "554" in refused.error


def test_a_message_that_may_have_arrived_is_never_sent_again(
    db, server, django_capture_on_commit_callbacks
):
    server.pause = 3  # the server takes the content, then says nothing before we give up
    with override_settings(EMAIL_TIMEOUT=1), django_capture_on_commit_callbacks(execute=True):
        message = _send("uncertain-1")
    message.refresh_from_db()
    assert (message.status, message.retry_at) == ("failed", None)
    assert message.error.startswith("The mail server stopped answering after the message")
    server.pause = 0
    with django_capture_on_commit_callbacks(execute=True):
        sweep_lost_work(stale_after=STALE)
    assert mail.deliver(message.pk) == "failed"
    assert len(server.received) == 1


def test_a_message_left_sending_by_a_dead_worker_is_never_claimed_again(db, server):
    message = _send("sending-1")  # no on-commit: nothing delivered it
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="sending", queued_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert sweep_lost_work(stale_after=STALE) == {"deliveries": 0, "retries": 0, "steps": 0}
    assert mail.deliver(message.pk) == "sending"
    assert server.received == []


def test_failures_are_shown_to_convenors(
    convenor_client, place, server, django_capture_on_commit_callbacks
):
    server.replies = ["451 4.3.0 Try again later"]
    with django_capture_on_commit_callbacks(execute=True):
        _send("shown-1", place=place)
    with django_capture_on_commit_callbacks(execute=True):
        _send("shown-2", to="nobody@council.example", place=place)
    assert sorted(OutboxMessage.objects.values_list("key", "status")) == [
        ("shown-1", "failed"),
        ("shown-2", "failed"),
    ]
    page = convenor_client.get(f"/p/{place.slug}/outbox/").content.decode()
    assert "2 messages could not be sent" in page
    assert "Trying again after" in page
    assert "Not sent again" in page
    dashboard = convenor_client.get(f"/p/{place.slug}/").content.decode()
    assert "messages that could not be sent" in dashboard
