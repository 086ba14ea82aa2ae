"""Tests for the personal-data scanner (pure Python, runs without Django settings)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from joinedup.casestudies.anonymise import Finding, apply_suggestions, scan_for_personal_data

ROOT = Path(__file__).resolve().parents[2]
LABELLED_JSONL = ROOT / "tests" / "casestudies" / "labelled_set.jsonl"
LABELLED_TXT = ROOT / "tests" / "casestudies" / "labelled_set.txt"


def _load_script(name: str):
    """Import a benchmarks/ script as a module so tests use the very same code."""
    spec = importlib.util.spec_from_file_location(
        f"bench_{name}", ROOT / "benchmarks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kinds_and_texts(text: str, **options) -> list[tuple[str, str]]:
    """Scan text and return (kind, text) pairs, in order."""
    return [(f.kind, f.text) for f in scan_for_personal_data(text, **options)]


def found(text: str, kind: str, **options) -> list[str]:
    """Scan text and return the texts of findings of one kind."""
    return [f.text for f in scan_for_personal_data(text, **options) if f.kind == kind]


# Detector positives: each sentence must yield exactly this span of this kind.
POSITIVES = [
    ("email", "Write to tina.b1982@example.com today.", "tina.b1982@example.com"),
    (
        "email",
        "Copy in Duty.Team+MASH@redbridge.example.gov.uk please.",
        "Duty.Team+MASH@redbridge.example.gov.uk",
    ),
    ("phone", "Mum's mobile is 07700 900123 but she rarely answers.", "07700 900123"),
    ("phone", "Call +44 20 7946 0018 after ten.", "+44 20 7946 0018"),
    ("phone", "Ring (020)79460825 for the duty team.", "(020)79460825"),
    ("phone", "Her landline is 0113 496 0721.", "0113 496 0721"),
    ("postcode", "They moved to IG1 4DU last year.", "IG1 4DU"),
    ("postcode", "One letter and one digit: W1 1AA is fine.", "W1 1AA"),
    ("postcode", "One letter and two digits: M13 9PL.", "M13 9PL"),
    ("postcode", "Letter, digit, letter: W1A 0AX.", "W1A 0AX"),
    ("postcode", "Two letters and a digit: CR2 6XH.", "CR2 6XH"),
    ("postcode", "Two letters and two digits: DN55 1PT.", "DN55 1PT"),
    ("postcode", "Two letters, digit, letter: EC1A 1BB.", "EC1A 1BB"),
    ("postcode", "The old Girobank code GIR 0AA.", "GIR 0AA"),
    ("postcode", "Lower case and no space: ig38qt.", "ig38qt"),
    ("nhs_number", "NHS number 943 476 5919 on the letter.", "943 476 5919"),
    ("nhs_number", "NHS number 943-476-5919 on the letter.", "943-476-5919"),
    ("nhs_number", "NHS number 9434765919 on the letter.", "9434765919"),
    ("ni_number", "NI number AB 12 34 56 C on the claim.", "AB 12 34 56 C"),
    ("ni_number", "NI number jh482917a on the payslip.", "jh482917a"),
    ("date_of_birth", "DOB: 03/11/2007.", "03/11/2007"),
    ("date_of_birth", "Her date of birth is 12 March 2009.", "12 March 2009"),
    ("date_of_birth", "Date of birth 2008-07-21, lives with nan.", "2008-07-21"),
    ("date_of_birth", "The hearing was on July 4, 2022.", "July 4, 2022"),
    ("address", "They lived at 14 Cranbrook Road until May.", "14 Cranbrook Road"),
    ("address", "Police went to Flat 3, 22 Mill Lane twice.", "Flat 3, 22 Mill Lane"),
    ("address", "She stayed at 27b Station Road.", "27b Station Road"),
    ("address", "The house at 61 Wanstead Park Road was full.", "61 Wanstead Park Road"),
    ("url", "See https://www.example.org/story for more.", "https://www.example.org/story"),
    ("social_handle", "Her Snapchat was @sunnyb.x until May.", "@sunnyb.x"),
    (
        "social_handle",
        "He ran facebook.com/ilfordboys.official for a year.",
        "facebook.com/ilfordboys.official",
    ),
    ("school_or_gp", "He moved to St Mary's Primary School.", "St Mary's Primary School"),
    ("school_or_gp", "Registered at Cranbrook Road Surgery.", "Cranbrook Road Surgery"),
    (
        "school_or_gp",
        "The GP at Valentines Medical Centre referred her.",
        "Valentines Medical Centre",
    ),
    ("school_or_gp", "Staff at Loxford School noticed.", "Loxford School"),
    ("name", "Kayla Jones was excluded from school.", "Kayla Jones"),
    ("name", "Her teacher, Mrs Patel, noticed.", "Mrs Patel"),
    ("name", "Kayla said she did not feel safe.", "Kayla"),
    ("name", "A man named Viktor offered him work.", "Viktor"),
    ("name", "Tyrone's mother works two jobs.", "Tyrone"),
    ("name", "Will was excluded after the fight.", "Will"),
    ("name", "Hope said she wanted to go home.", "Hope"),
    ("name", "Grace Adeyemi picked up the case.", "Grace Adeyemi"),
    ("name", "What would Will, his key worker, have needed?", "Will"),
    ("name", "Her mum's new partner, Dean, moved in.", "Dean"),
    ("name", "Uncle Ade picked him up.", "Uncle Ade"),
]


@pytest.mark.parametrize(("kind", "text", "expected"), POSITIVES)
def test_detector_finds_positive(kind, text, expected):
    assert found(text, kind) == [expected]


NEGATIVES = [
    "The strategy discussion agreed a Section 47 enquiry.",
    "The family were assessed under Section 17 and offered support.",
    "Year 9 was when things started to go wrong.",
    "She owed £2,000 in rent arrears.",
    "He was stopped on the A406 near the retail park.",
    "Her brother was on Ward 7 for three weeks.",
    "During Tier 4 restrictions the youth club closed.",
    "CAMHS, the MASH and the MARAC all knew her.",
    "She was put on a Child Protection Plan.",
    "The case was stepped down to Early Help.",
    "In 2019 she moved to the area.",
    "She was aged 14 at the time.",
    "The meeting started at 10:30.",
    "Case reference CP-2021-0457 was closed.",
    "In May the family were evicted.",
    "The Grace period for the arrears ran out.",
    "There was little hope that the placement would last.",
    "Hope is what kept her going through the winter.",
    "By the grace of God nobody was hurt.",
    "Faith groups offered food and clothing.",
    "She walked past Hope Street every day.",
    "Rose Lane was where the older boys hung around.",
    "The Amber alert was issued at midnight.",
    "Will the council pay for the deposit?",
    "Mark the date of the next core group.",
    "Bill payments were taken out of her Universal Credit.",
    "She was taken to King George Hospital.",
    "St John Ambulance volunteers helped.",
    "The Virtual School head asked for a plan.",
    "An example number such as QQ 12 34 56 C is on the leaflet.",
    "The reference 1234567890 is a tenancy number.",
    "Version 2.1.17 fixed the bug.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_detector_ignores_tricky_negative(text):
    assert kinds_and_texts(text) == []


def test_phone_explanation_names_mobile():
    [finding] = scan_for_personal_data("Mum's mobile is 07700 900123.")
    assert (finding.suggestion, finding.explanation) == ("[PHONE]", "Looks like a UK mobile number")


def test_postcode_suggestion_is_outward_code():
    [finding] = scan_for_personal_data("They moved to ig1 4du last year.")
    assert finding.suggestion == "IG1"


def test_date_of_birth_becomes_age_with_reference_date():
    findings = scan_for_personal_data(
        "Kayla was born on 12/03/2009.", reference_date=dt.date(2023, 9, 1)
    )
    assert [(f.kind, f.suggestion) for f in findings] == [
        ("name", "[NAME 1]"),
        ("date_of_birth", "aged 14"),
    ]
    assert apply_suggestions("Kayla was born on 12/03/2009.", findings) == "[NAME 1] was aged 14."


def test_date_of_birth_without_reference_date_is_placeholder():
    [finding] = scan_for_personal_data("DOB: 03/11/2007.")
    assert finding.suggestion == "[DATE OF BIRTH]"


def test_date_not_near_birth_keeps_month_and_year():
    [finding] = scan_for_personal_data("On 14 February 2021 the police attended.")
    assert (finding.kind, finding.suggestion) == ("date_of_birth", "February 2021")


def test_school_suggestion_depends_on_institution():
    findings = scan_for_personal_data(
        "He left St Mary's Primary School and registered at Kenwood Medical Centre."
    )
    assert [f.suggestion for f in findings] == ["a local primary school", "a local GP practice"]


def test_allow_list_suppresses_fictional_names():
    text = "Jay's sister, Kelly Morgan, told the police. Jay and Mo shared a room."
    assert found(text, "name", allow=["Jay", "Mo"]) == ["Kelly Morgan"]


def test_names_numbered_consistently_within_scan():
    text = (
        "Kayla Jones lived with Tina Jones. Kayla said Tina drank. "
        "Mr Rahman visited Kayla and later Mr Rahman called."
    )
    findings = [f for f in scan_for_personal_data(text) if f.kind == "name"]
    assert [(f.text, f.suggestion) for f in findings] == [
        ("Kayla Jones", "[NAME 1]"),
        ("Tina Jones", "[NAME 2]"),
        ("Kayla", "[NAME 1]"),
        ("Tina", "[NAME 2]"),
        ("Mr Rahman", "[NAME 3]"),
        ("Kayla", "[NAME 1]"),
        ("Mr Rahman", "[NAME 3]"),
    ]


def test_findings_sorted_and_not_overlapping_on_labelled_set():
    for example in _examples():
        findings = scan_for_personal_data(example["text"])
        starts = [f.start for f in findings]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
        assert all(example["text"][f.start : f.end] == f.text for f in findings)


def test_finding_is_frozen():
    [finding] = scan_for_personal_data("Write to a@example.com.")
    with pytest.raises(AttributeError):
        finding.kind = "name"  # type: ignore[misc]
    assert isinstance(finding, Finding)


def test_apply_suggestions_removes_every_finding_on_labelled_set():
    for example in _examples():
        findings = scan_for_personal_data(
            example["text"], allow=example["allow"], reference_date=dt.date(2024, 9, 1)
        )
        cleaned = apply_suggestions(example["text"], findings)
        rescanned = scan_for_personal_data(cleaned, allow=example["allow"])
        assert [f for f in rescanned if f.kind in {g.kind for g in findings}] == [], cleaned


def test_apply_suggestions_on_paragraph_replaces_in_place():
    text = "Kayla Jones (07700 900123) lives at 14 Cranbrook Road, IG1 4DU."
    findings = scan_for_personal_data(text)
    assert apply_suggestions(text, findings) == "[NAME 1] ([PHONE]) lives at [ADDRESS], IG1."


def _nhs_check_digit(digits: list[int]) -> int:
    """Return the NHS mod-11 check digit for nine digits (10 means no valid number exists)."""
    check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
    return 0 if check == 11 else check


NHS_SEPARATORS = st.sampled_from(["", " ", "-"])


@given(st.lists(st.integers(0, 9), min_size=9, max_size=9), NHS_SEPARATORS)
def test_nhs_number_with_valid_check_digit_found(digits, separator):
    check = _nhs_check_digit(digits)
    assume(check != 10)
    number = "".join(map(str, [*digits, check]))
    written = separator.join((number[:3], number[3:6], number[6:]))
    assert found(f"His NHS number is {written} on file.", "nhs_number") == [written]


@given(st.lists(st.integers(0, 9), min_size=9, max_size=9), st.integers(0, 9), NHS_SEPARATORS)
def test_nhs_number_with_wrong_check_digit_not_found(digits, last, separator):
    assume(last != _nhs_check_digit(digits))
    number = "".join(map(str, [*digits, last]))
    written = separator.join((number[:3], number[3:6], number[6:]))
    assert found(f"His NHS number is {written} on file.", "nhs_number") == []


FIRST_OK = "ABCEGHJKLMNOPRSTWXYZ"
SECOND_OK = "ABCEGHJKLMNPRSTWXYZ"
BANNED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
NI_DIGITS = st.text("0123456789", min_size=6, max_size=6)


def _ni(prefix: str, digits: str, suffix: str, spaced: bool) -> str:
    """Write an NI number, with HMRC's spacing or without."""
    if spaced:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


