"""Events' periodic job: reminders that fall due, lapsed waiting-list offers passed on."""

import datetime

from joinedup.core.schedule import register_periodic
from joinedup.events.reminders import send_due_reminders
from joinedup.events.retention import erase_event_needs
from joinedup.events.rsvp import expire_offers


@register_periodic(
    "events.due_reminders",
    every=datetime.timedelta(minutes=5),
    what="send_due_reminders: reminders due, lapsed waiting-list offers passed on",
)
def due_reminders() -> dict:
    return {"reminders": len(send_due_reminders()), "offers": expire_offers()}


@register_periodic(
    "events.retention_needs",
    every=datetime.timedelta(days=1),
    what="erase access needs and dietary requirements RETAIN_EVENT_NEEDS_DAYS after the event",
)
def retention_needs() -> dict:
    return erase_event_needs()
