"""Retention of what people told us for an event: access needs and dietary requirements are
erased RETAIN_EVENT_NEEDS_DAYS after the event's date, each event's erasure audited."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.events.models import Event, Invitation


def erase_event_needs(*, today: datetime.date | None = None) -> dict:
    """Blank the access needs and dietary requirements of every invitation to an event that
    ended RETAIN_EVENT_NEEDS_DAYS days ago or more; return how many events and invitations."""
    today = today or timezone.localdate()
    before = today - datetime.timedelta(days=settings.RETAIN_EVENT_NEEDS_DAYS)
    events = invitations = 0
    for event in Event.objects.filter(date__lte=before).select_related("place").order_by("pk"):
        with transaction.atomic():
            rows = Invitation.objects.filter(event=event).filter(
                ~Q(access_needs="") | ~Q(dietary="")
            )
            count = rows.update(access_needs="", dietary="")
            if count:
                log_action(
                    "events.retention.needs_erased",
                    target=event,
                    data={"invitations": count, "days_after": settings.RETAIN_EVENT_NEEDS_DAYS},
                )
                events += 1
                invitations += count
    return {"events": events, "invitations": invitations}
