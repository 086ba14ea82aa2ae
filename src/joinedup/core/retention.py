"""Retention of the outbox: the text, HTML and raw message (with its attachments) are
erased RETAIN_OUTBOX_BODY_DAYS after it was written (its subject, recipients, attachment names
and delivery status stay, as the record that it was sent). Each place's erasure is audited."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.core.models import OutboxMessage, Place

ERASED = "[erased after {days} days: see the data-protection guide]"


def erase_outbox_bodies(*, now: datetime.datetime | None = None) -> dict:
    """Erase the bodies of outbox messages older than the period, that are no longer waiting
    to go; return how many."""
    now = now or timezone.now()
    days = settings.RETAIN_OUTBOX_BODY_DAYS
    old = (
        OutboxMessage.objects.filter(created_at__lt=now - datetime.timedelta(days=days))
        .exclude(status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.SENDING])
        .exclude(body_text=ERASED.format(days=days), body_html="")
    )
    total = 0
    for place_id in sorted(set(old.values_list("place_id", flat=True)), key=lambda p: p or 0):
        with transaction.atomic():
            rows = old.filter(Q(place_id=place_id) if place_id else Q(place__isnull=True))
            count = rows.update(body_text=ERASED.format(days=days), body_html="", raw=b"")
            place = Place.objects.filter(pk=place_id).first() if place_id else None
            log_action(
                "core.retention.outbox_erased",
                place=place,
                data={"messages": count, "days": days},
            )
            total += count
    return {"messages": total}
