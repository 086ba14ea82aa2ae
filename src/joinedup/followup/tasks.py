"""Where the background tasks of follow-up were defined, kept so that task paths already
stored still resolve: `joinedup.followup.tasks.disseminate_report_task` in a queued job of
django-tasks-db or RQ.

Each task lives beside the domain function that starts it (followup.dissemination,
followup.feedback), so that the domain needs no import of this module; new work is queued
under the new paths.
"""

from joinedup.followup.dissemination import disseminate_report_task
from joinedup.followup.feedback import send_feedback_requests_task

__all__ = ["disseminate_report_task", "send_feedback_requests_task"]
