"""The Open Referral UK steps as plain functions: export (audited) and import (as a job)."""

import json
import uuid

from django.conf import settings
from django.core.files.storage import default_storage

from joinedup.core.audit import log_action
from joinedup.core.jobs import start_job
from joinedup.directory.hsds import export
from joinedup.directory.hsds.reading import HsdsError, check_zip, read_hsds
from joinedup.directory.hsds.tasks import import_hsds_task

MB = 1024 * 1024
CHECK_NOW_BYTES = 10 * MB


def max_upload_bytes() -> int:
    """Return the largest HSDS file accepted (JOINEDUP_HSDS_MAX_MB, 100 MB by default)."""
    return int(float(settings.HSDS_MAX_MB) * MB)


def export_place_json(*, place, actor) -> bytes:
    """Return the place's services as HSDS JSON bytes, and write the export to the audit log."""
    services = export.export_json(place)
    log_action(
        "directory.export.hsds_json",
        actor=actor,
        target=place,
        place=place,
        data={"services": len(services)},
    )
    return json.dumps(services, ensure_ascii=False, indent=1).encode()


def export_place_zip(*, place, actor) -> bytes:
    """Return the place's tabular datapackage as zip bytes, and audit the export."""
    data = export.export_zip(place)
    log_action(
        "directory.export.hsds_tabular",
        actor=actor,
        target=place,
        place=place,
        data={"bytes": len(data)},
    )
    return data


UPLOADS = "hsds-uploads"


def start_hsds_import(*, place, user, upload):
    """Keep an uploaded HSDS file and start importing it as a job; return the job.

    The file goes to the default storage (JOINEDUP_MEDIA_DIR, or S3 when configured), so the
    worker that runs the job may be on another machine than the node that took the upload.
    """
    max_bytes = max_upload_bytes()
    if upload.size > max_bytes:
        raise HsdsError(f"The selected file must be smaller than {max_bytes // MB} MB")
    if upload.size == 0:
        raise HsdsError("The selected file is empty")
    upload.seek(0)
    head = upload.read(4)
    try:
        if head == b"PK\x03\x04":
            # a zip's table of contents is checked now (sizes, CSV files); unpacking it is
            # the job's work, so a zip bomb never runs inside a web request
            upload.seek(0)
            check_zip(upload.read())
        elif upload.size <= CHECK_NOW_BYTES:
            # a small JSON file is read now, so that a bad one gets its message on the form
            upload.seek(0)
            read_hsds(upload.read(), filename=upload.name)
    finally:
        upload.seek(0)
    stored = default_storage.save(f"{UPLOADS}/{uuid.uuid4()}.upload", upload)
    return start_job(
        place=place,
        user=user,
        kind="directory.hsds_import",
        title=f"Importing Open Referral data from {upload.name}",
        task=import_hsds_task,
        path=stored,
        filename=upload.name[:200],
    )
