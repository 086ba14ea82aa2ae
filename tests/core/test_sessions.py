"""Sessions end after 30 idle minutes, 12 hours after sign-in, on a password change and when a
role is taken away."""

import datetime
import time

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import Membership
from joinedup.core.services import revoke_role
from joinedup.core.sessions import SessionStore

PASSWORD = "correct horse battery staple"


@pytest.fixture
def member(place, make_member):
    user = make_member(place, "practitioner", email="grace@housing.example")
    user.set_password(PASSWORD)
    user.save()
    return user


def signed_in_client(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def dashboard(client, place):
    return client.get(reverse("place_home", kwargs={"place_slug": place.slug}))


def shift(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = int(time.time()) - ago
    session.save()


def test_a_session_used_within_30_minutes_stays(client, member, place):
    signed_in_client(client, member)
    shift(client, seen_at=29 * 60)
    assert dashboard(client, place).status_code == 200


def test_a_session_idle_for_31_minutes_is_signed_out(client, member, place):
    signed_in_client(client, member)
    shift(client, seen_at=31 * 60)
    response = dashboard(client, place)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_busy_session_still_ends_12_hours_after_sign_in(client, member, place):
    signed_in_client(client, member)
    shift(client, signed_in_at=12 * 60 * 60 + 60, seen_at=10)
    assert dashboard(client, place).status_code == 302
    assert "_auth_user_id" not in client.session


def test_signing_in_again_starts_the_12_hours_again(client, member, place):
    signed_in_client(client, member)
    assert abs(client.session["signed_in_at"] - int(time.time())) <= 5


def test_a_password_change_ends_other_sessions(client, member, place):
    signed_in_client(client, member)
    member.set_password("another long passphrase 2026")
    member.save()
    assert dashboard(client, place).status_code == 302


def test_taking_a_role_away_ends_every_session_of_that_person(
    client, member, place, other_place, convenor
):
    Membership.objects.create(user=member, place=other_place, role="practitioner")
    signed_in_client(client, member)
    assert dashboard(client, place).status_code == 200
    revoke_role(membership=Membership.objects.get(user=member, place=place), actor=convenor)
    response = client.get(reverse("place_home", kwargs={"place_slug": other_place.slug}))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_another_persons_role_removal_leaves_this_session_alone(
    client, member, place, make_member, convenor
):
    other = make_member(place, "host")
    signed_in_client(client, member)
    revoke_role(membership=Membership.objects.get(user=other), actor=convenor)
    assert dashboard(client, place).status_code == 200


def test_a_session_past_its_expiry_date_is_not_loaded(client, member, place):
    signed_in_client(client, member)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = dashboard(client, place)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sessions_written_by_djangos_database_backend_still_load(db):
    """core/sessions.py only reads faster: a session saved before it (or by Django) loads."""
    written = DjangoSessionStore()
    written["place"] = "ilford"
    written.save()
    assert SessionStore(written.session_key).load() == {"place": "ilford"}
    unknown = SessionStore("k" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None  # forgotten, as Django's load does: a new key next time


def test_a_session_signed_in_with_djangos_model_backend_stays_signed_in(client, member, place):
    """Sessions from before core/backends.py name Django's ModelBackend: still the person."""
    signed_in_client(client, member)
    assert client.session[BACKEND_SESSION_KEY] == "joinedup.core.backends.UserBackend"
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    assert dashboard(client, place).status_code == 200


def test_a_person_made_inactive_is_signed_out_at_their_next_request(client, member, place):
    signed_in_client(client, member)
    member.is_active = False
    member.save()
    response = dashboard(client, place)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
