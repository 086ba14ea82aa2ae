"""What follow-up reads from the other apps, in one place: captures of an event, the sectors of
teams, who was invited and who came.

A capture sheet belongs to an event through its café table (`TableCapture.table.event`); a
sheet opened from a case study's page, without a table, belongs to no event.
"""

from django.db.models import Q, QuerySet

from joinedup.casestudies.models import InterventionPoint, ProposedAction, TableCapture
from joinedup.directory.models import SECTORS_TAXONOMY, Attribute, TaxonomyTerm

# The ORM path from a TableCapture to its Event.
CAPTURE_EVENT = "table__event"


def event_filter(event_ids, *, prefix: str = "capture__") -> Q:
    """A filter selecting captured items (or sheets, prefix "") of the given events."""
    ids = [event_ids] if isinstance(event_ids, int) else list(event_ids)
    return Q(**{f"{prefix}{CAPTURE_EVENT}__in": ids})


def event_id_field(*, prefix: str = "capture__") -> str:
    """The values() name of the event id of a captured item."""
    return f"{prefix}{CAPTURE_EVENT}"


def captures_for(event) -> QuerySet:
    return TableCapture.objects.filter(event_filter(event.pk, prefix=""), place=event.place_id)


# The place is checked on the sheet, not on each item: the same guarantee, and the planner
# then reaches the items through their sheets instead of through every item of the place.


def intervention_points_for(event) -> QuerySet:
    """The intervention points the tables of an event found (deleted ones left out)."""
    return InterventionPoint.objects.filter(
        event_filter(event.pk), capture__place=event.place_id, deleted_at__isnull=True
    )


def proposed_actions_for(event) -> QuerySet:
    """The actions the tables of an event proposed (deleted ones left out)."""
    return ProposedAction.objects.filter(
        event_filter(event.pk), capture__place=event.place_id, deleted_at__isnull=True
    )


def sector_terms() -> dict:
    """Our sector terms by id: (code, name, tier), in one query."""
    rows = TaxonomyTerm.objects.filter(
        taxonomy__key=SECTORS_TAXONOMY, parent__isnull=False
    ).values_list("pk", "code", "name", "parent__code")
    return {pk: (code, name, tier) for pk, code, name, tier in rows}


def service_sectors(service_ids) -> dict:
    """The sector (code, name, tier) of each of the given teams that has one, in one query."""
    terms = sector_terms()
    result = {}
    rows = Attribute.objects.filter(
        service_id__in=list(service_ids), taxonomy_term_id__in=list(terms)
    ).values_list("service_id", "taxonomy_term_id")
    for service_id, term_id in rows:
        result.setdefault(service_id, terms[term_id])
    return result


def services_in_sector(place, code: str) -> QuerySet:
    """Ids of the place's teams tagged with the sector code."""
    return Attribute.objects.filter(
        place=place, taxonomy_term__taxonomy__key=SECTORS_TAXONOMY, taxonomy_term__code=code
    ).values("service_id")
