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
    _referrals(world)


def _referrals(world) -> None:
    """Referrals from the table's practitioner to a team the table's receiver answers for."""
    from joinedup.directory.taxonomies import ensure_taxonomies
    from joinedup.referrals import services as referral_services
    from tests.directory.factories import ServiceFactory
    from tests.referrals.factories import joinedup_step, receiver_for, send

    ensure_taxonomies()
    team = ServiceFactory(place=world.place, name="API Early Help")
    # debt: the pathways and referrals rows make the place's child-at-risk pathway themselves
    step = joinedup_step(place=world.place, services=[team], need_code="debt")
    receiver_for(user=world.users["receiver"], service=team)
    for key in ("view", "accept", "decline", "complete", "withdraw"):
        world.objects[f"api_referral_{key}"] = send(
            place=world.place,
            referrer=world.users["practitioner"],
            to_service=team,
            step=step,
            need_code="debt",
        )
    referral_services.accept_referral(
        referral=world.objects["api_referral_complete"], actor=world.users["receiver"]
    )


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
    # referrals: the receiver's inbox (the other place's member sees their own place's); one
    # referral for its referrer and the team's receivers
    # only (everyone else 403, another place's member 404); changes by the side that may
    "api-v1:inbox": Row(
        kwargs=no_kwargs,
        expect=api(other_place=200, **{r: 403 for r in ROLES if r != "receiver"}),
        **READ,
    ),
    "api-v1:get_referral": Row(
        kwargs=_obj("referral_id", "api_referral_view"),
        expect=api(**dict.fromkeys(("convenor", "host", "strategist"), 403), admin=403),
        **READ,
    ),
    "api-v1:accept": Row(
        kwargs=_obj("referral_id", "api_referral_accept"),
        method="post",
        client_kwargs=patch_json,
        expect=api(**{r: 403 for r in ROLES if r != "receiver"}, admin=403),
    ),
    "api-v1:decline": Row(
        kwargs=_obj("referral_id", "api_referral_decline"),
        method="post",
        data=lambda w: {"reason": "no-capacity"},
        client_kwargs=patch_json,
        expect=api(**{r: 403 for r in ROLES if r != "receiver"}, admin=403),
    ),
    "api-v1:complete": Row(
        kwargs=_obj("referral_id", "api_referral_complete"),
        method="post",
        data=lambda w: {"outcome": "got-help"},
        client_kwargs=patch_json,
        expect=api(**{r: 403 for r in ROLES if r != "receiver"}, admin=403),
    ),
    "api-v1:withdraw": Row(
        kwargs=_obj("referral_id", "api_referral_withdraw"),
        method="post",
        client_kwargs=patch_json,
        expect=api(**{r: 403 for r in ROLES if r != "practitioner"}, admin=403),
    ),
    # the page: every member makes their own tokens
    "api:tokens": Row(kwargs=place_kwargs, expect=roles(ROLES)),
    # revoking the convenor's token: only the convenor; anyone else's is not found
    "api:revoke_token": Row(
        kwargs=lambda w: {"place_slug": w.place.slug, "token_id": w.objects["api_token"].pk},
        method="post",
        expect={**everyone(404), "anonymous": 302, "convenor": 302},
    ),
}
