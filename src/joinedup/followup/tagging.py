"""Tagging what the tables found with themes: one intervention point's themes, set at once."""

from django.db import transaction

from joinedup.core.audit import log_action
from joinedup.followup.models import InterventionPointTheme


class ThemesRefused(ValueError):
    """Raised when the intervention point belongs to another place than the event's."""


def set_point_themes(*, point, themes, actor, place) -> list[str]:
    """Make the point's themes exactly `themes` (added and removed together, audited);
    return the slugs now tagged. Setting the same themes again changes no tag."""
    if point.capture.place_id != place.pk:
        raise ThemesRefused("This intervention point belongs to another place")
    chosen = {theme.pk: theme for theme in themes}
    with transaction.atomic():
        current = InterventionPointTheme.objects.select_for_update().filter(
            intervention_point=point
        )
        had = set(current.values_list("theme_id", flat=True))
        current.exclude(theme_id__in=chosen).delete()
        InterventionPointTheme.objects.bulk_create(
            [
                InterventionPointTheme(place=place, intervention_point=point, theme=theme)
                for pk, theme in chosen.items()
                if pk not in had
            ]
        )
        slugs = sorted(theme.slug for theme in chosen.values())
        log_action(
            "followup.point.themes_set",
            actor=actor,
            place=place,
            data={"point": str(point.pk), "themes": slugs, "before": len(had)},
        )
    return slugs
