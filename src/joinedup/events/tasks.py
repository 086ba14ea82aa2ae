"""Where the background tasks of events were defined, kept so that task paths already stored
still resolve: `joinedup.events.tasks.send_invitations_step` in a Job's resume_task (the sweep
queues it again) or in a queued job of django-tasks-db or RQ.

Each task lives beside the domain function that starts it (events.sending, events.reminders),
so that the domain needs no import of this module; new work is queued under the new paths.
"""

from joinedup.events.reminders import send_reminder_task
from joinedup.events.sending import send_invitations_step

__all__ = ["send_invitations_step", "send_reminder_task"]
