"""Who may do what to one action: the per-object rules of follow-up.

Registered with `core.permissions`, so `check(user, "followup.update_action", action)` asks
`can_update`. A person owns an action as its owner, or as the owning contact with their address.
"""

from django.db.models import Q

from joinedup.core.permissions import can, object_rule
from joinedup.followup.models import Action, Report


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


def case_study_text_events(user, place) -> list[int] | None:
    """The one rule for reading case-study text (intervention points, the life moments they
    sit on) outside the case study itself, in a report or in insight (docs/data-protection.md):
    whoever may view case studies (convenors, hosts, strategists) reads all of the place's, and
    this returns None; anyone else (a practitioner) reads the text of the events whose report a
    convenor has published, the same text the published report shows them, and this returns
    those events' ids (empty: none)."""
    if can(user, "casestudies.view", place):
        return None
    return sorted(
        Report.objects.filter(place=place, status=Report.Status.PUBLISHED).values_list(
            "event_id", flat=True
        )
    )


def may_read_case_study_text(user, place, *, event_id: int) -> bool:
    """Whether the person may read the case-study text of one event (the rule above)."""
    events = case_study_text_events(user, place)
    return events is None or event_id in events
