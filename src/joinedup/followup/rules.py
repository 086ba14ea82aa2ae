"""Who may do what to one action: the per-object rules of follow-up.

Registered with `core.permissions`, so `check(user, "followup.update_action", action)` asks
`can_update`. A person owns an action as its owner, or as the owning contact with their address.
"""

from django.db.models import Q

from joinedup.core.permissions import can, object_rule
from joinedup.followup.models import Action


def owns(user, action: Action) -> bool:
    """Return whether the person owns the action (as its owner, or as the contact by email)."""
    if not user.is_authenticated:
        return False
    if action.owner_user_id and action.owner_user_id == user.pk:
        return True
    if action.owner_contact_id and action.owner_contact.email and user.email:
        return action.owner_contact.email.casefold() == user.email.casefold()
    return False


def owned_by(user) -> Q:
    """A filter selecting the actions the person owns (the query form of `owns`)."""
    if not user.email:
        return Q(owner_user=user)
    return Q(owner_user=user) | Q(owner_contact__email__iexact=user.email)


@object_rule("followup.update_action")
def can_update(user, action: Action) -> bool:
    """Convenors, and the action's owner (the person, or the contact with their address)."""
    if can(user, "followup.manage", action.place):
        return True
    return can(user, "followup.update_action", action.place) and owns(user, action)
