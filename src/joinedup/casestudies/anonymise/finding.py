"""The Finding record and the rule that keeps findings in order and free of overlaps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Earlier kinds win an overlap: a precise, checkable pattern beats a guess from context.
KINDS: tuple[str, ...] = (
    "email",
    "url",
    "social_handle",
    "nhs_number",
    "ni_number",
    "date_of_birth",
    "phone",
    "vehicle_registration",
    "postcode",
    "school_or_gp",
    "address",
    "name",
)
PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Finding:
    """One stretch of text that looks like personal data, why, and what to write instead."""

    kind: str
    start: int
    end: int
    text: str
    explanation: str
    suggestion: str


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Keep the highest-priority (then longest) of overlapping findings; return them by position."""
    ranked = sorted(findings, key=lambda f: (PRIORITY[f.kind], -(f.end - f.start), f.start))
    kept: list[Finding] = []
    for finding in ranked:
        if finding.end <= finding.start:
            continue
        if all(finding.end <= other.start or finding.start >= other.end for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)
