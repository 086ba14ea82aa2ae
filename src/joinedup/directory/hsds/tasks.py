"""Background task of the Open Referral import. Takes ids and paths, never model instances."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.urls import reverse
from django_tasks import task

from joinedup.core.jobs import run_job
from joinedup.core.models import Job
from joinedup.directory.hsds.loading import import_tables
from joinedup.directory.hsds.reading import read_hsds


def _read_upload(path: str) -> bytes:
    """The upload's bytes: a name in the default storage (an absolute path from before
    uploads moved there is read from disk)."""
    if Path(path).is_absolute():
        return Path(path).read_bytes()
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def _delete_upload(path: str) -> None:
    if Path(path).is_absolute():
        Path(path).unlink(missing_ok=True)
    else:
        default_storage.delete(path)


@task()
def import_hsds_task(*, job_id: str, path: str, filename: str) -> dict:
    """Read an uploaded HSDS file and import it into the job's place; the file is then deleted."""

    def work(progress) -> dict:
        job = Job.objects.select_related("place", "started_by").get(pk=job_id)
        try:
            tables, ignored = read_hsds(_read_upload(path), filename=filename)
        finally:
            _delete_upload(path)
        report = import_tables(
            place=job.place,
            tables=tables,
            actor=job.started_by,
            source=filename,
            ignored=ignored,
            progress=progress,
        )
        url = reverse(
            "directory:hsds_import_report",
            kwargs={"place_slug": job.place.slug, "job_id": job_id},
        )
        return {"url": url, **report}

    return run_job(job_id, work)
