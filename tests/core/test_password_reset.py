"""Password reset: a link goes to a real account only, at most 3 an hour to one address; one
network address may ask 30 times an hour; both paths do the same work in the request."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from joinedup.core import password_reset
from joinedup.core.models import OutboxMessage


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def ask(client, email, address="203.0.113.20"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_eight_requests_in_seconds_send_three_links(client, convenor):
    answers = [ask(client, convenor.email).status_code for _ in range(8)]
    assert answers == [302] * 8  # the page never says which were limited
    assert OutboxMessage.objects.filter(to=[convenor.email]).count() == 3


def test_the_address_limit_counts_every_email_typed_from_one_network(client, convenor):
    with override_settings(PASSWORD_RESETS_PER_ADDRESS_HOUR=5):
        answers = [ask(client, f"x{i}@nowhere.example").status_code for i in range(5)]
        limited = ask(client, convenor.email)
    assert answers == [302] * 5
    assert limited.status_code == 429
    assert "Too many password reset requests" in limited.content.decode()
    assert OutboxMessage.objects.count() == 0


def test_another_network_is_not_held_back_by_the_first(client, convenor):
    with override_settings(PASSWORD_RESETS_PER_ADDRESS_HOUR=2):
        for _ in range(3):
            ask(client, "someone@nowhere.example", address="198.51.100.7")
        response = ask(client, convenor.email, address="203.0.113.20")
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(to=[convenor.email]).count() == 1


def test_account_and_no_account_do_the_same_work_in_the_request(client, convenor, monkeypatch):
    queued = []

    class Recorder:
        @staticmethod
        def enqueue(**kwargs):
            queued.append(kwargs)

    monkeypatch.setattr(password_reset, "send_password_reset", Recorder)
    ask(client, convenor.email)
    ask(client, "nobody@nowhere.example")
    assert queued == [{"email": convenor.email}, {"email": "nobody@nowhere.example"}]
    assert OutboxMessage.objects.count() == 0  # nothing sent from inside the request


def test_the_task_sends_a_working_link_only_to_an_account(convenor):
    assert password_reset.send_password_reset.call(email="nobody@nowhere.example") == 0
    assert password_reset.send_password_reset.call(email=convenor.email.upper()) == 1
    message = OutboxMessage.objects.get()
    assert message.to == [convenor.email]
    assert "/password-reset/" in message.body_text
