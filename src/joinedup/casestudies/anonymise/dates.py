"""Detector for full calendar dates, which in a life story are most often dates of birth."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from joinedup.casestudies.anonymise.finding import Finding

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = (
    r"(?:(?P<year4>\d{4})\b|['\u2019](?P<year2a>\d{2})\b"
    r"|(?P<year2>\d{2})(?=[\s,.;:)]|$)(?!\s+[a-z]))"
)

DATE_PATTERNS = (
    re.compile(
        r"(?<![\d/.-])(?P<day>\d{1,2})([/-])(?P<mon>\d{1,2})\2(?P<year>\d{4}|\d{2})(?![\d/-]|\.\d)"
    ),
    # Dotted dates need a four-digit year so that version numbers (2.1.17) are not dates.
    re.compile(r"(?<![\d/.-])(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})(?![\d/-]|\.\d)"),
    re.compile(r"(?<![\d/.-])(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?![\d-])"),
    # Day and month names, with a four-digit year or a two-digit one ("21st Jan 08",
    # "Feb 3rd '09") that ends the phrase (not "3 May 12 people").
    re.compile(rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+{_YEAR}", re.IGNORECASE),
    # Dotted short form with a two-digit year: 03.04.09, 7.11.06 (never after "version",
    # "section" and the like: see SHORT_DATE_NOT_AFTER).
    re.compile(r"(?<![\d/.\w-])(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{2})(?![\d/-]|\.\d)"),
)
SHORT_DATE_NOT_AFTER = re.compile(
    r"\b(?:v|ver|version|release|section|sections|para|paragraph|chapter|item|items|rule|"
    r"clause|step|table|figure|ios|android|build)\.?\s*$",
    re.IGNORECASE,
)
BIRTH_CONTEXT = re.compile(
    r"(?:\bborn\b|\bdob\b|\bd\.o\.b\b|date\s+of\s+birth|\bbirthday\b)[^.;\n]{0,30}$",
    re.IGNORECASE,
)
BORN_ON = re.compile(r"\bborn\s+(?:on\s+)?$", re.IGNORECASE)


def _to_date(match: re.Match[str]) -> dt.date | None:
    """Turn a matched day, month and year into a date, or None if it is not a real date."""
    month_text = match.groupdict().get("month")
    month = MONTHS[month_text.lower()] if month_text else int(match.group("mon"))
    groups = match.groupdict()
    year = int(groups.get("year") or groups.get("year4") or groups.get("year2a") or groups["year2"])
    if year < 100:
        year += 2000 if year <= dt.date.today().year % 100 else 1900
    try:
        return dt.date(year, month, int(match.group("day")))
    except ValueError:
        return None


def age_on(born: dt.date, reference_date: dt.date) -> int:
    """Return someone's age in whole years on reference_date."""
    before_birthday = (reference_date.month, reference_date.day) < (born.month, born.day)
    return reference_date.year - born.year - int(before_birthday)


def find_dates(text: str, *, reference_date: dt.date | None = None) -> Iterator[Finding]:
    """Yield full dates; those next to 'born'/'DOB' become an age when reference_date allows."""
    seen: list[tuple[int, int]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if any(s < end and start < e for s, e in seen):
                continue
            when = _to_date(match)
            if when is None:
                continue
            groups = match.groupdict()
            two_digit = (
                groups.get("year2") or groups.get("year2a") or len(groups.get("year") or "") == 2
            )
            if two_digit and SHORT_DATE_NOT_AFTER.search(text[max(0, start - 12) : start]):
                continue
            seen.append((start, end))
            before = text[max(0, start - 45) : start]
            if BIRTH_CONTEXT.search(before):
                born_on = BORN_ON.search(before)
                age = age_on(when, reference_date) if reference_date else None
                if age is not None and 0 <= age <= 120:
                    if born_on:
                        start -= len(born_on.group())
                    suggestion = f"aged {age}"
                else:
                    suggestion = "[DATE OF BIRTH]"
                explanation = "Looks like a date of birth"
            else:
                suggestion = f"{MONTH_NAMES[when.month - 1]} {when.year}"
                explanation = (
                    "A full date can identify someone; the month and year are usually enough"
                )
            yield Finding("date_of_birth", start, end, text[start:end], explanation, suggestion)
