"""Pages of "start from another place's approach", under /p/<place>/start-from/ (namespace
"startfrom"). The rules are in joinedup.followup.copying; these pages only ask and show."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core.models import CopiedObject
from joinedup.core.permissions import can, place_view
from joinedup.events import services as events
from joinedup.followup import copying
from joinedup.followup.forms import CopyChoiceForm, SourcePlaceForm


@place_view("followup.start_from")
def start(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Choose the place to start from (among those sharing their approach)."""
    sources = list(copying.shareable_sources(target_place=request.place))
    form = SourcePlaceForm(request.GET or None, sources=sources)
    if form.is_bound and form.is_valid():
        return redirect(
            "startfrom:choose", place_slug=place_slug, source_slug=form.cleaned_data["source"]
        )
    return render(
        request,
        "followup/start_from/start.html",
        {
            "page_title": "Start from another place's approach",
            "form": form,
            "sources": sources,
            "runs": request.place.copy_runs.all()[:10],
        },
    )


def _choice_form(request, source, data):
    return CopyChoiceForm(
        data,
        parts=copying.PARTS.items(),
        events=events.events_to_copy(source_place=source),
    )


def _choose_page(request, source, form, status=200):
    return render(
        request,
        "followup/start_from/choose.html",
        {"page_title": f"What to copy from {source}", "form": form, "source": source},
        status=status,
    )


@place_view("followup.start_from")
def choose(request: HttpRequest, place_slug: str, source_slug: str) -> HttpResponse:
    """Choose what to copy from the source place."""
    source = copying.source_or_404(target_place=request.place, slug=source_slug)
    return _choose_page(request, source, _choice_form(request, source, None))


def _preview_page(request, source, preview, error: str = "", status=200):
    return render(
        request,
        "followup/start_from/preview.html",
        {
            "page_title": f"Check what will be copied from {source}",
            "source": source,
            "preview": preview,
            "error": error,
        },
        status=status,
    )


@place_view("followup.start_from")
def preview(request: HttpRequest, place_slug: str, source_slug: str) -> HttpResponse:
    """Exactly what copying would make (counts and names), and the button to copy."""
    source = copying.source_or_404(target_place=request.place, slug=source_slug)
    form = _choice_form(request, source, request.GET)
    if not form.is_valid():
        return _choose_page(request, source, form, status=400)
    shown = copying.preview_copy(
        source_place=source,
        target_place=request.place,
        chosen=form.cleaned_data["parts"],
        event_ids=form.cleaned_data["events"],
    )
    return _preview_page(request, source, shown)


@require_POST
@place_view("followup.start_from")
def copy(request: HttpRequest, place_slug: str, source_slug: str) -> HttpResponse:
    """Copy what the preview showed, in one transaction; then show what was made."""
    source = copying.source_or_404(target_place=request.place, slug=source_slug)
    chosen, event_ids = request.POST.getlist("parts"), request.POST.getlist("events")
    try:
        run = copying.copy_approach(
            source_place=source,
            target_place=request.place,
            actor=request.user,
            chosen=chosen,
            event_ids=event_ids,
            digest=request.POST.get("digest", ""),
        )
    except copying.CopyRefused as refused:
        try:
            shown = copying.preview_copy(
                source_place=source,
                target_place=request.place,
                chosen=chosen,
                event_ids=event_ids,
            )
        except copying.CopyRefused:
            return _choose_page(
                request, source, _choice_form(request, source, request.POST), status=400
            )
        return _preview_page(request, source, shown, error=str(refused), status=409)
    total = sum(s["count"] for s in run.summary.get("sections", []))
    messages.success(request, f"{total} things copied from {source}")
    return redirect("startfrom:done", place_slug=place_slug, run_id=run.pk)


# Where each kind of copied object is shown.
_PAGES = {
    "pathways.pathway": ("pathways:pathway", "pathway_id"),
    "events.event": ("events:detail", "event_id"),
    "casestudies.casestudy": ("casestudies:detail", "pk"),
}


def _link(request, record: CopiedObject) -> str:
    if record.target_type in _PAGES:
        name, kwarg = _PAGES[record.target_type]
        return reverse(name, kwargs={"place_slug": request.place.slug, kwarg: record.target_id})
    if record.target_type == "directory.searchsynonym":
        return reverse("directory:synonyms", kwargs={"place_slug": request.place.slug})
    if record.target_type == "pathways.level":
        return reverse("pathways:levels", kwargs={"place_slug": request.place.slug})
    return ""


@place_view("followup.start_from")
def done(request: HttpRequest, place_slug: str, run_id) -> HttpResponse:
    """What one copy made, each linked to its page, and the services still to map."""
    run = copying.run_of_place_or_404(place=request.place, run_id=run_id)
    made = [
        {"record": r, "url": _link(request, r)}
        for r in run.objects_copied.all().order_by("kind", "label")
    ]
    return render(
        request,
        "followup/start_from/done.html",
        {
            "page_title": f"Copied from {run.source_name}",
            "run": run,
            "made": made,
            "line": f"Started from {run.source_name}, {run.copied_at:%-d %b %Y}",
        },
    )


@place_view("followup.share_approach")
def share(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Whether other places may start from this place's approach; convenors change it."""
    if request.method == "POST":
        shares = request.POST.get("shares") == "yes"
        copying.set_shares_approach(place=request.place, actor=request.user, shares=shares)
        messages.success(
            request,
            f"Other places can now start from {request.place}'s approach"
            if shares
            else f"Other places can no longer start from {request.place}'s approach",
        )
        return redirect("startfrom:share", place_slug=place_slug)
    return render(
        request,
        "followup/start_from/share.html",
        {
            "page_title": "Share your approach with other places",
            "can_copy": can(request.user, "followup.start_from", request.place),
        },
    )
