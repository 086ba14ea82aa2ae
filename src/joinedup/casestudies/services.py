"""Writing case studies and their timelines, who may read them, and the approval workflow.

The scan gate (what the scanner found and what became of it) is in scan_gate.py; table
capture in capture.py.
"""

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from joinedup.casestudies import attendance, scan_gate
from joinedup.casestudies.models import CaseStudy, TimelineEntry
from joinedup.core.audit import log_action
from joinedup.core.models import Role
from joinedup.core.permissions import can, roles_in

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


# --- who may read and write -------------------------------------------------------------------


def _is_convenor(user, place) -> bool:
    return user.is_staff or Role.CONVENOR in roles_in(user, place)


def visible_case_studies(user, place):
    """Return the place's case studies this person may read.

    Convenors see everything. Other readers (hosts, strategists) see approved case studies and
    their own. Practitioners see the approved case studies used at an event they attend.
    """
    studies = CaseStudy.objects.filter(place=place)
    if not user.is_authenticated:
        return studies.none()
    if _is_convenor(user, place):
        return studies
    if can(user, "casestudies.view", place):
        return studies.filter(Q(state=CaseStudy.State.APPROVED) | Q(author=user))
    used_at_my_events = used_case_study_ids_for(user, place)
    return studies.filter(state=CaseStudy.State.APPROVED, pk__in=used_at_my_events)


def used_case_study_ids_for(user, place) -> list[int]:
    """Return ids of case studies discussed at tables of events the person attends."""
    return attendance.case_study_ids_for_attendee(user, place)


def can_read(user, case_study: CaseStudy) -> bool:
    """Return whether the person may read this case study."""
    return visible_case_studies(user, case_study.place).filter(pk=case_study.pk).exists()


def can_edit(user, case_study: CaseStudy) -> bool:
    """Authors edit their own unapproved case studies; convenors edit any unapproved one."""
    if not case_study.is_editable or not can(user, "casestudies.write", case_study.place):
        return False
    return _is_convenor(user, case_study.place) or case_study.author_id == user.pk


def record_read(*, case_study: CaseStudy, actor, via: str = "page") -> None:
    """Write the audit entry every read of a case study needs."""
    log_action("casestudies.casestudy.viewed", actor=actor, target=case_study, data={"via": via})


def record_export(*, case_study: CaseStudy, actor, format: str) -> None:
    """Write the audit entry every export of a case study needs."""
    log_action(
        "casestudies.casestudy.exported", actor=actor, target=case_study, data={"format": format}
    )


# --- writing ----------------------------------------------------------------------------------


def _touch(case_study: CaseStudy) -> None:
    case_study.updated_at = timezone.now()
    case_study.save(update_fields=["updated_at"])
    if case_study.state == CaseStudy.State.SUBMITTED:
        # A submitted story stays under the scanner's eye while it is being fixed.
        scan_gate.scan_case_study(case_study=case_study)


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
    """Change the title, summary and allow-list; a submitted story is scanned again."""
    case_study.title = title
    case_study.summary = summary
    case_study.allow_list = clean_allow_list(allow_list)
    case_study.save(update_fields=["title", "summary", "allow_list"])
    log_action("casestudies.casestudy.edited", actor=actor, target=case_study)
    _touch(case_study)
    return case_study


@transaction.atomic
def save_entry(
    *, case_study: CaseStudy, actor, fields: dict, services=(), entry: TimelineEntry | None = None
) -> TimelineEntry:
    """Add a timeline entry at the end, or change one; services replace the entry's services."""
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
    _touch(case_study)
    return entry


@transaction.atomic
def delete_entry(*, entry: TimelineEntry, actor) -> None:
    """Remove a timeline entry and close the gap in the order."""
    case_study = entry.case_study
    entry_id = entry.pk
    entry.delete()
    renumber_entries(case_study=case_study)
    log_action(
        "casestudies.entry.deleted", actor=actor, target=case_study, data={"entry": entry_id}
    )
    _touch(case_study)


def renumber_entries(*, case_study: CaseStudy) -> None:
    """Number the entries 1, 2, 3… in their current order."""
    for number, entry in enumerate(case_study.entries.order_by("order", "id"), start=1):
        if entry.order != number:
            TimelineEntry.objects.filter(pk=entry.pk).update(order=number)


@transaction.atomic
def move_entry(*, entry: TimelineEntry, actor, direction: str) -> None:
    """Move an entry one place up or down the timeline (no-op at either end)."""
    case_study = entry.case_study
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
    """Approve a submitted story for use; raise ApprovalBlocked while any finding is open.

    The story is scanned again first, so text changed since submission is checked too.
    """
    case_study.refresh_from_db(fields=["state"])
    if case_study.state != CaseStudy.State.SUBMITTED:
        raise ValueError("Only a submitted case study can be approved")
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
