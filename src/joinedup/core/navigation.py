"""The service navigation: each app adds its entry here, shown when the person may use it."""

from django.urls import reverse

from joinedup.core.permissions import can

# (label, url name, permission action). Every url name must resolve: a test reverses each.
NAVIGATION = [
    ("Dashboard", "place_home", "core.view_place"),
    ("Directory", "directory:services", "directory.view"),
    ("Find help", "pathways:find_help", "pathways.view"),
    ("Referrals", "referrals:home", "referrals.view_sent"),
    ("Events", "events:list", "events.view"),
    ("Case studies", "casestudies:list", "casestudies.view"),
    ("Actions", "followup:actions", "followup.view"),
    ("Network", "network:map", "network.view"),
    ("Outbox", "outbox", "core.view_outbox"),
    ("Audit log", "audit_log", "core.view_audit"),
]


def navigation_for(request, place) -> list[dict]:
    """Return the navigation items the person may use in the place, marking the current one."""
    items = []
    for label, name, action in NAVIGATION:
        if not can(request.user, action, place):
            continue
        href = reverse(name, kwargs={"place_slug": place.slug})
        # A section is current on its own pages too; the dashboard only on itself.
        active = request.path == href or (name != "place_home" and request.path.startswith(href))
        items.append({"text": label, "href": href, "active": active})
    return items
