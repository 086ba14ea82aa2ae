"""Run an event again in the same place: the same set-up, last time's people invited first.

What is copied: the event's details (a new title and date), its agenda, its café tables (label,
seats, case study; no hosts and no plan: people are chosen again), and an invitation list
built from last time: those who came first, then those who did not reply, then those who said
yes but did not come or waited for a place. Never those who declined (they told us no; the
convenor can add them by hand) nor those who nominated a colleague (the colleague's own
invitation is copied instead). Nothing is sent: the new event is a draft whose invitations wait
until the convenor sends them. Access and dietary needs are not copied: they are asked again.
"""

from dataclasses import dataclass

from django.db import transaction

from joinedup.cafe.models import CafeTable
from joinedup.core.audit import log_action
from joinedup.events.invitations import create_invitation
from joinedup.events.models import AgendaItem, Event, Invitation
from joinedup.events.services import create_event

# Last time's answers, in the order the new list takes them; the others are left out.
ORDER = [
    Invitation.Status.ATTENDED,
    Invitation.Status.PENDING,
    Invitation.Status.NO_SHOW,
    Invitation.Status.ACCEPTED,
    Invitation.Status.WAITING,
]
LEFT_OUT = [Invitation.Status.DECLINED, Invitation.Status.NOMINATED]
EVENT_FIELDS = [
    "purpose",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "accessibility_notes",
    "capacity",
    "format",
    "target_attendance",
    "min_per_sector",
]
PERSON_FIELDS = ["name", "email", "organisation", "team", "sector", "sector_name", "tier"]


@dataclass
class Preview:
    agenda: list[str]
    tables: list[str]
    invite: list[Invitation]  # in the order they will be added
    left_out: int


def preview(*, source: Event) -> Preview:
    """What running the event again would create (nothing is written)."""
    people = list(Invitation.objects.filter(event=source, status__in=ORDER).order_by("pk"))
    rank = {status: i for i, status in enumerate(ORDER)}
    seen, invite = set(), []
    for invitation in sorted(people, key=lambda i: rank[i.status]):
        key = invitation.email.lower() or f"no-email:{invitation.pk}"
        if key not in seen:
            seen.add(key)
            invite.append(invitation)
    return Preview(
        agenda=[str(item) for item in AgendaItem.objects.filter(event=source).order_by("order")],
        tables=[
            f"{t.label} ({t.seats} seats)"
            for t in CafeTable.objects.filter(event=source).order_by("label")
        ],
        invite=invite,
        left_out=Invitation.objects.filter(event=source, status__in=LEFT_OUT).count(),
    )


def run_again(*, source: Event, actor, title: str, date) -> Event:
    """Create the new draft event with the source's set-up and invitation list, in one
    transaction (nothing half-copied); send nothing."""
    plan = preview(source=source)
    with transaction.atomic():
        fields = {name: getattr(source, name) for name in EVENT_FIELDS}
        event = create_event(
            place=source.place,
            actor=actor,
            fields={**fields, "title": title, "date": date},
            with_default_agenda=False,
        )
        for item in AgendaItem.objects.filter(event=source).order_by("order", "pk"):
            AgendaItem.objects.create(
                event=event,
                kind=item.kind,
                order=item.order,
                title=item.title,
                minutes=item.minutes,
                question=item.question,
                speakers=item.speakers,
            )
        for table in CafeTable.objects.filter(event=source).order_by("label"):
            CafeTable.objects.create(
                event=event,
                place_id=event.place_id,
                label=table.label,
                seats=table.seats,
                case_study_id=table.case_study_id,
            )
        for old in plan.invite:
            create_invitation(
                event=event,
                actor=actor,
                contact_id=old.contact_id,
                **{name: getattr(old, name) for name in PERSON_FIELDS},
            )
        log_action(
            "events.event.run_again",
            actor=actor,
            target=event,
            data={
                "from_event": source.pk,
                "agenda": len(plan.agenda),
                "tables": len(plan.tables),
                "invitations": len(plan.invite),
            },
        )
    return event
