"""Check-in on the day: find people by name, email or check-in code, record arrival times,
add walk-ins on the spot."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.events.invitations import create_invitation, sector_fields
from joinedup.events.models import Event, Invitation
from joinedup.events.tokens import CODE_LENGTH, normalise_code

# People a host may expect at the door (a declined person who turns up is still found).
EXPECTED = (
    Invitation.Status.ACCEPTED,
    Invitation.Status.ATTENDED,
    Invitation.Status.WAITING,
    Invitation.Status.NO_SHOW,
)


def search(event: Event, text: str, *, limit: int = 30) -> list[Invitation]:
    """People on the list matching a check-in code (typed or scanned) or name words."""
    text = (text or "").strip()
    rows = event.invitations.all()
    code = normalise_code(text)
    if len(code) == CODE_LENGTH:
        exact = list(rows.filter(checkin_code=code))
        if exact:
            return exact
    if not text:
        return list(rows.filter(status__in=EXPECTED).order_by("name")[:limit])
    for word in text.split():
        rows = rows.filter(
            Q(name__icontains=word) | Q(email__icontains=word) | Q(organisation__icontains=word)
        )
    return list(rows.order_by("name")[:limit])


def find_by_code(event: Event, code: str) -> Invitation | None:
    """The invitation of the event with this check-in code, typed with or without the dash."""
    return event.invitations.filter(checkin_code=normalise_code(code)).first()


@transaction.atomic
def check_in(*, invitation: Invitation, actor, now=None) -> bool:
    """Record that the person has arrived, with the time; return False if they already had."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.checked_in_at is not None:
        return False
    previous = invitation.status
    invitation.checked_in_at = now or timezone.now()
    invitation.status = Invitation.Status.ATTENDED
    invitation.save(update_fields=["checked_in_at", "status"])
    log_action(
        "events.checkin.arrived",
        actor=actor,
        target=invitation,
        data={"event": invitation.event_id, "from": previous, "walk_in": invitation.walk_in},
    )
    return True


@transaction.atomic
def undo_check_in(*, invitation: Invitation, actor) -> None:
    """Take back a check-in made by mistake: the person is accepted again."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.checked_in_at is None:
        return
    invitation.checked_in_at = None
    invitation.status = Invitation.Status.ACCEPTED
    invitation.save(update_fields=["checked_in_at", "status"])
    log_action(
        "events.checkin.undone", actor=actor, target=invitation, data={"event": invitation.event_id}
    )


@transaction.atomic
def add_walk_in(
    *,
    event: Event,
    actor,
    name: str,
    email: str = "",
    organisation: str = "",
    sector=None,
    now=None,
) -> tuple[Invitation, bool]:
    """Add someone who came without an invitation (an email is optional), checked in at once.
    Someone already on the list by email is checked in instead; return the invitation and
    whether it is new."""
    invitation, created = create_invitation(
        event=event,
        actor=actor,
        name=name.strip(),
        email=email,
        organisation=organisation.strip(),
        walk_in=True,
        **sector_fields(sector),
    )
    check_in(invitation=invitation, actor=actor, now=now)
    invitation.refresh_from_db()
    return invitation, created


def is_event_day(event: Event, *, today=None) -> bool:
    """Return whether today (local date) is the day of the event."""
    return (today or timezone.localdate()) == event.date


def arrivals(event: Event) -> dict:
    """Figures for the check-in page: expected, arrived and walk-ins."""
    rows = event.invitations.values_list("status", "walk_in")
    arrived = sum(1 for s, _ in rows if s == Invitation.Status.ATTENDED)
    return {
        "expected": sum(
            1
            for s, _ in rows
            if s
            in (Invitation.Status.ACCEPTED, Invitation.Status.ATTENDED, Invitation.Status.NO_SHOW)
        ),
        "arrived": arrived,
        "walk_ins": sum(1 for s, w in rows if w),
    }
