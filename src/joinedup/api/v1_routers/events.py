"""Events of the token's place, and how many people were invited and answered (counts only)."""

import datetime

from django.http import Http404
from django.urls import reverse
from ninja import Router, Schema

from joinedup.api.v1_routers.common import ERRORS, Id, allow
from joinedup.core.permissions import can
from joinedup.events.models import Event, Invitation
from joinedup.events.services import event_of_place_or_404

router = Router(tags=["events"])


class EventOut(Schema):
    id: int
    title: str
    purpose: str
    status: str
    format: str
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    venue_name: str
    capacity: int | None
    url: str


class InvitationCounts(Schema):
    event_id: int
    invited: int
    by_status: dict[str, int]


def _event_json(request, event: Event) -> dict:
    path = reverse("events:detail", kwargs={"place_slug": event.place.slug, "event_id": event.pk})
    return {
        "id": event.pk,
        "title": event.title,
        "purpose": event.purpose,
        "status": event.status,
        "format": event.format,
        "date": event.date,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "venue_name": event.venue_name,
        "capacity": event.capacity,
        "url": request.build_absolute_uri(path),
    }


def _visible(request):
    """The events the person sees on the events page (drafts for convenors only)."""
    events = Event.objects.filter(place=request.place).select_related("place")
    if not can(request.user, "events.manage", request.place):
        events = events.exclude(status=Event.Status.DRAFT)
    return events


def _event(request, event_id: int) -> Event:
    allow(request, "events.view", request.place)
    event = event_of_place_or_404(place=request.place, event_id=event_id)
    if not _visible(request).filter(pk=event.pk).exists():
        raise Http404("No such event")
    return event


@router.get("", response={200: list[EventOut], **ERRORS}, summary="The place's events")
def list_events(request):
    """Events of the token's place, latest first (drafts only for convenors)."""
    allow(request, "events.view", request.place)
    return [_event_json(request, e) for e in _visible(request).order_by("-date", "-pk")]


@router.get("/{event_id}", response={200: EventOut, **ERRORS}, summary="One event")
def get_event(request, event_id: Id):
    """One event of the token's place; another place's event is not found."""
    return _event_json(request, _event(request, event_id))


@router.get(
    "/{event_id}/invitations",
    response={200: InvitationCounts, **ERRORS},
    summary="How many were invited, by answer",
)
def invitation_counts(request, event_id: Id):
    """Counts of the event's invitations by status: no names, no addresses."""
    event = _event(request, event_id)
    counts = dict.fromkeys(Invitation.Status.values, 0)
    for status in Invitation.objects.filter(event=event).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return {"event_id": event.pk, "invited": sum(counts.values()), "by_status": counts}
