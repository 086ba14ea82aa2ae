"""When a reply is due: a number of hours after a moment, in working hours or calendar hours.

Working hours are Monday to Friday, 09:00 to 17:00 in England (Europe/London, so the clock
change is followed), without the bank holidays of England and Wales listed in
`data/bank-holidays.json`. Calendar hours are plain elapsed hours. Pure: no Django.
"""

from __future__ import annotations

import datetime
import json
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DAY_START = datetime.time(9, 0)
DAY_END = datetime.time(17, 0)
HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "bank-holidays.json"


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[datetime.date]:
    """The England and Wales bank holidays of the data file."""
    document = json.loads(HOLIDAYS_FILE.read_text(encoding="utf-8"))
    return frozenset(
        datetime.date.fromisoformat(day) for days in document["dates"].values() for day in days
    )


def is_working_day(day: datetime.date, holidays: frozenset[datetime.date] | None = None) -> bool:
    """Monday to Friday and not a bank holiday."""
    holidays = bank_holidays() if holidays is None else holidays
    return day.weekday() < 5 and day not in holidays


def add_hours(
    start: datetime.datetime,
    hours: float,
    *,
    working: bool = True,
    holidays: frozenset[datetime.date] | None = None,
    day_start: datetime.time = DAY_START,
    day_end: datetime.time = DAY_END,
) -> datetime.datetime:
    """Return the moment `hours` after `start` (an aware datetime), counting only working hours
    when `working`; the answer is aware, in Europe/London. A start outside working hours counts
    from the next opening; a deadline that falls exactly at closing stays at closing."""
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    if hours < 0:
        raise ValueError("hours must not be negative")
    if not working:
        return (start.astimezone(datetime.UTC) + datetime.timedelta(hours=hours)).astimezone(LONDON)
    holidays = bank_holidays() if holidays is None else holidays
    local = start.astimezone(LONDON)
    day = local.date()
    moment = local.time().replace(tzinfo=None)
    left = datetime.timedelta(hours=hours)
    while True:
        if is_working_day(day, holidays):
            opens = datetime.datetime.combine(day, day_start)
            closes = datetime.datetime.combine(day, day_end)
            begin = max(opens, datetime.datetime.combine(day, moment))
            if begin < closes:
                available = closes - begin
                if left <= available:
                    return (begin + left).replace(tzinfo=LONDON)
                left -= available
        day += datetime.timedelta(days=1)
        moment = datetime.time(0, 0)
