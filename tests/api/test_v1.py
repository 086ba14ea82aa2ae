"""The app API at /api/v1/: bearer tokens of one person in one place, the pages' rules (another
place's object 404, no token 401, read token on a change 403), tokens stored hashed, "last
used" recorded, and a rate limit per token."""

import datetime
import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from joinedup.api import services
from joinedup.api.models import ApiToken
from joinedup.core.models import AuditEntry, Membership
from joinedup.events.models import Event, Invitation
from joinedup.followup.models import Action
from tests.events.factories import EventFactory, InvitationFactory
from tests.followup.factories import ActionFactory
from tests.pathways.factories import StepFactory, VersionFactory

API = "/api/v1"


def call(client, method, path, token=None, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return getattr(client, method)(f"{API}{path}", headers=headers, **kwargs)


@pytest.fixture
def exeter_convenor(other_place, make_member):
    return make_member(other_place, "convenor", email="carla@exeter.example")


@pytest.fixture
def exeter_token(exeter_convenor, other_place):
    return services.issue_token(user=exeter_convenor, place=other_place)[1]


@pytest.fixture
def events(place, other_place):
    return {
        "exeter": EventFactory(place=other_place, title="Exeter spring day"),
        "ilford": EventFactory(place=place, title="Ilford autumn day"),
    }


def test_an_exeter_token_reads_exeters_events_and_not_ilfords(client, exeter_token, events):
    listed = call(client, "get", "/events", exeter_token)
    assert listed.status_code == 200
    assert [e["title"] for e in listed.json()] == ["Exeter spring day"]
    one = call(client, "get", f"/events/{events['exeter'].pk}", exeter_token)
    assert (one.status_code, one.json()["title"]) == (200, "Exeter spring day")
    assert one.json()["url"] == f"http://testserver/p/exeter/events/{events['exeter'].pk}/"
    assert call(client, "get", f"/events/{events['ilford'].pk}", exeter_token).status_code == 404
    counts = call(client, "get", f"/events/{events['ilford'].pk}/invitations", exeter_token)
    assert counts.status_code == 404


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer not-a-token",
        "Bearer " + "A" * 43,  # the shape of a token, but none that was made
        "Basic dXNlcjpwYXNz",
    ],
)
def test_no_token_or_a_wrong_one_is_a_401(client, events, header):
    headers = {"Authorization": header} if header else {}
    response = client.get(f"{API}/events", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="joinedup"'
    assert response.json() == {"detail": "Give a valid API token: Authorization: Bearer <token>"}


def test_a_signed_in_session_is_not_a_token(client, exeter_convenor, events):
    client.force_login(exeter_convenor)
    assert client.get(f"{API}/events").status_code == 401


def test_a_revoked_token_is_a_401_at_once(client, exeter_convenor, other_place, events):
    token, raw = services.issue_token(user=exeter_convenor, place=other_place)
    assert call(client, "get", "/events", raw).status_code == 200
    services.revoke_token(token=token, actor=exeter_convenor)
    assert call(client, "get", "/events", raw).status_code == 401
    assert AuditEntry.objects.filter(action="api.token.revoked").count() == 1


def test_a_token_stops_when_its_person_loses_their_role(client, exeter_convenor, exeter_token):
    Membership.objects.filter(user=exeter_convenor).delete()
    assert call(client, "get", "/events", exeter_token).status_code == 401


def test_the_token_is_stored_only_as_its_hash(exeter_convenor, other_place):
    token, raw = services.issue_token(user=exeter_convenor, place=other_place, name="Export")
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert raw not in {str(v) for v in stored.values()}
    assert stored["token_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert (stored["prefix"], len(raw)) == (raw[:8], 43)


def test_last_used_is_recorded_at_most_once_a_minute(client, exeter_convenor, other_place, events):
    token, raw = services.issue_token(user=exeter_convenor, place=other_place)
    assert token.last_used_at is None
    call(client, "get", "/events", raw)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    call(client, "get", "/events", raw)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    call(client, "get", "/events", raw)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_no_token_for_a_person_without_a_role_in_the_place(make_member, place, other_place):
    ilford_only = make_member(place, "host")
    with pytest.raises(services.TokenRefused):
        services.issue_token(user=ilford_only, place=other_place)
    assert ApiToken.objects.count() == 0


def test_drafts_are_for_convenors_only(client, other_place, make_member):
    draft = EventFactory(place=other_place, title="Not ready", status=Event.Status.DRAFT)
    host = make_member(other_place, "host")
    raw = services.issue_token(user=host, place=other_place)[1]
    assert call(client, "get", "/events", raw).json() == []
    assert call(client, "get", f"/events/{draft.pk}", raw).status_code == 404


def test_invitation_counts_say_how_many_but_never_who(client, exeter_token, events):
    event = events["exeter"]
    for status in ["accepted", "accepted", "declined", "pending"]:
        InvitationFactory(event=event, status=status, name="Priya Patel")
    response = call(client, "get", f"/events/{event.pk}/invitations", exeter_token)
    body = response.json()
    assert (body["event_id"], body["invited"]) == (event.pk, 4)
    assert body["by_status"] == {
        "pending": 1, "accepted": 2, "declined": 1, "nominated": 0, "waiting": 0,
        "attended": 0, "no_show": 0,
    }  # fmt: skip
    assert "Priya" not in response.content.decode()
    assert set(body["by_status"]) == set(Invitation.Status.values)


@pytest.fixture
def actions(place, other_place, exeter_convenor, make_member):
    owner = make_member(other_place, "practitioner", email="owen@exeter.example")
    return {
        "owner": owner,
        "exeter": ActionFactory(
            place=other_place, title="Share the contacts sheet", owner_user=owner
        ),
        "other": ActionFactory(place=other_place, title="Book the next day"),
        "ilford": ActionFactory(place=place, title="Ilford's own"),
    }


def test_actions_are_read_in_the_tokens_place_only(client, exeter_token, actions):
    body = call(client, "get", "/actions", exeter_token).json()
    assert sorted(a["title"] for a in body) == ["Book the next day", "Share the contacts sheet"]
    ilford = call(client, "get", f"/actions/{actions['ilford'].pk}", exeter_token)
    assert ilford.status_code == 404
    bad = call(client, "get", "/actions", exeter_token, data={"status": "finished"})
    assert bad.status_code == 422


def test_a_read_token_may_not_change_an_action(client, exeter_token, actions):
    action = actions["exeter"]
    response = call(
        client,
        "patch",
        f"/actions/{action.pk}",
        exeter_token,
        data={"status": "done"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("This token may only read")
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED


def test_the_owner_changes_the_status_with_a_write_token(client, actions, other_place):
    owner, action = actions["owner"], actions["exeter"]
    raw = services.issue_token(user=owner, place=other_place, write=True)[1]
    response = call(
        client,
        "patch",
        f"/actions/{action.pk}",
        raw,
        data={"status": "in_progress", "note": "Drafted the sheet"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["owned_by_me"]) == ("in_progress", True)
    action.refresh_from_db()
    update = action.updates.get()
    assert (update.status_from, update.status_to, update.note, update.by) == (
        "not_started", "in_progress", "Drafted the sheet", owner,
    )  # fmt: skip
    # not the owner, not a convenor: the action's own rule says no
    others = call(
        client,
        "patch",
        f"/actions/{actions['other'].pk}",
        raw,
        data={"status": "done"},
        content_type="application/json",
    )
    assert others.status_code == 403


def test_a_refused_change_is_a_422_and_saves_nothing(client, actions, exeter_convenor, other_place):
    raw = services.issue_token(user=exeter_convenor, place=other_place, write=True)[1]
    action = actions["other"]
    response = call(
        client,
        "patch",
        f"/actions/{action.pk}",
        raw,
        data={"status": "dropped"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (
        422,
        {"detail": "Enter why the action was dropped"},
    )
    action.refresh_from_db()
    assert (action.status, action.updates.count()) == ("not_started", 0)
    ilford = call(
        client,
        "patch",
        f"/actions/{actions['ilford'].pk}",
        raw,
        data={"status": "done"},
        content_type="application/json",
    )
    assert ilford.status_code == 404


def test_pathways_and_the_kit_of_the_tokens_place(client, exeter_token, other_place, place):
    version = VersionFactory(pathway__place=other_place, status="published", number=2)
    StepFactory(version=version, code="early-help", level=2)
    VersionFactory(pathway__place=place, pathway__title="Ilford's pathway", status="published")
    listed = call(client, "get", "/pathways", exeter_token).json()
    assert [(p["title"], p["need"], p["published_version"]) for p in listed] == [
        ("A child may be at risk of harm", "child-at-risk", 2)
    ]
    one = call(client, "get", f"/pathways/{version.pathway_id}", exeter_token).json()
    assert [(s["id"], s["level"], s["route"]["how"]) for s in one["steps"]] == [
        ("early-help", 2, "form")
    ]
    kit = call(client, "get", "/pathways/kit", exeter_token).json()
    assert (kit["place"], [p["need"] for p in kit["pathways"]]) == ("exeter", ["child-at-risk"])
    assert AuditEntry.objects.filter(action="pathways.kit.exported").count() == 1
    ilford = VersionFactory._meta.model.objects.get(pathway__place=place).pathway_id
    assert call(client, "get", f"/pathways/{ilford}", exeter_token).status_code == 404


def test_insight_is_counts_only(client, exeter_token):
    body = call(client, "get", "/insight", exeter_token).json()
    assert body == {
        "intervention_points": 0,
        "how_early": {"prevention": 0, "early_help": 0, "crisis": 0, "not_said": 0},
        "by_life_stage_and_sector": [],
        "recurring_themes": [],
        "by_event": [],
    }


@pytest.mark.parametrize(
    ("event_id", "kind"),
    [
        ("0", "greater_than_equal"),
        ("-1", "greater_than_equal"),
        ("2147483648", "less_than_equal"),
        ("99999999999999999999", "less_than_equal"),
        ("x", "int_parsing"),
    ],
)
def test_an_id_out_of_range_is_a_422_never_an_error(client, exeter_token, event_id, kind):
    response = call(client, "get", f"/events/{event_id}", exeter_token)
    assert response.status_code == 422
    assert [(e["loc"], e["type"]) for e in response.json()["detail"]] == [
        (["path", "event_id"], kind)
    ]


def test_too_many_requests_in_a_minute_is_a_429(client, exeter_token, settings, events):
    settings.API_REQUESTS_PER_MINUTE = 3
    codes = [call(client, "get", "/events", exeter_token).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    limited = call(client, "get", "/events", exeter_token)
    assert limited["Retry-After"] == "60"


def test_the_openapi_document_is_open_and_describes_the_bearer_scheme(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert {"/api/v1/events", "/api/v1/actions/{action_id}", "/api/v1/pathways/kit"} <= set(
        schema["paths"]
    )


def test_the_command_prints_the_token_on_its_last_line(capsys, exeter_convenor, events, client):
    call_command("api-token", "CARLA@exeter.example", "exeter", "--write")
    lines = capsys.readouterr().out.strip().splitlines()
    raw = lines[-1]
    token = ApiToken.objects.get()
    assert (token.scope, token.user, token.token_hash) == (
        "write", exeter_convenor, hashlib.sha256(raw.encode()).hexdigest(),
    )  # fmt: skip
    assert call(client, "get", "/events", raw).status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@exeter.example", "exeter"], "No person with the email nobody@exeter.example"),
        (["carla@exeter.example", "atlantis"], "No place called atlantis"),
        (["carla@exeter.example", "ilford"], "carla@exeter.example has no role in Ilford"),
    ],
)
def test_the_command_refuses_what_it_cannot_do(exeter_convenor, place, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("api-token", *args)
    assert str(refused.value).startswith(message)
    assert ApiToken.objects.count() == 0
