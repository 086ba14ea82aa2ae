"""Case studies (anonymised life stories), their timelines, scan findings, and table capture.

A case study is written by a host, scanned for personal data when submitted, and approved for
use by a convenor. At an event each table-round gets a `TableCapture` sheet on which people add
intervention points, notes and proposed actions; each of those is its own row with a
client-generated UUID (so retried saves are idempotent) and a version number (so two people
editing the same item at once cannot silently overwrite each other).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CaseStudy(models.Model):
    """An anonymised life story told by a practitioner, with a timeline of what happened."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        APPROVED = "approved", "Approved for use"
        ARCHIVED = "archived", "Archived"

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="case_studies")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
    )
    summary = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    allow_list = models.JSONField(
        default=list,
        blank=True,
        help_text="Fictional names the author made up; the scanner does not flag them.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scanned_at = models.DateTimeField(null=True, blank=True)
    # Set by the place's convenor: other places starting from this place's approach may copy
    # the story (approved ones only; scanned again on copy, arriving unapproved).
    shareable = models.BooleanField(
        default=False, help_text="Other places may start from this case study."
    )

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "case studies"
        indexes = [models.Index(fields=["place", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.state in {self.State.DRAFT, self.State.SUBMITTED}


class LifeDomain(models.TextChoices):
    FAMILY = "family", "Family"
    HOUSING = "housing", "Housing"
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SUBSTANCE_USE = "substance_use", "Substance use"
    INCOME_WORK = "income_work", "Income and work"
    JUSTICE = "justice", "Justice"
    IMMIGRATION = "immigration", "Immigration"
    SAFETY = "safety", "Safety"


class TimelineEntry(models.Model):
    """One moment of the life story: when (an age or a period, never a date), what, and who."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="entries")
    order = models.PositiveIntegerField(default=0)
    age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    period_label = models.CharField(
        max_length=60, blank=True, help_text='For example "early childhood" or "aged 14–15".'
    )
    domain = models.CharField(max_length=20, choices=LifeDomain.choices)
    what_happened = models.TextField()
    services = models.ManyToManyField("directory.Service", blank=True, related_name="+")
    what_services_did = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "timeline entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(age_months__isnull=True) | Q(age_months__lte=11),
                name="casestudies_entry_months_under_12",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.when}: {self.what_happened[:60]}"

    @property
    def place(self):
        return self.case_study.place

    @property
    def when(self) -> str:
        """The moment as people say it: "aged 14 and 3 months", or the period label."""
        if self.age_years is not None:
            text = f"aged {self.age_years}"
            if self.age_months:
                text += f" and {self.age_months} month{'s' if self.age_months != 1 else ''}"
            return text
        return self.period_label or "undated"


class ScanFinding(models.Model):
    """Something the personal-data scanner found in one field, and what became of it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FIXED = "fixed", "Fixed"
        DISMISSED = "dismissed", "Dismissed"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="findings")
    entry = models.ForeignKey(
        TimelineEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    field = models.CharField(max_length=40)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20)
    text = models.CharField(max_length=500)
    explanation = models.CharField(max_length=300, blank=True)
    suggestion = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    dismissed_reason = models.TextField(blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    found_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["entry__order", "field", "start"]
        indexes = [models.Index(fields=["case_study", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.field}: {self.text}"

    @property
    def place(self):
        return self.case_study.place

    def get_kind_display(self) -> str:
        return self.kind.replace("_", " ").capitalize().replace("Nhs", "NHS").replace("Ni ", "NI ")


class TableCapture(models.Model):
    """The capture sheet of one table in one round: the case study it discusses, and who may add.

    A sheet opened from a café table is keyed by (table, round) and belongs to the table's
    event: the table is its one link to an event, so the two cannot disagree. A sheet opened
    from the case study's page has no table (and no event) and is identified by its own UUID.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    case_study = models.ForeignKey(CaseStudy, on_delete=models.PROTECT, related_name="captures")
    table = models.ForeignKey(
        "cafe.CafeTable",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="captures",
    )
    label = models.CharField(max_length=120, help_text='For example "Table 4".')
    round = models.PositiveSmallIntegerField(default=1)
    participants_may_capture = models.BooleanField(
        default=False,
        help_text="Let everyone seated at the table add to the sheet, not only hosts.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["label", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "round"],
                condition=Q(table__isnull=False),
                name="casestudies_one_sheet_per_table_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}, round {self.round}"


class CapturedItem(models.Model):
    """What every captured item shares: a client UUID, the sheet, a version and who wrote it."""

    id = models.UUIDField(primary_key=True, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at"]


class HowEarly(models.TextChoices):
    PREVENTION = "prevention", "Prevention"
    EARLY_HELP = "early_help", "Early help"
    CRISIS = "crisis", "Crisis"


class InterventionPoint(CapturedItem):
    """A moment where a service could have changed the story, pinned on or after an entry."""

    class Placement(models.TextChoices):
        ON = "on", "At this moment"
        AFTER = "after", "Between this moment and the next"

    capture = models.ForeignKey(
        TableCapture, on_delete=models.CASCADE, related_name="intervention_points"
    )
    entry = models.ForeignKey(
        TimelineEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervention_points",
        help_text="Empty means before the first moment of the timeline.",
    )
    placement = models.CharField(max_length=5, choices=Placement.choices, default=Placement.ON)
    sector = models.ForeignKey(
        "directory.TaxonomyTerm", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what_could_have_been_done = models.TextField()
    how_early = models.CharField(max_length=12, choices=HowEarly.choices, blank=True)

    class Meta(CapturedItem.Meta):
        indexes = [models.Index(fields=["capture", "updated_at"])]

    def __str__(self) -> str:
        return self.what_could_have_been_done[:80]


class Note(CapturedItem):
    """A free note the table wants kept."""

    capture = models.ForeignKey(TableCapture, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()

    class Meta(CapturedItem.Meta):
        indexes = [models.Index(fields=["capture", "updated_at"])]

    def __str__(self) -> str:
        return self.text[:80]


class ProposedAction(CapturedItem):
    """Something the table proposes someone does, by when; follow-up turns these into actions."""

    capture = models.ForeignKey(
        TableCapture, on_delete=models.CASCADE, related_name="proposed_actions"
    )
    what = models.TextField()
    owner = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The team the table suggests owns the action.",
    )
    by_when = models.DateField(null=True, blank=True)

    class Meta(CapturedItem.Meta):
        indexes = [models.Index(fields=["capture", "updated_at"])]

    def __str__(self) -> str:
        return self.what[:80]
