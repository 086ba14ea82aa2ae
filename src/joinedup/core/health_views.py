"""/healthz and /metrics: open to monitors without signing in, counts and ages only."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from joinedup.core.clientip import client_address
from joinedup.core.health import backlogs, health, worker_status


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", ...} when every check passes, else 503 {"status": "unhealthy"}.

    ?scope=node leaves the worker out: that is the question a load balancer asks of a node.
    """
    ok, checks = health(include_worker=request.GET.get("scope") != "node")
    response = JsonResponse(
        {"status": "ok" if ok else "unhealthy", "checks": checks}, status=200 if ok else 503
    )
    response["Cache-Control"] = "no-store"
    return response


@lru_cache(maxsize=4)
def _allowed_networks(allowed: tuple[str, ...]):
    return tuple(ipaddress.ip_network(a, strict=False) for a in allowed)


def metrics_allowed(request: HttpRequest) -> bool:
    """Anyone, unless JOINEDUP_METRICS_ALLOWED_IPS names the addresses or networks allowed."""
    allowed = tuple(settings.METRICS_ALLOWED_IPS)
    if not allowed:
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in _allowed_networks(allowed))


class InstallationCollector:
    """Gauges read from the database at each scrape: the same on every node."""

    def collect(self):
        counts = backlogs()
        queue = GaugeMetricFamily("joinedup_task_queue_depth", "Tasks waiting for a worker")
        queue.add_metric([], counts["queue_depth"])
        yield queue
        outbox = GaugeMetricFamily(
            "joinedup_outbox_messages",
            "Outbox messages not delivered, by status",
            labels=["status"],
        )
        outbox.add_metric(["queued"], counts["outbox_queued"])
        outbox.add_metric(["failed"], counts["outbox_failed"])
        yield outbox
        jobs = GaugeMetricFamily(
            "joinedup_jobs_unfinished", "Background jobs not finished, by status", labels=["status"]
        )
        jobs.add_metric(["waiting"], counts["jobs_waiting"])
        jobs.add_metric(["running"], counts["jobs_running"])
        yield jobs
        workers = worker_status()
        alive = GaugeMetricFamily("joinedup_workers_alive", "Workers whose heartbeat is fresh")
        alive.add_metric([], workers["alive"])
        yield alive
        if workers["heartbeat_age_seconds"] is not None:
            age = GaugeMetricFamily(
                "joinedup_worker_heartbeat_age_seconds", "Age of the freshest worker heartbeat"
            )
            age.add_metric([], workers["heartbeat_age_seconds"])
            yield age


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format: this node's requests (every process summed), the backlogs."""
    if not metrics_allowed(request):
        return HttpResponse("Forbidden", status=403, content_type="text/plain")
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(InstallationCollector())
    response = HttpResponse(
        generate_latest(registry), content_type="text/plain; version=0.0.4; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    return response
