"""Long work with visible progress: a Job row that a task updates and a page shows."""

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from joinedup.core.models import Job, Place

logger = logging.getLogger(__name__)


def start_job(*, place: Place, user, kind: str, title: str, task, **task_kwargs) -> Job:
    """Create a Job and enqueue task(job_id=..., **task_kwargs) once the transaction commits."""
    job = Job.objects.create(place=place, started_by=user, kind=kind, title=title)
    job_id = str(job.pk)
    transaction.on_commit(lambda: task.enqueue(job_id=job_id, **task_kwargs))
    return job


def report_progress(job_id: str, *, done: int, total: int | None = None, message: str = "") -> None:
    """Record how far a job has got (cheap: one UPDATE)."""
    fields = {"done": done, "status": Job.Status.RUNNING}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message[:300]
    Job.objects.filter(pk=job_id).update(**fields)


def run_job(job_id: str, work: Callable[[Callable[..., None]], dict]) -> dict:
    """Run work(progress) for a job, marking it running, then done with its result, or failed."""
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING)

    def progress(done: int, total: int | None = None, message: str = "") -> None:
        report_progress(job_id, done=done, total=total, message=message)

    try:
        result = work(progress) or {}
    except Exception as error:
        logger.exception("Job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, message=str(error)[:300], finished_at=timezone.now()
        )
        raise
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        result=result,
        result_url=str(result.get("url", ""))[:300],
        finished_at=timezone.now(),
    )
    return result
