"""The worker command runs queued tasks in a separate process, as `make demo` starts it, on the
database task backend and on RQ (Redis)."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _joinedup(args, env, timeout=180):
    return subprocess.run(
        [sys.executable, "-m", "joinedup", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(REPO / "src"), **env},
    )


def _migrated_env(tmp_path, task_backend) -> dict:
    """An installation in tmp_path on the task backend, migrated; its SMTP server is not
    there, so a delivery is attempted by the worker and recorded."""
    env = {
        "JOINEDUP_VAR_DIR": str(tmp_path),
        **task_backend,
        "JOINEDUP_EMAIL_URL": "smtp://127.0.0.1:1",
    }
    assert _joinedup(["migrate", "-v0"], env).returncode == 0
    return env


def _outbox_status(env) -> list[str]:
    """The one outbox message's status and attempts, as the installation has them."""
    script = (
        "from joinedup.core.models import OutboxMessage as M; m = M.objects.get(); "
        "print(m.status, m.attempts)"
    )
    return _joinedup(["shell", "--no-imports", "-c", script], env).stdout.split()


def test_worker_delivers_queued_email(tmp_path, task_backend):
    env = _migrated_env(tmp_path, task_backend)
    queue = (
        "from joinedup.core.mail import send_email; "
        "m, _ = send_email(key='w1', to=['a@council.example'], subject='S', body_text='B'); "
        "print(m.status)"
    )
    queued = _joinedup(["shell", "--no-imports", "-c", queue], env)
    assert queued.stdout.strip() == "queued", queued.stderr
    worker = _joinedup(["worker", "--batch"], env)
    assert worker.returncode == 0, worker.stderr
    assert _outbox_status(env) == ["failed", "1"]


# What the code before tasks moved beside their domain functions queued: a delivery under
# joinedup.core.tasks.deliver_email. The wrapper only lends the task that old path; if the
# worker ran the wrapper instead of resolving the path, the delivery would fail loudly.
QUEUE_UNDER_OLD_PATH = """
import dataclasses
from django.utils import timezone
from joinedup.core import mail
from joinedup.core.models import OutboxMessage

def deliver_email(*, message_id):
    raise AssertionError("the worker must run the task that the stored path names")

deliver_email.__module__ = "joinedup.core.tasks"
queued_by_old_code = dataclasses.replace(mail.deliver_email, func=deliver_email)
message = OutboxMessage.objects.create(
    key="old-path", to=["a@council.example"], subject="S", body_text="B", raw=b"",
    queued_at=timezone.now(),
)
result = queued_by_old_code.enqueue(message_id=message.pk)
if hasattr(result, "db_result"):  # django-tasks-db
    print(result.db_result.task_path)
else:  # RQ
    import django_rq
    from rq.job import Job
    print(Job.fetch(result.id, connection=django_rq.get_connection()).func_name)
"""


def test_worker_runs_a_task_queued_under_its_old_path(tmp_path, task_backend):
    env = _migrated_env(tmp_path, task_backend)
    queued = _joinedup(["shell", "--no-imports", "-c", QUEUE_UNDER_OLD_PATH], env)
    assert queued.stdout.strip() == "joinedup.core.tasks.deliver_email", queued.stderr

    worker = _joinedup(["worker", "--batch"], env)

    assert worker.returncode == 0, worker.stderr
    assert _outbox_status(env) == ["failed", "1"], worker.stderr


def test_settings_load_with_rq_backend(tmp_path):
    result = _joinedup(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        ],
        {"JOINEDUP_VAR_DIR": str(tmp_path), "JOINEDUP_TASKS": "rq"},
    )
    assert result.stdout.strip() == "django_tasks_rq.RQBackend", result.stderr
