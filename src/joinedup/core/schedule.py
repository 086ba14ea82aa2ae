"""Periodic jobs: reminders that fall due, overdue actions, retention, clearing old sessions.

Each app registers its jobs with a period (from its ready()); the worker runs the ones that
are due every PERIODIC_EVERY seconds, and `python -m joinedup run_periodic` does the same
once, for a host that runs no worker (cron) or to run them now. A job runs at most once a
period however many workers or cron lines there are: the run is claimed in a transaction on
its PeriodicRun row before it starts. docs/deployment.md lists every job with its period."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.core.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    every: datetime.timedelta
    run: Callable[[], object]
    what: str


JOBS: dict[str, Periodic] = {}


def register_periodic(name: str, *, every: datetime.timedelta, what: str):
    """Register a function (no arguments, returns something JSON-able) to run every period."""

    def decorate(run):
        JOBS[name] = Periodic(name=name, every=every, run=run, what=what)
        return run

    return decorate


def _claim(job: Periodic, now: datetime.datetime) -> bool:
    """Mark the job as run now if its period has passed; False when it is not due (or another
    worker claimed it first)."""
    try:
        with transaction.atomic():
            row, _ = PeriodicRun.objects.select_for_update().get_or_create(name=job.name)
            if row.last_run_at is not None and now - row.last_run_at < job.every:
                return False
            row.last_run_at = now
            row.save(update_fields=["last_run_at"])
    except IntegrityError:  # two workers created the row at once: the other one runs it
        return False
    return True


def run_due(*, now: datetime.datetime | None = None, names=None) -> dict[str, object]:
    """Run every registered job that is due (or only those named); return what each did. A
    failing job is logged and the others still run."""
    now = now or timezone.now()
    done = {}
    for job in sorted(JOBS.values(), key=lambda j: j.name):
        if names is not None and job.name not in names:
            continue
        if not _claim(job, now):
            continue
        try:
            result = job.run()
        except Exception:
            logger.exception("Periodic job %s failed", job.name)
            result = {"failed": True}
        PeriodicRun.objects.filter(name=job.name).update(
            last_result=result if isinstance(result, dict) else {"result": str(result)}
        )
        done[job.name] = result
    return done
