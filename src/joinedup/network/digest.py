"""The opt-in monthly digest of a place: what changed last month, by email, once a month.

A member chooses on the digest settings page (`DigestPreference`, off until they opt in).
`send_monthly_digests(today=...)` covers the calendar month before `today` and queues one email
per opted-in member per place through the outbox under the key
`digest:<place>:<user>:<YYYY-MM>`, so running it again (daily, or twice on the 1st) sends
nothing new. Everything in a digest is the place's own: other places' data never appears.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.core.mail import send_email
from joinedup.core.models import Membership, Place
from joinedup.directory.models import Service
from joinedup.followup.models import Action
from joinedup.network import analysis, services
from joinedup.network.models import DigestPreference
from joinedup.pathways.models import PathwayVersion

SUGGESTIONS_IN_DIGEST = 5
OPEN_STATUSES = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS)


def wants_digest(*, user, place) -> bool:
    """Return whether the member has opted in to the place's monthly digest."""
    return DigestPreference.objects.filter(user=user, place=place, opted_in=True).exists()


@transaction.atomic
def set_digest_preference(*, user, place, opted_in: bool) -> DigestPreference:
    """Record the member's own choice for the place's monthly digest (one row per member)."""
    preference, _ = DigestPreference.objects.update_or_create(
        user=user, place=place, defaults={"opted_in": opted_in, "updated_at": timezone.now()}
    )
    log_action(
        "network.digest.opted_in" if opted_in else "network.digest.opted_out",
        actor=user,
        target=preference,
        data={"place": place.slug},
    )
    return preference


def month_before(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of the calendar month before `today`'s."""
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return last.replace(day=1), last


@dataclass
class Digest:
    """What one place's digest says about one month (the same for every member)."""

    place: Place
    first: datetime.date
    last: datetime.date
    new_teams: list[str] = field(default_factory=list)
    changed_teams: list[str] = field(default_factory=list)
    pathways_published: list[str] = field(default_factory=list)
    actions_due: list[str] = field(default_factory=list)
    actions_done: list[str] = field(default_factory=list)
    new_ties: list[tuple[str, str]] = field(default_factory=list)
    introductions: list = field(default_factory=list)

    @property
    def month(self) -> str:
        return f"{self.first:%Y-%m}"

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.new_teams,
                self.changed_teams,
                self.pathways_published,
                self.actions_due,
                self.actions_done,
                self.new_ties,
                self.introductions,
            )
        )


def _in_month(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, ...]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, zone)
    return start, end


def build_digest(*, place, first: datetime.date, last: datetime.date) -> Digest:
    """Return the place's digest for the days `first` to `last` (both included)."""
    start, end = _in_month(first, last)
    digest = Digest(place=place, first=first, last=last)
    services_of_place = Service.objects.filter(place=place).order_by("name", "pk")
    digest.new_teams = list(
        services_of_place.filter(created_at__gte=start, created_at__lt=end).values_list(
            "name", flat=True
        )
    )
    digest.changed_teams = list(
        services_of_place.filter(last_modified__gte=start, last_modified__lt=end)
        .exclude(created_at__gte=start)
        .values_list("name", flat=True)
    )
    digest.pathways_published = [
        f"{v.title} (version {v.number})"
        for v in PathwayVersion.objects.filter(
            place=place, published_at__gte=start, published_at__lt=end
        ).order_by("published_at", "pk")
    ]
    # Due: still open and due by the end of the month after the digest's (overdue included).
    next_month_end = (last + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(1)
    digest.actions_due = [
        f"{a.title} (due {a.due_date:%-d %B %Y})"
        for a in Action.objects.filter(
            place=place, status__in=OPEN_STATUSES, due_date__lte=next_month_end
        ).order_by("due_date", "title", "pk")
    ]
    digest.actions_done = list(
        Action.objects.filter(
            place=place, status=Action.Status.DONE, updated_at__gte=start, updated_at__lt=end
        )
        .order_by("title", "pk")
        .values_list("title", flat=True)
    )
    network = services.place_network(place=place, until=last)
    before = analysis.build_graph(network.ties.teams, network.ties.ties, before=first)
    after = analysis.build_graph(network.ties.teams, network.ties.ties, until=last)
    names = network.names
    digest.new_ties = sorted(
        tuple(sorted((names[a], names[b]))) for a, b in analysis.new_ties(before, after)
    )
    digest.introductions = services.suggested_introductions(
        place=place, until=last, limit=SUGGESTIONS_IN_DIGEST
    )
    return digest


def digest_key(*, place, user, month: str) -> str:
    """Return the outbox idempotency key: once per person per place per month."""
    return f"digest:{place.slug}:{user.pk}:{month}"


def send_monthly_digests(*, today: datetime.date | None = None) -> dict:
    """Queue last month's digest for every opted-in member of every place, once per month."""
    today = today or timezone.localdate()
    first, last = month_before(today)
    sent = already = 0
    for place in Place.objects.order_by("slug"):
        members = {m.user_id for m in Membership.objects.filter(place=place)}
        preferences = (
            DigestPreference.objects.filter(place=place, opted_in=True, user_id__in=members)
            .select_related("user")
            .order_by("user__email")
        )
        recipients = [p.user for p in preferences if p.user.is_active and p.user.email]
        if not recipients:
            continue
        digest = build_digest(place=place, first=first, last=last)
        for user in recipients:
            if _send(digest, user):
                sent += 1
            else:
                already += 1
    return {"sent": sent, "already_sent": already, "month": f"{first:%Y-%m}"}


@transaction.atomic
def _send(digest: Digest, user) -> bool:
    context = {
        "digest": digest,
        "user": user,
        "settings_url": settings.SITE_URL
        + reverse("network:digest", kwargs={"place_slug": digest.place.slug}),
        "network_url": settings.SITE_URL
        + reverse("network:map", kwargs={"place_slug": digest.place.slug}),
    }
    _, created = send_email(
        key=digest_key(place=digest.place, user=user, month=digest.month),
        to=[user.email],
        subject=f"{digest.place.name}: what changed in {digest.first:%B %Y}",
        body_text=render_to_string("network/email/digest.txt", context),
        place=digest.place,
    )
    return created
