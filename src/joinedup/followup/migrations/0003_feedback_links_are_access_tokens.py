"""Feedback links move into events.AccessToken (purpose "feedback"), the one token model.

Each stored hash, its invitation, event, creation and expiry are copied as they are, so a
link sent before this migration keeps working until it expires. Going back copies them back.
"""

from django.db import migrations

FEEDBACK = "feedback"
FIELDS = ("invitation_id", "event_id", "token_hash", "created_at", "expires_at")


def _copy(rows, model, **extra) -> None:
    rows = rows.order_by("pk").values(*FIELDS).iterator(chunk_size=2000)
    model.objects.bulk_create([model(**row, **extra) for row in rows], batch_size=500)


def tokens_to_access_tokens(apps, schema_editor):
    FeedbackToken = apps.get_model("followup", "FeedbackToken")
    AccessToken = apps.get_model("events", "AccessToken")
    _copy(FeedbackToken.objects.all(), AccessToken, purpose=FEEDBACK)


def access_tokens_to_tokens(apps, schema_editor):
    FeedbackToken = apps.get_model("followup", "FeedbackToken")
    AccessToken = apps.get_model("events", "AccessToken")
    feedback_links = AccessToken.objects.filter(purpose=FEEDBACK)
    _copy(feedback_links, FeedbackToken)
    feedback_links.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_seed_themes"),
        ("events", "0002_accesstoken_feedback_purpose"),
    ]

    operations = [
        migrations.RunPython(tokens_to_access_tokens, access_tokens_to_tokens),
        migrations.DeleteModel(name="FeedbackToken"),
    ]
