"""Declared ties (a team saying "we work with …" another team) and monthly digest choices."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class DeclaredTie(models.Model):
    """One team's word that it works with another team of the same place (team level only)."""

    class HowOften(models.TextChoices):
        WEEKLY = "weekly", "Every week or more"
        MONTHLY = "monthly", "Every month"
        NOW_AND_THEN = "now_and_then", "Now and then"
        RARELY = "rarely", "Rarely"

    class HowUseful(models.TextChoices):
        ESSENTIAL = "essential", "Essential to our work"
        USEFUL = "useful", "Useful"
        LITTLE = "little", "Of little use so far"

    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="declared_ties"
    )
    works_with = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="declared_by_others"
    )
    how_often = models.CharField(max_length=20, choices=HowOften.choices)
    how_useful = models.CharField(max_length=20, choices=HowUseful.choices)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_on = models.DateField(default=timezone.localdate)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["place", "team__name", "works_with__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "works_with"], name="network_declared_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(team=F("works_with")), name="network_declared_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} works with {self.works_with_id}"


class DigestPreference(models.Model):
    """Whether a member of a place wants the place's monthly digest by email (opt-in)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preferences"
    )
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    opted_in = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["place", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "place"], name="network_digest_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.place_id}: {'in' if self.opted_in else 'out'}"
