"""Pages of core: home and dashboard, place switching, members, audit log, outbox, jobs."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.core.dashboard import panels_for
from joinedup.core.forms import AuditFilterForm, MembershipForm
from joinedup.core.models import AuditEntry, Job, Membership, OutboxMessage
from joinedup.core.permissions import can, place_view, places_for
from joinedup.core.services import grant_role, revoke_role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the person to their current place, or let them choose one."""
    places = list(places_for(request.user))
    chosen = request.session.get("place")
    for place in places:
        if place.slug == chosen:
            return redirect("place_home", place_slug=place.slug)
    if len(places) == 1:
        return redirect("place_home", place_slug=places[0].slug)
    return render(request, "core/choose_place.html", {"places": places, "page_title": "Places"})


@require_POST
@login_required
def switch_place(request: HttpRequest) -> HttpResponse:
    """Make another of the person's places the current one."""
    place = places_for(request.user).filter(slug=request.POST.get("place", "")).first()
    if place is None:
        messages.error(request, "Choose one of your places")
        return redirect("home")
    request.session["place"] = place.slug
    return redirect("place_home", place_slug=place.slug)


@place_view("core.view_place")
def place_home(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The place's dashboard: what the person can do here, with the figures that matter."""
    return render(
        request,
        "core/dashboard.html",
        {
            "page_title": f"{request.place.name} dashboard",
            "panels": panels_for(request, request.place),
            "roles": sorted(request.roles),
            "memberships": Membership.objects.filter(place=request.place).count(),
            "can_manage_members": request.user.is_staff,
        },
    )


@place_view("core.view_place")
def members(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Who holds which role in the place; site admins add and remove roles here."""
    form = None
    if request.user.is_staff:
        form = MembershipForm(request.POST or None, place=request.place)
        if request.method == "POST" and form.is_valid():
            membership = grant_role(
                place=request.place,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
                actor=request.user,
            )
            messages.success(
                request, f"{membership.user} is now {membership.get_role_display().lower()}"
            )
            return redirect("members", place_slug=place_slug)
    elif request.method == "POST":
        return HttpResponse("Only site admins can change memberships", status=403)
    rows = Membership.objects.filter(place=request.place).select_related("user")
    return render(
        request,
        "core/members.html",
        {"page_title": "People and roles", "memberships": rows, "form": form},
    )


@require_POST
@place_view("core.view_place")
def remove_member(request: HttpRequest, place_slug: str, membership_id: int) -> HttpResponse:
    """Take a role away (site admins only)."""
    if not request.user.is_staff:
        return HttpResponse("Only site admins can change memberships", status=403)
    membership = get_object_or_404(Membership, pk=membership_id, place=request.place)
    revoke_role(membership=membership, actor=request.user)
    messages.success(request, f"Removed {membership.user}'s role {membership.get_role_display()}")
    return redirect("members", place_slug=place_slug)


@place_view("core.view_audit")
def audit_log(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The place's audit log, newest first, filtered by action, person and date."""
    form = AuditFilterForm(request.GET or None)
    # Entries of the place, and the place-less ones (sign-ins) of people who belong to it.
    members = Membership.objects.filter(place=request.place).values("user_id")
    entries = AuditEntry.objects.filter(
        Q(place=request.place) | Q(place__isnull=True, actor_id__in=members)
    )
    if form.is_valid():
        if form.cleaned_data["action"]:
            entries = entries.filter(action__startswith=form.cleaned_data["action"].strip())
        if form.cleaned_data["actor"]:
            entries = entries.filter(actor_label__icontains=form.cleaned_data["actor"].strip())
        if form.cleaned_data["since"]:
            entries = entries.filter(at__date__gte=form.cleaned_data["since"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {"page_title": "Audit log", "form": form, "page": page, "query": query.urlencode()},
    )


@place_view("core.view_outbox")
def outbox(request: HttpRequest, place_slug: str) -> HttpResponse:
    """What Joinedup sent, or would have sent, to whom and when."""
    rows = OutboxMessage.objects.filter(place=request.place).defer("raw", "body_html")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/outbox.html",
        {"page_title": "Outbox", "page": page, "email_delivery": settings.EMAIL_DELIVERY},
    )


@place_view("core.view_outbox")
def outbox_message(request: HttpRequest, place_slug: str, message_id: int) -> HttpResponse:
    """One message as its recipient would read it."""
    message = get_object_or_404(OutboxMessage, pk=message_id, place=request.place)
    return render(
        request, "core/outbox_message.html", {"page_title": message.subject, "message": message}
    )


def _job_for(request: HttpRequest, job_id) -> Job:
    job = get_object_or_404(Job, pk=job_id, place=request.place)
    # A job's result may hold personal data: only its starter and convenors see it.
    if job.started_by_id != request.user.pk and not can(
        request.user, "core.view_outbox", request.place
    ):
        raise PermissionDenied("This is someone else's job")
    return job


@place_view("core.view_job")
def job_detail(request: HttpRequest, place_slug: str, job_id) -> HttpResponse:
    """A long task's progress; updates itself where JavaScript runs."""
    job = _job_for(request, job_id)
    return render(request, "core/job.html", {"page_title": job.title, "job": job})


@place_view("core.view_job")
def job_status(request: HttpRequest, place_slug: str, job_id) -> JsonResponse:
    """A long task's progress as JSON, for the progress page to poll."""
    job = _job_for(request, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "result_url": job.result_url,
        }
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"page_title": "Accessibility statement"})


def privacy(request: HttpRequest) -> HttpResponse:
    retention = {
        "needs_days": settings.RETAIN_EVENT_NEEDS_DAYS,
        "outbox_days": settings.RETAIN_OUTBOX_BODY_DAYS,
        "feedback_days": settings.RETAIN_FEEDBACK_TEXT_DAYS,
    }
    return render(
        request, "core/privacy.html", {"page_title": "Privacy notice", "retention": retention}
    )
