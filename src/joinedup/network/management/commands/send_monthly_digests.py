"""Send last month's digest to every member who opted in (once per person per month)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from joinedup.network.digest import send_monthly_digests


class Command(BaseCommand):
    help = (
        "Email each opted-in member of each place the digest of the calendar month before "
        "today: new and changed teams, pathways published, actions due and done, new ties and "
        "suggested introductions. Each person gets one a month per place, so this is safe to "
        "run as often as you like (cron: daily, or on the 1st of each month)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Act as if today were this day (YYYY-MM-DD), e.g. to resend a month"
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(
                    f"--today: enter a real date like 2026-12-01, not {options['today']!r}"
                ) from error
        result = send_monthly_digests(today=today)
        self.stdout.write(
            f"Digests for {result['month']}: sent {result['sent']}; "
            f"{result['already_sent']} already sent"
        )
