from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_accesstoken_feedback_purpose"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="review",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not needed"),
                    ("held", "Held for the convenor"),
                    ("approved", "Approved by the convenor"),
                ],
                default="",
                max_length=10,
            ),
        ),
    ]
