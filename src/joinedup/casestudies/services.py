"""Writing case studies and their timelines, and the approval workflow.

Who may read, write or approve one case study is in rules.py; the scan gate (what the scanner
found and what became of it) in scan_gate.py; table capture in capture.py.

A story is changed through these functions only. An archived story cannot be changed
(CaseStudyLocked). Changing an approved story sends it back through the scan gate: it is
scanned again and waits, submitted, for a convenor's approval once more, since the approval
was for the text as it stood.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from joinedup.casestudies import rules, scan_gate
from joinedup.casestudies.models import CaseStudy, TimelineEntry
from joinedup.core.audit import log_action
from joinedup.core.copies import copies_in, record_copy

ENTRY_FIELDS = (
    "age_years",
    "age_months",
    "period_label",
    "domain",
    "what_happened",
    "what_services_did",
)


class ApprovalBlocked(Exception):
    """Raised when a convenor tries to approve a case study with unresolved findings."""

    def __init__(self, open_findings):
        self.open_findings = list(open_findings)
        count = len(self.open_findings)
        super().__init__(
            f"Fix or dismiss the {count} possible personal detail{'s' if count != 1 else ''} "
            "before approving"
        )


class CaseStudyLocked(Exception):
    """Raised when a case study is changed in a state that allows no change (archived)."""

    def __init__(self, case_study: CaseStudy):
        self.case_study = case_study
        super().__init__(f"“{case_study.title}” is archived, so it cannot be changed")


class SecondPersonRequired(Exception):
    """Raised when the person approving a case study is its author, or not a convenor."""

    def __init__(self, case_study: CaseStudy, actor):
        self.case_study = case_study
        if actor is not None and case_study.author_id == actor.pk:
            message = "You wrote this case study: another convenor must approve it"
        else:
            message = "Only a convenor who did not write the case study can approve it"
        super().__init__(message)


# States in which a story cannot be changed at all.
LOCKED_STATES = frozenset({CaseStudy.State.ARCHIVED})


# --- reading (who may read is in rules.py) ---------------------------------------------------


def record_read(*, case_study: CaseStudy, actor, via: str = "page") -> None:
    """Write the audit entry every read of a case study needs."""
    log_action("casestudies.casestudy.viewed", actor=actor, target=case_study, data={"via": via})


def record_export(*, case_study: CaseStudy, actor, format: str) -> None:
    """Write the audit entry every export of a case study needs."""
    log_action(
        "casestudies.casestudy.exported", actor=actor, target=case_study, data={"format": format}
    )


# --- writing ----------------------------------------------------------------------------------


def _ensure_changeable(case_study: CaseStudy) -> None:
    """Read the story's state under a row lock; raise CaseStudyLocked when it is archived."""
    case_study.state = (
        CaseStudy.objects.select_for_update().values_list("state", flat=True).get(pk=case_study.pk)
    )
    if case_study.state in LOCKED_STATES:
        raise CaseStudyLocked(case_study)


def _touch(case_study: CaseStudy, *, actor) -> None:
    case_study.updated_at = timezone.now()
    case_study.save(update_fields=["updated_at"])
    if case_study.state == CaseStudy.State.SUBMITTED:
        # A submitted story stays under the scanner's eye while it is being fixed.
        scan_gate.scan_case_study(case_study=case_study)
    elif case_study.state == CaseStudy.State.APPROVED:
        _back_through_gate(case_study, actor=actor)


def _back_through_gate(case_study: CaseStudy, *, actor) -> None:
    """A changed approved story is scanned again and waits for approval again."""
    open_findings = scan_gate.scan_case_study(case_study=case_study)
    case_study.state = CaseStudy.State.SUBMITTED
    case_study.submitted_at = timezone.now()
    case_study.approved_at = None
    case_study.approved_by = None
    case_study.save(update_fields=["state", "submitted_at", "approved_at", "approved_by"])
    log_action(
        "casestudies.casestudy.reopened",
        actor=actor,
        target=case_study,
        data={"open_findings": len(open_findings)},
    )


@transaction.atomic
def create_case_study(*, place, author, title: str, summary: str = "", allow_list=()) -> CaseStudy:
    """Create a draft case study written by author."""
    case_study = CaseStudy.objects.create(
        place=place,
        author=author,
        title=title,
        summary=summary,
        allow_list=clean_allow_list(allow_list),
    )
    log_action("casestudies.casestudy.created", actor=author, target=case_study)
    return case_study


def clean_allow_list(words) -> list[str]:
    """Return the allow-list trimmed, without blanks or repeats, in the author's order."""
    seen, cleaned = set(), []
    for word in words:
        word = word.strip()
        if word and word.lower() not in seen:
            seen.add(word.lower())
            cleaned.append(word)
    return cleaned


