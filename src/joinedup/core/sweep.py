"""The sweep: queue again the background work a dead worker lost, the same way on every backend.

Work is never looked for inside a task backend's own tables (django-tasks-db's or Redis's):
what must happen is read from our rows. An outbox message still "queued" long after its
delivery was queued gets another delivery task (delivery claims a message once, so a second
task for a message that is being delivered does nothing). A failed message whose retry time
has come (core/mail.py sets it only when the message certainly did not leave) is queued
again. A job run in steps whose heart has not beaten for a while gets its step queued again
(a step finds the work already done and carries on from there). The worker runs the sweep
when it starts and then every JOINEDUP_SWEEP_EVERY seconds; `python -m joinedup sweep` runs
it once.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from joinedup.core.mail import deliver_email
from joinedup.core.models import Job, OutboxMessage


def sweep_lost_work(*, stale_after: datetime.timedelta) -> dict:
    """Queue again deliveries and job steps untouched for stale_after; return how many."""
    before = timezone.now() - stale_after
    return {
        "deliveries": _requeue_deliveries(before),
        "retries": _requeue_retries(timezone.now()),
        "steps": _requeue_steps(before),
    }


def _requeue_retries(now) -> int:
    """Failed messages whose next try is due go back to "queued", with a delivery task."""
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update()
            .filter(status=OutboxMessage.Status.FAILED, retry_at__lte=now)
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=due).update(
            status=OutboxMessage.Status.QUEUED, retry_at=None, queued_at=now
        )
        for pk in due:
            transaction.on_commit(lambda pk=pk: deliver_email.enqueue(message_id=pk))
    return len(due)


def _requeue_deliveries(before) -> int:
    with transaction.atomic():
        lost = list(
            OutboxMessage.objects.select_for_update()
            .filter(status=OutboxMessage.Status.QUEUED, queued_at__lt=before)
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=lost).update(queued_at=timezone.now())
        for pk in lost:
            transaction.on_commit(lambda pk=pk: deliver_email.enqueue(message_id=pk))
    return len(lost)


def _requeue_steps(before) -> int:
    with transaction.atomic():
        stalled = list(
            Job.objects.select_for_update()
            .filter(status__in=[Job.Status.WAITING, Job.Status.RUNNING], heartbeat_at__lt=before)
            .exclude(resume_task="")
            .values_list("pk", "resume_task", "resume_kwargs")
        )
        Job.objects.filter(pk__in=[pk for pk, _, _ in stalled]).update(heartbeat_at=timezone.now())
        for _, path, kwargs in stalled:
            transaction.on_commit(lambda p=path, k=kwargs: import_string(p).enqueue(**k))
    return len(stalled)
