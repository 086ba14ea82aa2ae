"""Remind the owners of overdue actions (once per action per day)."""

from django.core.management.base import BaseCommand

from joinedup.followup.actions import send_overdue_reminders


class Command(BaseCommand):
    help = (
        "Email the owner of every open action whose due date has passed. Each action gets at "
        "most one reminder a day, so this is safe to run as often as you like (cron: daily)."
    )

    def handle(self, *args, **options):
        result = send_overdue_reminders()
        self.stdout.write(
            f"Sent {result['sent']} reminders; {result['already_sent']} already sent today; "
            f"{result['no_address']} overdue actions have no owner address"
        )
