"""The sweep queues again what a dead worker lost: deliveries still waiting long after they
were queued, and steps of jobs whose heart stopped; nothing else, and nothing twice."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend

from joinedup.core.mail import deliver_email
from joinedup.core.models import Job, OutboxMessage
from joinedup.core.sweep import sweep_lost_work
from joinedup.events.sending import send_invitations_step
from tests.core.factories import PlaceFactory

STALE = datetime.timedelta(minutes=5)


@pytest.fixture
def queue(db):
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        default_task_backend.clear()
        yield default_task_backend.results
        default_task_backend.clear()


def _message(key, *, status, queued_minutes_ago):
    return OutboxMessage.objects.create(
        key=key,
        to=["a@council.example"],
        subject="S",
        body_text="B",
        status=status,
        queued_at=timezone.now() - datetime.timedelta(minutes=queued_minutes_ago),
    )


def _job(place, *, status, beat_minutes_ago, resume_task=send_invitations_step.module_path):
    kwargs = {"job_id": "", "event_id": 7, "up_to": 40, "actor_id": None}
    job = Job.objects.create(
        place=place,
        kind="events.send_invitations",
        title="Sending",
        status=status,
        resume_task=resume_task,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=beat_minutes_ago),
    )
    job.resume_kwargs = {**kwargs, "job_id": str(job.pk)} if resume_task else {}
    job.save(update_fields=["resume_kwargs"])
    return job


def test_sweep_queues_deliveries_waiting_too_long_once(queue, django_capture_on_commit_callbacks):
    lost = _message("lost", status="queued", queued_minutes_ago=30)
    _message("fresh", status="queued", queued_minutes_ago=1)
    _message("in-flight", status="sending", queued_minutes_ago=30)
    _message("failed", status="failed", queued_minutes_ago=30)

    with django_capture_on_commit_callbacks(execute=True):
        first = sweep_lost_work(stale_after=STALE)
    with django_capture_on_commit_callbacks(execute=True):
        second = sweep_lost_work(stale_after=STALE)

    assert (first, second) == (
        {"deliveries": 1, "retries": 0, "steps": 0},
        {"deliveries": 0, "retries": 0, "steps": 0},
    )
    assert [(r.task.module_path, r.kwargs) for r in queue] == [
        (deliver_email.module_path, {"message_id": lost.pk})
    ]


def test_sweep_queues_the_step_of_a_job_whose_heart_stopped(
    queue, django_capture_on_commit_callbacks
):
    place = PlaceFactory()
    stalled = _job(place, status="running", beat_minutes_ago=30)
    _job(place, status="waiting", beat_minutes_ago=1)  # a step is beating
    _job(place, status="done", beat_minutes_ago=30)
    _job(place, status="running", beat_minutes_ago=30, resume_task="")  # one-piece job

    with django_capture_on_commit_callbacks(execute=True):
        first = sweep_lost_work(stale_after=STALE)
    with django_capture_on_commit_callbacks(execute=True):
        second = sweep_lost_work(stale_after=STALE)

    assert (first, second) == (
        {"deliveries": 0, "retries": 0, "steps": 1},
        {"deliveries": 0, "retries": 0, "steps": 0},
    )
    assert [(r.task.module_path, r.kwargs) for r in queue] == [
        (
            send_invitations_step.module_path,
            {"job_id": str(stalled.pk), "event_id": 7, "up_to": 40, "actor_id": None},
        )
    ]


def test_sweep_queues_a_step_stored_under_its_old_path_under_the_new_one(
    queue, django_capture_on_commit_callbacks
):
    """A job started before the step moved into events.sending kept the old path."""
    stalled = _job(
        PlaceFactory(),
        status="running",
        beat_minutes_ago=30,
        resume_task="joinedup.events.tasks.send_invitations_step",
    )

    with django_capture_on_commit_callbacks(execute=True):
        swept = sweep_lost_work(stale_after=STALE)

    assert swept == {"deliveries": 0, "retries": 0, "steps": 1}
    assert [(r.task.module_path, r.kwargs["job_id"]) for r in queue] == [
        ("joinedup.events.sending.send_invitations_step", str(stalled.pk))
    ]


def test_sweep_command_says_what_it_queued(queue, capsys, django_capture_on_commit_callbacks):
    _message("lost", status="queued", queued_minutes_ago=30)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep", "--stale-after", "60")

    assert capsys.readouterr().out == "Queued again: 1 deliveries, 0 retries, 0 job steps\n"
    assert len(queue) == 1
