"""Who is at which event and table, as far as case studies and capture need to know.

People are on an event's list as invitations (by email), and sit at café tables through the
seats of the event's current plan. A signed-in person is matched to their invitation by email.
"""

from django.db.models import Q

from joinedup.cafe.models import CafeTable, Seat
from joinedup.events.models import Invitation


def _my_invitations(user, place):
    if not user.is_authenticated:
        return Invitation.objects.none()
    return Invitation.objects.coming().filter(place=place, email__iexact=user.email)


def case_study_ids_for_attendee(user, place) -> list[int]:
    """Return ids of case studies discussed at tables of events the person is coming to."""
    events = _my_invitations(user, place).values("event_id")
    return list(
        CafeTable.objects.filter(place=place, event_id__in=events)
        .values_list("case_study_id", flat=True)
        .distinct()
    )


def is_seated_at(user, sheet) -> bool:
    """Return whether the person sits (or hosts) at the sheet's table in the sheet's round."""
    if sheet.table_id is None or not user.is_authenticated:
        return False
    invitations = _my_invitations(user, sheet.place).filter(event_id=sheet.table.event_id)
    seated = Seat.objects.filter(
        table_id=sheet.table_id,
        round=sheet.round,
        plan__is_current=True,
        invitation__in=invitations,
    )
    hosting = CafeTable.objects.filter(pk=sheet.table_id, hosts__in=invitations)
    return seated.exists() or hosting.exists()


def tables_hosted_by(user, place):
    """Return the café tables the person hosts (named as a host, or seated as one)."""
    invitations = _my_invitations(user, place)
    return CafeTable.objects.filter(
        Q(hosts__in=invitations) | Q(seat_rows__invitation__in=invitations, seat_rows__is_host=True)
    ).distinct()
