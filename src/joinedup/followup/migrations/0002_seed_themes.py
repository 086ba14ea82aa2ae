"""Seed the themes every place shares."""

from django.db import migrations


def seed(apps, schema_editor):
    from joinedup.followup.themes import seed_themes

    seed_themes(apps.get_model("followup", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
