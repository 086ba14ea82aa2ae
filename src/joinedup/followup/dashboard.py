"""The follow-up panel on the place dashboard: open and overdue actions, and reports."""

from django.utils import timezone

from joinedup.core.dashboard import _url, register_panel
from joinedup.core.permissions import can
from joinedup.followup.models import Action


@register_panel
def followup_panel(request, place):
    """Open actions, overdue ones, and those that need the centre, for people who may see them."""
    if not can(request.user, "followup.view", place):
        return None
    open_actions = Action.objects.filter(
        place=place, status__in=[Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS]
    )
    figures = [
        ("open actions", open_actions.count()),
        ("overdue", open_actions.filter(due_date__lt=timezone.localdate()).count()),
    ]
    links = [("Actions", _url("followup:actions", place))]
    if "strategist" in getattr(request, "roles", ()) or request.user.is_staff:
        figures.append(("need the centre", open_actions.filter(needs_centre=True).count()))
        url = _url("followup:actions", place)
        links.append(("Actions that need the centre", f"{url}?centre=1"))
    links.append(("Insight", _url("followup:insight", place)))
    return {"title": "Follow-up", "figures": figures, "links": links}
