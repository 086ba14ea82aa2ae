"""Send the referral reminders, escalations and expiries that are due."""

from django.core.management.base import BaseCommand

from joinedup.referrals.services import send_due_referral_reminders


class Command(BaseCommand):
    help = (
        "Remind receiving teams of overdue referrals, escalate those still unanswered, and "
        "expire the abandoned ones. Each goes out once however often this runs (the worker "
        "runs it every JOINEDUP_REFERRAL_SWEEP_EVERY seconds; by hand is fine too)."
    )

    def handle(self, *args, **options):
        counts = send_due_referral_reminders()
        self.stdout.write(
            f"{counts['reminded']} reminded, {counts['escalated']} escalated, "
            f"{counts['expired']} expired"
        )
