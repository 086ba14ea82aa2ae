"""Detectors for street addresses and named schools and GP practices."""

from __future__ import annotations

import re
from collections.abc import Iterator

from joinedup.casestudies.anonymise.finding import Finding


def _words(text: str) -> list[str]:
    """Split a whitespace-separated word list."""
    return text.split()


APOSTROPHES = "'\u2019"
STREET_SUFFIXES = _words(
    "Road Rd Street St Avenue Ave Lane Close Gardens Way Drive Crescent Court Place Grove Terrace"
    " Hill Park Square Mews Row Walk Rise View Parade Green Vale Gate Wharf Quay Estate Mansions"
    " Villas Heights Boulevard Broadway Circus Yard End Chase Fields Mount Approach Path Passage"
)
BUILDING_SUFFIXES = _words("Court House Tower Mansions Heights Lodge Point Building Block Hall")
_WORD = rf"[A-Z][a-z]+(?:[{APOSTROPHES}-][A-Za-z]+)?"
_FLAT = r"(?:\b(?:Flat|Apartment|Apt|Unit|Room)\s+\d{1,4}[A-Za-z]?,?\s+)"
ADDRESS = re.compile(
    rf"(?:{_FLAT})?\b\d{{1,4}}[A-Za-z]?,?\s+(?:{_WORD}\s+){{1,3}}"
    rf"(?:{'|'.join(STREET_SUFFIXES)})\b"
)
FLAT_IN_BUILDING = re.compile(rf"{_FLAT}(?:{_WORD}\s+){{1,3}}(?:{'|'.join(BUILDING_SUFFIXES)})\b")
NOT_A_HOUSE_NUMBER = re.compile(
    r"(?:£|\$|€|\b(?:section|year|ward|tier|band|aged?|page|room|level|stage"
    r"|key|bus|route|junction|chapter|article|part|class|grade|step"
    # A business unit or a bay is a workplace, not a home.
    r"|unit|units|suite|bay|gate|platform|dock|pitch|stand|block))\s*$",
    re.IGNORECASE,
)

# Longer suffixes first so "Primary School" wins over "School".
INSTITUTIONS = (
    ("Pupil Referral Unit", "a pupil referral unit", "a school"),
    ("Primary School", "a local primary school", "a school"),
    ("Junior School", "a local primary school", "a school"),
    ("Infant School", "a local primary school", "a school"),
    ("Infants School", "a local primary school", "a school"),
    ("High School", "a borough school", "a school"),
    ("Grammar School", "a borough school", "a school"),
    ("Secondary School", "a borough school", "a school"),
    ("School", "a borough school", "a school"),
    ("Academy", "a borough school", "a school"),
    ("Primary", "a local primary school", "a school"),
    ("Sixth Form College", "a local college", "a college"),
    ("College", "a local college", "a college"),
    ("Nursery", "a local nursery", "a nursery"),
    ("Medical Centre", "a local GP practice", "a GP practice"),
    ("Health Centre", "a local GP practice", "a GP practice"),
    ("Medical Practice", "a local GP practice", "a GP practice"),
    ("Group Practice", "a local GP practice", "a GP practice"),
    ("Family Practice", "a local GP practice", "a GP practice"),
    ("Surgery", "a local GP practice", "a GP practice"),
)
_INSTITUTION = {suffix: (suggestion, what) for suffix, suggestion, what in INSTITUTIONS}
_NAME_PART = rf"(?:St\.?|Saint|[A-Z][A-Za-z]*(?:[{APOSTROPHES}][a-z]+)?)"
_SUFFIXES = "|".join(suffix.replace(" ", r"\s+") for suffix, _, _ in INSTITUTIONS)
SCHOOL_OR_GP = re.compile(
    rf"\b(?P<name>{_NAME_PART}(?:\s+(?:(?:and|&|of|the|de|la)\s+)?{_NAME_PART}){{0,5}}?)\s+"
    rf"(?P<suffix>{_SUFFIXES})\b"
    r"(?!\s+(?:Hospital|University|Trust|Foundation)\b)"
)
GENERIC_WORDS = frozenset(
    _words(
        "The A An Local GP Our His Her Their This That Primary Secondary High Junior Infant"
        " Catholic Virtual Special Free Independent State Private New Old Main Village"
        " Community Borough"
        " Council Faith Church Boarding Day Sunday Summer Night Medical Health Family Group"
        " In At From To On By For With After Before When While She He They We"
    )
)


def find_addresses(text: str) -> Iterator[Finding]:
    """Yield house-number-and-street addresses, including a leading 'Flat N,'."""
    for pattern in (ADDRESS, FLAT_IN_BUILDING):
        for match in pattern.finditer(text):
            if NOT_A_HOUSE_NUMBER.search(text[max(0, match.start() - 12) : match.start()]):
                continue
            yield Finding(
                "address",
                match.start(),
                match.end(),
                match.group(),
                "Looks like a street address",
                "[ADDRESS]",
            )


def find_schools_and_gps(text: str) -> Iterator[Finding]:
    """Yield named schools, colleges, nurseries, GP surgeries and medical centres."""
    for match in SCHOOL_OR_GP.finditer(text):
        words = match.group("name").split()
        # Drop leading sentence words ("Staff", "She") until a word that can start a name.
        while words and words[0] in GENERIC_WORDS and words[0] != "The":
            words.pop(0)
        distinctive = [w for w in words if w not in GENERIC_WORDS]
        if not distinctive:
            continue
        start = match.start("name") + match.group("name").find(words[0])
        suffix = re.sub(r"\s+", " ", match.group("suffix"))
        suggestion, what = _INSTITUTION[suffix]
        yield Finding(
            "school_or_gp",
            start,
            match.end(),
            text[start : match.end()],
            f"Names {what}; with the area it can identify the person",
            suggestion,
        )
