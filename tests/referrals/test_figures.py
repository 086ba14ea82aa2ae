"""Loop figures, computed from anonymous columns; expectations worked out by hand."""

import datetime

import pytest

from joinedup.referrals import services
from joinedup.referrals.figures import (
    figures_across_places,
    figures_for_place,
    figures_for_service,
    nearest_rank,
)
from tests.directory.factories import ServiceFactory
from tests.referrals.factories import MONDAY_10AM, joinedup_step, send

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [
        ([], 50, None),
        ([3.0], 90, 3.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        ([5.0, 1.0, 4.0, 2.0, 3.0], 50, 3.0),
        ([float(n) for n in range(1, 11)], 90, 9.0),
    ],
)
def test_nearest_rank(values, percent, expected):
    assert nearest_rank(values, percent) == expected


def _answered(place, team, step, referrer, receiver, hours, how):
    r = send(place=place, referrer=referrer, to_service=team, step=step)
    at = MONDAY_10AM + datetime.timedelta(hours=hours)
    if how == "decline":
        services.decline_referral(referral=r, actor=receiver, reason="no-capacity", now=at)
    elif how in ("accept", "complete"):
        services.accept_referral(referral=r, actor=receiver, now=at)
        if how == "complete":
            services.complete_referral(referral=r, actor=receiver, outcome="got-help", now=at)
    elif how == "withdraw":
        services.withdraw_referral(referral=r, actor=referrer, now=at)
    return r


def test_figures_of_a_service(place, team, step, practitioner, receiver):
    # due 48 elapsed hours after sending (Wednesday 10:00): 4, 10 and 30 hours are in time,
    # 50 is late; one unanswered (past due), one withdrawn
    for hours, how in ((4, "decline"), (10, "complete"), (30, "accept"), (50, "complete")):
        _answered(place, team, step, practitioner, receiver, hours, how)
    _answered(place, team, step, practitioner, receiver, 1, "none")
    _answered(place, team, step, practitioner, receiver, 1, "withdraw")
    figures = figures_for_service(service=team, now=NOW)
    assert figures.referrals == 6
    assert figures.answered == 4
    assert figures.median_hours == 10.0
    assert figures.p90_hours == 50.0
    # timed: the 4 answered, the unanswered one (past due) and the withdrawn one (past due)
    assert figures.in_time_share == 3 / 6
    # closed loops: declined + 2 completed, of 5 not withdrawn
    assert figures.closed_share == 3 / 5
    assert figures.declines == {"No capacity": 1}


def test_figures_across_places_withhold_under_5(
    place, other_place, team, step, practitioner, receiver, make_member
):
    for hours in (1, 2, 3, 4, 5):
        _answered(place, team, step, practitioner, receiver, hours, "accept")

    exeter_team = ServiceFactory(place=other_place, name="Exeter Early Help")
    exeter_step = joinedup_step(place=other_place, services=[exeter_team])
    exeter_referrer = make_member(other_place, "practitioner")
    send(place=other_place, referrer=exeter_referrer, to_service=exeter_team, step=exeter_step)
    rows = figures_across_places(places=[place, other_place], now=NOW)
    assert [p.slug for p, _ in rows] == ["ilford", "exeter"]
    (_, ilford_figures), (_, exeter_figures) = rows
    assert (ilford_figures.withheld, ilford_figures.median_hours) == (False, 3.0)
    assert (exeter_figures.withheld, exeter_figures.median_hours, exeter_figures.referrals) == (
        True,
        None,
        1,
    )
    assert figures_for_place(place=other_place, now=NOW).withheld is False