@transaction.atomic
def update_case_study(
    *, case_study: CaseStudy, actor, title: str, summary: str, allow_list=()
) -> CaseStudy:
    """Change the title, summary and allow-list; a submitted story is scanned again, an
    approved one goes back through the scan gate; raise CaseStudyLocked when archived."""
    _ensure_changeable(case_study)
    case_study.title = title
    case_study.summary = summary
    case_study.allow_list = clean_allow_list(allow_list)
    case_study.save(update_fields=["title", "summary", "allow_list"])
    log_action("casestudies.casestudy.edited", actor=actor, target=case_study)
    _touch(case_study, actor=actor)
    return case_study


@transaction.atomic
def save_entry(
    *, case_study: CaseStudy, actor, fields: dict, services=(), entry: TimelineEntry | None = None
) -> TimelineEntry:
    """Add a timeline entry at the end, or change one; services replace the entry's services.

    Raise CaseStudyLocked when the story is archived; an approved one goes back through the gate.
    """
    _ensure_changeable(case_study)
    if entry is None:
        last = case_study.entries.aggregate(last=Max("order"))["last"]
        entry = TimelineEntry(case_study=case_study, order=(last or 0) + 1)
    for name in ENTRY_FIELDS:
        if name in fields:
            setattr(entry, name, fields[name])
    if entry.age_years is None:
        entry.age_months = None
    entry.save()
    entry.services.set([s for s in services if s.place_id == case_study.place_id])
    log_action(
        "casestudies.entry.saved",
        actor=actor,
        target=case_study,
        data={"entry": entry.pk},
    )
    _touch(case_study, actor=actor)
    return entry


@transaction.atomic
def delete_entry(*, entry: TimelineEntry, actor) -> None:
    """Remove a timeline entry and close the gap in the order (CaseStudyLocked if archived)."""
    case_study = entry.case_study
    _ensure_changeable(case_study)
    entry_id = entry.pk
    entry.delete()
    renumber_entries(case_study=case_study)
    log_action(
        "casestudies.entry.deleted", actor=actor, target=case_study, data={"entry": entry_id}
    )
    _touch(case_study, actor=actor)


def renumber_entries(*, case_study: CaseStudy) -> None:
    """Number the entries 1, 2, 3… in their current order."""
    for number, entry in enumerate(case_study.entries.order_by("order", "id"), start=1):
        if entry.order != number:
            TimelineEntry.objects.filter(pk=entry.pk).update(order=number)


@transaction.atomic
def move_entry(*, entry: TimelineEntry, actor, direction: str) -> None:
    """Move an entry one place up or down the timeline (no-op at either end); raise
    CaseStudyLocked when archived, and send an approved story back through the gate."""
    case_study = entry.case_study
    _ensure_changeable(case_study)
    renumber_entries(case_study=case_study)
    entries = list(case_study.entries.order_by("order", "id"))
    index = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(entries):
        return
    entries[index], entries[other] = entries[other], entries[index]
    for number, item in enumerate(entries, start=1):
        TimelineEntry.objects.filter(pk=item.pk).update(order=number)
    log_action(
        "casestudies.entry.moved",
        actor=actor,
        target=case_study,
        data={"entry": entry.pk, "direction": direction},
    )
    if case_study.state == CaseStudy.State.APPROVED:
        _back_through_gate(case_study, actor=actor)


# --- the workflow -----------------------------------------------------------------------------


@transaction.atomic
def submit_case_study(*, case_study: CaseStudy, actor) -> list:
    """Scan the story and send it for approval; return the findings still open."""
    open_findings = scan_gate.scan_case_study(case_study=case_study)
    case_study.state = CaseStudy.State.SUBMITTED
    case_study.submitted_at = timezone.now()
    case_study.save(update_fields=["state", "submitted_at"])
    log_action(
        "casestudies.casestudy.submitted",
        actor=actor,
        target=case_study,
        data={"open_findings": len(open_findings)},
    )
    return open_findings


@transaction.atomic
def approve_case_study(*, case_study: CaseStudy, actor) -> CaseStudy:
    """Approve a submitted story for use; raise SecondPersonRequired unless the actor is a
    convenor who is not its author, ApprovalBlocked while any finding is open.

    The story is scanned again first, so text changed since submission is checked too.
    """
    case_study.refresh_from_db(fields=["state", "author"])
    if case_study.state != CaseStudy.State.SUBMITTED:
        raise ValueError("Only a submitted case study can be approved")
    if actor is None or not rules.can_approve(actor, case_study):
        raise SecondPersonRequired(case_study, actor)
    open_findings = scan_gate.scan_case_study(case_study=case_study)
    if open_findings:
        raise ApprovalBlocked(open_findings)
    case_study.state = CaseStudy.State.APPROVED
    case_study.approved_at = timezone.now()
    case_study.approved_by = actor
    case_study.save(update_fields=["state", "approved_at", "approved_by"])
    log_action("casestudies.casestudy.approved", actor=actor, target=case_study)
    return case_study


