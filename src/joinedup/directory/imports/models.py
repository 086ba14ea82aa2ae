"""An uploaded spreadsheet between its steps, and team spellings people confirmed as merges."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

KEEP_FOR = datetime.timedelta(days=2)


def _expiry():
    return timezone.now() + KEEP_FOR


class ImportBatch(models.Model):
    """One spreadsheet import: parsed rows, column mapping, plan, decisions and report.

    Rows are personal data: a batch lives only until `expires_at` (two days), then goes.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        PLANNED = "planned", "Ready to check"
        COMMITTING = "committing", "Importing"
        COMMITTED = "committed", "Imported"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_expiry, db_index=True)
    filename = models.CharField(max_length=255)
    file_type = models.CharField(max_length=10)
    encoding = models.CharField(max_length=40, blank=True)
    sheet = models.JSONField(default=dict, help_text="Headers and non-blank rows as strings.")
    mapping = models.JSONField(default=dict)
    plan = models.JSONField(default=dict)
    accepted = models.JSONField(default=list, help_text="Ids of the merges the person accepted.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UPLOADED)
    report = models.JSONField(default=dict)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class TeamAlias(models.Model):
    """Another spelling of a team that a convenor confirmed, so the next import matches it."""

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="import_aliases"
    )
    key = models.CharField(max_length=250, help_text="The spelling folded for comparison.")
    spelling = models.CharField(max_length=250)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["spelling"]
        verbose_name_plural = "team aliases"
        constraints = [
            models.UniqueConstraint(fields=["place", "key"], name="directory_import_alias_once"),
        ]

    def __str__(self) -> str:
        return f"{self.spelling} → {self.service}"
