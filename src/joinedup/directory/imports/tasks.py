"""Background task of the import: commit a planned batch with progress. Takes ids only."""

from django.urls import reverse
from django_tasks import task

from joinedup.core.jobs import run_job
from joinedup.core.models import Job
from joinedup.directory.imports.committing import commit_import
from joinedup.directory.imports.models import ImportBatch


@task()
def commit_import_task(*, job_id: str, batch_id: str) -> dict:
    """Commit an ImportBatch's plan with its accepted merges, reporting progress on the job."""

    def work(progress) -> dict:
        batch = ImportBatch.objects.select_related("place", "created_by").get(pk=batch_id)
        job = Job.objects.select_related("started_by").get(pk=job_id)
        try:
            report = commit_import(
                place=batch.place,
                plan=batch.plan,
                accepted_merges=batch.accepted,
                actor=job.started_by,
                filename=batch.filename,
                progress=progress,
            )
        except Exception:
            ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.FAILED)
            raise
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.COMMITTED, report=report
        )
        url = reverse(
            "directory:import_report",
            kwargs={"place_slug": batch.place.slug, "batch_id": batch_id},
        )
        return {"url": url, **report["counts"]}

    return run_job(job_id, work)
