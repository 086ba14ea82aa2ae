"""Café tables of an event, the plans that seat people at them, and the seats of each plan.

A `Plan` keeps the instance it was made from and its assignments exactly in the FORMAT.md
shapes (`joinedup-cafe-instance/1`, `joinedup-cafe-plan/1`), so any plan can be scored again
or handed to another planner. `Seat` rows repeat the assignments of each plan for queries
("who sits at table T04 in round 2?"). Rounds in `Seat.round` are numbered from 1, as people
say them; FORMAT.md numbers them from 0.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CafeTable(models.Model):
    """One table of a world café: the case study it discusses, its host(s) and its seats."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="cafe_tables")
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=12, help_text='For example "T01".')
    case_study = models.ForeignKey(
        "casestudies.CaseStudy", on_delete=models.PROTECT, related_name="cafe_tables"
    )
    # Hosts are people on the event's list, so that they are participants of the plan too.
    hosts = models.ManyToManyField("events.Invitation", blank=True, related_name="hosted_tables")
    seats = models.PositiveSmallIntegerField(default=6, help_text="Seats, hosts included.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["event", "label"]
        constraints = [
            models.UniqueConstraint(fields=["event", "label"], name="cafe_table_label_once"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="cafe_table_has_a_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.case_study}"


class Plan(models.Model):
    """A seating of everyone at the tables in every round, with every measure of how good it is."""

    class Basis(models.TextChoices):
        EXPECTED = "expected", "Everyone who accepted or has checked in"
        ARRIVED = "arrived", "Only people who have checked in"

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="cafe_plans")
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.EXPECTED)
    instance = models.JSONField(help_text="The joinedup-cafe-instance/1 the plan was made for.")
    assignments = models.JSONField(help_text="Participant id → table id (or null) per round.")
    people = models.JSONField(
        default=dict, blank=True, help_text="Participant id → invitation id and name, as planned."
    )
    measures = models.JSONField(default=dict, blank=True)
    score = models.IntegerField(null=True, blank=True)
    seed = models.IntegerField(default=0)
    seconds = models.FloatField(default=0, help_text="How long the planner ran.")
    iterations = models.PositiveIntegerField(default=0)
    is_current = models.BooleanField(default=True)
    replanned_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replans"
    )
    kept_rounds = models.JSONField(
        default=list, blank=True, help_text="Rounds (from 1) whose seats a re-plan kept."
    )
    itineraries_changed = models.PositiveIntegerField(null=True, blank=True)
    printed_at = models.DateTimeField(
        null=True, blank=True, help_text="When its cards or rosters were first printed."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=Q(is_current=True), name="cafe_one_current_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan of {self.created_at:%-d %b %Y %H:%M} for {self.event_id}"

    @property
    def rounds(self) -> int:
        return int(self.instance.get("rounds", 0))


class Seat(models.Model):
    """One person at one table in one round of one plan (hosts included)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="seats")
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    invitation = models.ForeignKey(
        "events.Invitation", on_delete=models.CASCADE, related_name="cafe_seats"
    )
    table = models.ForeignKey(CafeTable, on_delete=models.CASCADE, related_name="seat_rows")
    round = models.PositiveSmallIntegerField(help_text="Round number, from 1.")
    is_host = models.BooleanField(default=False)

    class Meta:
        ordering = ["plan", "round", "table__label", "invitation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "invitation", "round"], name="cafe_one_seat_a_round"
            ),
        ]
        indexes = [models.Index(fields=["table", "round"])]

    def __str__(self) -> str:
        return f"{self.invitation_id} at {self.table_id} in round {self.round}"
