"""Re-encrypt every encrypted field under the first JOINEDUP_FIELD_KEY.

Rotation: generate a key, set JOINEDUP_FIELD_KEY=NEW,OLD, restart, run this command, then drop
OLD from the variable. Until the command has finished, both keys must stay.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from joinedup.core.fieldcrypt import EncryptedTextField, rotate_model_fields


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the newest JOINEDUP_FIELD_KEY."

    def handle(self, *args, **options):
        for model in apps.get_models():
            names = [
                f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
            ]
            if names:
                done = rotate_model_fields(model, names)
                self.stdout.write(
                    f"{model._meta.label}: {done} rows re-encrypted ({', '.join(names)})"
                )
