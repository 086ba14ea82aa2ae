"""Pages for an event's outputs: the list of events, the report (page, PDF, Word), editing and
publishing it, asking attendees for feedback, and tagging intervention points with themes."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from joinedup.core import clientip
from joinedup.core.audit import log_action
from joinedup.core.permissions import can, place_view
from joinedup.core.ratelimit import hit
from joinedup.events.models import Event
from joinedup.events.services import event_of_place_or_404
from joinedup.followup import (
    dissemination,
    documents,
    feedback,
    public,
    rules,
    sources,
    tagging,
)
from joinedup.followup import run_again as run_again_domain
from joinedup.followup.forms import (
    PointThemesForm,
    PublicLinkForm,
    PublishForm,
    ReportForm,
    RunAgainForm,
)
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
    """Publish the report and send a link to it to everyone invited who did not decline
    (those who came and those who could not), as a background job; a PDF only if chosen."""
    event = _event(request, event_id)
    report = report_for(event)
    people = dissemination.recipients(event).count()
    form = PublishForm(
        request.POST if request.method == "POST" else None,
        initial={"attach_pdf": report.attach_pdf},
    )
    if request.method == "POST" and form.is_valid():
        job = dissemination.publish(
            report=report, actor=request.user, attach_pdf=form.cleaned_data["attach_pdf"]
        )
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
            "form": form,
            "people": people,
            "came": came,
            "not_came": people - came,
            "declined": dissemination.declined(event).count(),
            "public_url": public.public_url(report),
        },
    )


@place_view("events.manage")
def run_again(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Run an event again: a preview of what will be created, then Create (nothing is sent)."""
    source = _event(request, event_id)
    plan = run_again_domain.preview(source=source)
    form = RunAgainForm(
        request.POST if request.method == "POST" else None,
        initial={"title": source.title},
    )
    if request.method == "POST" and form.is_valid():
        event = run_again_domain.run_again(
            source=source,
            actor=request.user,
            title=form.cleaned_data["title"],
            date=form.cleaned_data["date"],
        )
        messages.success(
            request,
            f"{event.title} created as a draft with {len(plan.invite)} people to invite: "
            "nothing has been sent",
        )
        return redirect("events:detail", place_slug=place_slug, event_id=event.pk)
    return render(
        request,
        "followup/run_again.html",
        {
            "page_title": f"Run again: {source.title}",
            "event": source,
            "plan": plan,
            "form": form,
            "date_error": getattr(form, "date_error", ""),
        },
        status=400 if form.errors else 200,
    )


@place_view("followup.manage")
def report_public_link(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Turn the report's public link on or off, and choose what it shows."""
    event = _event(request, event_id)
    report = report_for(event)
    form = PublicLinkForm(
        request.POST if request.method == "POST" else None,
        initial={
            "sections": report.public_sections or public.DEFAULT_PUBLIC,
            "case_study_text": report.public_case_study_text,
        },
    )
    if request.method == "POST":
        if request.POST.get("action") == "off":
            public.turn_off(report=report, actor=request.user)
            messages.success(request, "The public link is off: it no longer works")
            return redirect("followup:report_public", place_slug=place_slug, event_id=event.pk)
        if form.is_valid():
            chosen = {
                "sections": form.cleaned_data["sections"],
                "case_study_text": form.cleaned_data["case_study_text"],
            }
            if report.public_link_on and request.POST.get("action") != "new":
                public.change_sections(report=report, actor=request.user, **chosen)
                messages.success(request, "Saved what the public link shows")
            else:
                public.turn_on(report=report, actor=request.user, **chosen)
                messages.success(request, "The public link is on")
            return redirect("followup:report_public", place_slug=place_slug, event_id=event.pk)
    return render(
        request,
        "followup/report_public_link.html",
        {
            "page_title": f"Public link: {event.title}",
            "event": event,
            "report": report,
            "form": form,
            "public_url": public.public_url(report),
        },
        status=400 if form.errors else 200,
    )


def public_report(request: HttpRequest, token: str) -> HttpResponse:
    """A published report through its public link: no sign-in, only the sections marked
    public, nobody named, not indexed; rate limited per address."""
    key = f"public-report:{clientip.client_address(request)}"
    if hit(key, window=600) > settings.PUBLIC_REPORT_LIMIT_PER_ADDRESS:
        response = render(
            request,
            "links/problem.html",
            {
                "page_title": "Too many requests",
                "title": "Too many requests",
                "advice": "Wait 10 minutes, then open the link again.",
            },
            status=429,
        )
    else:
        report = public.report_for_token(token)
        if report is None:
            response = render(
                request,
                "links/problem.html",
                {
                    "page_title": "This link does not work",
                    "title": "This link does not work",
                    "advice": (
                        "The link may have been turned off by the convenor, or not copied in "
                        "full. Ask whoever sent it to you for a new one."
                    ),
                },
                status=404,
            )
        else:
            data = public.public_view(build_report(report.event, report=report))
            log_action(
                "followup.report.read_public",
                target=report,
                data={"event": report.event_id, "sections": report.public_sections},
            )
            response = render(
                request,
                "followup/report_public.html",
                {"page_title": f"Report: {report.event.title}", "data": data, "public": True},
            )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


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
