"""Run the periodic jobs that are due (joinedup.core.schedule), once."""

from django.core.management.base import BaseCommand

from joinedup.core.schedule import JOBS, run_due


class Command(BaseCommand):
    help = (
        "Run every periodic job whose period has passed (reminders, overdue actions, "
        "retention, old sessions). The worker does this by itself; run this from cron on a "
        "host without a worker. --list shows the jobs and their periods."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")
        parser.add_argument("--only", nargs="*", help="Run only these jobs (by name).")

    def handle(self, *args, list: bool = False, only=None, **options):
        if list:
            for job in sorted(JOBS.values(), key=lambda j: j.name):
                self.stdout.write(f"{job.name}\tevery {job.every}\t{job.what}")
            return
        for name, result in run_due(names=set(only) if only else None).items():
            self.stdout.write(f"{name}: {result}")
