from django.db import migrations, models


class Migration(migrations.Migration):
    """Feedback survey links become access tokens too (one token model for every personal link)."""

    dependencies = [
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesstoken",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("rsvp", "Reply to an invitation"),
                    ("offer", "Take up a place offered from the waiting list"),
                    ("feedback", "Answer the short survey after an event"),
                ],
                max_length=10,
            ),
        ),
    ]
