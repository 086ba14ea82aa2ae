"""Who may do what to one case study or capture sheet: the per-object rules of case studies.

Registered with `core.permissions`, so `check(user, "casestudies.write", case_study)` and
`can(user, "casestudies.capture", sheet)` ask these. The role table (core/permissions.py)
still says who may write or capture at all in a place; these add the author and the seat.
"""

from django.db.models import Q

from joinedup.casestudies import attendance
from joinedup.casestudies.models import CaseStudy, TableCapture
from joinedup.core.models import Role
from joinedup.core.permissions import can, object_rule, roles_in


def is_convenor(user, place) -> bool:
    """Return whether the person convenes the place (site admins count as convenors)."""
    return user.is_authenticated and (user.is_staff or Role.CONVENOR in roles_in(user, place))


def visible_case_studies(user, place):
    """Return the place's case studies this person may read.

    Convenors see everything. Other readers (hosts, strategists) see approved case studies and
    their own. Practitioners see the approved case studies used at an event they attend.
    """
    studies = CaseStudy.objects.filter(place=place)
    if not user.is_authenticated:
        return studies.none()
    if is_convenor(user, place):
        return studies
    if can(user, "casestudies.view", place):
        return studies.filter(Q(state=CaseStudy.State.APPROVED) | Q(author=user))
    used_at_my_events = attendance.case_study_ids_for_attendee(user, place)
    return studies.filter(state=CaseStudy.State.APPROVED, pk__in=used_at_my_events)


@object_rule("casestudies.view")
def can_read(user, case_study: CaseStudy) -> bool:
    """Return whether the person may read this case study."""
    return visible_case_studies(user, case_study.place).filter(pk=case_study.pk).exists()


@object_rule("casestudies.write")
def can_edit(user, case_study: CaseStudy) -> bool:
    """Authors edit their own unapproved case studies; convenors edit any unapproved one."""
    if not case_study.is_editable or not can(user, "casestudies.write", case_study.place):
        return False
    return is_convenor(user, case_study.place) or case_study.author_id == user.pk


@object_rule("casestudies.approve")
def can_approve(user, case_study: CaseStudy) -> bool:
    """A convenor who is not the author approves (a second pair of eyes on every story)."""
    return can(user, "casestudies.approve", case_study.place) and case_study.author_id != user.pk


@object_rule("casestudies.capture")
def can_capture(user, sheet: TableCapture) -> bool:
    """Hosts and convenors capture at any table; others only at their own table, if allowed."""
    if can(user, "casestudies.capture", sheet.place):
        return True
    return sheet.participants_may_capture and attendance.is_seated_at(user, sheet)
