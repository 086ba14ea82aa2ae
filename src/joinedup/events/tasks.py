"""Background tasks of events. Tasks take ids, never model instances."""

from django.conf import settings
from django_tasks import task


@task()
def send_invitations_step(*, job_id: str, event_id: int, up_to: int, actor_id=None) -> dict:
    """Send the next invitations of a batch; the next step is queued when this one's progress
    is recorded (see sending)."""
    from joinedup.core.jobs import queue_next_step
    from joinedup.events.sending import run_send_step

    arguments = {"job_id": job_id, "event_id": event_id, "up_to": up_to, "actor_id": actor_id}
    if settings.TASKS_MODE == "immediate":
        # Inline (tests, the demo): queueing the next step would run it before this one's
        # work, so loop here instead.
        sent = 0
        while True:
            result = run_send_step(**arguments)
            sent += result["sent"]
            if result["finished"]:
                return {"sent": sent}
    return run_send_step(**arguments, then=lambda done: queue_next_step(job_id, done=done))


@task()
def send_reminder_task(*, job_id: str, reminder_id: int) -> dict:
    """Send one reminder to its group, with progress on the job."""
    from joinedup.core.jobs import run_job
    from joinedup.events.reminders import send_reminder

    return run_job(job_id, lambda progress: send_reminder(reminder_id, progress=progress))
