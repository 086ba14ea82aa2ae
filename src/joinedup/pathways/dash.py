"""The SafeLives DASH risk checklist (24 questions) and its score, as a pathway uses it. No Django.

The questions are our own short wording of what each DASH question asks about; the full
checklist and its practice guidance are SafeLives' (safelives.org.uk).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DASH_QUESTIONS: tuple[str, ...] = (
    "Has the current incident resulted in an injury?",
    "Is the person very frightened?",
    "Is the person afraid of further injury or violence?",
    "Does the person feel isolated from family or friends?",
    "Is the person feeling depressed or having suicidal thoughts?",
    "Has the person separated, or tried to separate, from the abuser in the past year?",
    "Is there conflict over contact with children?",
    "Does the abuser keep texting, calling, following, stalking or harassing the person?",
    "Is the person pregnant, or have they had a baby in the last 18 months?",
    "Is the abuse happening more often?",
    "Is the abuse getting worse?",
    "Does the abuser try to control everything the person does, or are they excessively jealous?",
    "Has the abuser ever used a weapon or object to hurt the person?",
    "Has the abuser threatened to kill the person or someone else, and the person believed it?",
    "Has the abuser ever tried to strangle, choke, suffocate or drown the person?",
    "Does the abuser do or say sexual things that make the person feel bad or that hurt them?",
    "Is there anyone else who has threatened the person, or whom they are afraid of?",
    "Has the abuser hurt anyone else (children, relatives, a previous partner)?",
    "Has the abuser ever mistreated an animal or the family pet?",
    "Are there financial problems, such as the person depending on the abuser for money?",
    "Has the abuser had problems with drugs, alcohol or mental health in the past year?",
    "Has the abuser ever threatened or attempted suicide?",
    "Has the abuser ever broken bail, an injunction or an agreement about contact?",
    "Has the abuser ever been in trouble with the police, or do they have a criminal history?",
)
HIGH_FROM = 14
MARAC_INCIDENTS = 3
LEVELS = ("standard", "medium", "high")


@dataclass(frozen=True)
class DashScore:
    yes_count: int
    unknown_count: int
    level: str
    marac: bool
    reasons: tuple[str, ...]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def score_dash(
    answers: Sequence[bool | None],
    *,
    judgement_high: bool = False,
    incidents_12_months: int = 0,
    medium_from: int = 10,
) -> DashScore:
    """Score 24 DASH answers (True yes, False no, None not known); raise ValueError on bad input."""
    if isinstance(answers, (str, bytes)) or len(answers) != len(DASH_QUESTIONS):
        raise ValueError(f"DASH needs {len(DASH_QUESTIONS)} answers, got {len(answers)}")
    for number, answer in enumerate(answers, start=1):
        if answer is not None and not isinstance(answer, bool):
            raise ValueError(f"answer {number} must be yes (True), no (False) or not known (None)")
    if (
        isinstance(incidents_12_months, bool)
        or not isinstance(incidents_12_months, int)
        or incidents_12_months < 0
    ):
        raise ValueError("incidents_12_months must be a whole number, 0 or more")
    if (
        isinstance(medium_from, bool)
        or not isinstance(medium_from, int)
        or not 0 <= medium_from <= HIGH_FROM
    ):
        raise ValueError(f"medium_from must be a whole number from 0 to {HIGH_FROM}")
    yes_count = sum(1 for answer in answers if answer is True)
    unknown_count = sum(1 for answer in answers if answer is None)
    reasons: list[str] = []
    if yes_count >= HIGH_FROM:
        level = "high"
        reasons.append(
            f"{_plural(yes_count, 'yes answer')} ({HIGH_FROM} or more): "
            "visible high risk, refer to MARAC."
        )
    elif yes_count >= medium_from:
        level = "medium"
        reasons.append(
            f"{_plural(yes_count, 'yes answer')} ({medium_from} to {HIGH_FROM - 1}): medium risk."
        )
    else:
        level = "standard"
        band = f"0 to {medium_from - 1}" if medium_from > 0 else "none"
        reasons.append(f"{_plural(yes_count, 'yes answer')} ({band}): standard risk.")
    if judgement_high and level != "high":
        level = "high"
        reasons.append("Professional judgement says high risk: refer to MARAC.")
    elif judgement_high:
        reasons.append("Professional judgement also says high risk.")
    marac = level == "high"
    if incidents_12_months >= MARAC_INCIDENTS:
        marac = True
        reasons.append(
            f"{_plural(incidents_12_months, 'police-reported incident')} in the last 12 months "
            f"({MARAC_INCIDENTS} or more): potential escalation, refer to MARAC."
        )
    if unknown_count:
        reasons.append(f"{_plural(unknown_count, 'answer')} not known, counted as not yes.")
    return DashScore(
        yes_count=yes_count,
        unknown_count=unknown_count,
        level=level,
        marac=marac,
        reasons=tuple(reasons),
    )
