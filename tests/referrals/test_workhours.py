"""Reply-due times in working hours (Mon-Fri 09:00-17:00 London, no bank holidays) or calendar
hours. Every expected moment was worked out by hand with a calendar."""

import datetime

import pytest

from joinedup.referrals.workhours import LONDON, add_hours, bank_holidays, is_working_day

UTC = datetime.UTC


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Monday 10:00 + 16: 7 on Monday, 8 on Tuesday, 1 on Wednesday
        (london(2026, 1, 12, 10), 16, london(2026, 1, 14, 10)),
        # Friday 16:00 + 2: one hour on Friday, one on Monday
        (london(2026, 1, 16, 16), 2, london(2026, 1, 19, 10)),
        # a Saturday start counts from Monday's opening
        (london(2026, 1, 17, 12), 1, london(2026, 1, 19, 10)),
        # before opening counts from 09:00
        (london(2026, 1, 12, 7), 1, london(2026, 1, 12, 10)),
        # ending exactly at closing stays at closing
        (london(2026, 1, 12, 10), 7, london(2026, 1, 12, 17)),
        # Christmas 2026: Friday 25th, then Monday 28th (Boxing Day's substitute)
        (london(2026, 12, 24, 16), 4, london(2026, 12, 29, 12)),
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April
        (london(2026, 4, 2, 15), 8, london(2026, 4, 7, 15)),
        # the clocks go forward on Sunday 29 March 2026: Monday 10:00 BST
        (london(2026, 3, 27, 16), 2, london(2026, 3, 30, 10)),
        # 2028 New Year's Day is a Saturday: Monday 3 January is the holiday
        (london(2027, 12, 31, 16), 2, london(2028, 1, 4, 10)),
    ],
)
def test_add_working_hours(start, hours, expected):
    assert add_hours(start, hours, working=True) == expected


def test_add_working_hours_across_the_clock_change_in_utc():
    due = add_hours(datetime.datetime(2026, 3, 27, 16, tzinfo=UTC), 2)
    # Friday 16:00 UTC is 16:00 GMT; one hour left on Monday 30 March, 10:00 BST = 09:00 UTC
    assert due.astimezone(UTC) == datetime.datetime(2026, 3, 30, 9, tzinfo=UTC)


def test_add_calendar_hours_counts_every_hour():
    start = datetime.datetime(2026, 1, 16, 16, tzinfo=UTC)
    assert add_hours(start, 72, working=False).astimezone(UTC) == datetime.datetime(
        2026, 1, 19, 16, tzinfo=UTC
    )


def test_add_hours_refuses_a_naive_start():
    with pytest.raises(ValueError, match="aware"):
        add_hours(datetime.datetime(2026, 1, 12, 10), 1)


def test_bank_holidays_2025_to_2028_from_the_data_file():
    days = bank_holidays()
    assert len(days) == 32
    assert datetime.date(2027, 12, 27) in days
    assert datetime.date(2027, 3, 26) in days  # Good Friday 2027
    assert datetime.date(2026, 12, 26) not in days  # a Saturday; the 28th is the holiday


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (datetime.date(2026, 5, 25), False),  # spring bank holiday
        (datetime.date(2026, 5, 26), True),
        (datetime.date(2026, 5, 23), False),  # Saturday
        (datetime.date(2026, 8, 31), False),  # summer bank holiday
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working
