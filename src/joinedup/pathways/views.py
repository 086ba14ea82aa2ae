"""Pages of the pathways: levels of need, services' thresholds, the pathways and their draft
editor, publishing, the alignment check, and kits out and in. Convenors edit; everyone with
pathways.view reads. The rules are in services.py and kits.py."""

import json

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.core.permissions import can, place_view
from joinedup.directory.models import Attribute, Service
from joinedup.pathways import kits
from joinedup.pathways import services as pathways
from joinedup.pathways.explain import explain_findings
from joinedup.pathways.forms import (
    KitMappingForm,
    KitUploadForm,
    LevelsForm,
    PathwayForm,
    PublishForm,
    StepForm,
    ThresholdsForm,
)
from joinedup.pathways.kit import KitError, parse_kit
from joinedup.pathways.models import Pathway, PathwayVersion, Step, Threshold

KIT_SESSION_KEY = "pathways_kit_upload"
MAX_CANDIDATES = 300


def _posted(request):
    """The form data of a POST (even an empty one, so that it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _pathway_or_404(request, pathway_id) -> Pathway:
    return get_object_or_404(
        Pathway.objects.select_related("need"), pk=pathway_id, place=request.place
    )


def _service_or_404(request, service_id) -> Service:
    return get_object_or_404(Service, pk=service_id, place=request.place)


def _levels_by_number(place) -> dict:
    return {lv.number: lv for lv in pathways.ensure_levels(place=place)}


# -- levels ---------------------------------------------------------------------------------


@place_view("pathways.view")
def levels(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The place's levels of need."""
    return render(
        request,
        "pathways/levels.html",
        {
            "page_title": "Levels of need",
            "levels": pathways.ensure_levels(place=request.place),
            "can_edit": can(request.user, "pathways.edit", request.place),
        },
    )


