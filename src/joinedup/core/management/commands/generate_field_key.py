"""Print a new Fernet key for JOINEDUP_FIELD_KEY (see docs/data-protection.md)."""

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print a new key for JOINEDUP_FIELD_KEY (put it first, keep the old one after a comma)."

    def handle(self, *args, **options):
        self.stdout.write(Fernet.generate_key().decode())
