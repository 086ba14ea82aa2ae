"""Permissions table rows for the app API (/api/v1/) and the API tokens page.

Each actor calls the API with a bearer token of their own (write scope, so that the rules, not
the scope, decide): in the place under test when they have a role there, else in their own
place (the other place's member, whose token then finds nothing of this place: 404). The
anonymous actor sends no token: 401. The session the table signs in with is not a token.
"""

from joinedup.api import services
from joinedup.core.permissions import is_member
from joinedup.events.models import Event
from tests.directory.factories import need
from tests.events.factories import EventFactory
from tests.followup.factories import ActionFactory
from tests.pathways.factories import VersionFactory
from tests.permissions_table import ACTORS, ROLES, Row, everyone, no_kwargs, place_kwargs, roles


def setup(world) -> None:
    world.objects["api_event"] = EventFactory(
        place=world.place, status=Event.Status.INVITATIONS_OPEN
    )
    world.objects["api_action"] = ActionFactory(place=world.place, title="Table row action")
    # homelessness: the pathways rows make the place's child-at-risk pathway themselves
    world.objects["api_pathway"] = VersionFactory(
        pathway__place=world.place, pathway__need=need("homelessness"), status="published"
    ).pathway
    world.objects["api_token"] = services.issue_token(
        user=world.users["convenor"], place=world.place, name="Convenor's own"
    )[0]


def bearer(world, actor: str) -> dict:
    user = world.users[actor]
    if user is None:
        return {}
    place = world.place if is_member(user, world.place) else world.other_place
    raw = services.issue_token(user=user, place=place, write=True)[1]
    return {"headers": {"Authorization": f"Bearer {raw}"}}


def patch_json(world, actor: str) -> dict:
    return {**bearer(world, actor), "content_type": "application/json"}


def api(ok: int = 200, *, other_place: int = 404, **per_role) -> dict:
    """Every token-holder gets `ok` (or their role's own answer); no token 401."""
    expect = dict.fromkeys(ACTORS, ok)
    expect.update(anonymous=401, other_place=other_place, **per_role)
    return expect


def _obj(name, key):
    return lambda w: {name: w.objects[key].pk}


READ = {"client_kwargs": bearer}

EXPECTATIONS = {
    # ninja's own root of the API: no page there
    "api-v1:api-root": Row(kwargs=no_kwargs, expect=everyone(404)),
    "api-v1:openapi-json": Row(kwargs=no_kwargs, expect=everyone(200)),
    # lists answer with the token's own place: the other place's member sees their own
    "api-v1:list_events": Row(kwargs=no_kwargs, expect=api(other_place=200), **READ),
    "api-v1:get_event": Row(kwargs=_obj("event_id", "api_event"), expect=api(), **READ),
    "api-v1:invitation_counts": Row(kwargs=_obj("event_id", "api_event"), expect=api(), **READ),
    "api-v1:list_actions": Row(kwargs=no_kwargs, expect=api(other_place=200), **READ),
    "api-v1:get_action": Row(kwargs=_obj("action_id", "api_action"), expect=api(), **READ),
    # the action has no owner: only convenors (and site admins) may change it
    "api-v1:change_action": Row(
        kwargs=_obj("action_id", "api_action"),
        method="patch",
        data=lambda w: {"status": "in_progress", "note": "Started from the table"},
        client_kwargs=patch_json,
        expect=api(**{role: 403 for role in ROLES if role != "convenor"}),
    ),
    "api-v1:list_pathways": Row(kwargs=no_kwargs, expect=api(other_place=200), **READ),
    "api-v1:get_pathway": Row(kwargs=_obj("pathway_id", "api_pathway"), expect=api(), **READ),
    "api-v1:kit": Row(kwargs=no_kwargs, expect=api(other_place=200), **READ),
    "api-v1:place_insight": Row(kwargs=no_kwargs, expect=api(other_place=200), **READ),
    # the page: every member makes their own tokens
    "api:tokens": Row(kwargs=place_kwargs, expect=roles(ROLES)),
    # revoking the convenor's token: only the convenor; anyone else's is not found
    "api:revoke_token": Row(
        kwargs=lambda w: {"place_slug": w.place.slug, "token_id": w.objects["api_token"].pk},
        method="post",
        expect={**everyone(404), "anonymous": 302, "convenor": 302},
    ),
}
