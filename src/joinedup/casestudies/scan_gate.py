"""The scan gate: run the personal-data scanner over a case study and keep what it found.

A finding stays open until a later scan no longer finds it (fixed), or someone dismisses it
with a reason (dismissed, audit-logged). Approval needs no open findings. Findings are matched
between scans by (entry, field, kind, text), so editing one field does not reopen dismissals
elsewhere, and moving text around updates positions rather than creating new findings.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from joinedup.casestudies.anonymise import Finding, scan_for_personal_data
from joinedup.casestudies.models import CaseStudy, ScanFinding, TimelineEntry
from joinedup.core.audit import log_action

CASE_STUDY_FIELDS = ("title", "summary")
ENTRY_FIELDS = ("period_label", "what_happened", "what_services_did")
FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "period_label": "When",
    "what_happened": "What happened",
    "what_services_did": "What services did",
}


@dataclass(frozen=True)
class ScannedText:
    """One piece of text the scanner reads: which object and field it is, and the text."""

    entry: TimelineEntry | None
    field: str
    text: str


def texts_of(case_study: CaseStudy) -> list[ScannedText]:
    """Return every piece of free text in a case study, title first, entries in order."""
    texts = [ScannedText(None, name, getattr(case_study, name)) for name in CASE_STUDY_FIELDS]
    for entry in case_study.entries.order_by("order", "id"):
        texts.extend(ScannedText(entry, name, getattr(entry, name)) for name in ENTRY_FIELDS)
    return texts


def _scan(case_study: CaseStudy) -> list[tuple[ScannedText, Finding]]:
    today = timezone.localdate()
    found = []
    for scanned in texts_of(case_study):
        if scanned.text:
            for finding in scan_for_personal_data(
                scanned.text, allow=case_study.allow_list, reference_date=today
            ):
                found.append((scanned, finding))
    return found


@transaction.atomic
def scan_case_study(*, case_study: CaseStudy) -> list[ScanFinding]:
    """Scan the case study, store new findings, close those no longer found; return open ones.

    The text is read from the database, so a stale object in memory cannot hide a change.
    """
    now = timezone.now()
    case_study.refresh_from_db(fields=["title", "summary", "allow_list"])
    known = defaultdict(list)
    for stored in ScanFinding.objects.filter(case_study=case_study).exclude(
        status=ScanFinding.Status.FIXED
    ):
        known[(stored.entry_id, stored.field, stored.kind, stored.text)].append(stored)
    seen = set()
    for scanned, finding in _scan(case_study):
        key = (
            scanned.entry.pk if scanned.entry else None,
            scanned.field,
            finding.kind,
            finding.text,
        )
        matches = known.get(key)
        if matches:
            stored = matches.pop(0)
            stored.start, stored.end, stored.suggestion = (
                finding.start,
                finding.end,
                finding.suggestion,
            )
            stored.explanation = finding.explanation[:300]
            stored.save(update_fields=["start", "end", "suggestion", "explanation"])
            seen.add(stored.pk)
            continue
        created = ScanFinding.objects.create(
            case_study=case_study,
            entry=scanned.entry,
            field=scanned.field,
            start=finding.start,
            end=finding.end,
            kind=finding.kind,
            text=finding.text[:500],
            explanation=finding.explanation[:300],
            suggestion=finding.suggestion[:200],
            found_at=now,
        )
        seen.add(created.pk)
    # What was open and is no longer found has been fixed by the author.
    ScanFinding.objects.filter(case_study=case_study, status=ScanFinding.Status.OPEN).exclude(
        pk__in=seen
    ).update(status=ScanFinding.Status.FIXED, resolved_at=now)
    case_study.scanned_at = now
    case_study.save(update_fields=["scanned_at"])
    return list(open_findings(case_study))


def open_findings(case_study: CaseStudy):
    """Return the findings that still block approval."""
    return ScanFinding.objects.filter(
        case_study=case_study, status=ScanFinding.Status.OPEN
    ).select_related("entry")


def current_findings(case_study: CaseStudy):
    """Return the open and dismissed findings (what the page marks in the text)."""
    return (
        ScanFinding.objects.filter(case_study=case_study)
        .exclude(status=ScanFinding.Status.FIXED)
        .select_related("entry", "dismissed_by")
    )


def _owner(finding: ScanFinding):
    return finding.entry if finding.entry_id else finding.case_study


@transaction.atomic
def apply_suggestion(*, finding: ScanFinding, actor) -> ScanFinding:
    """Replace the found text with its suggestion in the field, then scan again.

    When the text has moved since the scan, its first occurrence in the field is replaced.
    """
    owner = _owner(finding)
    text = getattr(owner, finding.field)
    if text[finding.start : finding.end] == finding.text:
        start = finding.start
    else:
        start = text.find(finding.text)
    if start >= 0:
        replaced = text[:start] + finding.suggestion + text[start + len(finding.text) :]
        setattr(owner, finding.field, replaced)
        owner.save(update_fields=[finding.field])
    log_action(
        "casestudies.finding.applied",
        actor=actor,
        target=finding.case_study,
        data={"finding": finding.pk, "kind": finding.kind, "field": finding.field},
    )
    scan_case_study(case_study=finding.case_study)
    finding.refresh_from_db()
    return finding


@transaction.atomic
def dismiss_finding(*, finding: ScanFinding, actor, reason: str) -> ScanFinding:
    """Mark a finding as not personal data, with the reason; the dismissal is audit-logged."""
    reason = reason.strip()
    if not reason:
        raise ValueError("Enter why this is not personal data")
    finding.status = ScanFinding.Status.DISMISSED
    finding.dismissed_reason = reason
    finding.dismissed_by = actor
    finding.resolved_at = timezone.now()
    finding.save(update_fields=["status", "dismissed_reason", "dismissed_by", "resolved_at"])
    log_action(
        "casestudies.finding.dismissed",
        actor=actor,
        target=finding.case_study,
        data={
            "finding": finding.pk,
            "kind": finding.kind,
            "field": finding.field,
            "entry": finding.entry_id,
            "reason": reason,
        },
    )
    return finding


def marked_segments(text: str, findings) -> list[dict]:
    """Split text into plain and found pieces, for showing findings inline where they are."""
    segments, position = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position or finding.end > len(text):
            continue
        if text[finding.start : finding.end] != finding.text:
            continue
        if finding.start > position:
            segments.append({"text": text[position : finding.start], "finding": None})
        segments.append({"text": finding.text, "finding": finding})
        position = finding.end
    if position < len(text):
        segments.append({"text": text[position:], "finding": None})
    return segments
