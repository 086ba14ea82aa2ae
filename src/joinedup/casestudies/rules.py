"""Who may do what to one case study: the per-object rules of case studies.

Registered with `core.permissions`, so `check(user, "casestudies.write", case_study)` asks
these. The role table (core/permissions.py) still says who may write at all in a place; these
add the author. Who may capture at a table's sheet is the café's rule (cafe/rules.py), since
it depends on the café's seats.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from joinedup.casestudies.models import CaseStudy
from joinedup.core.models import Role
from joinedup.core.permissions import can, object_rule, roles_in
from joinedup.events.models import Invitation


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
    # The café's tables name the case study they discuss (CafeTable.case_study, seen from here
    # as `cafe_tables`): a study is used at the events whose tables discuss it.
    my_events = (
        Invitation.objects.coming().filter(place=place, email__iexact=user.email).values("event_id")
    )
    return studies.filter(
        state=CaseStudy.State.APPROVED, cafe_tables__event_id__in=my_events
    ).distinct()


def readable_case_study_or_404(user, place, pk: int) -> CaseStudy:
    """The place's case study `pk` if the person may read it: 404 for another place's or one
    they may not read, and PermissionDenied (403) for someone who may read none."""
    case_study = get_object_or_404(CaseStudy, pk=pk, place=place)
    if not can(user, "casestudies.view", case_study):
        if not can(user, "casestudies.view", place):
            raise PermissionDenied("Case studies are for the people at the events that use them")
        raise Http404("No such case study")
    return case_study


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
