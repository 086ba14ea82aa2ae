"""Pages for writing, checking and approving case studies."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.casestudies import rules, scan_gate, services
from joinedup.casestudies.forms import (
    CaseStudyForm,
    DismissFindingForm,
    ReturnForm,
    TimelineEntryForm,
)
from joinedup.casestudies.models import CaseStudy, ScanFinding, TableCapture, TimelineEntry
from joinedup.core.permissions import can, check, place_view


def _case_study(request: HttpRequest, pk: int) -> CaseStudy:
    """The case study of this place, or 404; one the person may not read also answers 404."""
    return rules.readable_case_study_or_404(request.user, request.place, pk)


def _editable(request: HttpRequest, pk: int) -> CaseStudy:
    case_study = _case_study(request, pk)
    check(
        request.user,
        "casestudies.write",
        case_study,
        message="Only the author can change this case study before approval",
    )
    return case_study


def _locked(request: HttpRequest, error: services.CaseStudyLocked) -> HttpResponse:
    """Show why the story cannot be changed, on its page."""
    messages.error(request, str(error))
    return _back_to(error.case_study)


def _back_to(case_study: CaseStudy, anchor: str = ""):
    response = redirect("casestudies:detail", case_study.place.slug, case_study.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@place_view("casestudies.view")
def case_study_list(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The case studies this person may read, grouped by state."""
    studies = (
        rules.visible_case_studies(request.user, request.place)
        .select_related("author")
        .order_by("state", "title")
    )
    groups = []
    for state, label in CaseStudy.State.choices:
        rows = [s for s in studies if s.state == state]
        if rows:
            groups.append({"state": state, "label": label, "studies": rows})
    return render(
        request,
        "casestudies/list.html",
        {
            "page_title": "Case studies",
            "groups": groups,
            "can_write": can(request.user, "casestudies.write", request.place),
            "can_approve": can(request.user, "casestudies.approve", request.place),
            "can_capture": can(request.user, "casestudies.capture", request.place),
        },
    )


