"""An event's agenda with clock times (for the event page, emails and the RSVP page)."""

import datetime

from joinedup.events.models import Event


def agenda_with_times(event: Event) -> list[tuple]:
    """The agenda as (item, starts, ends) with times counted from the event's start."""
    at = datetime.datetime.combine(event.date, event.starts_at)
    rows = []
    for item in event.agenda_items.all():
        ends = at + datetime.timedelta(minutes=item.minutes)
        rows.append((item, at.time(), ends.time()))
        at = ends
    return rows
