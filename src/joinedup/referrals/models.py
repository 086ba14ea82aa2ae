"""Referrals sent in Joinedup, and the receiving teams' members.

A referral goes from a practitioner (the referrer) to a directory service whose pathway step
routes referrals through Joinedup. The person's details (name, contact, age or date of birth)
and the free text about them (reason, how to engage) are `EncryptedTextField`s: the database
holds only Fernet tokens. They are erased N days after the referral closes; the rest of the
row (need, level, teams, times, state, outcome) stays for the figures and names nobody.

Receivers: a member with the `receiver` role in a place reads the referrals of the teams
(services) they are linked to by a `ReceiverTeam` row. The link lives here, not on
`core.Membership`, because core sits below the directory and may not point at a service.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.core.fieldcrypt import EncryptedTextField


class ReceiverTeam(models.Model):
    """A person who answers a team's referrals (they also need the receiver role)."""

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="receiver_teams"
    )
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="receivers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["service__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="referrals_receiver_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} receives for {self.service}"


class Referral(models.Model):
    class State(models.TextChoices):
        SENT = "sent", "Sent"
        OPENED = "opened", "Opened"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"

    class Source(models.TextChoices):
        PLAN = "plan", "A find-help plan"
        SERVICE = "service", "A service page"
        ESCALATION = "escalation", "An escalation"

    class Consent(models.TextChoices):
        GIVEN = "given", "Asked, and the person agreed"
        INFORMED = "informed", "The person was told"
        NOT_NEEDED = "not-needed", "Proceeding without consent"

    class DeclineReason(models.TextChoices):
        NOT_ELIGIBLE = "not-eligible", "Not eligible for the service"
        BELOW_THRESHOLD = "below-threshold", "Below the service's threshold"
        NO_CAPACITY = "no-capacity", "No capacity"
        WRONG_SERVICE = "wrong-service", "Another service is better placed"
        DUPLICATE = "duplicate", "Already known or referred"
        PERSON_DECLINED = "person-declined", "The person does not want it"

    class Outcome(models.TextChoices):
        GOT_HELP = "got-help", "Got help"
        COULD_NOT_CONTACT = "could-not-contact", "Could not contact"
        NOT_ELIGIBLE = "not-eligible", "Not eligible"
        NO_CAPACITY = "no-capacity", "No capacity"
        REFERRED_ELSEWHERE = "referred-elsewhere", "Referred elsewhere"
        NO_LONGER_WANTED = "no-longer-wanted", "No longer wanted"

    class Hours(models.TextChoices):
        WORKING = "working", "Working hours"
        CALENDAR = "calendar", "Calendar hours"

    OPEN_STATES = (State.SENT, State.OPENED, State.ACCEPTED)
    AWAITING_STATES = (State.SENT, State.OPENED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="referrals")
    reference = models.CharField(max_length=12, unique=True)
    source = models.CharField(max_length=12, choices=Source.choices)
    need = models.ForeignKey("directory.TaxonomyTerm", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()
    step = models.ForeignKey(
        "pathways.Step", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, related_name="referrals_received"
    )
    from_service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_sent",
        help_text="The referrer's own team, when they named it.",
    )
    # The person, and the free text about them: encrypted at rest, erased after retention.
    person_name = EncryptedTextField(blank=True)
    person_contact = EncryptedTextField(blank=True)
    person_age = EncryptedTextField(blank=True)
    person_date_of_birth = EncryptedTextField(blank=True)
    reason = EncryptedTextField(blank=True)
    how_to_engage = EncryptedTextField(blank=True)
    consent = models.CharField(max_length=12, choices=Consent.choices)
    lawful_basis = models.TextField(blank=True, help_text="Why it proceeds without consent.")
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    referrer_contact = models.CharField(max_length=200, help_text="A phone or email to reply to.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENT)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(
        null=True, blank=True, help_text="The first answer: accepted or declined."
    )
    response_hours = models.PositiveIntegerField(null=True, blank=True)
    hours_basis = models.CharField(max_length=10, choices=Hours.choices, default=Hours.WORKING)
    due_at = models.DateTimeField(null=True, blank=True)
    escalate_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalated_from",
        help_text="The referral this one escalated to, when it was escalated as a referral.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["to_service", "state", "due_at"]),
            models.Index(fields=["place", "state"]),
            models.Index(fields=["referrer", "-sent_at"]),
            models.Index(
                fields=["due_at"],
                condition=Q(reminded_at__isnull=True, state__in=["sent", "opened"]),
                name="referrals_to_remind",
            ),
            models.Index(
                fields=["escalate_at"],
                condition=Q(escalated_at__isnull=True, state__in=["sent", "opened"]),
                name="referrals_to_escalate",
            ),
            models.Index(
                fields=["closed_at"],
                condition=Q(erased_at__isnull=True, closed_at__isnull=False),
                name="referrals_to_erase",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="declined") | ~Q(decline_reason=""),
                name="referrals_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state="completed") | ~Q(outcome=""),
                name="referrals_completed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.reference} to {self.to_service}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def is_overdue(self, now=None) -> bool:
        """Awaiting an answer past its due time."""
        now = now or timezone.now()
        return self.state in self.AWAITING_STATES and self.due_at is not None and now > self.due_at
