"""Events, their agenda, invitations and the single-purpose links people answer them with.

Models stay slim: the rules (who may answer, the waiting list, sending) live in
joinedup.events.services.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Event(models.Model):
    """A multi-agency day in a place: when and where, how many it can hold, and its agenda."""

    class Format(models.TextChoices):
        WORLD_CAFE = "world_cafe", "World café"
        WORKSHOP = "workshop", "Workshop"
        CONFERENCE = "conference", "Conference"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        INVITATIONS_OPEN = "invitations_open", "Invitations open"
        CLOSED = "closed", "Invitations closed"
        HELD = "held", "Held"
        OUTPUTS_PUBLISHED = "outputs_published", "Outputs published"

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="events")
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, help_text="Why the day is worth people's time.")
    date = models.DateField()
    starts_at = models.TimeField(default=datetime.time(9, 30))
    ends_at = models.TimeField(default=datetime.time(16, 0))
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    accessibility_notes = models.TextField(blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Places available; empty means no limit."
    )
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.WORLD_CAFE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    rsvp_closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="People may change their answer until then; empty means until the start.",
    )
    target_attendance = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people the convenor hopes will come."
    )
    min_per_sector = models.PositiveSmallIntegerField(
        default=1, help_text="At least this many people from each expected sector."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-starts_at", "title"]
        indexes = [models.Index(fields=["place", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="events_event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%-d %B %Y})"

    @property
    def starts(self) -> datetime.datetime:
        """The start as an aware datetime in the site's time zone."""
        return timezone.make_aware(datetime.datetime.combine(self.date, self.starts_at))

    @property
    def ends(self) -> datetime.datetime:
        """The end as an aware datetime in the site's time zone."""
        return timezone.make_aware(datetime.datetime.combine(self.date, self.ends_at))

    @property
    def answers_close(self) -> datetime.datetime:
        """Until when people may accept, decline or change their answer."""
        return self.rsvp_closes_at or self.starts

    @property
    def venue_line(self) -> str:
        """The venue and its address on one line (for emails and calendars)."""
        parts = [self.venue_name, *self.venue_address.splitlines()]
        return ", ".join(p.strip() for p in parts if p.strip())

    @property
    def is_past(self) -> bool:
        return timezone.now() >= self.ends

    def cafe_rounds(self) -> list["AgendaItem"]:
        """The café rounds of the agenda, in order (what the café planner plans tables for)."""
        return list(self.agenda_items.filter(kind=AgendaItem.Kind.CAFE_ROUND).order_by("order"))


class AgendaItem(models.Model):
    """One part of the day: an opening perspective, a café round or the summary discussion."""

    class Kind(models.TextChoices):
        OPENING = "opening", "Opening perspective"
        CAFE_ROUND = "cafe_round", "Café round"
        SUMMARY = "summary", "Summary discussion"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField(default=30, help_text="Length in minutes.")
    question = models.TextField(blank=True, help_text="For a café round: what tables discuss.")
    speakers = models.TextField(
        blank=True, help_text="For an opening perspective: one named speaker a line."
    )

    class Meta:
        ordering = ["event", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def speaker_names(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class InvitationQuerySet(models.QuerySet):
    def coming(self):
        """Invitations of people who have a place: accepted, or already checked in."""
        return self.filter(status__in=[Invitation.Status.ACCEPTED, Invitation.Status.ATTENDED])


class Invitation(models.Model):
    """One person invited to one event, with a snapshot of who they were when invited."""

    class Status(models.TextChoices):
        PENDING = "pending", "No reply yet"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        NOMINATED = "nominated", "Nominated a colleague"
        WAITING = "waiting", "On the waiting list"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not come"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        "directory.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    # A snapshot taken when invited: the directory may change, the list should not.
    name = models.CharField(max_length=200)
    # Blank for a walk-in who gave none, and for a directory contact without one, who is
    # invited by phone or post instead (channel).
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True, help_text="From the directory.")

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        POST = "post", "Post"

    channel = models.CharField(
        max_length=10,
        choices=Channel.choices,
        default=Channel.EMAIL,
        help_text="How the invitation reaches them; only email invitations are sent by us.",
    )
    organisation = models.CharField(max_length=250, blank=True)
    team = models.CharField(max_length=250, blank=True)
    sector = models.CharField(max_length=120, blank=True, help_text="Sector code, e.g. housing.")
    sector_name = models.CharField(max_length=200, blank=True)
    tier = models.CharField(max_length=20, blank=True, help_text="frontline or central.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominees"
    )

    class Review(models.TextChoices):
        NONE = "", "Not needed"
        HELD = "held", "Held for the convenor"
        APPROVED = "approved", "Approved by the convenor"

    # A nomination of an address outside the place's known email domains waits for a convenor
    # (nothing is sent while held); a refused one is removed.
    review = models.CharField(max_length=10, choices=Review.choices, default="", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # Set when a convenor recorded the answer on the person's behalf (taken by phone); the
    # audit log holds who, when and how.
    answer_taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    access_needs = models.TextField(blank=True)
    dietary = models.TextField(blank=True)
    wanted_case_studies = models.JSONField(
        default=list, blank=True, help_text="Ids of the case studies the person wants to hear."
    )
    checkin_code = models.CharField(
        max_length=12, help_text="Printed and in the QR code; a host types or scans it."
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    walk_in = models.BooleanField(default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "email"]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["event", "sector"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(email=""),
                name="events_invite_email_once",
            ),
            models.UniqueConstraint(
                fields=["event", "checkin_code"], name="events_checkin_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class AccessToken(models.Model):
    """A personal link's secret, stored only as its SHA-256 hash, for one purpose on one
    invitation, until it expires. The token itself is in the email and nowhere else.

    Every personal link (RSVP, waiting-list offer, feedback survey) is one of these."""

    class Purpose(models.TextChoices):
        RSVP = "rsvp", "Reply to an invitation"
        OFFER = "offer", "Take up a place offered from the waiting list"
        FEEDBACK = "feedback", "Answer the short survey after an event"

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="tokens")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["invitation", "purpose"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for invitation {self.invitation_id}"


class Reminder(models.Model):
    """A reminder to a group of invitees, sent now or when it falls due."""

    class Group(models.TextChoices):
        NO_REPLY = "no_reply", "People who have not replied"
        ACCEPTED = "accepted", "People who have accepted"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=20, choices=Group.choices)
    send_at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True, help_text="A note added to the reminder email.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["send_at"]
        indexes = [models.Index(fields=["sent_at", "send_at"])]

    def __str__(self) -> str:
        return f"Reminder to {self.get_group_display().lower()} of {self.event}"
