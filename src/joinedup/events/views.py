"""Pages of events for members of a place: the list, an event and its agenda."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.core.permissions import can, place_view
from joinedup.events import services
from joinedup.events.agenda import agenda_with_times
from joinedup.events.forms import AgendaItemForm, EventForm, StatusForm
from joinedup.events.models import AgendaItem, Event, Invitation
from joinedup.events.sections import sections_for


def event_for(request: HttpRequest, event_id: int) -> Event:
    """The event of the page's place (another place's event answers 404)."""
    return services.event_of_place_or_404(place=request.place, event_id=event_id)


@place_view("events.view")
def event_list(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Coming events first, then past ones."""
    events = Event.objects.filter(place=request.place)
    if not can(request.user, "events.manage", request.place):
        events = events.exclude(status=Event.Status.DRAFT)
    upcoming = services.upcoming_events(request.place).filter(pk__in=events)
    past = events.exclude(pk__in=upcoming).order_by("-date")
    return render(
        request,
        "events/list.html",
        {
            "page_title": "Events",
            "upcoming": upcoming,
            "past": past,
            "can_manage": can(request.user, "events.manage", request.place),
        },
    )


@place_view("events.manage")
def event_create(request: HttpRequest, place_slug: str) -> HttpResponse:
    form = EventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        event = services.create_event(
            place=request.place, actor=request.user, fields=form.save_fields()
        )
        messages.success(request, f"Created {event.title}. Check the agenda, then invite people.")
        return redirect("events:detail", place_slug=place_slug, event_id=event.pk)
    return render(request, "events/form.html", {"page_title": "Create an event", "form": form})


@place_view("events.view")
def event_detail(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """The event as participants see it; convenors also see what to do next."""
    event = event_for(request, event_id)
    can_manage = can(request.user, "events.manage", request.place)
    if event.status == Event.Status.DRAFT and not can_manage:
        raise Http404("No such event")
    counts = {}
    if can_manage:
        for status in event.invitations.values_list("status", flat=True):
            counts[status] = counts.get(status, 0) + 1
    return render(
        request,
        "events/detail.html",
        {
            "page_title": event.title,
            "event": event,
            "agenda": agenda_with_times(event),
            "can_manage": can_manage,
            "can_check_in": can(request.user, "events.check_in", request.place),
            "counts": [(Invitation.Status(s).label, n) for s, n in sorted(counts.items())],
            "total": sum(counts.values()),
            "status_form": StatusForm() if can_manage else None,
            "next_statuses": [Event.Status(s) for s in services.NEXT_STATUSES[event.status]],
            "sections": sections_for(request, event),
        },
    )


@place_view("events.manage")
def event_edit(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    event = event_for(request, event_id)
    form = EventForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and form.is_valid():
        event = Event.objects.get(pk=event.pk)  # the form changed the instance; compare afresh
        services.update_event(event=event, actor=request.user, fields=form.save_fields())
        messages.success(request, "Saved the event")
        return redirect("events:detail", place_slug=place_slug, event_id=event.pk)
    return render(
        request,
        "events/form.html",
        {"page_title": f"Edit {event.title}", "form": form, "event": event},
    )


@require_POST
@place_view("events.manage")
def event_status(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    event = event_for(request, event_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                event=event, actor=request.user, status=form.cleaned_data["status"]
            )
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"The event is now {event.get_status_display().lower()}")
    else:
        messages.error(request, "Select the new status")
    return redirect("events:detail", place_slug=place_slug, event_id=event.pk)


@place_view("events.manage")
def agenda_item(request: HttpRequest, place_slug: str, event_id: int, item_id: int | None = None):
    """Add an agenda item, or change one."""
    event = event_for(request, event_id)
    item = get_object_or_404(AgendaItem, pk=item_id, event=event) if item_id else None
    form = AgendaItemForm(request.POST if request.method == "POST" else None, instance=item)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in AgendaItemForm.Meta.fields}
        if item is not None:
            item = AgendaItem.objects.get(pk=item.pk)
        services.save_agenda_item(event=event, actor=request.user, fields=fields, item=item)
        messages.success(request, "Saved the agenda")
        return redirect("events:detail", place_slug=place_slug, event_id=event.pk)
    return render(
        request,
        "events/agenda_form.html",
        {
            "page_title": "Change an agenda item" if item else "Add to the agenda",
            "form": form,
            "event": event,
            "item": item,
        },
    )


@require_POST
@place_view("events.manage")
def agenda_item_delete(request: HttpRequest, place_slug: str, event_id: int, item_id: int):
    event = event_for(request, event_id)
    item = get_object_or_404(AgendaItem, pk=item_id, event=event)
    services.delete_agenda_item(item=item, actor=request.user)
    messages.success(request, f"Removed {item.title} from the agenda")
    return redirect("events:detail", place_slug=place_slug, event_id=event.pk)
