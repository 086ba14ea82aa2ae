"""Loop figures of referrals, per service, per place and across places.

- time to first response: hours (elapsed) from sent to the first answer (accepted or declined),
  median and 90th percentile (nearest rank), over the referrals that have been answered;
- answered in time: of the referrals with a reply-due time that are answered or past due, the
  share answered by the due time;
- loops closed: of the referrals not withdrawn, the share the referrer has an answer to that
  ends it (declined with a reason, or completed with an outcome);
- declines by reason: counts.

Only the anonymous columns are read, so erasing a referral's details changes no figure.
Across places a figure from fewer than WITHHOLD_UNDER referrals is withheld (None).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from joinedup.referrals.models import Referral

WITHHOLD_UNDER = 5


@dataclass
class LoopFigures:
    referrals: int = 0
    answered: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None
    in_time_share: float | None = None
    closed_share: float | None = None
    declines: dict = field(default_factory=dict)
    withheld: bool = False


def nearest_rank(values: list[float], percent: float) -> float | None:
    """The nearest-rank percentile of the values (None for none)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def loop_figures(referrals, *, now=None, withhold: bool = False) -> LoopFigures:
    """The figures of a queryset of referrals; with `withhold`, fewer than 5 show as withheld."""
    now = now or timezone.now()
    rows = list(
        referrals.values_list("state", "sent_at", "responded_at", "due_at", "decline_reason")
    )
    figures = LoopFigures(referrals=len(rows))
    if withhold and len(rows) < WITHHOLD_UNDER:
        return LoopFigures(referrals=len(rows), withheld=True)
    hours, timed, in_time, not_withdrawn, closed = [], 0, 0, 0, 0
    declines: Counter = Counter()
    for state, sent_at, responded_at, due_at, decline_reason in rows:
        if responded_at is not None:
            hours.append((responded_at - sent_at).total_seconds() / 3600)
        if due_at is not None and (responded_at is not None or due_at < now):
            timed += 1
            in_time += responded_at is not None and responded_at <= due_at
        if state != Referral.State.WITHDRAWN:
            not_withdrawn += 1
            closed += state in (Referral.State.DECLINED, Referral.State.COMPLETED)
        if state == Referral.State.DECLINED and decline_reason:
            declines[decline_reason] += 1
    figures.answered = len(hours)
    figures.median_hours = nearest_rank(hours, 50)
    figures.p90_hours = nearest_rank(hours, 90)
    figures.in_time_share = in_time / timed if timed else None
    figures.closed_share = closed / not_withdrawn if not_withdrawn else None
    labels = dict(Referral.DeclineReason.choices)
    figures.declines = {labels.get(k, k): n for k, n in sorted(declines.items())}
    if withhold:
        figures.declines = {
            k: (n if n >= WITHHOLD_UNDER else None) for k, n in figures.declines.items()
        }
    return figures


def figures_for_service(*, service, now=None) -> LoopFigures:
    """The loop figures of the referrals a service received."""
    return loop_figures(Referral.objects.filter(to_service=service), now=now)


def figures_for_place(*, place, now=None) -> LoopFigures:
    """The loop figures of every referral sent in a place."""
    return loop_figures(Referral.objects.filter(place=place), now=now)


def figures_across_places(*, places, now=None) -> list[tuple[object, LoopFigures]]:
    """Each place's figures for comparison across places, fewer than 5 withheld."""
    return [
        (place, loop_figures(Referral.objects.filter(place=place), now=now, withhold=True))
        for place in places
    ]
