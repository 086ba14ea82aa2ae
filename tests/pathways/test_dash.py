"""The DASH score at every boundary of its rules."""

import pytest

from joinedup.pathways.dash import DASH_QUESTIONS, DashScore, score_dash


def answers(yes: int, unknown: int = 0) -> list[bool | None]:
    """Return 24 answers: `yes` yes, then `unknown` not known, the rest no."""
    return [True] * yes + [None] * unknown + [False] * (24 - yes - unknown)


def test_dash_questions_are_the_24_of_the_checklist():
    assert len(DASH_QUESTIONS) == 24
    assert len(set(DASH_QUESTIONS)) == 24


def test_score_dash_14_yes_is_high_and_marac():
    assert score_dash(answers(14)) == DashScore(
        yes_count=14,
        unknown_count=0,
        level="high",
        marac=True,
        reasons=("14 yes answers (14 or more): visible high risk, refer to MARAC.",),
    )


def test_score_dash_13_yes_is_medium_without_marac():
    assert score_dash(answers(13)) == DashScore(
        yes_count=13,
        unknown_count=0,
        level="medium",
        marac=False,
        reasons=("13 yes answers (10 to 13): medium risk.",),
    )


def test_score_dash_10_yes_is_medium():
    assert (score_dash(answers(10)).level, score_dash(answers(10)).marac) == ("medium", False)


def test_score_dash_9_yes_is_standard():
    result = score_dash(answers(9))

    assert (result.level, result.marac, result.reasons) == (
        "standard",
        False,
        ("9 yes answers (0 to 9): standard risk.",),
    )


def test_score_dash_all_no_is_standard():
    assert (score_dash(answers(0)).yes_count, score_dash(answers(0)).level) == (0, "standard")


def test_score_dash_24_yes_is_high():
    assert (score_dash(answers(24)).yes_count, score_dash(answers(24)).level) == (24, "high")


@pytest.mark.parametrize(
    ("yes", "level"), [(7, "standard"), (8, "medium"), (13, "medium"), (14, "high")]
)
def test_score_dash_place_band_medium_from_8(yes, level):
    assert score_dash(answers(yes), medium_from=8).level == level


def test_score_dash_medium_from_14_leaves_no_medium_band():
    assert score_dash(answers(13), medium_from=14).level == "standard"


def test_score_dash_judgement_makes_a_standard_case_high_and_marac():
    result = score_dash(answers(2), judgement_high=True)

    assert (result.level, result.marac) == ("high", True)
    assert result.reasons == (
        "2 yes answers (0 to 9): standard risk.",
        "Professional judgement says high risk: refer to MARAC.",
    )


def test_score_dash_judgement_makes_a_medium_case_high():
    assert score_dash(answers(12), judgement_high=True).level == "high"


def test_score_dash_judgement_on_a_high_case_keeps_it_high():
    result = score_dash(answers(15), judgement_high=True)

    assert (result.level, result.marac) == ("high", True)
    assert result.reasons[-1] == "Professional judgement also says high risk."


def test_score_dash_no_judgement_never_lowers_a_high_count():
    assert score_dash(answers(14), judgement_high=False).level == "high"


def test_score_dash_3_incidents_refers_to_marac_without_changing_the_level():
    result = score_dash(answers(4), incidents_12_months=3)

    assert (result.level, result.marac) == ("standard", True)
    assert result.reasons[-1] == (
        "3 police-reported incidents in the last 12 months (3 or more): "
        "potential escalation, refer to MARAC."
    )


def test_score_dash_2_incidents_do_not_refer_to_marac():
    result = score_dash(answers(4), incidents_12_months=2)

    assert (result.level, result.marac, len(result.reasons)) == ("standard", False, 1)


def test_score_dash_incidents_on_a_medium_case_keep_it_medium():
    assert (
        score_dash(answers(11), incidents_12_months=5).level,
        score_dash(answers(11), incidents_12_months=5).marac,
    ) == (
        "medium",
        True,
    )


def test_score_dash_unknown_answers_count_as_not_yes_and_are_said():
    result = score_dash(answers(13, unknown=11))

    assert (result.yes_count, result.unknown_count, result.level, result.marac) == (
        13,
        11,
        "medium",
        False,
    )
    assert result.reasons[-1] == "11 answers not known, counted as not yes."


def test_score_dash_all_unknown_still_scores_standard():
    result = score_dash([None] * 24)

    assert (result.yes_count, result.unknown_count, result.level) == (0, 24, "standard")
    assert result.reasons == (
        "0 yes answers (0 to 9): standard risk.",
        "24 answers not known, counted as not yes.",
    )


def test_score_dash_one_unknown_is_said_in_the_singular():
    assert score_dash(answers(1, unknown=1)).reasons == (
        "1 yes answer (0 to 9): standard risk.",
        "1 answer not known, counted as not yes.",
    )


@pytest.mark.parametrize("count", [0, 23, 25])
def test_score_dash_wrong_number_of_answers_is_an_error(count):
    with pytest.raises(ValueError, match=f"DASH needs 24 answers, got {count}"):
        score_dash([False] * count)


@pytest.mark.parametrize("bad", ["yes", 1, 0])
def test_score_dash_answer_not_true_false_or_none_is_an_error(bad):
    with pytest.raises(ValueError, match="answer 5 must be yes"):
        score_dash([False] * 4 + [bad] + [False] * 19)


@pytest.mark.parametrize("incidents", [-1, 2.5, True])
def test_score_dash_bad_incident_count_is_an_error(incidents):
    with pytest.raises(ValueError, match="incidents_12_months"):
        score_dash(answers(0), incidents_12_months=incidents)


@pytest.mark.parametrize("medium_from", [-1, 15])
def test_score_dash_band_outside_0_to_14_is_an_error(medium_from):
    with pytest.raises(ValueError, match="medium_from"):
        score_dash(answers(0), medium_from=medium_from)
