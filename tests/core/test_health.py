"""/healthz and /metrics: what they check, what they count, and that they reveal nothing."""

import datetime
import re

import pytest
from django.utils import timezone

from joinedup.core.health import beat, stop_beating
from joinedup.core.mail import send_email
from joinedup.core.metrics import status_class
from joinedup.core.models import OutboxMessage, WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _metric(body: str, name: str) -> float:
    """The value of one sample line of the text format, 0 when absent."""
    match = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", body, re.M)
    return float(match.group(1)) if match else 0.0


def test_healthz_checks_the_database_alone_when_tasks_run_inline(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert list(body["checks"]) == ["database"]
    assert body["checks"]["database"]["ok"] is True
    assert response["Cache-Control"] == "no-store"


def test_healthz_is_unhealthy_without_a_worker_heartbeat(client, settings):
    settings.TASKS_MODE = "database"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["heartbeat_age_seconds"] is None
    assert body["checks"]["worker"]["alive"] == 0


def test_healthz_is_healthy_with_a_fresh_heartbeat(client, settings):
    settings.TASKS_MODE = "database"
    beat(worker="node-a:101")
    beat(worker="node-b:202")
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["checks"]["worker"]["alive"] == 2
    assert body["checks"]["worker"]["heartbeat_age_seconds"] < 5


def test_healthz_counts_a_stale_heartbeat_as_a_silent_worker(client, settings):
    settings.TASKS_MODE = "rq"
    settings.REDIS_CONFIGURED = False  # Redis is another test's question
    WorkerHeartbeat.objects.create(
        worker="node-a:101", beat_at=timezone.now() - datetime.timedelta(seconds=90)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["alive"] == 0
    assert 89 < worker["heartbeat_age_seconds"] < 95


def test_healthz_for_a_load_balancer_leaves_the_worker_out(client, settings):
    settings.TASKS_MODE = "database"
    response = client.get("/healthz?scope=node")
    assert response.status_code == 200
    assert list(response.json()["checks"]) == ["database"]


def test_healthz_is_unhealthy_when_redis_does_not_answer(client, settings):
    settings.REDIS_CONFIGURED = True
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    redis_check = response.json()["checks"]["redis"]
    assert redis_check["ok"] is False
    assert redis_check["error"] == "ConnectionError"
    assert response.json()["checks"]["database"]["ok"] is True


def test_healthz_refuses_a_post(client):
    assert client.post("/healthz").status_code == 405


def test_beat_updates_one_row_per_worker_and_forgets_old_ones():
    WorkerHeartbeat.objects.create(
        worker="gone:1", beat_at=timezone.now() - datetime.timedelta(days=2)
    )
    beat(worker="node-a:101")
    first = WorkerHeartbeat.objects.get(worker="node-a:101").beat_at
    beat(worker="node-a:101")
    assert list(WorkerHeartbeat.objects.values_list("worker", flat=True)) == ["node-a:101"]
    assert WorkerHeartbeat.objects.get(worker="node-a:101").beat_at >= first
    stop_beating(worker="node-a:101")
    assert WorkerHeartbeat.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "label"), [(200, "2xx"), (204, "2xx"), (302, "3xx"), (404, "4xx"), (503, "5xx")]
)
def test_status_class(code, label):
    assert status_class(code) == label


def test_metrics_count_requests_by_status_class(client):
    before = client.get("/metrics").content.decode()
    client.get("/privacy/")
    client.get("/privacy/")
    client.get("/no-such-page/")
    after = client.get("/metrics").content.decode()
    ok = 'joinedup_requests_total{status="2xx"}'
    missing = 'joinedup_requests_total{status="4xx"}'
    # the first /metrics answer is counted too: 2 privacy pages + 1 metrics page
    assert _metric(after, ok) - _metric(before, ok) == 3
    assert _metric(after, missing) - _metric(before, missing) == 1
    count = "joinedup_request_duration_seconds_count"
    assert _metric(after, count) - _metric(before, count) == 4
    assert 'joinedup_request_duration_seconds_bucket{le="0.005"}' in after
    assert 'joinedup_request_duration_seconds_bucket{le="+Inf"}' in after


def test_metrics_report_backlogs_as_counts_only(client):
    send_email(key="m1", to=["a@council.example"], subject="Secret subject", body_text="B")
    send_email(key="m2", to=["b@council.example"], subject="Another", body_text="B")
    # tasks run inline in tests: the messages were kept; make two of them count as waiting
    OutboxMessage.objects.update(status=OutboxMessage.Status.QUEUED)
    OutboxMessage.objects.filter(key="m2").update(status=OutboxMessage.Status.FAILED)
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    body = response.content.decode()
    assert _metric(body, 'joinedup_outbox_messages{status="queued"}') == 1
    assert _metric(body, 'joinedup_outbox_messages{status="failed"}') == 1
    assert _metric(body, "joinedup_task_queue_depth") == 0
    assert _metric(body, 'joinedup_jobs_unfinished{status="waiting"}') == 0
    assert _metric(body, "joinedup_workers_alive") == 0
    assert "Secret" not in body
    assert "council.example" not in body


def test_metrics_limited_to_allowed_addresses(client, settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "192.0.2.7"]
    assert client.get("/metrics").status_code == 403  # the test client is 127.0.0.1
    assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.8").status_code == 403
    # healthz stays open: a load balancer asks from wherever it is
    assert client.get("/healthz", REMOTE_ADDR="192.0.2.8").status_code == 200
