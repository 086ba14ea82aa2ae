"""Referrals in the app API: the receiver's inbox without personal details, one referral with
them (each read audited), state changes with a write token through the domain's rules, another
place's referral not found, a disallowed change 409 and a bad reason 422, changing nothing."""

import pytest

from joinedup.api import services
from joinedup.core.models import AuditEntry
from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.referrals.models import Referral
from tests.directory.factories import ServiceFactory
from tests.referrals.factories import joinedup_step, receiver_for, send

API = "/api/v1/referrals"


def call(client, method, path, token, **kwargs):
    return getattr(client, method)(
        f"{API}{path}", headers={"Authorization": f"Bearer {token}"}, **kwargs
    )


@pytest.fixture
def world(place, other_place, make_member):
    ensure_taxonomies()
    team = ServiceFactory(place=place, name="Ilford Early Help")
    step = joinedup_step(place=place, services=[team])
    receiver = make_member(place, "receiver", email="rita@earlyhelp.example")
    receiver_for(user=receiver, service=team)
    referrer = make_member(place, "practitioner", email="pat@school.example")
    referral = send(place=place, referrer=referrer, to_service=team, step=step, name="Kai Example")
    foreign_team = ServiceFactory(place=other_place, name="Exeter Early Help")
    foreign_step = joinedup_step(place=other_place, services=[foreign_team])
    outsider = make_member(other_place, "practitioner", email="olu@exeter.example")
    foreign = send(place=other_place, referrer=outsider, to_service=foreign_team, step=foreign_step)
    return {
        "place": place,
        "receiver": receiver,
        "referrer": referrer,
        "referral": referral,
        "foreign": foreign,
        "write": services.issue_token(user=receiver, place=place, write=True)[1],
        "read": services.issue_token(user=receiver, place=place)[1],
        "referrer_token": services.issue_token(user=referrer, place=place, write=True)[1],
    }


def test_the_inbox_lists_references_and_never_a_name(client, world):
    response = call(client, "get", "/inbox", world["read"])
    assert response.status_code == 200
    body = response.json()
    assert [r["reference"] for r in body["new"] + body["overdue"]] == [world["referral"].reference]
    assert "Kai Example" not in response.content.decode()


def test_one_referral_carries_the_person_and_the_read_is_audited(client, world):
    before = AuditEntry.objects.filter(action="referrals.referral.read").count()
    response = call(client, "get", f"/{world['referral'].pk}", world["read"])
    assert response.status_code == 200
    assert response.json()["person"]["name"] == "Kai Example"
    assert AuditEntry.objects.filter(action="referrals.referral.read").count() == before + 1


def test_accept_then_complete_with_a_write_token(client, world):
    pk = world["referral"].pk
    assert call(client, "post", f"/{pk}/accept", world["write"]).json()["state"] == "accepted"
    done = call(
        client,
        "post",
        f"/{pk}/complete",
        world["write"],
        data={"outcome": "got-help"},
        content_type="application/json",
    )
    assert (done.status_code, done.json()["outcome"]) == (200, "got-help")
    assert Referral.objects.get(pk=pk).state == "completed"


def test_a_read_token_changes_nothing(client, world):
    response = call(client, "post", f"/{world['referral'].pk}/accept", world["read"])
    assert response.status_code == 403
    assert Referral.objects.get(pk=world["referral"].pk).state == "sent"


def test_another_places_referral_is_not_found(client, world):
    assert call(client, "get", f"/{world['foreign'].pk}", world["read"]).status_code == 404
    assert call(client, "post", f"/{world['foreign'].pk}/accept", world["write"]).status_code == 404


def test_a_withdrawn_referral_cannot_be_accepted(client, world):
    pk = world["referral"].pk
    assert call(client, "post", f"/{pk}/withdraw", world["referrer_token"]).status_code == 200
    response = call(client, "post", f"/{pk}/accept", world["write"])
    assert response.status_code == 409
    assert Referral.objects.get(pk=pk).state == "withdrawn"


def test_a_decline_needs_a_known_reason(client, world):
    pk = world["referral"].pk
    bad = call(
        client,
        "post",
        f"/{pk}/decline",
        world["write"],
        data={"reason": "bored"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert Referral.objects.get(pk=pk).state == "sent"
    good = call(
        client,
        "post",
        f"/{pk}/decline",
        world["write"],
        data={"reason": "no-capacity"},
        content_type="application/json",
    )
    assert (good.status_code, good.json()["decline_reason"]) == (200, "no-capacity")


def test_the_referrer_may_not_accept_their_own_referral(client, world):
    response = call(client, "post", f"/{world['referral'].pk}/accept", world["referrer_token"])
    assert response.status_code == 403
