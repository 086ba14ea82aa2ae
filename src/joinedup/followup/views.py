"""Pages for actions: the place's action log and its exports, one action and its updates,
confirming actions from what the tables proposed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.casestudies.models import InterventionPoint
from joinedup.core.audit import log_action
from joinedup.core.http import id_param
from joinedup.core.permissions import can, check, place_view
from joinedup.events.models import Event
from joinedup.events.services import event_of_place_or_404
from joinedup.followup import actions as action_services
from joinedup.followup import exports, sources
from joinedup.followup.forms import ActionFilterForm, ActionForm, ActionUpdateForm
from joinedup.followup.models import Action


def _filtered(request: HttpRequest):
    form = ActionFilterForm(request.GET or None, place=request.place, user=request.user)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "owner": data["owner"] or "",
            "sector": data["sector"] or "",
            "event_id": data["event"],
            "status": data["status"] or "",
            "needs_centre": data["centre"],
            "overdue": data["overdue"],
        }
    return form, filters, action_services.filter_actions(request.place, **filters)


@place_view("followup.view")
def action_log(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The place's actions, filtered by owner, sector, event, status and the centre."""
    form, filters, actions = _filtered(request)
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    sectors = sources.service_sectors({a.owner_team_id for a in rows if a.owner_team_id})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "followup/actions.html",
        {
            "page_title": "Actions that need the centre"
            if filters.get("needs_centre")
            else "Actions",
            "form": form,
            "page": page,
            "rows": [(a, sectors.get(a.owner_team_id)) for a in rows],
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_manage": can(request.user, "followup.manage", request.place),
            "filtered": any(filters.values()),
        },
    )


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    _, filters, actions = _filtered(request)
    actions = list(actions)
    log_action(
        "followup.actions.exported",
        actor=request.user,
        place=request.place,
        data={
            "format": kind,
            "rows": len(actions),
            "filters": {k: v for k, v in filters.items() if v},
        },
    )
    stamp = timezone.localdate().isoformat()
    if kind == "csv":
        response = HttpResponse(exports.to_csv(actions), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(actions),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="{request.place.slug}-actions-{stamp}.{kind}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@place_view("followup.view")
def actions_csv(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The filtered action log as CSV (written to the audit log)."""
    return _export(request, "csv")


@place_view("followup.view")
def actions_xlsx(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The filtered action log as an Excel workbook (written to the audit log)."""
    return _export(request, "xlsx")


def _action(request: HttpRequest, action_id: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related(
            "owner_team", "owner_user", "owner_contact", "event", "case_study", "place"
        ),
        pk=action_id,
        place=request.place,
    )


@place_view("followup.view")
def action_detail(request: HttpRequest, place_slug: str, action_id: int) -> HttpResponse:
    """One action: what, who, by when, where it came from, and its updates."""
    action = _action(request, action_id)
    may_update = can(request.user, "followup.update_action", action)
    return render(
        request,
        "followup/action.html",
        {
            "page_title": action.title,
            "action": action,
            "updates": action.updates.select_related("by"),
            "form": ActionUpdateForm(action=action) if may_update else None,
            "can_manage": can(request.user, "followup.manage", request.place),
            "today": timezone.localdate(),
        },
    )


@place_view("followup.update_action")
def action_update(request: HttpRequest, place_slug: str, action_id: int) -> HttpResponse:
    """The owner (or a convenor) records progress or a new status."""
    action = _action(request, action_id)
    check(
        request.user,
        "followup.update_action",
        action,
        message="Only the action's owner or a convenor can update it",
    )
    form = ActionUpdateForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            action_services.update_action(
                action=action,
                actor=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                dropped_reason=form.cleaned_data["dropped_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Action updated")
            return redirect("followup:action", place_slug=place_slug, action_id=action.pk)
    return render(
        request,
        "followup/action_update.html",
        {"page_title": f"Update: {action.title}", "action": action, "form": form},
    )


def _action_form_page(request, *, form, title, event=None, proposal=None, action=None):
    return render(
        request,
        "followup/action_form.html",
        {
            "page_title": title,
            "form": form,
            "event": event,
            "proposal": proposal,
            "action": action,
        },
    )


@place_view("followup.manage")
def action_create(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Add an action agreed outside the tables (for example in the summary discussion)."""
    initial = {}
    event_id = id_param(request.GET.get("event"))
    if event_id is not None:
        initial["event"] = event_id
    form = ActionForm(request.POST or None, place=request.place, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action, _ = action_services.confirm_action(place=request.place, actor=request.user, **data)
        messages.success(request, f"Action confirmed: {action.title}")
        return redirect("followup:action", place_slug=place_slug, action_id=action.pk)
    return _action_form_page(request, form=form, title="Add an action")


@place_view("followup.manage")
def action_edit(request: HttpRequest, place_slug: str, action_id: int) -> HttpResponse:
    """Change what an action is, who owns it and by when."""
    action = _action(request, action_id)
    initial = {
        "title": action.title,
        "description": action.description,
        "owner_team": action.owner_team_id,
        "owner_user": action.owner_user_id,
        "owner_contact": action.owner_contact_id,
        "due_date": action.due_date,
        "needs_centre": action.needs_centre,
        "themes": list(action.themes.all()),
        "event": action.event_id,
        "case_study": action.case_study_id,
        "intervention_point": action.intervention_point_id,
    }
    points = None
    if action.proposed_action_id and action.proposed_action is not None:
        points = InterventionPoint.objects.filter(
            capture_id=action.proposed_action.capture_id, deleted_at__isnull=True
        ).order_by("created_at")
    form = ActionForm(request.POST or None, place=request.place, initial=initial, points=points)
    if request.method == "POST" and form.is_valid():
        action_services.edit_action(action=action, actor=request.user, **form.cleaned_data)
        messages.success(request, "Action changed")
        return redirect("followup:action", place_slug=place_slug, action_id=action.pk)
    return _action_form_page(request, form=form, title=f"Change: {action.title}", action=action)


def _event(request: HttpRequest, event_id: int) -> Event:
    return event_of_place_or_404(place=request.place, event_id=event_id)


@place_view("followup.manage")
def proposals(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """What the tables of an event proposed, and which have become actions."""
    event = _event(request, event_id)
    confirmed = Action.objects.filter(proposed_action=OuterRef("pk"))
    rows = (
        sources.proposed_actions_for(event)
        .select_related("owner", "capture", "capture__case_study")
        .annotate(confirmed=Exists(confirmed))
        .order_by("capture__case_study__title", "capture__label", "created_at")
    )
    confirmed = list(
        Action.objects.filter(event=event, proposed_action__isnull=False).only(
            "pk", "title", "proposed_action_id"
        )
    )
    actions = {a.proposed_action_id: a for a in confirmed}
    # Two tables often propose the same thing: point at the action the first one became.
    by_title = {a.title.strip().lower(): a for a in confirmed}
    return render(
        request,
        "followup/proposals.html",
        {
            "page_title": f"Proposed actions: {event.title}",
            "event": event,
            "rows": [
                (p, actions.get(p.pk), by_title.get(p.what.strip().splitlines()[0].lower()[:200]))
                for p in rows
            ],
        },
    )


@place_view("followup.manage")
def confirm_proposal(
    request: HttpRequest, place_slug: str, event_id: int, proposal_id
) -> HttpResponse:
    """Confirm one proposed action with an owner, a named person and a due date."""
    event = _event(request, event_id)
    proposal = get_object_or_404(
        sources.proposed_actions_for(event).select_related("capture", "capture__case_study"),
        pk=proposal_id,
    )
    existing = Action.objects.filter(proposed_action=proposal).first()
    if existing is not None:
        messages.success(request, "This proposal is already an action")
        return redirect("followup:action", place_slug=place_slug, action_id=existing.pk)
    initial = {**action_services.initial_from_proposal(proposal), "event": event.pk}
    points = InterventionPoint.objects.filter(
        capture=proposal.capture, deleted_at__isnull=True
    ).order_by("created_at")
    form = ActionForm(request.POST or None, place=request.place, initial=initial, points=points)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data["event"] = event
        action, _ = action_services.confirm_action(
            place=request.place, actor=request.user, proposal=proposal, **data
        )
        messages.success(request, f"Action confirmed: {action.title}")
        return redirect(
            reverse("followup:proposals", kwargs={"place_slug": place_slug, "event_id": event.pk})
        )
    return _action_form_page(
        request, form=form, title="Confirm a proposed action", event=event, proposal=proposal
    )


@require_POST
@place_view("followup.manage")
def action_from_finding(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Turn a finding of the pathways alignment check into an action for the next day."""
    finding = {name: request.POST.get(name, "") for name in action_services.FINDING_FIELDS}
    try:
        action, created = action_services.create_action_from_finding(
            place=request.place, actor=request.user, finding=finding
        )
    except action_services.FindingNotCurrent as error:
        messages.error(request, str(error))
        return redirect("pathways:check", place_slug=place_slug)
    when = f" for {action.event.title}" if action.event else ""
    messages.success(
        request,
        f"Action {'added' if created else 'already exists'}{when}: {action.title}",
    )
    return redirect("followup:action", place_slug=place_slug, action_id=action.pk)
