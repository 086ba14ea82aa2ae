"""Sending survives a worker killed twice: once half-way through composing a step, once in the
middle of an SMTP conversation. A real `python -m joinedup worker` (on the database task
backend, then on RQ with Redis; a temporary SQLite file) delivers to a real local SMTP server
(aiosmtpd); every invitee must get exactly one email.

The kills are placed, not random, so the test is not flaky:
1. while the worker is composing the second step of the batch (a step queues its successor
   when it commits, after the deliveries its invitations queued, so the first 25 have gone):
   the worker is frozen (SIGSTOP) as soon as the job's progress passes 26, wherever it is,
   perhaps inside a transaction, then killed;
2. inside the SMTP server's DATA handler for a message, after the server has stored it but
   before the worker hears "250": the worst moment for a duplicate, because the worker never
   learns that the message went.
Before each restart the sweep runs (`joinedup sweep`, as the worker's schedule would once the
work is stale) and queues again the step and the deliveries the dead worker lost.
"""

import collections
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path

import pytest

from tests.events.smtp import LocalSMTP

REPO = Path(__file__).resolve().parents[2]
INVITEES = 60

CREATE = """
import datetime
from django.utils import timezone
from joinedup.core.models import Place
from joinedup.events.models import Event, Invitation
from joinedup.events.sending import start_sending
from joinedup.events.tokens import new_checkin_code

place = Place.objects.create(name="Ilford (Redbridge)", slug="ilford", local_authority="LBR")
event = Event.objects.create(
    place=place, title="Worker test day", date=timezone.localdate() + datetime.timedelta(days=30),
    venue_name="Town Hall", venue_address="High Road, Ilford", status="invitations_open",
)
for i in range(%(n)d):
    Invitation.objects.create(
        event=event, place=place, name=f"Person {i}", email=f"person{i}@council.example",
        sector="housing", sector_name="Housing", tier="frontline", checkin_code=new_checkin_code(),
    )
job = start_sending(event=event, actor=None)
print(job.pk)
"""


class Inbox:
    """An SMTP handler that records every message and can kill the worker on the n-th one."""

    def __init__(self):
        self.recipients = []
        self.kill_at = None
        self.worker = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.recipients.extend(envelope.rcpt_tos)
            assert message["Subject"].startswith("Invitation: Worker test day")
            if self.kill_at is not None and len(self.recipients) >= self.kill_at:
                self.kill_at = None
                # The message is stored; the worker dies before it hears that it was accepted.
                os.kill(self.worker.pid, signal.SIGKILL)
                self.worker.wait(10)
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = LocalSMTP(inbox)
    controller.start()
    yield controller.port, inbox
    controller.stop()


def _run(env, *args, check=True, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "joinedup", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def _worker(env, log: Path, *args):
    handle = log.open("a")
    return subprocess.Popen(
        [sys.executable, "-m", "joinedup", "worker", *args],
        env=env,
        cwd=REPO,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def _wait_for(condition, timeout=60.0, interval=0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out waiting")


def test_sending_kill_and_restart_worker_sends_everyone_exactly_once(tmp_path, smtp, task_backend):
    port, inbox = smtp
    database = tmp_path / "joinedup.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "joinedup.settings",
        "PYTHONPATH": str(REPO / "src"),
        "JOINEDUP_VAR_DIR": str(tmp_path),
        "JOINEDUP_DATABASE_URL": f"sqlite:///{database}",
        **task_backend,
        "JOINEDUP_EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "JOINEDUP_SECRET_KEY": "worker-test-secret-key-not-for-production",
        "JOINEDUP_HTTPS": "0",
        "JOINEDUP_LOG_LEVEL": "WARNING",
    }
    _run(env, "migrate", "--noinput", timeout=300)
    job_id = _run(env, "shell", "-c", CREATE % {"n": INVITEES}).stdout.strip().splitlines()[-1]
    db = sqlite3.connect(database, timeout=30, isolation_level=None)

    def job_done() -> int:
        return db.execute(
            "SELECT done FROM core_job WHERE id = ?", (job_id.replace("-", ""),)
        ).fetchone()[0]

    log = tmp_path / "worker.log"

    # 1. Kill the worker while it composes the second step (invitations 26 to 50).
    inbox.worker = worker = _worker(env, log)
    _wait_for(lambda: job_done() >= 27)
    os.kill(worker.pid, signal.SIGSTOP)  # frozen wherever it is, perhaps mid-transaction
    composed = job_done()
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)
    assert 27 <= composed < 50, f"expected the kill mid-step, at {composed}"
    assert len(inbox.recipients) == 25  # step 1's deliveries were queued before step 2

    # 2. Sweep and restart; kill it again inside the SMTP conversation of the 45th delivery.
    _run(env, "sweep", "--stale-after", "0")
    inbox.kill_at = 45
    inbox.worker = worker = _worker(env, log)
    _wait_for(lambda: worker.poll() is not None, timeout=120)
    assert len(inbox.recipients) == 45

    # 3. Sweep, restart and let it finish the queue.
    _run(env, "sweep", "--stale-after", "0")
    inbox.worker = worker = _worker(env, log, "--batch")
    assert worker.wait(180) == 0, log.read_text()

    received = collections.Counter(inbox.recipients)
    assert received == {f"person{i}@council.example": 1 for i in range(INVITEES)}, log.read_text()
    statuses = collections.Counter(
        row[0]
        for row in db.execute("SELECT status FROM core_outboxmessage WHERE key LIKE 'invitation:%'")
    )
    # The message in flight at the second kill reached the server but was never confirmed:
    # it stays "sending" (at most once), never sent again.
    assert statuses == {"sent": INVITEES - 1, "sending": 1}
    assert db.execute(
        "SELECT count(*) FROM events_invitation WHERE sent_at IS NULL"
    ).fetchone() == (0,)
    # One personal link per invitee: no retried step left a second token behind.
    assert db.execute("SELECT count(*) FROM events_accesstoken").fetchone() == (INVITEES,)
    assert db.execute(
        "SELECT status, done, total FROM core_job WHERE id = ?", (job_id.replace("-", ""),)
    ).fetchone() == ("done", INVITEES, INVITEES)
