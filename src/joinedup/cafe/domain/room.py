"""The room on the day: who is expected, who has arrived, and marking those who did not come.

Check-in and walk-ins belong to the events app (its check-in page); this module only adds
what re-planning needs that check-in does not do: marking a no-show before the day ends.
"""

from django.db import transaction

from joinedup.core.audit import log_action
from joinedup.events.models import Event, Invitation


def not_arrived(event: Event):
    """Return people who accepted but have not checked in, in name order."""
    return event.invitations.filter(
        status=Invitation.Status.ACCEPTED, checked_in_at__isnull=True
    ).order_by("name")


def figures(event: Event) -> dict:
    """Return how many are expected, have arrived, walked in, and did not come."""
    rows = list(event.invitations.values_list("status", "walk_in", "checked_in_at"))
    return {
        "expected": sum(1 for s, _, _ in rows if s == Invitation.Status.ACCEPTED),
        "arrived": sum(1 for _, _, at in rows if at is not None),
        "walk_ins": sum(1 for _, w, at in rows if w and at is not None),
        "no_shows": sum(1 for s, _, _ in rows if s == Invitation.Status.NO_SHOW),
    }


@transaction.atomic
def mark_no_shows(*, event: Event, invitation_ids, actor) -> list[Invitation]:
    """Mark accepted people who have not checked in as not coming; return those marked.

    Someone who checked in meanwhile is left alone; checking them in later undoes the mark.
    """
    marked = list(not_arrived(event).select_for_update().filter(pk__in=list(invitation_ids)))
    for invitation in marked:
        invitation.status = Invitation.Status.NO_SHOW
        invitation.save(update_fields=["status"])
        log_action(
            "cafe.room.no_show",
            actor=actor,
            target=invitation,
            data={"event": event.pk},
        )
    return marked
