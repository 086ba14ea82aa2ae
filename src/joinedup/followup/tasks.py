"""Background tasks of follow-up. Tasks take ids, never model instances."""

from django_tasks import task


@task()
def disseminate_report_task(*, job_id: str, report_id: int, version: int) -> dict:
    """Send a published report to everyone invited, with progress on the job."""
    from joinedup.core.jobs import run_job
    from joinedup.followup.dissemination import send_report

    return run_job(job_id, lambda progress: send_report(report_id, version, progress=progress))


@task()
def send_feedback_requests_task(*, job_id: str, event_id: int) -> dict:
    """Ask everyone who came to an event for feedback, with progress on the job."""
    from joinedup.core.jobs import run_job
    from joinedup.followup.feedback import send_requests

    return run_job(job_id, lambda progress: send_requests(event_id, progress=progress))
