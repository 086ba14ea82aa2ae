"""The directory's periodic job: spreadsheet import batches (rows of personal data) deleted
when they expire, on a timer rather than only when the next upload happens."""

import datetime

from joinedup.core.audit import log_action
from joinedup.core.schedule import register_periodic
from joinedup.directory.imports.services import purge_expired_batches


@register_periodic(
    "directory.retention_import_batches",
    every=datetime.timedelta(hours=1),
    what="delete spreadsheet import batches past their expiry (two days after upload)",
)
def retention_import_batches() -> dict:
    deleted = purge_expired_batches()
    if deleted:
        log_action("directory.retention.import_batches_deleted", data={"batches": deleted})
    return {"batches": deleted}
