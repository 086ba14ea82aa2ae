"""The events panel on the place dashboard."""

from django.urls import reverse

from joinedup.core.dashboard import _url, register_panel
from joinedup.core.permissions import can
from joinedup.events.models import Event, Invitation
from joinedup.events.services import upcoming_events


@register_panel
def events_panel(request, place):
    """The next event and how its replies stand, for people who may see events."""
    if not can(request.user, "events.view", place):
        return None
    manage = can(request.user, "events.manage", place)
    upcoming = upcoming_events(place)
    if not manage:
        upcoming = upcoming.exclude(status=Event.Status.DRAFT)
    following = upcoming.first()
    figures = [("coming events", upcoming.count())]
    links = [("Events", _url("events:list", place))]
    if following is not None:
        statuses = list(following.invitations.values_list("status", flat=True))
        figures.append(
            (
                f"accepted for {following.title}",
                sum(
                    s in (Invitation.Status.ACCEPTED, Invitation.Status.ATTENDED) for s in statuses
                ),
            )
        )
        if manage:
            figures.append(("no reply yet", statuses.count(Invitation.Status.PENDING)))
        links.append(
            (
                following.title,
                reverse(
                    "events:detail", kwargs={"place_slug": place.slug, "event_id": following.pk}
                ),
            )
        )
    if manage:
        links.append(("Create an event", _url("events:create", place)))
    return {"title": "Events", "figures": figures, "links": links}