@place_view("pathways.edit")
def levels_edit(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Rename and redescribe the place's levels of need."""
    current = pathways.ensure_levels(place=request.place)
    form = LevelsForm(_posted(request), levels=current)
    if request.method == "POST" and form.is_valid():
        try:
            pathways.edit_levels(place=request.place, actor=request.user, changes=form.changes())
        except pathways.PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Levels of need saved")
            return redirect("pathways:levels", place_slug=place_slug)
    return render(
        request,
        "pathways/levels_edit.html",
        {"page_title": "Change the levels of need", "form": form, "levels": current},
    )


# -- thresholds -----------------------------------------------------------------------------


def threshold_rows(service, levels_by_number: dict) -> list[dict]:
    """A service's thresholds in words, for its pages."""
    rows = []
    for threshold in pathways.thresholds_for_service(service=service):
        names = [
            f"{n} {levels_by_number[n].name}" if n in levels_by_number else str(n)
            for n in threshold.levels
        ]
        rows.append({"need": threshold.need, "levels": names, "note": threshold.note})
    return rows


@place_view("pathways.view")
def service_thresholds(request: HttpRequest, place_slug: str, service_id) -> HttpResponse:
    """The levels at which a service takes each need, and the steps that name it."""
    service = _service_or_404(request, service_id)
    steps = (
        Step.objects.filter(
            Q(services=service) | Q(escalate_to=service),
            place=request.place,
            version__status=PathwayVersion.Status.PUBLISHED,
        )
        .select_related("version__pathway")
        .distinct()
        .order_by("version__pathway__title", "level")
    )
    return render(
        request,
        "pathways/service_thresholds.html",
        {
            "page_title": f"Thresholds of {service.name}",
            "service": service,
            "rows": threshold_rows(service, _levels_by_number(request.place)),
            "steps": steps,
            "can_edit": can(request.user, "pathways.edit", request.place),
        },
    )


@place_view("pathways.edit")
def service_thresholds_edit(request: HttpRequest, place_slug: str, service_id) -> HttpResponse:
    """Change the levels at which a service takes each need."""
    service = _service_or_404(request, service_id)
    levels_list = pathways.ensure_levels(place=request.place)
    tagged = set(
        Attribute.objects.filter(service=service).values_list("taxonomy_term_id", flat=True)
    )
    current = {t.need_id: t.levels for t in pathways.thresholds_for_service(service=service)}
    needs = sorted(
        pathways.needs_for_place(place=request.place),
        key=lambda n: (n.pk not in tagged and n.pk not in current, n.name),
    )
    form = ThresholdsForm(_posted(request), needs=needs, levels=levels_list, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            pathways.set_thresholds(
                service=service, actor=request.user, levels_by_need=form.levels_by_need()
            )
        except pathways.PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Thresholds of {service.name} saved")
            return redirect(
                "pathways:service_thresholds", place_slug=place_slug, service_id=service.pk
            )
    return render(
        request,
        "pathways/service_thresholds_edit.html",
        {
            "page_title": f"Change the thresholds of {service.name}",
            "service": service,
            "form": form,
            "tagged": tagged | set(current),
        },
    )


# -- pathways -------------------------------------------------------------------------------


@place_view("pathways.view")
def pathway_list(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Every pathway of the place, with its published version and whether a draft is open."""
    rows = []
    for pathway in Pathway.objects.filter(place=request.place).select_related("need"):
        versions = {v.status: v for v in pathway.versions.all()}
        rows.append(
            {
                "pathway": pathway,
                "published": versions.get(PathwayVersion.Status.PUBLISHED),
                "draft": versions.get(PathwayVersion.Status.DRAFT),
            }
        )
    return render(
        request,
        "pathways/list.html",
        {
            "page_title": "Escalation pathways",
            "rows": rows,
            "can_edit": can(request.user, "pathways.edit", request.place),
        },
    )


@place_view("pathways.edit")
def pathway_create(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Start the pathway of a need that has none."""
    taken = Pathway.objects.filter(place=request.place).values_list("need_id", flat=True)
    needs = pathways.needs_for_place(place=request.place).exclude(pk__in=taken)
    form = PathwayForm(_posted(request), needs=needs)
    if request.method == "POST" and form.is_valid():
        try:
            pathway = pathways.create_pathway(
                place=request.place,
                need=form.cleaned_data["need"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except pathways.PathwayError as error:
            form.add_error("need", str(error))
        else:
            return redirect("pathways:draft", place_slug=place_slug, pathway_id=pathway.pk)
    return render(
        request, "pathways/pathway_form.html", {"page_title": "Start a pathway", "form": form}
    )


def _step_cards(version, levels_by_number) -> list[dict]:
    return [
        {
            "step": step,
            "level": levels_by_number.get(step.level),
            "services": list(step.services.all()),
        }
        for step in pathways.steps_of(version)
    ]


@place_view("pathways.view")
def pathway_detail(request: HttpRequest, place_slug: str, pathway_id: int) -> HttpResponse:
    """The published version of a pathway (what practitioners follow), and its history."""
    pathway = _pathway_or_404(request, pathway_id)
    published = pathway.published
    levels_by_number = _levels_by_number(request.place)
    return render(
        request,
        "pathways/pathway.html",
        {
            "page_title": pathway.title,
            "pathway": pathway,
            "version": published,
            "cards": _step_cards(published, levels_by_number) if published else [],
            "history": pathway.versions.exclude(status=PathwayVersion.Status.DRAFT).select_related(
                "published_by"
            ),
            "draft": pathway.draft,
            "can_edit": can(request.user, "pathways.edit", request.place),
        },
    )


@place_view("pathways.edit")
def draft(request: HttpRequest, place_slug: str, pathway_id: int) -> HttpResponse:
    """The draft editor: its steps, to add, change or remove; starts a draft on POST."""
    pathway = _pathway_or_404(request, pathway_id)
    if request.method == "POST":
        pathways.draft_for_edit(pathway=pathway, actor=request.user)
        return redirect("pathways:draft", place_slug=place_slug, pathway_id=pathway.pk)
    version = pathway.draft
    return render(
        request,
        "pathways/draft.html",
        {
            "page_title": f"Draft: {pathway.title}",
            "pathway": pathway,
            "version": version,
            "cards": _step_cards(version, _levels_by_number(request.place)) if version else [],
        },
    )


def _candidates(place, need, step=None):
    """The services a step may name: tagged with the need, with any threshold, or already on
    the step (a national directory is too big to list whole)."""
    ids = set(
        Attribute.objects.filter(
            place=place, taxonomy_term=need, service__isnull=False
        ).values_list("service_id", flat=True)[:MAX_CANDIDATES]
    )
    ids |= set(
        Threshold.objects.filter(place=place).values_list("service_id", flat=True)[:MAX_CANDIDATES]
    )
    if step is not None:
        ids |= {s.pk for s in step.services.all()}
        if step.escalate_to_id:
            ids.add(step.escalate_to_id)
    return Service.objects.filter(place=place, pk__in=ids).order_by("name")


def _draft_or_404(pathway) -> PathwayVersion:
    version = pathway.draft
    if version is None:
        raise Http404("This pathway has no draft")
    return version


@place_view("pathways.edit")
def step_edit(request: HttpRequest, place_slug: str, pathway_id: int, step_id: int | None = None):
    """Add a step to the draft, or change one."""
    pathway = _pathway_or_404(request, pathway_id)
    version = _draft_or_404(pathway)
    step = get_object_or_404(Step, pk=step_id, version=version) if step_id else None
    initial = {}
    if step is not None:
        initial = {
            "level": step.level,
            "indicators": "\n".join(step.indicators),
            "services": list(step.services.all()),
            "route_how": step.route_how,
            "route_detail": step.route_detail,
            "response_hours": step.response_hours,
            "escalate_to": step.escalate_to,
            "consent": step.consent,
            "consent_note": step.consent_note,
        }
    form = StepForm(
        _posted(request),
        initial=initial,
        levels=pathways.ensure_levels(place=request.place),
        candidates=_candidates(request.place, pathway.need, step),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = pathways.save_step(
                version=version,
                actor=request.user,
                step=step,
                fields=pathways.StepFields(
                    level=data["level"],
                    indicators=data["indicators"],
                    services=list(data["services"]),
                    route_how=data["route_how"],
                    route_detail=data["route_detail"],
                    response_hours=data["response_hours"],
                    escalate_to=data["escalate_to"],
                    consent=data["consent"],
                    consent_note=data["consent_note"],
                ),
            )
        except pathways.PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Step at level {saved.level} saved")
            url = reverse(
                "pathways:draft", kwargs={"place_slug": place_slug, "pathway_id": pathway.pk}
            )
            return redirect(f"{url}#step-{saved.code}")
    return render(
        request,
        "pathways/step_form.html",
        {
            "page_title": "Change a step" if step else "Add a step",
            "pathway": pathway,
            "step": step,
            "form": form,
        },
    )


@place_view("pathways.edit")
def step_remove(request: HttpRequest, place_slug: str, pathway_id: int, step_id: int):
    """Confirm, then remove a step from the draft."""
    pathway = _pathway_or_404(request, pathway_id)
    version = _draft_or_404(pathway)
    step = get_object_or_404(Step, pk=step_id, version=version)
    if request.method == "POST":
        pathways.remove_step(step=step, actor=request.user)
        messages.success(request, f"Step at level {step.level} removed")
        return redirect("pathways:draft", place_slug=place_slug, pathway_id=pathway.pk)
    return render(
        request,
        "pathways/step_remove.html",
        {"page_title": "Remove a step", "pathway": pathway, "step": step},
    )


@place_view("pathways.edit")
def publish(request: HttpRequest, place_slug: str, pathway_id: int) -> HttpResponse:
    """Confirm, then publish the draft."""
    pathway = _pathway_or_404(request, pathway_id)
    version = _draft_or_404(pathway)
    form = PublishForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            pathways.publish(
                version=version, actor=request.user, change_note=form.cleaned_data["change_note"]
            )
        except pathways.PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Version {version.number} of {pathway.title} is published")
            return redirect("pathways:pathway", place_slug=place_slug, pathway_id=pathway.pk)
    return render(
        request,
        "pathways/publish.html",
        {
            "page_title": f"Publish {pathway.title}",
            "pathway": pathway,
            "version": version,
            "previous": pathway.published,
            "step_count": version.steps.count(),
            "form": form,
        },
    )


# -- the alignment check --------------------------------------------------------------------


@place_view("pathways.view")
def check(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The places where the published pathways do not line up, in plain words."""
    findings = kits.findings_for_place(place=request.place)
    items = explain_findings(place=request.place, findings=findings)
    counts: dict = {}
    for item in items:
        counts[item["kind_label"]] = counts.get(item["kind_label"], 0) + 1
    return render(
        request,
        "pathways/check.html",
        {
            "page_title": "Alignment check",
            "items": items,
            "counts": sorted(counts.items()),
            "can_act": can(request.user, "followup.manage", request.place),
        },
    )


# -- kits -----------------------------------------------------------------------------------


@place_view("pathways.view")
def kit_export(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Download the place's published pathways as a joinedup-pathways/1 kit."""
    data = kits.kit_dict_for_place(place=request.place)
    log_action(
        "pathways.kit.exported",
        actor=request.user,
        target=request.place,
        data={"pathways": len(data["pathways"]), "services": len(data["services"])},
    )
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="{request.place.slug}-pathways-{stamp}.json"'
    )
    return response


@place_view("pathways.edit")
def kit_import(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Upload a kit; each problem is named with its JSON path and nothing is kept."""
    form = KitUploadForm(_posted(request), request.FILES if request.method == "POST" else None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            parse_kit(form.cleaned_data["data"])
        except KitError as error:
            problems = list(error.problems)
        else:
            request.session[KIT_SESSION_KEY] = {
                "place": request.place.slug,
                "data": form.cleaned_data["data"],
            }
            return redirect("pathways:kit_import_map", place_slug=place_slug)
    return render(
        request,
        "pathways/kit_import.html",
        {"page_title": "Import a pathway kit", "form": form, "problems": problems},
    )


@place_view("pathways.edit")
def kit_import_map(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Map the kit's unmatched services, preview what will change, then import it."""
    upload = request.session.get(KIT_SESSION_KEY)
    if not upload or upload.get("place") != request.place.slug:
        messages.info(request, "Choose a kit to import first")
        return redirect("pathways:kit_import", place_slug=place_slug)
    try:
        kit = parse_kit(upload["data"])
    except KitError:
        del request.session[KIT_SESSION_KEY]
        return redirect("pathways:kit_import", place_slug=place_slug)
    first = kits.plan_import(place=request.place, kit=kit)
    candidates = Service.objects.filter(place=request.place).order_by("name")[:1000]
    form = KitMappingForm(
        _posted(request),
        unmatched=first.unmatched,
        candidates=Service.objects.filter(pk__in=[s.pk for s in candidates]).order_by("name"),
    )
    plan = first
    if request.method == "POST" and form.is_valid():
        try:
            plan = kits.import_kit(
                place=request.place,
                kit=kit,
                mapping=form.mapping(),
                actor=request.user,
                publish=form.cleaned_data["publish"],
            )
        except kits.KitImportRefused as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            del request.session[KIT_SESSION_KEY]
            state = "published" if form.cleaned_data["publish"] else "saved as drafts"
            messages.success(request, f"Kit imported: {len(plan.kit['pathways'])} pathways {state}")
            return redirect("pathways:list", place_slug=place_slug)
    return render(
        request,
        "pathways/kit_import_map.html",
        {
            "page_title": "Check and import the kit",
            "form": form,
            "plan": plan,
            "matched": [
                {"kit": s, "service": first.matched[s["id"]][0], "how": first.matched[s["id"]][1]}
                for s in first.kit["services"]
                if s["id"] in first.matched
            ],
        },
    )
