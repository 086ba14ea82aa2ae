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


def test_worker_delivers_queued_email(tmp_path, task_backend):
    env = {
        "JOINEDUP_VAR_DIR": str(tmp_path),
        **task_backend,
        # an SMTP server that is not there: delivery is attempted by the worker and recorded
        "JOINEDUP_EMAIL_URL": "smtp://127.0.0.1:1",
    }
    assert _joinedup(["migrate", "-v0"], env).returncode == 0
    queue = (
        "from joinedup.core.mail import send_email; "
        "m, _ = send_email(key='w1', to=['a@council.example'], subject='S', body_text='B'); "
        "print(m.status)"
    )
    queued = _joinedup(["shell", "--no-imports", "-c", queue], env)
    assert queued.stdout.strip() == "queued", queued.stderr
    worker = _joinedup(["worker", "--batch"], env)
    assert worker.returncode == 0, worker.stderr
    status = _joinedup(
        [
            "shell",
            "--no-imports",
            "-c",
            "from joinedup.core.models import OutboxMessage as M; m = M.objects.get(); "
            "print(m.status, m.attempts)",
        ],
        env,
    )
    assert status.stdout.split() == ["failed", "1"]


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
