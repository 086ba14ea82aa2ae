"""Sending steps: each step queues its successor when its progress commits, the same way on
every task backend; the job keeps what the sweep needs to queue a lost step again.

The queue is django-tasks' DummyBackend, which only records what was enqueued: these tests
read what our code asked for, never a backend's own tables.
"""

import pytest
from django.test import override_settings
from django_tasks import default_task_backend

from joinedup.core.models import Job
from joinedup.events import sending
from joinedup.events.sending import send_invitations_step
from tests.events.factories import InvitationFactory

QUEUED_TASKS = override_settings(
    TASKS_MODE="database",
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
)


@pytest.fixture
def queue(db):
    with QUEUED_TASKS:
        default_task_backend.clear()
        yield default_task_backend.results
        default_task_backend.clear()


def _steps(queue):
    return [r.kwargs for r in queue if r.task.module_path == send_invitations_step.module_path]


def test_start_sending_queues_one_step_when_it_commits(
    event, convenor, queue, django_capture_on_commit_callbacks
):
    InvitationFactory.create_batch(3, event=event)

    with django_capture_on_commit_callbacks(execute=True):
        job = sending.start_sending(event=event, actor=convenor)
        assert _steps(queue) == []

    up_to = event.invitations.order_by("-pk").first().pk
    expected = {"job_id": str(job.pk), "event_id": event.pk, "up_to": up_to}
    expected["actor_id"] = convenor.pk
    assert _steps(queue) == [expected]
    job.refresh_from_db()
    assert (job.resume_task, job.resume_kwargs) == (send_invitations_step.module_path, expected)


def test_step_sends_its_share_then_queues_its_successor_on_commit(
    event, convenor, queue, django_capture_on_commit_callbacks
):
    InvitationFactory.create_batch(sending.STEP_SIZE + 5, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        job = sending.start_sending(event=event, actor=convenor)
    arguments = queue[0].kwargs
    default_task_backend.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = send_invitations_step.call(**arguments)
        assert _steps(queue) == []  # not before the step's progress commits

    job.refresh_from_db()
    assert result == {"sent": sending.STEP_SIZE, "finished": False}
    assert (job.status, job.done, job.total) == ("running", sending.STEP_SIZE, 30)
    assert _steps(queue) == [arguments]


def test_last_step_finishes_the_job_and_queues_nothing(
    event, convenor, queue, django_capture_on_commit_callbacks
):
    InvitationFactory.create_batch(2, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        job = sending.start_sending(event=event, actor=convenor)
    arguments = queue[0].kwargs

    with django_capture_on_commit_callbacks(execute=True):
        first = send_invitations_step.call(**arguments)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        last = send_invitations_step.call(**arguments)

    job.refresh_from_db()
    assert (first, last) == ({"sent": 2, "finished": False}, {"sent": 0, "finished": True})
    assert (job.status, job.done, job.result["sent"]) == ("done", 2, 2)
    assert _steps(queue) == []


def test_a_second_copy_of_a_finished_step_changes_nothing(
    event, convenor, queue, django_capture_on_commit_callbacks
):
    InvitationFactory.create_batch(2, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        job = sending.start_sending(event=event, actor=convenor)
    arguments = queue[0].kwargs
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_invitations_step.call(**arguments)
    finished = Job.objects.get(pk=job.pk).finished_at
    default_task_backend.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = send_invitations_step.call(**arguments)

    assert again == {"sent": 0, "finished": True}
    assert Job.objects.get(pk=job.pk).finished_at == finished
    assert _steps(queue) == []
    assert event.invitations.filter(sent_at__isnull=False).count() == 2


OLD_STEP_PATH = "joinedup.events.tasks.send_invitations_step"  # before it moved into sending


def test_job_stored_with_the_old_step_path_goes_on_to_the_end(
    event, convenor, queue, django_capture_on_commit_callbacks
):
    InvitationFactory.create_batch(sending.STEP_SIZE + 5, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        job = sending.start_sending(event=event, actor=convenor)
    Job.objects.filter(pk=job.pk).update(resume_task=OLD_STEP_PATH)

    results = []
    while queue and len(results) < 5:  # each step queues its successor by the stored path
        step = queue[-1]
        default_task_backend.clear()
        with django_capture_on_commit_callbacks(execute=True):
            results.append(step.task.call(**step.kwargs))

    job.refresh_from_db()
    assert results == [
        {"sent": sending.STEP_SIZE, "finished": False},
        {"sent": 5, "finished": False},
        {"sent": 0, "finished": True},
    ]
    assert (job.status, job.done, job.result["sent"]) == ("done", 30, 30)
