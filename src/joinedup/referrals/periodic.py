"""Referrals' periodic jobs (core/schedule.py): the reminder, escalation and expiry sweep, and the
erasure of personal details after the retention period."""

import datetime

from django.conf import settings

from joinedup.core.schedule import register_periodic
from joinedup.referrals.services import erase_referral_details, send_due_referral_reminders


@register_periodic(
    "referrals.due_referral_reminders",
    every=datetime.timedelta(seconds=settings.REFERRAL_SWEEP_EVERY),
    what="send_due_referral_reminders: reminders, escalations and expiry of unanswered referrals",
)
def due_referral_reminders() -> dict:
    return send_due_referral_reminders()


@register_periodic(
    "referrals.retention",
    every=datetime.timedelta(hours=6),
    what="erase a referral's personal details REFERRAL_RETENTION_DAYS after it closes",
)
def referral_retention() -> dict:
    return {"erased": erase_referral_details()}
