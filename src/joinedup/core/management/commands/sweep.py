"""Queue again the deliveries and job steps a dead worker lost (see joinedup.core.sweep)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from joinedup.core.sweep import sweep_lost_work


class Command(BaseCommand):
    help = "Queue again email deliveries and job steps that a dead worker lost."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=float,
            default=settings.SWEEP_STALE_AFTER,
            help="Seconds without progress after which work counts as lost.",
        )

    def handle(self, *args, stale_after: float, **options):
        counts = sweep_lost_work(stale_after=datetime.timedelta(seconds=stale_after))
        self.stdout.write(
            f"Queued again: {counts['deliveries']} deliveries, {counts['retries']} retries, "
            f"{counts['steps']} job steps"
        )
