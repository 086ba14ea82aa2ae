"""The fictional events of the demo: Ilford's joined-up day as it happened (12 March 2026:
100 invited from every sector, 60 came) and the next one, with invitations open.
Idempotent: events are found by place, title and date; invitations by email."""

import datetime
import random

from django.utils import timezone

from joinedup.core.demo import register_demo_loader
from joinedup.directory.models import Contact
from joinedup.events import services
from joinedup.events.invitations import (
    _sector_of_services,
    create_invitation,
    find_contacts,
    invite_contacts,
    snapshot,
)
from joinedup.events.models import AgendaItem, Event, Invitation
from joinedup.events.sending import send_invitation

PAST = {
    "title": "Ilford joined-up day",
    "date": datetime.date(2026, 3, 12),
    "purpose": "Frontline teams and central government strategy teams work through three "
    "people's stories together, to find where earlier help would have changed things.",
    "venue_name": "Ilford Town Hall, Council Chamber",
    "venue_address": "128-142 High Road\nIlford\nIG1 1DD",
    "accessibility_notes": "Step-free entrance on Oakfield Road, hearing loop, quiet room on "
    "the first floor.",
    "capacity": 90,
    "status": Event.Status.HELD,
}
NEXT = {
    "title": "Ilford joined-up day: spring",
    "date": datetime.date(2027, 2, 10),
    "purpose": "A second day on young people at risk of exploitation: what the first day "
    "found, and who needs to be in the room this time.",
    "venue_name": "Kenneth More Theatre, studio",
    "venue_address": "Oakfield Road\nIlford\nIG1 1BT",
    "accessibility_notes": "Step-free throughout, accessible toilets, hearing loop.",
    "capacity": 80,
    "target_attendance": 70,
    "status": Event.Status.INVITATIONS_OPEN,
}
SPEAKERS = "Director of Children's Services, Redbridge\nDeputy Director, Home Office"


def _contacts_across_sectors(place, count: int, *, offset: int = 0) -> list[tuple]:
    """(contact, sector) pairs, one from each sector in turn so that every sector is there."""
    contacts = list(
        Contact.objects.filter(place=place)
        .exclude(email="")
        .select_related("service", "organization")
        .order_by("email")
    )
    sectors = _sector_of_services({c.service_id for c in contacts if c.service_id})
    by_sector: dict = {}
    for contact in contacts:
        sector = sectors.get(contact.service_id)
        by_sector.setdefault(sector.code if sector else "", []).append(contact)
    queues = []
    for key in sorted(by_sector):
        people = by_sector[key]
        start = offset % len(people)  # a different first person from each sector
        queues.append(people[start:] + people[:start])
    picked = []
    while len(picked) < count and any(queues):
        for queue in queues:
            if queue and len(picked) < count:
                picked.append(queue.pop(0))
    return [(c, sectors.get(c.service_id)) for c in picked]


def _event(place, convenor, fields: dict) -> tuple[Event, bool]:
    """The demo event, and whether it was made now (only then does the demo invite people)."""
    event = Event.objects.filter(place=place, title=fields["title"], date=fields["date"]).first()
    created = event is None
    if event is None:
        event = services.create_event(
            place=place, actor=convenor, fields={**fields, "status": Event.Status.DRAFT}
        )
        event.agenda_items.filter(kind=AgendaItem.Kind.OPENING).update(speakers=SPEAKERS)
        # Set directly: the demo starts where the story is (other apps' demos move it on).
        Event.objects.filter(pk=event.pk).update(status=fields["status"])
        event.refresh_from_db()
    return event, created


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@register_demo_loader
def load_events_demo(demo) -> None:
    place = demo.places["ilford"]
    convenor = demo.users.get("convenor")
    # Invitations are made only with their event: on a demo that was used, people, RSVPs and
    # check-ins are a person's own, and later loaders' teams must not join a past guest list.
    past, created = _event(place, convenor, PAST)
    if created:
        _invite_as_it_happened(past, place, convenor)
    upcoming, created = _event(place, convenor, NEXT)
    if created:
        _invite_for_next(upcoming, place, convenor)


def _invite_as_it_happened(past, place, convenor) -> None:
    people = _contacts_across_sectors(place, 100)
    # As it happened: 65 accepted and 60 of them came; 25 declined; 10 never replied.
    outcomes = (
        [Invitation.Status.ATTENDED] * 60
        + [Invitation.Status.NO_SHOW] * 5
        + [Invitation.Status.DECLINED] * 25
        + [Invitation.Status.PENDING] * 10
    )
    random.Random(2026).shuffle(outcomes)
    sent = _at(datetime.date(2026, 2, 5), 10, 0)
    for index, ((contact, sector), status) in enumerate(zip(people, outcomes, strict=False)):
        invitation, created = create_invitation(
            event=past, actor=convenor, **snapshot(contact, sector)
        )
        if not created:
            continue
        invitation.status = status
        invitation.sent_at = sent
        if status != Invitation.Status.PENDING:
            invitation.responded_at = sent + datetime.timedelta(
                days=1 + index % 20, hours=index % 7
            )
        if status == Invitation.Status.ATTENDED:
            invitation.checked_in_at = _at(past.date, 9, 5 + index % 40)
        invitation.save()


def _invite_for_next(upcoming, place, convenor) -> None:
    for contact, sector in _contacts_across_sectors(place, 60, offset=1):
        create_invitation(event=upcoming, actor=convenor, **snapshot(contact, sector))
    # Two of the directory's contacts without an email, to be invited by phone or post.
    no_email = find_contacts(place, with_email=False)[:2]
    invite_contacts(event=upcoming, contacts=no_email, actor=convenor)
    for invitation in upcoming.invitations.order_by("pk")[:45]:  # the rest wait to be sent
        send_invitation(invitation.pk, actor=convenor)
    # The first replies: 14 accepted (two with access needs), 4 declined.
    replied = upcoming.invitations.filter(sent_at__isnull=False).order_by("pk")
    if not replied.exclude(status=Invitation.Status.PENDING).exists():
        now = timezone.now()
        for index, invitation in enumerate(replied[:18]):
            invitation.status = (
                Invitation.Status.ACCEPTED if index < 14 else Invitation.Status.DECLINED
            )
            invitation.responded_at = now - datetime.timedelta(hours=index + 1)
            if index in (2, 9):
                invitation.access_needs = "Step-free access and a seat near the front."
            invitation.save()
