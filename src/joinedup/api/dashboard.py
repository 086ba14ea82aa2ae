"""The place dashboard's app API panel: the person's live tokens, and where to make one."""

from django.urls import reverse

from joinedup.api.models import ApiToken
from joinedup.core.dashboard import register_panel
from joinedup.core.permissions import can


@register_panel
def api_panel(request, place):
    if not can(request.user, "api.tokens", place):
        return None
    live = ApiToken.objects.filter(user=request.user, place=place, revoked_at__isnull=True)
    return {
        "title": "App API",
        "figures": [("of your tokens work", live.count())],
        "links": [("API tokens", reverse("api:tokens", kwargs={"place_slug": place.slug}))],
    }
