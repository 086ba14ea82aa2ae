"""Pages of referrals: refer, the receiver's inbox, the referrer's sent list, one referral with
its actions, and the loop figures. Views are thin: the rules are in services and rules."""

import uuid

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.core.models import Role
from joinedup.core.permissions import can, check, place_view, places_for, roles_in
from joinedup.directory.models import Service
from joinedup.pathways.models import Step
from joinedup.pathways.services import ensure_levels
from joinedup.referrals import figures as loop
from joinedup.referrals import services
from joinedup.referrals.forms import CompleteForm, DeclineForm, ReferralForm
from joinedup.referrals.models import Referral


@place_view("referrals.view_sent")
def home(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The referrals the person sent: "Sent" until the team acts, then its answer and outcome."""
    place = request.place
    sent = list(services.sent_by(user=request.user, place=place)[:200])
    return render(
        request,
        "referrals/sent.html",
        {
            "page_title": "Referrals you sent",
            "sent": sent,
            "is_receiver": bool(services.services_received_by(user=request.user, place=place)),
            "now": timezone.now(),
        },
    )


@place_view("referrals.inbox")
def inbox(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The receiver's referrals: new, overdue, in progress."""
    groups = services.inbox(user=request.user, place=request.place)
    return render(request, "referrals/inbox.html", {"page_title": "Referrals to answer", **groups})


def _form_for(request, service: Service, data=None, initial=None) -> ReferralForm:
    steps = list(services.joinedup_steps(service=service))
    needs = list({s.version.pathway.need.pk: s.version.pathway.need for s in steps}.values())
    levels = [(lv.number, lv.name) for lv in ensure_levels(place=request.place)]
    teams = Service.objects.filter(place=request.place, status=Service.Status.ACTIVE).only(
        "pk", "name"
    )
    return ReferralForm(data, needs=needs, levels=levels, teams=teams, initial=initial)


@place_view("referrals.send")
def new(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Refer a person to a service that takes referrals in Joinedup, from a plan or its page."""
    place = request.place
    params = request.POST if request.method == "POST" else request.GET
    service = Service.objects.filter(place=place, pk=_uuid(params.get("service"))).first()
    if service is None:
        raise Http404("No such service")
    step = None
    if params.get("step", "").isdigit():
        step = Step.objects.filter(place=place, pk=int(params["step"])).first()
    context = {
        "page_title": f"Refer to {service.name}",
        "service": service,
        "step": step,
        "retention_days": settings.REFERRAL_RETENTION_DAYS,
    }
    if not services.takes_referrals(service=service):
        context["problem"] = (
            f"{service.name} does not take referrals in Joinedup: use the way in that its "
            "directory entry gives."
        )
        return render(request, "referrals/new.html", context, status=400)
    initial = {"need": params.get("need", ""), "level": params.get("level", "")}
    if request.method != "POST":
        context["form"] = _form_for(request, service, initial=initial)
        return render(request, "referrals/new.html", context)
    form = _form_for(request, service, data=request.POST)
    context["form"] = form
    if not form.is_valid():
        context["page_title"] = "Error: " + context["page_title"]
        return render(request, "referrals/new.html", context)
    data = form.cleaned_data
    try:
        referral = services.send_referral(
            place=place,
            referrer=request.user,
            to_service=service,
            need=form.chosen_need(),
            level=data["level"],
            step=step,
            source=Referral.Source.PLAN if step is not None else Referral.Source.SERVICE,
            person_name=data["person_name"],
            person_contact=data["person_contact"],
            person_age="" if data["person_age"] is None else str(data["person_age"]),
            person_date_of_birth=data["date_of_birth"],
            reason=data["reason"],
            how_to_engage=data["how_to_engage"],
            consent=data["consent"],
            lawful_basis=data["lawful_basis"],
            referrer_contact=data["referrer_contact"],
            from_service=form.chosen_team(),
        )
    except services.ReferralError as error:
        form.add_error(None, str(error))
        context["page_title"] = "Error: " + context["page_title"]
        return render(request, "referrals/new.html", context, status=400)
    return redirect("referrals:detail", place_slug=place.slug, referral_id=referral.pk)


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _referral_or_404(request, referral_id, action: str) -> Referral:
    referral = get_object_or_404(
        Referral.objects.select_related(
            "place", "to_service", "need", "referrer", "escalation", "from_service"
        ),
        place=request.place,
        pk=referral_id,
    )
    check(request.user, action, referral)
    return referral


def _detail(request, referral, *, status=200, decline=None, complete=None, problem=""):
    if can(request.user, "referrals.respond", referral) and referral.state == Referral.State.SENT:
        referral = services.open_referral(referral=referral, actor=request.user)
        referral = _referral_or_404(request, referral.pk, "referrals.view")
    person = services.read_person(referral=referral, actor=request.user)
    escalated_from = Referral.objects.filter(escalation=referral).select_related("to_service")
    return render(
        request,
        "referrals/detail.html",
        {
            "page_title": ("Error: " if problem or status != 200 else "")
            + f"Referral {referral.reference}",
            "referral": referral,
            "person": person,
            "escalated_from": escalated_from.first(),
            "can_respond": can(request.user, "referrals.respond", referral),
            "can_withdraw": can(request.user, "referrals.withdraw", referral) and referral.is_open,
            "decline_form": decline or DeclineForm(),
            "complete_form": complete or CompleteForm(),
            "problem": problem,
            "overdue": referral.is_overdue(),
        },
        status=status,
    )


# One referral's pages let every member of the place in and then ask the referral's own rule,
# so that another place's referral is 404 for everyone and this place's is 403 for non-parties.
@place_view("core.view_place")
def detail(request: HttpRequest, place_slug: str, referral_id) -> HttpResponse:
    """One referral: the person's details (the read is audited), its state and the actions."""
    referral = _referral_or_404(request, referral_id, "referrals.view")
    return _detail(request, referral)


@require_POST
@place_view("core.view_place")
def respond(request: HttpRequest, place_slug: str, referral_id) -> HttpResponse:
    """The receiving team accepts, declines (with a reason) or closes (with an outcome)."""
    referral = _referral_or_404(request, referral_id, "referrals.respond")
    action = request.POST.get("action", "")
    decline = complete = None
    try:
        if action == "accept":
            services.accept_referral(referral=referral, actor=request.user)
        elif action == "decline":
            decline = DeclineForm(request.POST)
            if not decline.is_valid():
                return _detail(request, referral, status=400, decline=decline)
            services.decline_referral(
                referral=referral,
                actor=request.user,
                reason=decline.cleaned_data["decline_reason"],
            )
        elif action == "complete":
            complete = CompleteForm(request.POST)
            if not complete.is_valid():
                return _detail(request, referral, status=400, complete=complete)
            services.complete_referral(
                referral=referral, actor=request.user, outcome=complete.cleaned_data["outcome"]
            )
        else:
            return _detail(request, referral, status=400, problem="Choose what to do.")
    except services.TransitionNotAllowed as error:
        return _detail(request, referral, status=409, problem=str(error))
    return redirect("referrals:detail", place_slug=place_slug, referral_id=referral.pk)


@require_POST
@place_view("core.view_place")
def withdraw(request: HttpRequest, place_slug: str, referral_id) -> HttpResponse:
    """The referrer withdraws the referral; the team is told."""
    referral = _referral_or_404(request, referral_id, "referrals.withdraw")
    try:
        services.withdraw_referral(referral=referral, actor=request.user)
    except services.TransitionNotAllowed as error:
        return _detail(request, referral, status=409, problem=str(error))
    return redirect("referrals:detail", place_slug=place_slug, referral_id=referral.pk)


@place_view("referrals.figures")
def figures(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Loop figures per receiving service and for the place; across places for strategists."""
    place = request.place
    teams = (
        Service.objects.filter(place=place, referrals_received__isnull=False)
        .distinct()
        .order_by("name")
    )
    rows = [(team, loop.figures_for_service(service=team)) for team in teams]
    across = []
    if Role.STRATEGIST in roles_in(request.user, place):
        strategist_places = [
            p for p in places_for(request.user) if Role.STRATEGIST in roles_in(request.user, p)
        ]
        across = loop.figures_across_places(places=strategist_places)
    return render(
        request,
        "referrals/figures.html",
        {
            "page_title": "Referral figures",
            "place_figures": loop.figures_for_place(place=place),
            "rows": rows,
            "across": across,
        },
    )