@place_view("casestudies.write")
def case_study_create(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Start a case study: its title, summary and the made-up names it uses."""
    form = CaseStudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case_study = services.create_case_study(
            place=request.place,
            author=request.user,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            allow_list=form.cleaned_data["allow_list"],
        )
        messages.success(request, "Case study started. Now add the moments of the timeline.")
        return _back_to(case_study)
    return render(
        request,
        "casestudies/case_study_form.html",
        {"page_title": "Write a case study", "form": form, "case_study": None},
    )


# Any member may ask: practitioners read the stories used at events they attend.
@place_view("core.view_place")
def case_study_detail(request: HttpRequest, place_slug: str, pk: int) -> HttpResponse:
    """The case study as a life line; for its author and convenors, what the scanner found."""
    case_study = _case_study(request, pk)
    services.record_read(case_study=case_study, actor=request.user)
    entries = list(case_study.entries.prefetch_related("services"))
    may_edit = can(request.user, "casestudies.write", case_study)
    may_approve = can(request.user, "casestudies.approve", request.place)
    findings = []
    marked = {}
    if may_edit or may_approve:
        findings = list(scan_gate.current_findings(case_study))
        by_field = {}
        for finding in findings:
            finding.field_label = scan_gate.FIELD_LABELS.get(finding.field, finding.field)
            by_field.setdefault((finding.entry_id, finding.field), []).append(finding)
        for (entry_id, field), found in by_field.items():
            owner = next((e for e in entries if e.pk == entry_id), None) if entry_id else case_study
            if owner is not None:
                marked[(entry_id, field)] = scan_gate.marked_segments(getattr(owner, field), found)
    open_count = sum(1 for f in findings if f.status == ScanFinding.Status.OPEN)
    for entry in entries:
        entry.marked = {field: marked.get((entry.pk, field)) for field in scan_gate.ENTRY_FIELDS}
    return render(
        request,
        "casestudies/detail.html",
        {
            "page_title": case_study.title,
            "case_study": case_study,
            "entries": entries,
            "marked_title": marked.get((None, "title")),
            "marked_summary": marked.get((None, "summary")),
            "findings": findings,
            "open_count": open_count,
            "may_edit": may_edit,
            "may_approve": may_approve and case_study.state == CaseStudy.State.SUBMITTED,
            # a convenor reviewing their own story sees why they cannot approve it
            "second_person_needed": not can(request.user, "casestudies.approve", case_study),
            "may_manage": may_approve,
            "may_share": can(request.user, "casestudies.share", request.place),
            "captures": TableCapture.objects.filter(case_study=case_study) if may_approve else [],
            "field_labels": scan_gate.FIELD_LABELS,
        },
    )


@place_view("casestudies.write")
def case_study_edit(request: HttpRequest, place_slug: str, pk: int) -> HttpResponse:
    """Change the title, summary and made-up names."""
    case_study = _editable(request, pk)
    initial = {
        "title": case_study.title,
        "summary": case_study.summary,
        "allow_list": ", ".join(case_study.allow_list),
    }
    form = CaseStudyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case_study(
                case_study=case_study, actor=request.user, **form.cleaned_data
            )
        except services.CaseStudyLocked as error:
            return _locked(request, error)
        messages.success(request, "Case study saved")
        return _back_to(case_study)
    return render(
        request,
        "casestudies/case_study_form.html",
        {"page_title": f"Change {case_study.title}", "form": form, "case_study": case_study},
    )


@place_view("casestudies.write")
def entry_form(
    request: HttpRequest, place_slug: str, pk: int, entry_id: int | None = None
) -> HttpResponse:
    """Add a moment to the timeline, or change one."""
    case_study = _editable(request, pk)
    entry = (
        get_object_or_404(TimelineEntry, pk=entry_id, case_study=case_study) if entry_id else None
    )
    form = TimelineEntryForm(
        request.POST or None,
        place=request.place,
        initial=TimelineEntryForm.initial_for(entry) if entry else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("services")
        try:
            saved = services.save_entry(
                case_study=case_study, actor=request.user, fields=data, services=chosen, entry=entry
            )
        except services.CaseStudyLocked as error:
            return _locked(request, error)
        messages.success(request, f"Moment {'saved' if entry else 'added'}: {saved.when}")
        if "add_another" in request.POST:
            return redirect("casestudies:entry_add", place_slug, case_study.pk)
        return _back_to(case_study, f"entry-{saved.pk}")
    return render(
        request,
        "casestudies/entry_form.html",
        {
            "page_title": "Change a moment" if entry else "Add a moment",
            "form": form,
            "case_study": case_study,
            "entry": entry,
        },
    )


@place_view("casestudies.write")
def entry_delete(request: HttpRequest, place_slug: str, pk: int, entry_id: int) -> HttpResponse:
    """Ask, then remove a moment from the timeline."""
    case_study = _editable(request, pk)
    entry = get_object_or_404(TimelineEntry, pk=entry_id, case_study=case_study)
    if request.method == "POST":
        try:
            services.delete_entry(entry=entry, actor=request.user)
        except services.CaseStudyLocked as error:
            return _locked(request, error)
        messages.success(request, "Moment removed")
        return _back_to(case_study, "timeline")
    return render(
        request,
        "casestudies/entry_delete.html",
        {"page_title": "Remove a moment", "case_study": case_study, "entry": entry},
    )


@require_POST
@place_view("casestudies.write")
def entry_move(request: HttpRequest, place_slug: str, pk: int, entry_id: int) -> HttpResponse:
    """Move a moment up or down the timeline."""
    case_study = _editable(request, pk)
    entry = get_object_or_404(TimelineEntry, pk=entry_id, case_study=case_study)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponse("Choose up or down", status=400)
    try:
        services.move_entry(entry=entry, actor=request.user, direction=direction)
    except services.CaseStudyLocked as error:
        return _locked(request, error)
    return _back_to(case_study, f"entry-{entry.pk}")


@require_POST
@place_view("casestudies.write")
def submit(request: HttpRequest, place_slug: str, pk: int) -> HttpResponse:
    """Check the story for personal data and send it to a convenor for approval."""
    case_study = _editable(request, pk)
    if not case_study.entries.exists():
        messages.error(request, "Add at least one moment to the timeline before submitting")
        return _back_to(case_study)
    open_findings = services.submit_case_study(case_study=case_study, actor=request.user)
    if open_findings:
        count = len(open_findings)
        messages.error(
            request,
            f"Submitted. The check found {count} possible personal detail"
            f"{'s' if count != 1 else ''}: fix or dismiss each before it can be approved.",
        )
        return _back_to(case_study, "findings")
    messages.success(request, "Submitted for approval. The check found no personal data.")
    return _back_to(case_study)


def _finding(request: HttpRequest, pk: int, finding_id: int):
    case_study = _case_study(request, pk)
    if not (
        can(request.user, "casestudies.write", case_study)
        or (
            can(request.user, "casestudies.approve", request.place)
            and case_study.state == CaseStudy.State.SUBMITTED
        )
    ):
        raise PermissionDenied("Only the author or a convenor can resolve findings")
    finding = get_object_or_404(ScanFinding, pk=finding_id, case_study=case_study)
    return case_study, finding


@require_POST
@place_view("casestudies.write")
def finding_apply(request: HttpRequest, place_slug: str, pk: int, finding_id: int) -> HttpResponse:
    """Replace the flagged text with the suggested wording."""
    case_study, finding = _finding(request, pk, finding_id)
    original, suggestion = finding.text, finding.suggestion
    scan_gate.apply_suggestion(finding=finding, actor=request.user)
    messages.success(request, f"Replaced “{original}” with “{suggestion}”")
    return _back_to(case_study, "findings")


@place_view("casestudies.write")
def finding_dismiss(
    request: HttpRequest, place_slug: str, pk: int, finding_id: int
) -> HttpResponse:
    """Say why a flagged piece of text is not personal data."""
    case_study, finding = _finding(request, pk, finding_id)
    form = DismissFindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scan_gate.dismiss_finding(
            finding=finding, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"Dismissed “{finding.text}”")
        return _back_to(case_study, "findings")
    return render(
        request,
        "casestudies/finding_dismiss.html",
        {
            "page_title": "Dismiss a finding",
            "case_study": case_study,
            "finding": finding,
            "form": form,
            "field_label": scan_gate.FIELD_LABELS.get(finding.field, finding.field),
        },
    )


@require_POST
@place_view("casestudies.approve")
def approve(request: HttpRequest, place_slug: str, pk: int) -> HttpResponse:
    """Approve a submitted story for use at events (blocked while findings are open)."""
    case_study = _case_study(request, pk)
    try:
        services.approve_case_study(case_study=case_study, actor=request.user)
    except services.ApprovalBlocked as blocked:
        messages.error(request, str(blocked))
        return _back_to(case_study, "findings")
    except services.SecondPersonRequired as refused:
        messages.error(request, str(refused))
        return _back_to(case_study)
    except ValueError as error:
        messages.error(request, str(error))
        return _back_to(case_study)
    messages.success(request, f"“{case_study.title}” is approved for use")
    return _back_to(case_study)


@place_view("casestudies.approve")
def return_to_author(request: HttpRequest, place_slug: str, pk: int) -> HttpResponse:
    """Send a story back to its author as a draft, with what to change."""
    case_study = _case_study(request, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.return_to_draft(
            case_study=case_study, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "Sent back to the author as a draft")
        return _back_to(case_study)
    return render(
        request,
        "casestudies/return.html",
        {"page_title": "Send back to the author", "case_study": case_study, "form": form},
    )


@require_POST
@place_view("casestudies.approve")
def archive(request: HttpRequest, place_slug: str, pk: int) -> HttpResponse:
    """Take a story out of use."""
    case_study = _case_study(request, pk)
    services.archive_case_study(case_study=case_study, actor=request.user)
    messages.success(request, f"“{case_study.title}” is archived")
    return _back_to(case_study)


@require_POST
@place_view("casestudies.share")
def share(request: HttpRequest, place_slug: str, pk: int) -> HttpResponse:
    """Let other places start from this story, or stop them."""
    case_study = _case_study(request, pk)
    shareable = request.POST.get("shareable") == "yes"
    services.set_shareable(case_study=case_study, actor=request.user, shareable=shareable)
    messages.success(
        request,
        f"Other places can now copy “{case_study.title}”"
        if shareable
        else f"Other places can no longer copy “{case_study.title}”",
    )
    return _back_to(case_study)
