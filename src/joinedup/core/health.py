"""What /healthz and /metrics report: checks of the engines, backlogs, the worker's heartbeat.

Everything here is a count, an age or a yes/no: no name, address, subject or id of anything
a person wrote ever leaves through these two URLs.
"""

import datetime
import logging
import os
import socket
import time

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from rq import Queue

from joinedup.core.models import Job, OutboxMessage, WorkerHeartbeat

logger = logging.getLogger(__name__)


def worker_name() -> str:
    """This process as a worker: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(*, worker: str, keep_for: datetime.timedelta = datetime.timedelta(days=1)) -> None:
    """Record that this worker is alive now, and forget workers silent for longer than keep_for."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker=worker).update(beat_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker=worker, defaults={"beat_at": now, "started_at": now}
        )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - keep_for).delete()


def stop_beating(*, worker: str) -> None:
    """A worker that stops cleanly takes its heartbeat with it (a killed one leaves it to age)."""
    WorkerHeartbeat.objects.filter(worker=worker).delete()


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check() or {}
        ok = True
    except Exception as error:  # any failure of an engine is an answer, never a 500
        logger.warning("Health check %s failed: %s", check.__name__, error)
        result, ok = {"error": type(error).__name__}, False
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1), **result}


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"engine": connection.vendor}


def _redis_client():
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)


def _redis() -> dict:
    _redis_client().ping()
    return {}


def worker_status() -> dict:
    """Age of the freshest heartbeat, and how many workers beat within the stale limit."""
    now = timezone.now()
    stale = datetime.timedelta(seconds=settings.HEARTBEAT_STALE_AFTER)
    newest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    alive = WorkerHeartbeat.objects.filter(beat_at__gte=now - stale).count()
    age = None if newest is None else round((now - newest).total_seconds(), 1)
    return {"heartbeat_age_seconds": age, "alive": alive}


def health(*, include_worker: bool = True) -> tuple[bool, dict]:
    """Check the database, Redis when configured, and (unless left out) the worker.

    The worker is one of a node's checks for a person or a monitor; a load balancer asks with
    include_worker=False, or a stopped worker would take every node out of service at once.
    """
    checks = {"database": _timed(_database)}
    if settings.REDIS_CONFIGURED:
        checks["redis"] = _timed(_redis)
    if include_worker and settings.TASKS_MODE in ("database", "rq"):

        def worker() -> dict:
            status = worker_status()
            age = status["heartbeat_age_seconds"]
            if age is None or age > settings.HEARTBEAT_STALE_AFTER:
                raise WorkerSilent
            return status

        checks["worker"] = _timed(worker)
        if not checks["worker"]["ok"] and checks["database"]["ok"]:
            checks["worker"].update(worker_status())
    return all(c["ok"] for c in checks.values()), checks


class WorkerSilent(Exception):
    """No worker has beaten its heart within JOINEDUP_HEARTBEAT_STALE_AFTER seconds."""


def queue_depth() -> int:
    """Tasks waiting in the task backend's queue (not yet taken by a worker)."""
    if settings.TASKS_MODE == "rq":
        return Queue("default", connection=_redis_client()).count
    if settings.TASKS_MODE == "database":
        return DBTaskResult.objects.filter(status="READY").count()
    return 0


def backlogs() -> dict:
    """Counts of waiting work: the task queue, undelivered outbox messages, unfinished jobs."""
    return {
        "queue_depth": queue_depth(),
        "outbox_queued": OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED).count(),
        "outbox_failed": OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count(),
        "jobs_waiting": Job.objects.filter(status=Job.Status.WAITING).count(),
        "jobs_running": Job.objects.filter(status=Job.Status.RUNNING).count(),
    }
