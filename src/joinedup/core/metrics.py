"""Request counts and latency for /metrics, shared by every process of a node.

gunicorn runs several worker processes; a scrape reaches one of them. prometheus_client's
multiprocess mode keeps each process's values in a small memory-mapped file under
PROMETHEUS_MULTIPROC_DIR (settings.METRICS_DIR, which settings.py exports), and a scrape sums the
files of every process, so the answer does not depend on which process it reached. Recording a
request is an in-memory write to that map: no system call, no lock shared between processes.
deploy/gunicorn.conf.py empties the folder when the server starts and marks exited workers dead.
Gauges that describe the whole installation (queue depth, outbox and job backlog, the worker's
heartbeat) are read from the database at scrape time (core/health.py), not kept here.
"""

import time

from django.http import HttpRequest
from prometheus_client import Counter, Histogram

# Seconds; the upper buckets catch the slow tail a failover or an overloaded node produces.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter(
    "joinedup_requests",
    "HTTP requests answered, by status class",
    ["status"],
)
LATENCY = Histogram(
    "joinedup_request_duration_seconds",
    "Time from the request reaching Django to its response leaving it",
    buckets=LATENCY_BUCKETS,
)


def status_class(status_code: int) -> str:
    """'2xx' for 204, '5xx' for 503: five label values at most."""
    return f"{max(1, min(5, status_code // 100))}xx"


class RequestMetricsMiddleware:
    """Count every response by status class and time it. First in MIDDLEWARE, so the time
    includes every other middleware and an exception has already become a 500 response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        started = time.perf_counter()
        response = self.get_response(request)
        LATENCY.observe(time.perf_counter() - started)
        REQUESTS.labels(status_class(response.status_code)).inc()
        return response
