"""An event's status and the one way it changes (checked transition, audited).

Its own module so that sending, which opens an event's invitations, and services, which
re-offers places when capacity changes, can both use it without importing each other.
"""

from django.db import transaction

from joinedup.core.audit import log_action
from joinedup.events.models import Event, Invitation

# Which statuses an event may move to from each status.
NEXT_STATUSES = {
    Event.Status.DRAFT: [Event.Status.INVITATIONS_OPEN],
    Event.Status.INVITATIONS_OPEN: [Event.Status.CLOSED, Event.Status.DRAFT],
    Event.Status.CLOSED: [Event.Status.INVITATIONS_OPEN, Event.Status.HELD],
    Event.Status.HELD: [Event.Status.OUTPUTS_PUBLISHED],
    Event.Status.OUTPUTS_PUBLISHED: [],
}


@transaction.atomic
def change_status(*, event: Event, actor, status: str) -> Event:
    """Move an event to its next status. Marking it held records who did not come."""
    if status not in NEXT_STATUSES[event.status]:
        raise ValueError(
            f"An event that is {event.get_status_display().lower()} cannot become "
            f"{Event.Status(status).label.lower()}"
        )
    previous = event.status
    event.status = status
    event.save(update_fields=["status", "updated_at"])
    no_shows = 0
    if status == Event.Status.HELD:
        no_shows = event.invitations.filter(status=Invitation.Status.ACCEPTED).update(
            status=Invitation.Status.NO_SHOW
        )
    log_action(
        "events.event.status_changed",
        actor=actor,
        target=event,
        data={"from": previous, "to": status, "no_shows": no_shows},
    )
    return event