@transaction.atomic
def return_to_draft(*, case_study: CaseStudy, actor, reason: str = "") -> CaseStudy:
    """Send a submitted or approved story back to its author as a draft."""
    case_study.state = CaseStudy.State.DRAFT
    case_study.approved_at = None
    case_study.approved_by = None
    case_study.save(update_fields=["state", "approved_at", "approved_by"])
    log_action(
        "casestudies.casestudy.returned", actor=actor, target=case_study, data={"reason": reason}
    )
    return case_study


@transaction.atomic
def archive_case_study(*, case_study: CaseStudy, actor) -> CaseStudy:
    """Take a story out of use; it stays readable to convenors."""
    case_study.state = CaseStudy.State.ARCHIVED
    case_study.save(update_fields=["state"])
    log_action("casestudies.casestudy.archived", actor=actor, target=case_study)
    return case_study


# --- sharing with other places ----------------------------------------------------------------


@transaction.atomic
def set_shareable(*, case_study: CaseStudy, actor, shareable: bool) -> CaseStudy:
    """Let other places start from this story (or stop them); audited. Only approved stories
    are ever copied, so marking a draft shareable shares nothing until it is approved."""
    if case_study.shareable != shareable:
        case_study.shareable = shareable
        case_study.save(update_fields=["shareable"])
        log_action(
            "casestudies.casestudy.shared" if shareable else "casestudies.casestudy.unshared",
            actor=actor,
            target=case_study,
        )
    return case_study


def case_studies_to_copy(*, source_place, target_place=None) -> list[CaseStudy]:
    """The source place's stories another place may copy: approved and marked shareable, less
    those already copied into the target (and still there)."""
    stories = list(
        CaseStudy.objects.filter(
            place=source_place, state=CaseStudy.State.APPROVED, shareable=True
        ).order_by("title")
    )
    if target_place is None:
        return stories
    done = copied_case_studies(source_ids=[s.pk for s in stories], target_place=target_place)
    return [s for s in stories if s.pk not in done]


def copied_case_studies(*, source_ids, target_place) -> dict:
    """{source story id: its copy in the target} for the stories already copied there."""
    found = copies_in(place=target_place, model=CaseStudy, source_ids=source_ids)
    return {int(sid): copy for sid, copy in found.items()}


def findings_on_copy(*, source: CaseStudy) -> int:
    """How many possible personal details the scanner finds in the story now (what its copy
    will arrive with); saves nothing."""
    return len(scan_gate._scan(source))


@transaction.atomic
def copy_case_study(*, source: CaseStudy, target_place, actor, run=None) -> CaseStudy:
    """Copy one story (title, summary, made-up names, timeline) into the target, with no
    author and no services (both belong to the source place), then scan it again: with no
    findings it waits for a convenor's approval (submitted), with findings it stays a draft
    with them open. A copy is never approved: the new place approves it itself."""
    copy = CaseStudy.objects.create(
        place=target_place,
        title=source.title,
        summary=source.summary,
        allow_list=list(source.allow_list),
        author=None,
    )
    for entry in source.entries.order_by("order", "id"):
        TimelineEntry.objects.create(
            case_study=copy, **{name: getattr(entry, name) for name in ("order", *ENTRY_FIELDS)}
        )
    open_findings = scan_gate.scan_case_study(case_study=copy)
    if not open_findings:
        copy.state = CaseStudy.State.SUBMITTED
        copy.submitted_at = timezone.now()
        copy.save(update_fields=["state", "submitted_at"])
    record_copy(run=run, obj=copy, source=source, kind="case study")
    log_action(
        "casestudies.casestudy.copied",
        actor=actor,
        target=copy,
        data={
            "from_place": source.place.slug,
            "from_case_study": source.pk,
            "open_findings": len(open_findings),
        },
    )
    return copy


@transaction.atomic
def copy_case_studies_from(*, source_place, target_place, actor, run=None) -> dict:
    """Copy every approved, shareable story of the source not copied into the target yet;
    returns {source id: copy}."""
    return {
        source.pk: copy_case_study(source=source, target_place=target_place, actor=actor, run=run)
        for source in case_studies_to_copy(source_place=source_place, target_place=target_place)
    }
