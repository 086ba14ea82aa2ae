"""Two things only a real process shows: the person's name is nowhere in the SQLite file (nor,
on PostgreSQL, in the table's raw column), and a worker killed with -9 between a referral's
reminder and its escalation still sends each exactly once when work resumes."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.referrals.factories import send

REPO = Path(__file__).resolve().parents[2]
WORLD = Path(__file__).with_name("_subprocess_world.py").read_text()
NAME = "Quillon Zephyrine-Example"


def _joinedup(args, env, timeout=240):
    return subprocess.run(
        [sys.executable, "-m", "joinedup", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(REPO / "src"), **env},
    )


def _shell(code, env):
    return _joinedup(["shell", "--no-imports", "-c", code], env)


@pytest.fixture
def world_env(tmp_path):
    env = {
        "JOINEDUP_VAR_DIR": str(tmp_path),
        "JOINEDUP_TASKS": "database",
        "JOINEDUP_REFERRAL_HOURS": "calendar",
    }
    assert _joinedup(["migrate", "-v0"], env).returncode == 0
    made = _shell(WORLD, env)
    assert made.returncode == 0, made.stderr
    return env, tmp_path


def test_the_name_is_not_in_the_sqlite_file(world_env):
    env, var = world_env
    _shell("from django.db import connection; connection.cursor().execute('VACUUM')", env)
    raw = b"".join(p.read_bytes() for p in var.glob("joinedup.sqlite3*"))
    assert len(raw) > 100_000
    for text in (NAME, "Quillon", "07700 900777", "half term"):
        assert text.encode() not in raw, text
    # ... while the application reads it back
    read = _shell(
        "from joinedup.referrals.models import Referral; print(Referral.objects.get().person_name)",
        env,
    )
    assert read.stdout.strip() == NAME


@pytest.mark.django_db
def test_the_name_is_not_in_the_raw_column(place, team, step, practitioner):
    """On whichever database the suite runs (PostgreSQL with JOINEDUP_TEST_DATABASE_URL)."""
    referral = send(place=place, referrer=practitioner, to_service=team, step=step, name=NAME)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_name, person_contact, reason FROM referrals_referral WHERE id = %s",
            [referral.pk.hex if connection.vendor == "sqlite" else str(referral.pk)],
        )
        name, contact, reason = cursor.fetchone()
    assert name.startswith("fernet:") and "Quillon" not in name
    assert contact.startswith("fernet:") and "07700" not in contact
    assert reason.startswith("fernet:")


KILL_BEFORE_ESCALATING = """
import os, signal
from joinedup.referrals import services
def killed(**kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
services.escalate = killed
from joinedup.referrals.tasks import send_due_referral_reminders
send_due_referral_reminders.call()
"""

COUNT = """
from joinedup.core.models import OutboxMessage as M
from joinedup.referrals.models import Referral as R
subjects = sorted(m.subject.rsplit(" (", 1)[0] for m in M.objects.all())
print("|".join(subjects))
print(R.objects.count(), R.objects.filter(reminded_at__isnull=False).count(),
      R.objects.filter(escalated_at__isnull=False).count())
"""


def test_reminder_and_escalation_once_each_with_the_worker_killed_between(world_env):
    env, _var = world_env
    killed = _shell(KILL_BEFORE_ESCALATING, env)
    assert killed.returncode == -signal.SIGKILL
    after_kill = _shell(COUNT, env).stdout.splitlines()
    assert after_kill == [
        "New referral for Ilford Early Help|Reply overdue: referral for Ilford Early Help",
        "1 1 0",
    ]
    # the worker takes the sweep from the queue, twice (a retry, or the next scheduled run)
    queue = (
        "from joinedup.referrals.tasks import send_due_referral_reminders as t; "
        "t.enqueue(); t.enqueue()"
    )
    assert _shell(queue, env).returncode == 0
    worker = _joinedup(["worker", "--batch"], env)
    assert worker.returncode == 0, worker.stderr
    assert _shell(COUNT, env).stdout.splitlines() == [
        "|".join(
            sorted(
                [
                    "New referral for Ilford Early Help",
                    "Reply overdue: referral for Ilford Early Help",
                    # MASH takes no referrals in Joinedup: a notice to its address
                    "Escalation: a referral to Ilford Early Help is unanswered",
                    "Referral escalated: no answer from Ilford Early Help",
                ]
            )
        ),
        "1 1 1",
    ]
