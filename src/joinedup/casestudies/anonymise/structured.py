"""Detectors for fixed-shape identifiers: emails (also written out to dodge spam filters, "name
[at] domain [dot] com"), links, phones, postcodes, NHS and NI numbers, vehicle registrations."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from joinedup.casestudies.anonymise.finding import Finding

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
SOCIAL_SITES = (
    r"(?:facebook|fb|instagram|tiktok|twitter|x|snapchat|youtube|linkedin|threads|onlyfans)"
    r"\.(?:com|net)"
)
SOCIAL_URL = re.compile(rf"(?:https?://)?(?:www\.|m\.)?{SOCIAL_SITES}/[^\s<>\"']+", re.IGNORECASE)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|uk|io|co|info|me)/[^\s<>\"']*",
    re.IGNORECASE,
)
HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
TRAILING_PUNCTUATION = ".,;:!?)]}'\""

POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA"
    r"|(?P<outward>[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]"
    r"|[A-HK-Y][0-9][ABEHMNPRVWXY]))\s?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
NHS_NUMBER = re.compile(r"(?<![\d-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d-])")
NI_NUMBER = re.compile(
    r"\b([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])\s?(\d{2})\s?(\d{2})\s?(\d{2})\s?([A-D])\b",
    re.IGNORECASE,
)
NI_BANNED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})

# "name [at] domain [dot] com", "name (at) domain.co.uk", "name at domain dot org".
_AT = r"(?:\s*[\[({]\s*at\s*[\])}]\s*|\s+at\s+)"
_DOT = r"(?:\s*[\[({]\s*dot\s*[\])}]\s*|\s+dot\s+|\.)"
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+@-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]*){_AT}"
    rf"(?P<domain>[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)+)",
    re.IGNORECASE,
)
_TLDS = "com org net uk co io gov sch ac nhs edu info me example biz eu ie us de fr pl"
EMAIL_TLDS = frozenset(_TLDS.split(" "))
# UK number plates: current (2001-: two letters, an age identifier, three letters), prefix
# (1983-2001: letter, 1-3 digits, three letters) and suffix (1963-83: three letters, 1-3
# digits, letter). Capitals only, as written on a plate.
_PLATE_LETTER = "A-HJ-PR-Z"  # no I or Q
VEHICLE_REGISTRATION = re.compile(
    rf"\b(?:(?P<current>[A-HJ-PR-Y][{_PLATE_LETTER}](?P<age>[0-9]{{2}})[ ]?[{_PLATE_LETTER}]{{3}})"
    rf"|(?P<prefix>[A-HJ-NPR-Y][1-9][0-9]{{0,2}}[ ]?[{_PLATE_LETTER}]{{3}})"
    rf"|(?P<suffix>[{_PLATE_LETTER}]{{3}}[ ]?[1-9][0-9]{{0,2}}[A-HJ-NPR-Y]))\b"
)
# Three capitals that are far likelier an acronym than the letters of a prefix-style plate.
_ACRONYMS = (
    "NHS SEN CAF DWP YOT CSE PIP ESA GPS CID MPS LBR EHC ASB DVA IDV BME LAC CIN TAC CPP UKB "
    "ICO HMO PCC DSL SLT RSE PSE IRO GCS"
)
PLATE_ACRONYMS = frozenset(_ACRONYMS.split(" "))


def _trim(text: str, start: int, end: int) -> int:
    """Return the end of a match with trailing sentence punctuation removed."""
    while end > start and text[end - 1] in TRAILING_PUNCTUATION:
        end -= 1
    return end


def find_emails(text: str) -> Iterator[Finding]:
    """Yield every email address."""
    for match in EMAIL.finditer(text):
        start, end = match.start(), _trim(text, match.start(), match.end())
        yield Finding(
            "email", start, end, text[start:end], "Looks like an email address", "[EMAIL]"
        )


def find_obfuscated_emails(text: str) -> Iterator[Finding]:
    """Yield email addresses written out with "at" and "dot" (or bracketed) to dodge filters."""
    for match in OBFUSCATED_EMAIL.finditer(text):
        raw = match.group()
        if "@" in raw:
            continue  # an ordinary address: find_emails has it
        domain = match.group("domain")
        labels = re.split(_DOT, domain, flags=re.IGNORECASE)
        written_out = bool(re.search(r"[\[({]\s*at|\sdot\s|[\[({]\s*dot", raw, re.IGNORECASE))
        if labels[-1].lower() not in EMAIL_TLDS or len(labels) < 2:
            continue
        if not written_out and not re.search(r"\.", domain):
            continue
        start, end = match.start(), _trim(text, match.start(), match.end())
        yield Finding(
            "email",
            start,
            end,
            text[start:end],
            "Looks like an email address written out in words",
            "[EMAIL]",
        )


def _plausible_plate(match: re.Match[str], year_now: int) -> bool:
    if match.group("current"):
        age = int(match.group("age"))
        # Age identifiers: 02 to this year (March), 51 to this year + 50 (September).
        return 2 <= age <= year_now % 100 + 1 or 51 <= age <= year_now % 100 + 50
    if match.group("prefix"):
        return match.group("prefix")[-3:] not in PLATE_ACRONYMS
    return match.group("suffix")[:3] not in PLATE_ACRONYMS


def find_vehicle_registrations(text: str, *, year_now: int = 2026) -> Iterator[Finding]:
    """Yield UK vehicle registration marks (current, prefix and suffix styles)."""
    for match in VEHICLE_REGISTRATION.finditer(text):
        if not _plausible_plate(match, year_now):
            continue
        yield Finding(
            "vehicle_registration",
            match.start(),
            match.end(),
            match.group(),
            "Looks like a vehicle registration, which leads to its keeper's name and address",
            "[VEHICLE]",
        )


def find_web_addresses(text: str) -> Iterator[Finding]:
    """Yield social media profile links and @handles as social_handle, other links as url."""
    social_spans: list[tuple[int, int]] = []
    for match in SOCIAL_URL.finditer(text):
        start, end = match.start(), _trim(text, match.start(), match.end())
        social_spans.append((start, end))
        yield Finding(
            "social_handle",
            start,
            end,
            text[start:end],
            "Looks like a link to someone's social media profile",
            "[SOCIAL MEDIA ACCOUNT]",
        )
    for match in URL.finditer(text):
        start, end = match.start(), _trim(text, match.start(), match.end())
        if any(s <= start < e for s, e in social_spans):
            continue
        yield Finding(
            "url",
            start,
            end,
            text[start:end],
            "A web address can lead a reader to the person or their family",
            "[WEB ADDRESS]",
        )
    for match in HANDLE.finditer(text):
        if len(match.group()) < 3:
            continue
        yield Finding(
            "social_handle",
            match.start(),
            match.end(),
            match.group(),
            "Looks like a social media username",
            "[SOCIAL MEDIA ACCOUNT]",
        )


def _phone_explanation(number: phonenumbers.PhoneNumber) -> str:
    """Say in plain English what sort of phone number this is."""
    if number.country_code != 44:
        return "Looks like a phone number"
    if str(number.national_number).startswith("7"):
        return "Looks like a UK mobile number"
    return "Looks like a UK landline number"


def _plausible_phone(raw: str, number: phonenumbers.PhoneNumber) -> bool:
    """Accept valid numbers, and UK mobiles in Ofcom's drama range which libphonenumber rejects."""
    if not raw.lstrip().startswith(("0", "+", "(")):
        return False
    if phonenumbers.is_valid_number(number):
        return True
    national = str(number.national_number)
    return number.country_code == 44 and national.startswith("7") and len(national) == 10


