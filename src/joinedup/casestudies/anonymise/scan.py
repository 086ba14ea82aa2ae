"""Run every detector over a case study, resolve overlaps and number the suggestions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from joinedup.casestudies.anonymise.dates import find_dates
from joinedup.casestudies.anonymise.finding import Finding, resolve_overlaps
from joinedup.casestudies.anonymise.names import find_names, name_key
from joinedup.casestudies.anonymise.places import find_addresses, find_schools_and_gps
from joinedup.casestudies.anonymise.structured import (
    find_emails,
    find_nhs_numbers,
    find_ni_numbers,
    find_obfuscated_emails,
    find_phones,
    find_postcodes,
    find_vehicle_registrations,
    find_web_addresses,
)


def _allowed_spans(text: str, allow: Iterable[str]) -> list[tuple[int, int]]:
    """Return where the author's allow-listed words occur as whole words."""
    spans = []
    for word in allow:
        word = word.strip()
        if word:
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
            spans.extend(match.span() for match in pattern.finditer(text))
    return spans


def _number_names(findings: list[Finding]) -> list[Finding]:
    """Give each distinct person one [NAME n]; a lone first name shares its full name's number."""
    numbers: dict[tuple[str, ...], int] = {}
    numbered = []
    for finding in findings:
        if finding.kind != "name":
            numbered.append(finding)
            continue
        key = name_key(finding.text)
        number = numbers.get(key)
        if number is None:
            for known, known_number in numbers.items():
                if len(known) != len(key) and (known[0] == key[0]):
                    number = known_number
                    break
        if number is None:
            number = len(set(numbers.values())) + 1
        numbers[key] = number
        numbered.append(dataclasses.replace(finding, suggestion=f"[NAME {number}]"))
    return numbered


def scan_for_personal_data(
    text: str, *, allow: Iterable[str] = (), reference_date: dt.date | None = None
) -> list[Finding]:
    """Return personal-data findings in text, sorted by position and never overlapping."""
    allow_spans = _allowed_spans(text, allow)
    candidates = [
        *find_emails(text),
        *find_obfuscated_emails(text),
        *find_web_addresses(text),
        *find_nhs_numbers(text),
        *find_ni_numbers(text),
        *find_dates(text, reference_date=reference_date),
        *find_phones(text),
        *find_vehicle_registrations(text),
        *find_postcodes(text),
        *find_schools_and_gps(text),
        *find_addresses(text),
        *find_names(text, allow_spans=allow_spans),
    ]
    candidates = [
        finding
        for finding in candidates
        if not any(start <= finding.start and finding.end <= end for start, end in allow_spans)
    ]
    return _number_names(resolve_overlaps(candidates))


def apply_suggestions(text: str, findings: Iterable[Finding]) -> str:
    """Return text with each finding replaced by its suggestion (overlapping findings skipped)."""
    pieces = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.start < position:
            continue
        pieces.append(text[position : finding.start])
        pieces.append(finding.suggestion)
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces)
