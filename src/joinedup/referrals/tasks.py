"""Background tasks of referrals. Tasks take ids or nothing, never model instances."""

from django_tasks import task

from joinedup.referrals import services


@task()
def send_due_referral_reminders() -> dict:
    """Send the reminders, escalations and expiries that are due (each once)."""
    return services.send_due_referral_reminders()


@task()
def erase_referral_details() -> int:
    """Erase the personal details of referrals closed longer ago than the retention period."""
    return services.erase_referral_details()
