"""Run the background worker for whichever task backend JOINEDUP_TASKS names."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run background tasks (emails, imports, reports) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")

    def handle(self, *args, batch: bool = False, **options):
        if settings.TASKS_MODE == "database":
            call_command("db_worker", batch=batch, interval=0.5, reload=False)
        elif settings.TASKS_MODE == "rq":
            call_command("rqworker", "default", burst=batch, with_scheduler=False)
        else:
            raise CommandError(
                "JOINEDUP_TASKS is 'immediate': tasks run in the web process, no worker needed"
            )
