"""find_help's rules without pages: the level chosen, open now, postcode districts."""

import datetime

import pytest

from joinedup.directory.models import Schedule
from joinedup.pathways.dash import score_dash
from joinedup.pathways.find_help import _open_now, choose_level, outward_code
from joinedup.pathways.models import Step

STEPS = [
    Step(code="s2", level=2, indicators=["Rent arrears", "Notice to leave"]),
    Step(code="s3", level=3, indicators=["Nowhere to sleep tonight"]),
    Step(code="s4", level=4, indicators=[]),
]
TUESDAY_10 = datetime.datetime(2026, 12, 1, 10, 0)


def dash(yes: int, **options):
    return score_dash([True] * yes + [False] * (24 - yes), **options)


def test_choose_level_highest_ticked_indicator_wins():
    assert choose_level(steps=STEPS, ticked={"s2:1", "s3:0"}) == (
        3,
        ["Indicators you ticked put the person at level 3."],
    )


def test_choose_level_nothing_ticked_starts_at_first_level():
    level, reasons = choose_level(steps=STEPS, ticked=set())

    assert level == 2
    assert reasons == [
        "No indicator was ticked, so the plan starts at the pathway's first level (2)."
    ]


def test_choose_level_unknown_indicator_values_are_ignored():
    assert choose_level(steps=STEPS, ticked={"s9:0", "s3:7"})[0] == 2


def test_choose_level_dash_medium_raises_level_two_indicators_to_three():
    assert choose_level(steps=STEPS, ticked={"s2:0"}, dash=dash(10)) == (
        3,
        [
            "Indicators you ticked put the person at level 2.",
            "DASH: 10 yes of 24, medium risk: level 3.",
        ],
    )


def test_choose_level_dash_never_lowers_ticked_indicators():
    assert choose_level(steps=STEPS, ticked={"s3:0"}, dash=dash(0))[0] == 3


def test_choose_level_marac_by_incidents_goes_to_the_top_step():
    level, reasons = choose_level(steps=STEPS, ticked=set(), dash=dash(4, incidents_12_months=3))

    assert level == 4
    assert reasons == ["DASH: 4 yes of 24, standard risk, refer to MARAC: level 4."]


def test_choose_level_dash_level_above_the_pathway_uses_its_highest_step():
    assert choose_level(steps=STEPS[:2], ticked=set(), dash=dash(14))[0] == 3


def test_choose_level_dash_level_between_steps_uses_the_step_below():
    steps = [Step(code="a", level=1, indicators=[]), Step(code="b", level=4, indicators=[])]

    assert choose_level(steps=steps, ticked=set(), dash=dash(11))[0] == 1


def test_choose_level_pathway_without_steps_has_no_level():
    assert choose_level(steps=[], ticked={"x:0"}) == (0, ["This pathway has no steps yet."])


def weekly(byday="MO,TU,WE,TH,FR", opens="09:00", closes="17:00", **extra):
    return Schedule(
        freq="WEEKLY",
        byday=byday,
        opens_at=datetime.time.fromisoformat(opens),
        closes_at=datetime.time.fromisoformat(closes),
        **extra,
    )


@pytest.mark.parametrize(
    ("schedules", "expected"),
    [
        ([], None),
        ([Schedule(description="By appointment")], None),
        ([weekly()], True),
        ([weekly(byday="MO,WE")], False),
        ([weekly(opens="10:00")], True),
        ([weekly(opens="10:01")], False),
        ([weekly(closes="10:00")], False),
        ([weekly(byday="")], True),
        ([weekly(valid_to=datetime.date(2026, 11, 30))], False),
        ([weekly(valid_from=datetime.date(2026, 12, 2))], False),
        ([weekly(byday="SA"), weekly(byday="TU", opens="08:00", closes="12:00")], True),
    ],
)
def test_open_now_reads_weekly_hours(schedules, expected):
    assert _open_now(schedules, TUESDAY_10) is expected


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("IG1 1AA", "IG1"), ("ig11 9zz", "IG11"), ("E113QA", "E11"), ("  RM6 4XX ", "RM6")],
)
def test_outward_code_reads_the_district(postcode, district):
    assert outward_code(postcode) == district
