"""The worker's schedule names real commands, and a failing one is logged, never raised."""

from django.conf import settings
from django.core.management import get_commands

from joinedup.core.management.commands import worker


def test_worker_schedule_names_existing_commands():
    assert [name for name, _every in settings.WORKER_SCHEDULE] == [
        "send_due_referral_reminders",
        "erase_referral_details",
    ]
    commands = get_commands()
    assert all(name in commands for name, _every in settings.WORKER_SCHEDULE)


def test_a_failing_scheduled_command_is_logged_not_raised(caplog):
    worker.run_scheduled("no_such_command_here")
    # the log filter redacts the command's name; the error and its traceback are kept
    records = [r for r in caplog.records if r.name.endswith("worker")]
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("ERROR", "Scheduled command [redacted] failed")
    ]
    assert "Unknown command: 'no_such_command_here'" in caplog.text
