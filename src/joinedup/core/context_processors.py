"""Values every template needs: the current place, the places to switch to, the navigation."""

from django.conf import settings

from joinedup.core.navigation import navigation_for
from joinedup.core.permissions import is_member, places_for


def joinedup(request) -> dict:
    user = getattr(request, "user", None)
    context = {"phase": settings.PHASE, "service_name": settings.SERVICE_NAME}
    if user is None or not user.is_authenticated:
        return context
    place = getattr(request, "place", None)
    if place is None:
        slug = request.session.get("place")
        place = places_for(user).filter(slug=slug).first() if slug else None
    if place is not None and not is_member(user, place):
        place = None
    context["current_place"] = place
    context["switchable_places"] = list(places_for(user))
    context["navigation"] = navigation_for(request, place) if place else []
    return context
