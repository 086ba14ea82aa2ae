"""Who may see one person's café card (their tables for the day): the café's per-object rule.

Registered with `core.permissions`, so `check(user, "cafe.view_card", invitation)` asks
`can_view_card`. A signed-in person is matched to their invitation by email address.
"""

from joinedup.core.permissions import can, object_rule
from joinedup.events.models import Invitation


def is_own_invitation(user, invitation: Invitation) -> bool:
    """Return whether the invitation is the person's own (same address, any case)."""
    return (
        user.is_authenticated
        and bool(user.email)
        and invitation.email.casefold() == user.email.casefold()
    )


@object_rule("cafe.view_card")
def can_view_card(user, invitation: Invitation) -> bool:
    """The person themself, and those who may see the café plan (hosts, convenors)."""
    if not can(user, "cafe.view_card", invitation.place):
        return False
    return is_own_invitation(user, invitation) or can(user, "cafe.view", invitation.place)
