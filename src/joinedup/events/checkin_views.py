"""Check-in on the day: a phone-friendly search page, a printable list and walk-ins."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core.permissions import place_view
from joinedup.events import checkin
from joinedup.events.forms import CheckinSearchForm, WalkInForm
from joinedup.events.models import Invitation
from joinedup.events.tokens import display_code
from joinedup.events.views import event_for


@place_view("events.check_in")
def check_in(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Search by name or code (a scanned QR code opens this page with the code filled in)."""
    event = event_for(request, event_id)
    form = CheckinSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    people = checkin.search(event, query)
    return render(
        request,
        "events/check_in.html",
        {
            "page_title": f"Check in: {event.title}",
            "event": event,
            "form": form,
            "query": query,
            "people": [(p, display_code(p.checkin_code)) for p in people],
            "figures": checkin.arrivals(event),
            "not_the_day": not checkin.is_event_day(event),
        },
    )


def _back_to_search(request, event, query: str = ""):
    url = reverse("events:check_in", kwargs={"place_slug": event.place.slug, "event_id": event.pk})
    return redirect(f"{url}?q={query}" if query else url)


@require_POST
@place_view("events.check_in")
def check_in_person(request: HttpRequest, place_slug: str, event_id: int, invitation_id: int):
    event = event_for(request, event_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, event=event)
    if request.POST.get("undo"):
        checkin.undo_check_in(invitation=invitation, actor=request.user)
        messages.success(request, f"{invitation.name} is no longer checked in")
    elif checkin.check_in(invitation=invitation, actor=request.user):
        messages.success(request, f"Checked in {invitation.name}")
    else:
        messages.success(request, f"{invitation.name} was already checked in")
    return _back_to_search(request, event, request.POST.get("q", ""))


@place_view("events.check_in")
def walk_in(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    event = event_for(request, event_id)
    form = WalkInForm(request.POST if request.method == "POST" else None, place=request.place)
    if request.method == "POST" and form.is_valid():
        invitation, created = checkin.add_walk_in(
            event=event, actor=request.user, **form.cleaned_data
        )
        if created:
            messages.success(request, f"Added {invitation.name} as a walk-in and checked them in")
        else:
            messages.success(request, f"{invitation.name} was on the list: checked them in")
        return _back_to_search(request, event)
    return render(
        request,
        "events/simple_form.html",
        {
            "page_title": "Add a walk-in",
            "event": event,
            "form": form,
            "button": "Add and check in",
            "back": "events:check_in",
        },
    )


@place_view("events.check_in")
def check_in_print(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Everyone expected, by name, with their code and a box to tick: for the door."""
    event = event_for(request, event_id)
    people = event.invitations.filter(status__in=checkin.EXPECTED).order_by("name")
    return render(
        request,
        "events/check_in_print.html",
        {
            "page_title": f"Check-in list: {event.title}",
            "event": event,
            "people": [(p, display_code(p.checkin_code)) for p in people],
        },
    )
