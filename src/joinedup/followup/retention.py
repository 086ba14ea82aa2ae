"""Retention of feedback: the free-text answers of the survey ("what next", comments) are
erased RETAIN_FEEDBACK_TEXT_DAYS after they were given; the ticked answers stay, as the
counts in the event's report. Each event's erasure is audited."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.events.models import Event
from joinedup.followup.models import FeedbackResponse


def erase_feedback_text(*, now: datetime.datetime | None = None) -> dict:
    """Blank the free text of feedback answers older than the period; return how many."""
    now = now or timezone.now()
    days = settings.RETAIN_FEEDBACK_TEXT_DAYS
    old = FeedbackResponse.objects.filter(
        updated_at__lt=now - datetime.timedelta(days=days)
    ).filter(~Q(what_next="") | ~Q(comments=""))
    total = 0
    for event in Event.objects.filter(pk__in=old.values("event_id")).order_by("pk"):
        with transaction.atomic():
            count = old.filter(event=event).update(what_next="", comments="")
            log_action(
                "followup.retention.feedback_text_erased",
                target=event,
                data={"answers": count, "days": days},
            )
            total += count
    return {"answers": total}
