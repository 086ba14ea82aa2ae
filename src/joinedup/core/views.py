"""Pages of core: home and dashboard, place switching, members, audit log, outbox, jobs."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.core import mail
from joinedup.core.clientip import client_address
from joinedup.core.dashboard import panels_for
from joinedup.core.forms import (
    AcceptInvitationForm,
    AuditFilterForm,
    ChangeRoleForm,
    InviteForm,
    PlaceForm,
)
from joinedup.core.models import (
    AuditEntry,
    Job,
    Membership,
    OutboxMessage,
    Role,
    RoleInvitation,
    User,
)
from joinedup.core.permissions import can, place_view, places_for
from joinedup.core.ratelimit import hit
from joinedup.core.services import (
    InvitationProblem,
    MembershipRefused,
    accept_invitation,
    cancel_invitation,
    change_role,
    create_place,
    find_invitation,
    invite_to_role,
    revoke_role,
)


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
            "can_manage_members": can(request.user, "core.manage_members", request.place),
        },
    )


@place_view("core.view_place")
def members(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Who holds which role in the place; its convenors (and site admins) invite people by
    email, change roles and take them away here."""
    manage = can(request.user, "core.manage_members", request.place)
    form = InviteForm(request.POST if request.method == "POST" else None) if manage else None
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("Only the place's convenors can invite people")
        if form.is_valid():
            try:
                invitation, token = invite_to_role(
                    place=request.place,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    full_name=form.cleaned_data["full_name"],
                    actor=request.user,
                )
            except MembershipRefused as refused:
                form.add_error("role", str(refused))
            else:
                if token is None:
                    messages.info(
                        request,
                        f"{invitation.email} already has an open invitation as "
                        f"{invitation.get_role_display().lower()}; nothing was sent again",
                    )
                else:
                    messages.success(
                        request,
                        f"Invitation sent to {invitation.email} as "
                        f"{invitation.get_role_display().lower()}",
                    )
                return redirect("members", place_slug=place_slug)
    rows = Membership.objects.filter(place=request.place).select_related("user")
    invitations = (
        RoleInvitation.objects.filter(
            place=request.place,
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        if manage
        else RoleInvitation.objects.none()
    )
    return render(
        request,
        "core/members.html",
        {
            "page_title": "People and roles",
            "memberships": rows,
            "invitations": invitations,
            "form": form,
            "can_manage": manage,
            "can_create_places": request.user.is_staff,
        },
        status=400 if form is not None and form.errors else 200,
    )


@place_view("core.manage_members")
def change_member(request: HttpRequest, place_slug: str, membership_id: int) -> HttpResponse:
    """Change one person's role in the place (their sessions end at once)."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, place=request.place
    )
    form = ChangeRoleForm(
        request.POST if request.method == "POST" else None, initial={"role": membership.role}
    )
    if request.method == "POST" and form.is_valid():
        try:
            change_role(membership=membership, role=form.cleaned_data["role"], actor=request.user)
        except MembershipRefused as refused:
            form.add_error("role", str(refused))
        else:
            messages.success(request, f"{membership.user}'s role changed")
            return redirect("members", place_slug=place_slug)
    return render(
        request,
        "core/member_change.html",
        {"page_title": "Change a role", "membership": membership, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@place_view("core.manage_members")
def remove_member(request: HttpRequest, place_slug: str, membership_id: int) -> HttpResponse:
    """Take a role away: the person's sessions end at once."""
    membership = get_object_or_404(Membership, pk=membership_id, place=request.place)
    try:
        revoke_role(membership=membership, actor=request.user)
    except MembershipRefused as refused:
        messages.error(request, str(refused))
        return redirect("members", place_slug=place_slug)
    messages.success(request, f"Removed {membership.user}'s role {membership.get_role_display()}")
    return redirect("members", place_slug=place_slug)


@require_POST
@place_view("core.manage_members")
def cancel_member_invitation(
    request: HttpRequest, place_slug: str, invitation_id: int
) -> HttpResponse:
    """Cancel an invitation nobody has accepted yet: its link stops working."""
    invitation = get_object_or_404(RoleInvitation, pk=invitation_id, place=request.place)
    try:
        cancel_invitation(invitation=invitation, actor=request.user)
    except MembershipRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Cancelled the invitation to {invitation.email}")
    return redirect("members", place_slug=place_slug)


JOIN_PROBLEMS = {
    "unknown": (
        "This link does not work",
        "Check that you copied the whole link from the email, or ask your convenor to invite "
        "you again.",
    ),
    "used": (
        "This invitation has already been used",
        "Sign in with the email address it was sent to.",
    ),
    "cancelled": ("This invitation has been cancelled", "Ask your convenor to invite you again."),
    "expired": (
        "This invitation has expired",
        "Invitation links work for 7 days. Ask your convenor to invite you again.",
    ),
}
JOIN_WINDOW = 600


def _join_problem(request: HttpRequest, kind: str) -> HttpResponse:
    title, advice = JOIN_PROBLEMS[kind]
    status = 404 if kind == "unknown" else 410
    return render(
        request,
        "links/problem.html",
        {"page_title": title, "title": title, "advice": advice},
        status=status,
    )


def join(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: new people choose a name and password, people with an account sign
    in (as the invited address) and accept."""
    address = client_address(request)
    if hit(f"join:{address}", window=JOIN_WINDOW) > settings.JOIN_LIMIT_PER_ADDRESS:
        return render(
            request,
            "links/problem.html",
            {
                "page_title": "Too many tries",
                "title": "Too many tries",
                "advice": "Wait 10 minutes, then open the link from your email again.",
            },
            status=429,
        )
    try:
        invitation = find_invitation(token)
    except InvitationProblem as problem:
        return _join_problem(request, problem.kind)
    has_account = User.objects.filter(email=invitation.email).exists()
    signed_in = request.user.is_authenticated
    form = None
    error = ""
    if not signed_in and not has_account:
        form = AcceptInvitationForm(
            request.POST or None,
            email=invitation.email,
            initial={"full_name": invitation.full_name},
        )
    if request.method == "POST":
        try:
            if signed_in:
                membership = accept_invitation(token=token, user=request.user)
            elif form is not None and form.is_valid():
                membership = accept_invitation(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, membership.user, backend=settings.AUTHENTICATION_BACKENDS[-1])
            else:
                membership = None
        except InvitationProblem as problem:
            return _join_problem(request, problem.kind)
        except MembershipRefused as refused:
            error = str(refused)
        else:
            if membership is not None:
                request.session["place"] = invitation.place.slug
                messages.success(
                    request,
                    f"You are now {membership.get_role_display().lower()} in "
                    f"{invitation.place.name}",
                )
                return redirect("place_home", place_slug=invitation.place.slug)
    return render(
        request,
        "core/join.html",
        {
            "page_title": f"Join {invitation.place.name}",
            "invitation": invitation,
            "form": form,
            "has_account": has_account,
            "wrong_account": signed_in and request.user.email.lower() != invitation.email,
            "error": error,
            "login_next": request.get_full_path(),
        },
        status=400 if error or (form is not None and form.errors) else 200,
    )


@login_required
def place_create(request: HttpRequest) -> HttpResponse:
    """Create a place (site admins), optionally inviting its first convenor."""
    if not request.user.is_staff:
        raise PermissionDenied("Only site admins can create places")
    form = PlaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                place = create_place(
                    name=form.cleaned_data["name"],
                    local_authority=form.cleaned_data["local_authority"],
                    actor=request.user,
                )
                if form.cleaned_data["first_convenor"]:
                    invite_to_role(
                        place=place,
                        email=form.cleaned_data["first_convenor"],
                        role=Role.CONVENOR,
                        actor=request.user,
                    )
        except MembershipRefused as refused:
            form.add_error("name", str(refused))
        else:
            messages.success(request, f"{place.name} created")
            return redirect("members", place_slug=place.slug)
    return render(
        request,
        "core/place_create.html",
        {"page_title": "Create a place", "form": form},
        status=400 if form.errors else 200,
    )


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
        {
            "page_title": "Outbox",
            "page": page,
            "email_delivery": settings.EMAIL_DELIVERY,
            "failed": mail.failed_count(request.place),
            "max_attempts": settings.EMAIL_MAX_ATTEMPTS,
        },
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
