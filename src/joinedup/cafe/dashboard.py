"""The café panel on the place dashboard: the next world café and whether its tables are planned."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.cafe.domain.plans import current_plan
from joinedup.core.dashboard import register_panel
from joinedup.core.permissions import can
from joinedup.events.models import Event


@register_panel
def cafe_panel(request, place):
    """The next event with café rounds or tables: its tables, seats and plan."""
    if not can(request.user, "cafe.view", place):
        return None
    event = (
        Event.objects.filter(place=place, date__gte=timezone.localdate())
        .filter(Q(format=Event.Format.WORLD_CAFE) | Q(cafe_tables__isnull=False))
        .distinct()
        .order_by("date", "starts_at")
        .first()
    )
    if event is None:
        return None
    plan = current_plan(event)
    kwargs = {"place_slug": place.slug, "event_id": event.pk}
    links = [(f"Café tables of {event.title}", reverse("cafe:event", kwargs=kwargs))]
    if plan is not None:
        links.append(
            ("The table plan", reverse("cafe:plan", kwargs={**kwargs, "plan_id": plan.pk}))
        )
    return {
        "title": "World café",
        "figures": [
            ("tables", event.cafe_tables.count()),
            ("people seated in the plan", len(plan.assignments) if plan else 0),
        ],
        "links": links,
    }
