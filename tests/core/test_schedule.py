"""Periodic jobs (core/schedule.py): each runs once a period, a failure does not stop the
others, and the command lists and runs them."""

import datetime
import io

import pytest
from django.core.management import call_command

from joinedup.core import schedule
from joinedup.core.models import PeriodicRun

NOW = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def jobs(monkeypatch):
    """Two jobs of our own instead of the registered ones."""
    calls = []
    registry = {}
    monkeypatch.setattr(schedule, "JOBS", registry)

    @schedule.register_periodic("test.hourly", every=datetime.timedelta(hours=1), what="hourly")
    def hourly():
        calls.append("hourly")
        return {"n": len(calls)}

    @schedule.register_periodic("test.broken", every=datetime.timedelta(days=1), what="fails")
    def broken():
        calls.append("broken")
        raise ValueError("boom")

    return calls


@pytest.mark.django_db
def test_each_job_runs_once_a_period_and_a_failure_is_kept(jobs):
    first = schedule.run_due(now=NOW)
    again = schedule.run_due(now=NOW + datetime.timedelta(minutes=59))
    hour = schedule.run_due(now=NOW + datetime.timedelta(hours=1))

    assert first == {"test.broken": {"failed": True}, "test.hourly": {"n": 2}}
    assert again == {}
    assert hour == {"test.hourly": {"n": 3}}
    assert jobs == ["broken", "hourly", "hourly"]
    rows = dict(PeriodicRun.objects.values_list("name", "last_result"))
    assert rows == {"test.broken": {"failed": True}, "test.hourly": {"n": 3}}


@pytest.mark.django_db
def test_only_the_named_jobs_run(jobs):
    assert schedule.run_due(now=NOW, names={"test.hourly"}) == {"test.hourly": {"n": 1}}
    assert PeriodicRun.objects.filter(name="test.broken").exists() is False


def test_every_periodic_command_is_registered_with_its_period():
    periods = {name: job.every for name, job in schedule.JOBS.items()}
    assert periods == {
        "core.clear_sessions": datetime.timedelta(days=1),
        "core.prune_task_results": datetime.timedelta(days=1),
        "core.retention_outbox": datetime.timedelta(days=1),
        "directory.retention_import_batches": datetime.timedelta(hours=1),
        "events.due_reminders": datetime.timedelta(minutes=5),
        "events.retention_needs": datetime.timedelta(days=1),
        "followup.overdue_action_reminders": datetime.timedelta(hours=1),
        "followup.retention_feedback": datetime.timedelta(days=1),
        "network.monthly_digests": datetime.timedelta(days=1),
        "network.warm_cache": datetime.timedelta(minutes=1),
        "referrals.due_referral_reminders": datetime.timedelta(minutes=5),
        "referrals.retention": datetime.timedelta(hours=6),
    }


@pytest.mark.django_db
def test_run_periodic_command_lists_and_runs(jobs):
    out = io.StringIO()
    call_command("run_periodic", "--list", stdout=out)
    call_command("run_periodic", "--only", "test.hourly", stdout=out)
    assert out.getvalue().splitlines() == [
        "test.broken\tevery 1 day, 0:00:00\tfails",
        "test.hourly\tevery 1:00:00\thourly",
        "test.hourly: {'n': 1}",
    ]
