"""Escalation pathways: a place's levels of need, each service's own threshold per need, a
pathway per need with draft and published versions (each version holds its steps), and the
anonymous count of "find help" use.

Needs are terms of the directory's needs taxonomy (`directory.TaxonomyTerm`, the shared ones
and a place's own); a kit names them by the term's `code`. Levels are numbered from 1 upwards
(a higher number is more serious) and thresholds and steps refer to them by number, so that a
level's name can be changed without touching anything else.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# The London continuum of need: a place's levels when it has set none of its own.
DEFAULT_LEVELS = [
    (
        1,
        "Universal",
        "Needs met by universal services: schools, GPs, health visitors, youth clubs.",
    ),
    (2, "Early help", "Additional needs; one agency or a team around the family, with consent."),
    (3, "Complex", "Multiple or complex needs; targeted and multi-agency support."),
    (4, "Acute", "Significant harm or risk of it; statutory services and safeguarding."),
]


class Level(models.Model):
    """One level of need of a place (1 Universal ... 4 Acute by default)."""

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="need_levels")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["place", "number"]
        constraints = [
            models.UniqueConstraint(fields=["place", "number"], name="pathways_level_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="pathways_level_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Threshold(models.Model):
    """A directory service's own threshold for one need: the levels at which it takes it."""

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="pathway_thresholds"
    )
    need = models.ForeignKey("directory.TaxonomyTerm", on_delete=models.CASCADE, related_name="+")
    levels = models.JSONField(default=list, help_text="Level numbers, ascending, e.g. [3, 4].")
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["need__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "need"], name="pathways_threshold_once"),
        ]

    def __str__(self) -> str:
        return f"{self.service} takes {self.need} at {self.levels}"


class Pathway(models.Model):
    """The pathway of one need in one place; its content lives in its versions."""

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="pathways")
    need = models.ForeignKey("directory.TaxonomyTerm", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When a version was last published (reviewed)."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["place", "need"], name="pathways_pathway_once"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def published(self):
        """The version practitioners see, or None."""
        return self.versions.filter(status=PathwayVersion.Status.PUBLISHED).first()

    @property
    def draft(self):
        """The version being edited, or None."""
        return self.versions.filter(status=PathwayVersion.Status.DRAFT).first()


class PathwayVersion(models.Model):
    """One version of a pathway: a draft being edited, the published one, or an earlier one."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Earlier version"

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_note = models.TextField(blank=True, help_text="What changed, said when publishing.")

    class Meta:
        ordering = ["pathway", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "number"], name="pathways_version_number"),
            models.UniqueConstraint(
                fields=["pathway"], condition=Q(status="draft"), name="pathways_one_draft"
            ),
            models.UniqueConstraint(
                fields=["pathway"], condition=Q(status="published"), name="pathways_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number}, {self.get_status_display().lower()})"


class Step(models.Model):
    """One level of a pathway version: what puts someone there, who responds, how to refer,
    the reply due, whom to escalate to, and the consent guidance."""

    class How(models.TextChoices):
        FORM = "form", "Referral form"
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        IN_PERSON = "in-person", "In person"
        JOINEDUP = "joinedup", "Referral in Joinedup"

    class Consent(models.TextChoices):
        ASK = "ask", "Ask for consent"
        INFORM = "inform", "Inform the person"
        NOT_NEEDED = "not-needed", "Consent not needed"

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(PathwayVersion, on_delete=models.CASCADE, related_name="steps")
    code = models.SlugField(max_length=60, help_text="The step's id in a kit, e.g. car-2.")
    level = models.PositiveSmallIntegerField()
    indicators = models.JSONField(default=list, help_text="Plain-word indicators, one a string.")
    services = models.ManyToManyField("directory.Service", blank=True, related_name="+")
    route_how = models.CharField(max_length=12, choices=How.choices, default=How.FORM)
    route_detail = models.TextField(blank=True)
    response_hours = models.PositiveIntegerField(null=True, blank=True)
    escalate_to = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent = models.CharField(max_length=12, choices=Consent.choices, default=Consent.ASK)
    consent_note = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="pathways_step_code_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code} (level {self.level})"


class FindHelpUse(models.Model):
    """How often "find help" reached a need at a level in a place on a day. Nothing about the
    person is stored: only this count."""

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    need = models.ForeignKey("directory.TaxonomyTerm", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(default=0, help_text="0 when no level was reached.")
    date = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "need", "level", "date"], name="pathways_find_help_use_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need} level {self.level} on {self.date}: {self.count}"
