"""Follow-up: themes, actions and their updates, feedback after an event, and the event report.

Models stay slim; the rules live in actions.py, feedback.py, report.py and dissemination.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.core.fieldcrypt import EncryptedTextField


class Theme(models.Model):
    """A recurring theme ("clearer escalation pathways"); one list that every place shares."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """Something a named team and person agreed to do, by when, and where it came from."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="actions")
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner_team = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    owner_contact = models.ForeignKey(
        "directory.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    dropped_reason = models.TextField(blank=True)
    needs_centre = models.BooleanField(
        default=False, help_text="Needs a decision or help from central government."
    )
    case_study = models.ForeignKey(
        "casestudies.CaseStudy",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intervention_point = models.ForeignKey(
        "casestudies.InterventionPoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_action = models.ForeignKey(
        "casestudies.ProposedAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="actions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["place", "status", "due_date"]),
            models.Index(fields=["place", "event"]),
        ]
        constraints = [
            # Confirming the same proposal twice finds the action it already made.
            models.UniqueConstraint(
                fields=["proposed_action"],
                condition=Q(proposed_action__isnull=False),
                name="followup_action_once_per_proposal",
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="followup_dropped_action_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NOT_STARTED, self.Status.IN_PROGRESS)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today

    @property
    def owner_name(self) -> str:
        """The named person who owns the action, or "" when only a team does."""
        if self.owner_user_id:
            return str(self.owner_user)
        if self.owner_contact_id:
            return str(self.owner_contact)
        return ""

    @property
    def owner_email(self) -> str:
        """Where reminders go: the person, else the team's address."""
        if self.owner_user_id and self.owner_user.email:
            return self.owner_user.email
        if self.owner_contact_id and self.owner_contact.email:
            return self.owner_contact.email
        if self.owner_team_id and self.owner_team.email:
            return self.owner_team.email
        return ""


class ActionUpdate(models.Model):
    """A progress note or a change of status on an action: by whom, when."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_from = models.CharField(max_length=12, choices=Action.Status.choices, blank=True)
    status_to = models.CharField(max_length=12, choices=Action.Status.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.action} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def status_changed(self) -> bool:
        return bool(self.status_to) and self.status_to != self.status_from


class InterventionPointTheme(models.Model):
    """A theme a convenor sees in an intervention point a table found."""

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    intervention_point = models.ForeignKey(
        "casestudies.InterventionPoint", on_delete=models.CASCADE, related_name="+"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="point_tags")

    class Meta:
        ordering = ["theme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention_point", "theme"], name="followup_point_theme_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme} on {self.intervention_point_id}"


class Gain(models.TextChoices):
    INSIGHT = "insight", "Insight into other teams"
    PARTNERSHIP = "partnership", "Partnership and networking"
    IDEAS = "ideas", "Ideas"
    INFORMATION = "information", "Information sharing"


class FeedbackResponse(models.Model):
    """One attendee's answers to the short survey after an event (one per invitation)."""

    class ComeAgain(models.TextChoices):
        YES = "yes", "Yes"
        MAYBE = "maybe", "Maybe"
        NO = "no", "No"

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="feedback")
    invitation = models.OneToOneField(
        "events.Invitation", on_delete=models.CASCADE, related_name="feedback"
    )
    gained = models.JSONField(default=list, blank=True)
    what_next = models.TextField(blank=True)
    come_again = models.CharField(max_length=5, choices=ComeAgain.choices)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"Feedback on {self.event_id} from invitation {self.invitation_id}"


class Report(models.Model):
    """The event report: built from the data, with the convenor's words and choices."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="report")
    intro = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    # [{"key": "attendance", "hidden": false}, ...] in the order the convenor chose.
    sections = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=0, help_text="Published versions so far.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # Sending: a PDF is attached only when the convenor chooses (one stored copy per version).
    attach_pdf = models.BooleanField(default=False)
    # The public link (opt-in, revocable): looked up by the token's SHA-256 hash; the token
    # itself is kept encrypted (core/fieldcrypt.py) so that the convenor can copy the link
    # again and the report's emails can carry it. Turning it off clears both.
    public_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    public_token = EncryptedTextField(blank=True)
    public_sections = models.JSONField(default=list, blank=True)
    public_case_study_text = models.BooleanField(default=False)
    public_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Report of {self.event}"

    @property
    def public_link_on(self) -> bool:
        return bool(self.public_token_hash)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
