"""Send the reminders that are due, and pass on the places of lapsed waiting-list offers."""

from django.core.management.base import BaseCommand

from joinedup.events.reminders import send_due_reminders
from joinedup.events.rsvp import expire_offers


class Command(BaseCommand):
    help = (
        "Send event reminders that are due and offer the places of lapsed waiting-list offers "
        "to the next people. Safe to run as often as you like (cron: every 5 minutes)."
    )

    def handle(self, *args, **options):
        results = send_due_reminders()
        offers = expire_offers()
        for result in results:
            self.stdout.write(
                f"Reminder {result['reminder']}: sent {result['sent']} of {result['people']}"
            )
        self.stdout.write(f"{len(results)} reminders sent, {offers} waiting-list offers made")
