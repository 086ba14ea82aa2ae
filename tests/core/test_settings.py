"""Settings read from the environment, checked by running Django as a new process would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper

REPO = Path(__file__).resolve().parents[2]


def test_sqlite_connection_uses_wal_immediate_and_busy_timeout(tmp_path, django_db_blocker):
    db = {
        **settings.DATABASES["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "pragmas.sqlite3"),
        "OPTIONS": dict(settings.SQLITE_OPTIONS),
    }
    connection = DatabaseWrapper(db, alias="pragma-check")
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal_mode = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout")
            busy_timeout = cursor.fetchone()[0]
            cursor.execute("PRAGMA foreign_keys")
            foreign_keys = cursor.fetchone()[0]
        assert (journal_mode, busy_timeout, foreign_keys) == ("wal", 20000, 1)
        assert connection.transaction_mode == "IMMEDIATE"
    finally:
        connection.close()


def _run(args, env):
    return subprocess.run(
        [sys.executable, "-m", "joinedup", *args],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(REPO / "src"), **env},
        cwd=REPO,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "JOINEDUP_VAR_DIR": str(tmp_path),
            "JOINEDUP_SECRET_KEY": "k" * 20 + "-production-secret-of-fifty-plus-characters-xyz",
            "JOINEDUP_ALLOWED_HOSTS": "joinedup.example",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_in_debug(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {"JOINEDUP_VAR_DIR": str(tmp_path), "JOINEDUP_DEBUG": "1"},
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr + result.stdout


def test_secret_key_is_generated_once_into_var(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {"JOINEDUP_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "joinedup.settings"}
    first = _run(["shell", "--no-imports", "-c", code], env)
    second = _run(["shell", "--no-imports", "-c", code], env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip() == (tmp_path / "secret_key").read_text()
    assert len(first.stdout.strip()) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_unknown_tasks_mode_is_a_clear_error(tmp_path):
    result = _run(["check"], {"JOINEDUP_VAR_DIR": str(tmp_path), "JOINEDUP_TASKS": "celery"})
    assert result.returncode != 0
    assert "set it to database, rq or immediate" in result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("outbox:", ("outbox", None)),
        ("smtp://user:p%40ss@mail.example:2525", ("smtp", ("mail.example", 2525, "user", "p@ss"))),
    ],
)
def test_email_url_is_parsed(tmp_path, url, expected):
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_DELIVERY, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER,"
        " s.EMAIL_HOST_PASSWORD, sep='|')"
    )
    result = _run(
        ["shell", "--no-imports", "-c", code],
        {"JOINEDUP_VAR_DIR": str(tmp_path), "JOINEDUP_EMAIL_URL": url},
    )
    assert result.returncode == 0, result.stderr
    delivery, host, port, user, password = result.stdout.strip().split("|")
    assert delivery == expected[0]
    if expected[1]:
        assert (host, int(port), user, password) == expected[1]
