"""The café's per-object rules: who may see one person's café card (their tables for the day),
and who may capture on a table's sheet.

Registered with `core.permissions`, so `check(user, "cafe.view_card", invitation)` asks
`can_view_card` and `can(user, "casestudies.capture", sheet)` asks `can_capture`. A signed-in
person is matched to their invitation by email address.
"""

from joinedup.cafe import attendance
from joinedup.casestudies.models import TableCapture
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


@object_rule("casestudies.capture")
def can_capture(user, sheet: TableCapture) -> bool:
    """Hosts and convenors capture at any table; others only at their own table, if allowed."""
    if can(user, "casestudies.capture", sheet.place):
        return True
    return sheet.participants_may_capture and attendance.is_seated_at(user, sheet)
