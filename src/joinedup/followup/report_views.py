"""Pages for an event's outputs: the list of events, the report (page, PDF, Word), editing and
publishing it, asking attendees for feedback, and tagging intervention points with themes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from joinedup.core.audit import log_action
from joinedup.core.permissions import can, place_view
from joinedup.events.models import Event
from joinedup.events.services import event_of_place_or_404
from joinedup.followup import dissemination, documents, feedback, rules, sources, tagging
from joinedup.followup.forms import PointThemesForm, ReportForm
from joinedup.followup.models import Action, FeedbackResponse, InterventionPointTheme, Report
from joinedup.followup.report import (
    SECTION_TITLES,
    SectionMoveRefused,
    build_report,
    move_report_section,
    normalised_sections,
    report_for,
    save_report,
)


def _event(request: HttpRequest, event_id: int) -> Event:
    return event_of_place_or_404(place=request.place, event_id=event_id)


def _job_redirect(request: HttpRequest, job) -> HttpResponse:
    return redirect(reverse("job", kwargs={"place_slug": request.place.slug, "job_id": job.pk}))


@place_view("followup.view")
def event_outputs(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The place's events and where each one's outputs stand."""
    manage = can(request.user, "followup.manage", request.place)
    events = Event.objects.filter(place=request.place).order_by("-date")
    if not manage:
        events = events.filter(report__status=Report.Status.PUBLISHED)
    reports = {r.event_id: r for r in Report.objects.filter(place=request.place)}
    counts = {}
    for event_id, status in Action.objects.filter(place=request.place).values_list(
        "event_id", "status"
    ):
        counts.setdefault(event_id, [0, 0])
        counts[event_id][0] += 1
        counts[event_id][1] += status == Action.Status.DONE
    return render(
        request,
        "followup/events.html",
        {
            "page_title": "Event outputs",
            "rows": [(e, reports.get(e.pk), counts.get(e.pk, [0, 0])) for e in events],
            "can_manage": manage,
        },
    )


def _readable_report(request: HttpRequest, event: Event) -> Report:
    """The event's report; drafts only for convenors (others get 404: nothing to read yet)."""
    if can(request.user, "followup.manage", request.place):
        return report_for(event)
    report = Report.objects.filter(event=event, status=Report.Status.PUBLISHED).first()
    # The report holds case-study text: the one rule of who reads it (followup.rules).
    if report is None or not rules.may_read_case_study_text(
        request.user, request.place, event_id=event.pk
    ):
        raise Http404("This report has not been published")
    return report


def _log_read(request, data, *, how: str) -> None:
    log_action(
        f"followup.report.{how}",
        actor=request.user,
        target=data.report,
        data={"event": data.event.pk, "case_studies": data.case_study_ids},
    )


