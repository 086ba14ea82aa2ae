"""Shared fixtures: places, people with roles, and signed-in clients."""

import pytest

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
