"""Shared fixtures: places, people with roles, and signed-in clients."""

import pytest
from django.conf import settings as django_settings
from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.redis_queue import redis_url, task_backend  # noqa: F401  (each task backend)


@pytest.fixture
def place(db):
    return PlaceFactory(name="Ilford (Redbridge)", slug="ilford")


@pytest.fixture
def other_place(db):
    return PlaceFactory(name="Exeter", slug="exeter")


@pytest.fixture
def make_member(db):
    """Return a function making a user with the given roles in a place."""

    def make(place, *roles, **user_fields):
        user = UserFactory(**user_fields)
        for role in roles:
            MembershipFactory(user=user, place=place, role=role)
        return user

    return make


@pytest.fixture
def convenor(place, make_member):
    return make_member(place, "convenor", full_name="Carla Convenor")


@pytest.fixture
def convenor_client(client, convenor):
    client.force_login(convenor)
    return client


@pytest.fixture(autouse=True)
def _mail_goes_to_the_outbox(settings):
    """Django's test set-up swaps in a memory backend; we test the real outbox instead."""
    settings.EMAIL_BACKEND = "joinedup.core.mail.OutboxBackend"


@pytest.fixture(autouse=True)
def _force_login_includes_the_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a finished sign-in, second factor included.

    It gives the person a confirmed authenticator device (if they have none) and writes into
    the session what a correct code writes (django-otp's record of the verified device), so
    the real middleware lets them through, even if the test makes them a convenor later.
    The production code has no shortcut: a test of the two-factor pages signs in through
    the forms (tests/core/test_mfa.py).
    """
    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        # everyone, not only those who must now: a test may make the person a convenor later
        if django_settings.MFA_REQUIRED:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)