@place_view("followup.view")
def report_page(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """The event report as a web page (every read is in the audit log: it holds case studies)."""
    event = _event(request, event_id)
    report = _readable_report(request, event)
    data = build_report(event, report=report)
    _log_read(request, data, how="read")
    return render(
        request,
        "followup/report.html",
        {
            "page_title": f"Report: {event.title}",
            "data": data,
            "can_manage": can(request.user, "followup.manage", request.place),
        },
    )


def _file(request, event_id: int, kind: str) -> HttpResponse:
    event = _event(request, event_id)
    report = _readable_report(request, event)
    data = build_report(event, report=report)
    _log_read(request, data, how=f"exported_{kind}")
    if kind == "pdf":
        response = HttpResponse(documents.render_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(
            documents.render_docx(data),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(data, kind)}"'
    response["Cache-Control"] = "no-store"
    return response


@place_view("followup.view")
def report_pdf(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """The report as an A4 PDF."""
    return _file(request, event_id, "pdf")


@place_view("followup.view")
def report_docx(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """The report as a Word document."""
    return _file(request, event_id, "docx")


@place_view("followup.manage")
def report_edit(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Edit the report's words, leave sections out and put them in another order."""
    event = _event(request, event_id)
    report = report_for(event)
    sections = normalised_sections(report.sections)
    if request.method == "POST" and request.POST.get("move"):
        key, _, direction = request.POST["move"].partition(":")
        try:
            move_report_section(report=report, actor=request.user, key=key, direction=direction)
        except SectionMoveRefused as refused:
            return HttpResponse(str(refused), status=400, content_type="text/plain")
        messages.success(request, f"Moved “{SECTION_TITLES[key]}” {direction}")
        return redirect(
            reverse("followup:report_edit", kwargs={"place_slug": place_slug, "event_id": event.pk})
            + f"#move-{key}"
        )
    form = ReportForm(
        request.POST or None,
        initial={
            "intro": report.intro,
            "next_steps": report.next_steps,
            "hidden": [s["key"] for s in sections if s["hidden"]],
        },
    )
    if request.method == "POST" and form.is_valid():
        hidden = set(form.cleaned_data["hidden"])
        save_report(
            report=report,
            actor=request.user,
            intro=form.cleaned_data["intro"],
            next_steps=form.cleaned_data["next_steps"],
            sections=[{"key": s["key"], "hidden": s["key"] in hidden} for s in sections],
        )
        messages.success(request, "Report saved")
        return redirect("followup:report", place_slug=place_slug, event_id=event.pk)
    return render(
        request,
        "followup/report_edit.html",
        {
            "page_title": f"Edit the report: {event.title}",
            "event": event,
            "report": report,
            "form": form,
            "sections": [
                {
                    **s,
                    "title": SECTION_TITLES[s["key"]],
                    "first": i == 0,
                    "last": i == len(sections) - 1,
                }
                for i, s in enumerate(sections)
            ],
        },
    )


@place_view("followup.manage")
def report_publish(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Publish the report and send it to everyone invited (those who came and those who
    could not), as a background job."""
    event = _event(request, event_id)
    report = report_for(event)
    people = dissemination.recipients(event).count()
    if request.method == "POST":
        job = dissemination.publish(report=report, actor=request.user)
        messages.success(request, f"Report published: sending it to {people} people")
        return _job_redirect(request, job)
    came = dissemination.recipients(event).filter(status="attended").count()
    return render(
        request,
        "followup/report_publish.html",
        {
            "page_title": f"Publish the report: {event.title}",
            "event": event,
            "report": report,
            "people": people,
            "came": came,
            "not_came": people - came,
        },
    )


@place_view("followup.manage")
def feedback_send(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Ask everyone who came for feedback (each person once)."""
    event = _event(request, event_id)
    people = feedback.recipients(event).count()
    if request.method == "POST":
        job = feedback.start_requests(event=event, actor=request.user)
        messages.success(request, f"Asking {people} people for feedback")
        return _job_redirect(request, job)
    return render(
        request,
        "followup/feedback_send.html",
        {
            "page_title": f"Ask for feedback: {event.title}",
            "event": event,
            "people": people,
            "answered": FeedbackResponse.objects.filter(event=event).count(),
        },
    )


@place_view("followup.manage")
def point_themes(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """The intervention points an event's tables found, with the themes tagged on each."""
    event = _event(request, event_id)
    points = (
        sources.intervention_points_for(event)
        .select_related("entry", "sector", "capture__case_study")
        .order_by("capture__case_study__title", "entry__order", "created_at")
    )
    page = Paginator(points, 40).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    tags: dict = {}
    for point_id, name in InterventionPointTheme.objects.filter(
        intervention_point_id__in=[p.pk for p in rows]
    ).values_list("intervention_point_id", "theme__name"):
        tags.setdefault(point_id, []).append(name)
    return render(
        request,
        "followup/point_themes.html",
        {
            "page_title": f"Themes in what the tables found: {event.title}",
            "event": event,
            "page": page,
            "rows": [(p, tags.get(p.pk, [])) for p in rows],
        },
    )


@place_view("followup.manage")
def point_theme_edit(
    request: HttpRequest, place_slug: str, event_id: int, point_id
) -> HttpResponse:
    """Tag one intervention point with themes."""
    event = _event(request, event_id)
    point = get_object_or_404(
        sources.intervention_points_for(event).select_related("entry", "capture__case_study"),
        pk=point_id,
    )
    current = InterventionPointTheme.objects.filter(intervention_point=point)
    form = PointThemesForm(request.POST or None, initial={"themes": [t.theme_id for t in current]})
    if request.method == "POST" and form.is_valid():
        tagging.set_point_themes(
            point=point, themes=form.cleaned_data["themes"], actor=request.user, place=request.place
        )
        messages.success(request, "Themes saved")
        return redirect("followup:point_themes", place_slug=place_slug, event_id=event.pk)
    return render(
        request,
        "followup/point_theme_edit.html",
        {"page_title": "Tag an intervention point", "event": event, "point": point, "form": form},
    )
