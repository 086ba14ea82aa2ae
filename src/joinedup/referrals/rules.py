"""Who may read and change one referral: its referrer, and the receivers of its team.

Convenors, strategists and site admins see counts only (the figures), never a referral: the
person's details are for the two sides of the referral.
"""

from joinedup.core.models import Role
from joinedup.core.permissions import object_rule, roles_in
from joinedup.referrals.services import is_receiver


def _is_referrer(user, referral) -> bool:
    return (
        referral.referrer_id is not None
        and referral.referrer_id == user.pk
        and bool(roles_in(user, referral.place) & {Role.PRACTITIONER, Role.RECEIVER})
    )


@object_rule("referrals.view")
def may_view(user, referral) -> bool:
    return _is_referrer(user, referral) or is_receiver(user=user, service=referral.to_service)


@object_rule("referrals.respond")
def may_respond(user, referral) -> bool:
    return is_receiver(user=user, service=referral.to_service)


@object_rule("referrals.withdraw")
def may_withdraw(user, referral) -> bool:
    return _is_referrer(user, referral)
