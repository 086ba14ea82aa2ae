"""Events and their agenda: create, edit, move through their statuses.

Invitations, sending, answers, reminders and check-in have their own modules (invitations.py,
sending.py, rsvp.py, reminders.py, checkin.py); this one holds the event itself.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.core.copies import record_copy
from joinedup.events.models import AccessToken, AgendaItem, Event
from joinedup.events.rsvp import offer_places
from joinedup.events.status import NEXT_STATUSES, change_status  # noqa: F401  (its public home)

DEFAULT_AGENDA = [
    (AgendaItem.Kind.OPENING, "Opening perspectives", 30, "", ""),
    (
        AgendaItem.Kind.CAFE_ROUND,
        "Round 1",
        40,
        "What happened in this person's life, and who was there?",
        "",
    ),
    (
        AgendaItem.Kind.CAFE_ROUND,
        "Round 2",
        40,
        "Where could a service have stepped in earlier?",
        "",
    ),
    (
        AgendaItem.Kind.CAFE_ROUND,
        "Round 3",
        40,
        "What would make that happen next time?",
        "",
    ),
    (AgendaItem.Kind.SUMMARY, "Summary discussion", 45, "", ""),
]


def _changes(obj, fields: dict) -> dict:
    changed = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            changed[name] = [
                str(old) if old is not None else None,
                str(value) if value is not None else None,
            ]
            setattr(obj, name, value)
    return changed


@transaction.atomic
def create_event(*, place, actor, fields: dict, with_default_agenda: bool = True) -> Event:
    """Create a draft event in the place, with a world café agenda to edit."""
    event = Event.objects.create(place=place, created_by=actor, **fields)
    if with_default_agenda and event.format == Event.Format.WORLD_CAFE:
        for order, (kind, title, minutes, question, speakers) in enumerate(DEFAULT_AGENDA, 1):
            AgendaItem.objects.create(
                event=event,
                kind=kind,
                order=order,
                title=title,
                minutes=minutes,
                question=question,
                speakers=speakers,
            )
    log_action("events.event.created", actor=actor, target=event, data={"title": event.title})
    return event


@transaction.atomic
def update_event(*, event: Event, actor, fields: dict) -> dict:
    """Change an event's details; return what changed (also in the audit log)."""
    changed = _changes(event, fields)
    if changed:
        event.save()
        if {"date", "ends_at"} & changed.keys():
            # Personal links work until the event ends: move their expiry with it.
            AccessToken.objects.filter(
                event=event, purpose=AccessToken.Purpose.RSVP, used_at__isnull=True
            ).update(expires_at=event.ends)
        if "capacity" in changed:
            event_id = event.pk
            transaction.on_commit(lambda: offer_places(event_id=event_id))
        log_action("events.event.updated", actor=actor, target=event, data={"changed": changed})
    return changed


@transaction.atomic
def save_agenda_item(*, event: Event, actor, fields: dict, item: AgendaItem | None = None):
    """Add an agenda item at the end of the agenda, or change one."""
    if item is None:
        last = event.agenda_items.aggregate(last=Max("order"))["last"] or 0
        item = AgendaItem.objects.create(
            event=event, order=fields.pop("order", None) or last + 1, **fields
        )
        log_action(
            "events.agenda.added",
            actor=actor,
            target=event,
            data={"item": item.pk, "kind": item.kind, "title": item.title},
        )
        return item
    changed = _changes(item, fields)
    if changed:
        item.save()
        log_action(
            "events.agenda.updated",
            actor=actor,
            target=event,
            data={"item": item.pk, "changed": changed},
        )
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem, actor) -> None:
    """Remove an item from the agenda."""
    log_action(
        "events.agenda.removed",
        actor=actor,
        target=item.event,
        data={"item": item.pk, "title": item.title},
    )
    item.delete()


def event_of_place_or_404(*, place, event_id) -> Event:
    """The place's event with this id, else Http404 (another place's event, or an id that is
    not a number, is simply not found here)."""
    try:
        return Event.objects.select_related("place").get(pk=int(event_id), place=place)
    except (Event.DoesNotExist, TypeError, ValueError):
        raise Http404("No such event in this place") from None


def upcoming_events(place):
    """Events of the place that have not ended yet, soonest first."""
    return Event.objects.filter(place=place, date__gte=timezone.localdate()).order_by(
        "date", "starts_at"
    )


# --- starting a place from another's approach -------------------------------------------------

# A copied event is a draft on this many weeks from the day it is copied: a date is required,
# and the new place's convenor sets the real one.
COPIED_EVENT_WEEKS_AHEAD = 8


def events_to_copy(*, source_place):
    """The source place's events whose set-up another place may start from, newest first."""
    return Event.objects.filter(place=source_place).order_by("-date", "title")


@transaction.atomic
def copy_event_from(*, source_event: Event, target_place, actor, run=None) -> Event:
    """Copy an event's set-up into the target as a draft: title, purpose (the invitation's
    text), format, times, numbers and the agenda with its rounds' questions. Never people:
    no invitations, RSVPs, speakers or hosts, and no venue (it is in another town)."""
    event = Event.objects.create(
        place=target_place,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        title=source_event.title,
        purpose=source_event.purpose,
        date=timezone.localdate() + datetime.timedelta(weeks=COPIED_EVENT_WEEKS_AHEAD),
        starts_at=source_event.starts_at,
        ends_at=source_event.ends_at,
        capacity=source_event.capacity,
        format=source_event.format,
        status=Event.Status.DRAFT,
        target_attendance=source_event.target_attendance,
        min_per_sector=source_event.min_per_sector,
    )
    for item in source_event.agenda_items.order_by("order", "pk"):
        AgendaItem.objects.create(
            event=event,
            kind=item.kind,
            order=item.order,
            title=item.title,
            minutes=item.minutes,
            question=item.question,
        )
    record_copy(run=run, obj=event, source=source_event, kind="event")
    log_action(
        "events.event.copied",
        actor=actor,
        target=event,
        data={"from_place": source_event.place.slug, "from_event": source_event.pk},
    )
    return event


@transaction.atomic
def copy_events_from(*, source_place, target_place, actor, event_ids, run=None) -> list[Event]:
    """Copy the chosen events of the source place (ids of another place are ignored)."""
    chosen = events_to_copy(source_place=source_place).filter(pk__in=list(event_ids))
    return [
        copy_event_from(source_event=e, target_place=target_place, actor=actor, run=run)
        for e in chosen
    ]
