"""The core's periodic jobs: signed-out sessions cleared, old task results pruned."""

import datetime
import io

from django.conf import settings
from django.core.management import call_command

from joinedup.core.retention import erase_outbox_bodies
from joinedup.core.schedule import register_periodic


@register_periodic(
    "core.clear_sessions", every=datetime.timedelta(days=1), what="Django's clearsessions"
)
def clear_sessions() -> dict:
    call_command("clearsessions")
    return {"done": True}


@register_periodic(
    "core.prune_task_results",
    every=datetime.timedelta(days=1),
    what="finished background-task results older than TASK_RESULTS_DAYS (database backend)",
)
def prune_task_results() -> dict:
    if settings.TASKS_MODE != "database":
        return {"skipped": settings.TASKS_MODE}
    out = io.StringIO()
    call_command(
        "prune_db_task_results", min_age_days=settings.TASK_RESULTS_DAYS, stdout=out, stderr=out
    )
    return {"output": out.getvalue().strip()[:300]}


@register_periodic(
    "core.retention_outbox",
    every=datetime.timedelta(days=1),
    what="erase outbox message bodies older than RETAIN_OUTBOX_BODY_DAYS",
)
def retention_outbox() -> dict:
    return erase_outbox_bodies()
