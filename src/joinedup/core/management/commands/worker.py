"""Run the background worker for whichever task backend JOINEDUP_TASKS names, with the sweep."""

import datetime
import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from joinedup.core.health import beat, stop_beating, worker_name
from joinedup.core.schedule import run_due
from joinedup.core.sweep import sweep_lost_work

logger = logging.getLogger(__name__)


def sweep_once() -> None:
    """Run the sweep, logging (never raising) a failure: the worker must keep working."""
    try:
        counts = sweep_lost_work(stale_after=datetime.timedelta(seconds=settings.SWEEP_STALE_AFTER))
        if any(counts.values()):
            logger.warning("Sweep queued lost work again: %s", counts)
    except Exception:
        logger.exception("Sweep failed")
    finally:
        connection.close()  # this thread's own connection


def sweep_forever(stop: threading.Event) -> None:
    while not stop.wait(settings.SWEEP_EVERY):
        sweep_once()


def periodic_forever(stop: threading.Event) -> None:
    """Run the periodic jobs that are due (core/schedule.py), logging (never raising) a
    failure."""
    while not stop.wait(settings.PERIODIC_EVERY):
        try:
            run_due()
        except Exception:
            logger.exception("Periodic jobs failed")
        finally:
            connection.close()


def beat_forever(stop: threading.Event, worker: str) -> None:
    """Beat the worker's heart every HEARTBEAT_EVERY seconds (for /healthz) until stopped."""
    while True:
        try:
            beat(worker=worker)
        except Exception:
            logger.exception("Heartbeat failed")
        finally:
            connection.close()  # this thread's own connection
        if stop.wait(settings.HEARTBEAT_EVERY):
            return


class Command(BaseCommand):
    help = "Run background tasks (emails, imports, reports) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")

    def handle(self, *args, batch: bool = False, **options):
        if settings.TASKS_MODE not in ("database", "rq"):
            raise CommandError(
                "JOINEDUP_TASKS is 'immediate': tasks run in the web process, no worker needed"
            )
        # Work a dead worker lost is queued again first, then every SWEEP_EVERY seconds.
        starting = threading.Thread(target=sweep_once)
        starting.start()
        starting.join()
        stop = threading.Event()
        worker = worker_name()
        beating = threading.Thread(target=beat_forever, args=(stop, worker), daemon=True)
        beating.start()
        if not batch:
            threading.Thread(target=sweep_forever, args=(stop,), daemon=True).start()
            threading.Thread(target=periodic_forever, args=(stop,), daemon=True).start()
        try:
            if settings.TASKS_MODE == "database":
                call_command("db_worker", batch=batch, interval=0.5, reload=False)
            else:
                # One process, no fork per task: a killed worker leaves no orphan running a
                # task, and database connections are never shared across a fork.
                call_command(
                    "rqworker",
                    "default",
                    burst=batch,
                    with_scheduler=False,
                    worker_class="rq.worker.SimpleWorker",
                    job_class="django_tasks_rq.backend.Job",
                )
        finally:
            stop.set()
            beating.join(timeout=5)
            stop_beating(worker=worker)
