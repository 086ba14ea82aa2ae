"""Long work with visible progress: a Job row that a task updates and a page shows."""

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from joinedup.core.models import Job, Place

logger = logging.getLogger(__name__)


def start_job(
    *, place: Place, user, kind: str, title: str, task, steps: bool = False, **task_kwargs
) -> Job:
    """Create a Job and enqueue task(job_id=..., **task_kwargs) once the transaction commits.

    With steps=True the task runs the job in steps, each queueing its successor
    (queue_next_step), and the Job keeps the task and arguments so that the sweep can queue a
    step again when a worker died between two (core.sweep). Such a task must be safe to run
    twice at once: a second copy of a step finds its work done.
    """
    job = Job.objects.create(place=place, started_by=user, kind=kind, title=title)
    job_id = str(job.pk)
    if steps:
        job.resume_task = task.module_path
        job.resume_kwargs = {"job_id": job_id, **task_kwargs}
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["resume_task", "resume_kwargs", "heartbeat_at"])
    transaction.on_commit(lambda: task.enqueue(job_id=job_id, **task_kwargs))
    return job


def queue_next_step(job_id: str, *, done: int | None = None) -> None:
    """Record a step's progress and queue the job's next step when that record commits."""
    fields = {"status": Job.Status.RUNNING, "heartbeat_at": timezone.now()}
    if done is not None:
        fields["done"] = done
    with transaction.atomic():
        job = Job.objects.filter(pk=job_id).exclude(status=Job.Status.DONE)
        if not job.update(**fields):
            return  # finished (perhaps by a second copy of this step): nothing follows
        task_path, kwargs = Job.objects.values_list("resume_task", "resume_kwargs").get(pk=job_id)
        transaction.on_commit(lambda: import_string(task_path).enqueue(**kwargs))


def report_progress(job_id: str, *, done: int, total: int | None = None, message: str = "") -> None:
    """Record how far a job has got (cheap: one UPDATE)."""
    fields = {"done": done, "status": Job.Status.RUNNING, "heartbeat_at": timezone.now()}
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
