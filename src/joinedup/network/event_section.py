"""The "what this day changed" section of an event's page (registered with the events app)."""

from django.urls import reverse
from django.utils import timezone

from joinedup.core.permissions import can
from joinedup.events.sections import register_event_section
from joinedup.network import services


@register_event_section
def day_changed_section(request, event):
    """For a day that has happened: new cross-silo ties and single points of failure mended."""
    if event.date > timezone.localdate() or not can(request.user, "network.view", event.place):
        return None
    return {
        "template": "network/_day_changed.html",
        "day": event.date,
        "change": services.what_the_day_changed(place=event.place, day=event.date),
        "map_url": reverse("network:map", kwargs={"place_slug": event.place.slug})
        + f"?until={event.date.isoformat()}",
    }
