"""Background tasks of core. Tasks take ids, never model instances."""

from django_tasks import task

from joinedup.core import mail


@task()
def deliver_email(*, message_id: int) -> str:
    """Deliver one outbox message (at most once)."""
    return mail.deliver(message_id)
