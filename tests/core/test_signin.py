"""Sign-in throttling: wrong passwords lock one account from one address, never the person
signing in from elsewhere nor the other people behind a venue's shared address; the lock is
audited and the owner told once; behind a trusted proxy the forwarded address counts."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from joinedup.core.clientip import client_address
from joinedup.core.models import AuditEntry, OutboxMessage

PASSWORD = "correct horse battery staple"
ATTACKER = "198.51.100.7"
HOME = "203.0.113.20"


@pytest.fixture
def person(place, make_member):
    user = make_member(place, "practitioner", email="grace@housing.example")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, email, password, address, **extra):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address, **extra
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(client, person):
    for _ in range(30):
        sign_in(client, person.email, "wrong password", ATTACKER)
    response = sign_in(client, person.email, PASSWORD, ATTACKER)
    assert (response.status_code, signed_in(client)) == (429, False)
    assert "Sign-in is paused for this account" in response.content.decode()
    assert "try again in 15 minutes" in response.content.decode()


def test_nine_wrong_passwords_still_let_the_right_one_in(client, person):
    for _ in range(9):
        sign_in(client, person.email, "wrong password", HOME)
    response = sign_in(client, person.email, PASSWORD, HOME)
    assert (response.status_code, signed_in(client)) == (302, True)


def test_an_attacker_elsewhere_does_not_lock_the_person_out(client, person):
    for _ in range(30):
        sign_in(client, person.email, "wrong password", ATTACKER)
    response = sign_in(client, person.email, PASSWORD, HOME)
    assert (response.status_code, signed_in(client)) == (302, True)


def test_case_does_not_dodge_the_count(client, person):
    for i in range(10):
        sign_in(client, "GRACE@housing.example" if i % 2 else person.email, "wrong", ATTACKER)
    response = sign_in(client, person.email, PASSWORD, ATTACKER)
    assert response.status_code == 429


def test_a_room_behind_one_address_is_not_locked_out_by_one_persons_typos(
    client, place, make_member, person
):
    venue = "192.0.2.50"
    for _ in range(12):
        sign_in(client, person.email, "wrong password", venue)
    others = [make_member(place, "practitioner", email=f"p{i}@police.example") for i in range(3)]
    for other in others:
        other.set_password(PASSWORD)
        other.save()
        client.logout()
        response = sign_in(client, other.email, PASSWORD, venue)
        assert (response.status_code, signed_in(client)) == (302, True)


def test_a_lock_is_audited_and_the_owner_told_once(client, person):
    for _ in range(25):
        sign_in(client, person.email, "wrong password", ATTACKER)
    entries = AuditEntry.objects.filter(action="core.user.sign_in_locked")
    assert entries.count() >= 1
    assert entries.first().data == {"email": "grace@housing.example", "address": ATTACKER}
    mails = OutboxMessage.objects.filter(to=["grace@housing.example"])
    assert [m.subject for m in mails] == ["Someone tried to sign in to your Joinedup account"]
    assert "you can still sign in from anywhere else" in mails[0].body_text
    assert "wrong password" not in mails[0].body_text.replace("the wrong password", "")


def test_locking_an_address_that_has_no_account_emails_nobody(client, person):
    for _ in range(12):
        sign_in(client, "nobody@housing.example", "guess", ATTACKER)
    assert AuditEntry.objects.filter(action="core.user.sign_in_locked").exists()
    assert OutboxMessage.objects.count() == 0


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, person):
    for _ in range(30):
        sign_in(client, person.email, "wrong", "127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)
    locked = sign_in(client, person.email, PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert locked.status_code == 429
    ok = sign_in(client, person.email, PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR=HOME)
    assert (ok.status_code, signed_in(client)) == (302, True)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "10.0.0.2", "198.51.100.7", "10.0.0.2"),  # no proxy configured: header ignored
        (["10.0.0.0/8"], "203.0.113.9", "198.51.100.7", "203.0.113.9"),  # not from the proxy
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        (["10.0.0.0/8"], "10.0.0.2", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # spoofed left
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.7, 10.0.0.3", "198.51.100.7"),  # two hops
        (["10.0.0.0/8"], "10.0.0.2", "not-an-address", "10.0.0.2"),
        (["10.0.0.0/8"], "10.0.0.2", "", "10.0.0.2"),
        (["::1"], "::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_client_address(trusted, remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=trusted):
        assert client_address(request) == expected
