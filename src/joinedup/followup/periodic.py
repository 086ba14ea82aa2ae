"""Follow-up's periodic job: the owners of overdue actions reminded (once a day each)."""

import datetime

from joinedup.core.schedule import register_periodic
from joinedup.followup.actions import send_overdue_reminders
from joinedup.followup.retention import erase_feedback_text


@register_periodic(
    "followup.overdue_action_reminders",
    every=datetime.timedelta(hours=1),
    what="send_overdue_action_reminders: each overdue action's owner, at most once a day",
)
def overdue_action_reminders() -> dict:
    return send_overdue_reminders()


@register_periodic(
    "followup.retention_feedback",
    every=datetime.timedelta(days=1),
    what="erase free-text feedback answers older than RETAIN_FEEDBACK_TEXT_DAYS",
)
def retention_feedback() -> dict:
    return erase_feedback_text()
