"""Permissions table rows for referrals' URLs.

A referral is for its referrer (the table's practitioner) and the receivers of its team (the
table's receiver, linked to the team here). Convenors, hosts, strategists and site admins see
counts only: 403 on a referral. Another place's referral through this place's address: 404.
"""

from joinedup.core.models import Role
from joinedup.directory.taxonomies import ensure_taxonomies
from tests.permissions_table import ALL, Row, roles

SENDERS = {"practitioner", "receiver"}


def setup(world) -> None:
    from tests.core.factories import MembershipFactory, UserFactory
    from tests.directory.factories import ServiceFactory
    from tests.referrals.factories import joinedup_step, receiver_for, send

    ensure_taxonomies()
    team = ServiceFactory(place=world.place, name="Ilford Early Help")
    step = joinedup_step(place=world.place, services=[team])
    receiver_for(user=world.users[Role.RECEIVER], service=team)
    referrer = world.users[Role.PRACTITIONER]
    world.objects["referral_team"] = team
    for key in ("referral", "referral_to_accept", "referral_to_withdraw"):
        world.objects[key] = send(place=world.place, referrer=referrer, to_service=team, step=step)
    colleague = UserFactory(email="colleague@council.example")
    MembershipFactory(user=colleague, place=world.place, role=Role.PRACTITIONER)
    world.objects["colleagues_referral"] = send(
        place=world.place, referrer=colleague, to_service=team, step=step
    )
    foreign_team = ServiceFactory(place=world.other_place, name="Exeter Early Help")
    foreign_step = joinedup_step(place=world.other_place, services=[foreign_team])
    outsider = world.users["other_place"]
    world.objects["foreign_referral"] = send(
        place=world.other_place, referrer=outsider, to_service=foreign_team, step=foreign_step
    )


def _referral(key):
    return lambda w: {"place_slug": w.place.slug, "referral_id": w.objects[key].pk}


EXPECTATIONS = {
    "referrals:home": Row(roles(SENDERS)),
    "referrals:inbox": Row(roles({"receiver"})),
    "referrals:figures": Row(roles(ALL)),
    "referrals:new": Row(
        roles(SENDERS), data=lambda w: {"service": str(w.objects["referral_team"].pk)}
    ),
    "referrals:detail": Row(
        roles(SENDERS, admin=403),
        kwargs=_referral("referral"),
        foreign_kwargs=_referral("foreign_referral"),
    ),
    # someone else's referral: the practitioner is not its referrer; the team's receiver reads it
    "referrals:detail#not_referrer": Row(
        roles({"receiver"}, admin=403), kwargs=_referral("colleagues_referral")
    ),
    "referrals:respond": Row(
        roles({"receiver"}, ok=302, admin=403),
        method="post",
        kwargs=_referral("referral_to_accept"),
        foreign_kwargs=_referral("foreign_referral"),
        data=lambda w: {"action": "accept"},
    ),
    "referrals:withdraw": Row(
        roles({"practitioner"}, ok=302, admin=403),
        method="post",
        kwargs=_referral("referral_to_withdraw"),
        foreign_kwargs=_referral("foreign_referral"),
    ),
}
