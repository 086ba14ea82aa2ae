"""Which spreadsheet column holds which field: guessed from header names, editable by people."""

import re

# The fields an import understands, in the order the mapping form shows them.
FIELDS = {
    "team": "Team or service",
    "full_name": "Full name",
    "first_name": "First name",
    "last_name": "Surname",
    "role": "Job title or role",
    "email": "Email address",
    "phone": "Phone number",
    "sector": "Sector",
    "notes": "Notes",
}

# Header names people use for each field, normalised (lower case, letters and digits only).
ALIASES = {
    "team": [
        "team",
        "team service",
        "service",
        "team name",
        "service name",
        "organisation",
        "organization",
        "org",
        "agency",
        "department",
        "unit",
        "team or service",
        "organisation team",
        "organisation name",
        "organization name",
    ],
    "full_name": ["name", "full name", "contact name", "contact", "person", "fullname"],
    "first_name": ["first name", "firstname", "forename", "given name", "first"],
    "last_name": ["surname", "last name", "lastname", "family name", "second name"],
    "role": ["role", "job title", "title", "position", "job", "job role", "post"],
    "email": [
        "email",
        "e mail",
        "email address",
        "e mail address",
        "mail",
        "contact email",
        "work email",
    ],
    "phone": [
        "phone",
        "phone number",
        "tel",
        "telephone",
        "telephone number",
        "mobile",
        "tel no",
        "phone no",
        "contact number",
        "number",
    ],
    "sector": ["sector", "area", "agency type", "type", "sector area", "category"],
    "notes": ["notes", "note", "comments", "comment", "remarks"],
}

_LOOKUP = {alias: name for name, aliases in ALIASES.items() for alias in aliases}


def normalise_header(header: str) -> str:
    """Return a header in lower case with every run of non-alphanumerics as one space."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", (header or "").casefold()).split())


def field_for_header(header: str) -> str | None:
    """Return the field a header names, exactly or by its leading words, or None."""
    key = normalise_header(header)
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    words = key.split()
    for size in range(len(words) - 1, 0, -1):
        # "Email address (work)" → "email address"; "Team / Service name" → "team service"
        prefix = " ".join(words[:size])
        if prefix in _LOOKUP:
            return _LOOKUP[prefix]
    return None


def header_score(cells: list[str]) -> int:
    """Return how many cells of a row look like known column names (to find the header row)."""
    return len({field_for_header(c) for c in cells if field_for_header(c)})


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Return {field: column index or None}, each column used at most once."""
    mapping: dict[str, int | None] = dict.fromkeys(FIELDS)
    for index, header in enumerate(headers):
        name = field_for_header(header)
        if name and mapping[name] is None:
            mapping[name] = index
    return mapping


def mapping_problems(mapping: dict[str, int | None]) -> list[str]:
    """Return what is missing from a mapping for an import to make sense (empty when fine)."""
    problems = []
    has_name = mapping.get("full_name") is not None or mapping.get("first_name") is not None
    if not has_name and mapping.get("email") is None:
        problems.append(
            "We could not find a column of names or email addresses. "
            "Check that the file has a header row with columns such as ‘Name’ and ‘Email’"
        )
    elif not has_name:
        problems.append("Choose the column that holds people’s names")
    if mapping.get("team") is None:
        problems.append("Choose the column that holds the team or organisation")
    used = [i for i in mapping.values() if i is not None]
    if len(used) != len(set(used)):
        problems.append("Choose a different column for each field")
    return problems
