"""Sending steps keep two more steps queued, so a worker dying anywhere leaves one to carry on;
the finishing step queues delivery again only for messages whose delivery task was lost."""

import uuid

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from joinedup.core.models import OutboxMessage
from joinedup.core.tasks import deliver_email
from joinedup.events import sending
from joinedup.events.tasks import send_invitations_step
from tests.events.factories import InvitationFactory

DATABASE_TASKS = override_settings(
    TASKS_MODE="database",
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
)


@pytest.fixture
def queue(db):
    with DATABASE_TASKS:
        yield DBTaskResult.objects


def test_start_sending_queues_two_steps(event, convenor, queue, django_capture_on_commit_callbacks):
    InvitationFactory.create_batch(3, event=event)

    with django_capture_on_commit_callbacks(execute=True):
        job = sending.start_sending(event=event, actor=convenor)

    steps = queue.filter(task_path=send_invitations_step.module_path, status="READY")
    assert [s.args_kwargs["kwargs"]["job_id"] for s in steps] == [str(job.pk)] * 2


def test_keep_steps_queued_tops_up_to_two_and_no_more(queue):
    arguments = {"job_id": str(uuid.uuid4()), "event_id": 1, "up_to": 10, "actor_id": None}

    added = [sending.keep_steps_queued(send_invitations_step, arguments) for _ in range(3)]
    other_job = {**arguments, "job_id": str(uuid.uuid4())}
    other = sending.keep_steps_queued(send_invitations_step, other_job)

    assert (added, other) == ([2, 0, 0], 2)
    assert queue.filter(status="READY").count() == 4


def test_step_sends_its_share_and_queues_successors(event, queue):
    InvitationFactory.create_batch(sending.STEP_SIZE + 5, event=event)
    arguments = {
        "job_id": str(uuid.uuid4()),
        "event_id": event.pk,
        "up_to": 10**9,
        "actor_id": None,
    }

    result = sending.run_send_step(
        **arguments,
        enqueue=lambda: sending.keep_steps_queued(send_invitations_step, arguments),
    )

    assert result == {"sent": sending.STEP_SIZE, "finished": False}
    assert queue.filter(task_path=send_invitations_step.module_path).count() == 2


@override_settings(EMAIL_DELIVERY="smtp")
def test_requeue_lost_deliveries_skips_messages_still_queued(event, queue):
    with_task, lost = InvitationFactory.create_batch(2, event=event)
    for invitation in (with_task, lost):
        sending.send_invitation(invitation.pk)  # outbox rows "queued"; delivery on commit
    queue.all().delete()
    message = OutboxMessage.objects.get(key=sending.INVITATION_KEY.format(pk=with_task.pk))
    deliver_email.enqueue(message_id=message.pk)

    requeued = sending.requeue_lost_deliveries(event)

    lost_message = OutboxMessage.objects.get(key=sending.INVITATION_KEY.format(pk=lost.pk))
    assert requeued == 1
    assert sorted(r.args_kwargs["kwargs"]["message_id"] for r in queue.all()) == sorted(
        [message.pk, lost_message.pk]
    )
