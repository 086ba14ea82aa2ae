"""The place dashboard: each app contributes a panel of figures and links."""

from django.urls import reverse

from joinedup.core.models import Membership, OutboxMessage
from joinedup.core.permissions import can

# Functions (request, place) -> dict | None, added to by apps as they arrive.
PANEL_PROVIDERS = []


def register_panel(provider):
    """Add a dashboard panel provider (used as a decorator by apps)."""
    PANEL_PROVIDERS.append(provider)
    return provider


def _url(name: str, place) -> str:
    """The address of a place's page by url name (a name that does not resolve is a bug)."""
    return reverse(name, kwargs={"place_slug": place.slug})


@register_panel
def people_panel(request, place):
    roles = Membership.objects.filter(place=place).values_list("role", flat=True)
    return {
        "title": "People",
        "figures": [
            (
                "people with a role",
                len(set(Membership.objects.filter(place=place).values_list("user_id", flat=True))),
            ),
            ("convenors", sum(1 for r in roles if r == "convenor")),
        ],
        "links": [("People and roles", _url("members", place))],
    }


@register_panel
def outbox_panel(request, place):
    if not can(request.user, "core.view_outbox", place):
        return None
    return {
        "title": "Email",
        "figures": [
            ("messages in the outbox", OutboxMessage.objects.filter(place=place).count()),
            (
                "messages that could not be sent",
                OutboxMessage.objects.filter(
                    place=place, status=OutboxMessage.Status.FAILED
                ).count(),
            ),
        ],
        "links": [("Outbox", _url("outbox", place)), ("Audit log", _url("audit_log", place))],
    }


def panels_for(request, place) -> list[dict]:
    """Return the panels this person may see in the place."""
    panels = []
    for provider in PANEL_PROVIDERS:
        panel = provider(request, place)
        if panel:
            panels.append(panel)
    return panels