@given(
    st.sampled_from(FIRST_OK),
    st.sampled_from(SECOND_OK),
    NI_DIGITS,
    st.sampled_from("ABCD"),
    st.booleans(),
    st.booleans(),
)
def test_ni_number_with_valid_prefix_and_suffix_found(first, second, digits, suffix, spaced, lower):
    assume(first + second not in BANNED)
    number = _ni(first + second, digits, suffix, spaced)
    number = number.lower() if lower else number
    assert found(f"NI number {number} on the claim.", "ni_number") == [number]


@given(
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    NI_DIGITS,
    st.sampled_from("ABCD"),
    st.booleans(),
)
def test_ni_number_with_disallowed_prefix_not_found(first, second, digits, suffix, spaced):
    assume(first not in FIRST_OK or second not in SECOND_OK or first + second in BANNED)
    number = _ni(first + second, digits, suffix, spaced)
    assert found(f"NI number {number} on the claim.", "ni_number") == []


@given(st.sampled_from("EFGHJKLMNPQRSTUVWXYZ"), NI_DIGITS)
def test_ni_number_with_disallowed_suffix_not_found(suffix, digits):
    assert found(f"NI number AB{digits}{suffix} on the claim.", "ni_number") == []


def _examples() -> list[dict]:
    """Read the labelled set."""
    with LABELLED_JSONL.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_labelled_set_jsonl_matches_marked_up_source():
    build = _load_script("build_labelled_set")
    assert build.build(LABELLED_TXT) == _examples()


def test_labelled_set_has_at_least_250_sentences():
    examples = _examples()
    assert len(examples) >= 250
    assert sum(1 for example in examples if not example["entities"]) >= 100


def test_scanner_meets_quality_targets_on_labelled_set():
    figures, mistakes = _load_script("anonymise").score(_examples())
    summary = {k: (round(v["precision"], 3), round(v["recall"], 3)) for k, v in figures.items()}
    assert figures["structured"]["recall"] >= 0.98, (summary, mistakes)
    assert figures["name"]["recall"] >= 0.90, (summary, mistakes)
    assert figures["overall"]["precision"] >= 0.90, (summary, mistakes)


def test_scanner_imports_nothing_from_django():
    code = (
        "import sys, joinedup.casestudies.anonymise as a; "
        "a.scan_for_personal_data('Kayla Jones, 07700 900123'); "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")}, check=False
    )
    assert result.returncode == 0