def find_phones(text: str) -> Iterator[Finding]:
    """Yield UK (and international) phone numbers found by libphonenumber."""
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        if not _plausible_phone(match.raw_string, match.number):
            continue
        start, end = match.start, match.end
        # libphonenumber keeps an unbalanced bracket from "(07700 900123)"; leave it in the text.
        if text[start] == "(" and ")" not in text[start:end]:
            start += 1
        if text[end - 1] == ")" and "(" not in text[start:end]:
            end -= 1
        yield Finding(
            "phone",
            start,
            end,
            text[start:end],
            _phone_explanation(match.number),
            "[PHONE]",
        )


def find_postcodes(text: str) -> Iterator[Finding]:
    """Yield full UK postcodes in any of the six formats, suggesting the outward code instead."""
    for match in POSTCODE.finditer(text):
        outward = (match.group("outward") or "GIR").upper()
        yield Finding(
            "postcode",
            match.start(),
            match.end(),
            match.group(),
            f"A full postcode narrows a home down to a few houses; the district ({outward}) is"
            " usually enough",
            outward,
        )


def is_valid_nhs_number(digits: str) -> bool:
    """Return True when ten digits pass the NHS mod-11 check (weights 10..2)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_nhs_numbers(text: str) -> Iterator[Finding]:
    """Yield ten-digit numbers (plain or 3-3-4) whose NHS check digit is valid."""
    for match in NHS_NUMBER.finditer(text):
        if is_valid_nhs_number(match.group(1) + match.group(3) + match.group(4)):
            yield Finding(
                "nhs_number",
                match.start(),
                match.end(),
                match.group(),
                "Looks like an NHS number (its check digit is valid)",
                "[NHS NUMBER]",
            )


def is_valid_ni_prefix(prefix: str) -> bool:
    """Return True when a two-letter National Insurance prefix is one HMRC can issue."""
    prefix = prefix.upper()
    return (
        len(prefix) == 2
        and prefix[0] not in "DFIQUV"
        and prefix[1] not in "DFIOQUV"
        and prefix not in NI_BANNED_PREFIXES
    )


def find_ni_numbers(text: str) -> Iterator[Finding]:
    """Yield National Insurance numbers that follow HMRC's prefix and suffix rules."""
    for match in NI_NUMBER.finditer(text):
        if is_valid_ni_prefix(match.group(1) + match.group(2)):
            yield Finding(
                "ni_number",
                match.start(),
                match.end(),
                match.group(),
                "Looks like a National Insurance number",
                "[NI NUMBER]",
            )
