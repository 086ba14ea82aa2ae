"""The scanner on kinds it used to miss (issue 17 item 12): number plates, written-out emails,
short dates, names beside an age or in apposition, nicknames; and what it must leave alone.
These cases are apart from both labelled sets."""

import pytest

from joinedup.casestudies.anonymise import scan_for_personal_data


def _found(text):
    return [(f.kind, f.text) for f in scan_for_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A grey Fiesta, HN66 PWK, was parked outside.", ("vehicle_registration", "HN66 PWK")),
        ("The plate read OU05XJB.", ("vehicle_registration", "OU05XJB")),
        ("His first car was an R reg, R417 VNE.", ("vehicle_registration", "R417 VNE")),
        ("An old Mini, KJH 48F, belonged to her grandfather.", ("vehicle_registration", "KJH 48F")),
        (
            "write to sam.ali [at] example [dot] org today",
            ("email", "sam.ali [at] example [dot] org"),
        ),
        ("her handle was kiki (at) example (dot) net", ("email", "kiki (at) example (dot) net")),
        ("contact bigdave at example dot com for work", ("email", "bigdave at example dot com")),
        ("She was born 14.02.11 in Romford.", ("date_of_birth", "14.02.11")),
        ("Seen in A&E on 1.3.22 with a head injury.", ("date_of_birth", "1.3.22")),
        ("The letter of 30th Sept '21 was never answered.", ("date_of_birth", "30th Sept '21")),
        ("Her son, Elijah, 10, was caring for her.", ("name", "Elijah")),
        ("Priya (17) had run away twice.", ("name", "Priya")),
        ("Their lodger, Mr Vance, 60, had keys.", ("name", "Mr Vance")),
        ("The baby (Nova, 8 months) was unregistered with a GP.", ("name", "Nova")),
        ("He was known as Chunky on the estate.", ("name", "Chunky")),
        ("Friends nicknamed him Stretch.", ("name", "Stretch")),
        ("She goes by Tash now.", ("name", "Tash")),
    ],
)
def test_finds(text, expected):
    assert expected in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The M11 and the A12 were closed, so the visit was moved.",
        "The NHS 111 line and the PHQ9 score were discussed.",
        "Year 11 (aged 15 to 16) pupils sat their mocks.",
        "The review panel, 8 in all, met in March.",
        "Version 3.10.22 of the case system went live.",
        "She read section 4.12.18 of the guidance.",
        "We met at the hub at nine and left at noon.",
        "Look at the chart dot by dot.",
        "The Home Office and the Department for Education disagreed.",
        "Children's Services and the Youth Justice Service met at the civic centre.",
        "The Multi-Agency Risk Assessment Conference heard 14 cases.",
        "The service is known as Early Help across the borough.",
        "She called him Daddy, though he was not her father.",
        "Will the school agree?",
        "Mark the review date in the diary.",
        "The grace period ended in May.",
        "There is hope that the new plan will work.",
        "The water bill was paid late.",
        "On 3 May 12 people came to the workshop.",
        "Unit 4, Riverside Park is where the food bank is.",
    ],
)
def test_leaves_alone(text):
    assert _found(text) == []
