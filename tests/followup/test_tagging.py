"""Tagging an intervention point with themes: all at once, audited, nothing half-saved."""

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.followup import tagging
from joinedup.followup.models import InterventionPointTheme, Theme
from tests.followup.factories import add_point, sheet_at


@pytest.fixture
def point(held_event, study):
    return add_point(sheet_at(held_event, study))


def _tagged(point) -> list[str]:
    return sorted(
        InterventionPointTheme.objects.filter(intervention_point=point).values_list(
            "theme__slug", flat=True
        )
    )


def test_set_point_themes_adds_and_removes_and_is_audited(point, place, convenor):
    prevention = Theme.objects.get(slug="prevention")
    sharing = Theme.objects.get(slug="information-sharing")
    pathways = Theme.objects.get(slug="clearer-escalation-pathways")
    tagging.set_point_themes(point=point, themes=[prevention, sharing], actor=convenor, place=place)

    slugs = tagging.set_point_themes(
        point=point, themes=[sharing, pathways], actor=convenor, place=place
    )

    assert slugs == ["clearer-escalation-pathways", "information-sharing"]
    assert _tagged(point) == ["clearer-escalation-pathways", "information-sharing"]
    entries = AuditEntry.objects.filter(action="followup.point.themes_set").order_by("pk")
    assert [(e.actor, e.place, e.data) for e in entries] == [
        (
            convenor,
            place,
            {"point": str(point.pk), "themes": ["information-sharing", "prevention"], "before": 0},
        ),
        (
            convenor,
            place,
            {
                "point": str(point.pk),
                "themes": ["clearer-escalation-pathways", "information-sharing"],
                "before": 2,
            },
        ),
    ]


def test_set_point_themes_that_fails_half_way_keeps_the_tags_it_had(point, place, convenor):
    prevention = Theme.objects.get(slug="prevention")
    tagging.set_point_themes(point=point, themes=[prevention], actor=convenor, place=place)
    never_saved = Theme(name="Not a shipped theme", slug="not-shipped")

    # The old tag is removed before the new ones are written; the write fails (the theme was
    # never saved), and the removal must go with it.
    with pytest.raises(ValueError):
        tagging.set_point_themes(point=point, themes=[never_saved], actor=convenor, place=place)

    assert _tagged(point) == ["prevention"]
    assert AuditEntry.objects.filter(action="followup.point.themes_set").count() == 1


def test_set_point_themes_refuses_a_point_of_another_place(point, other_place, convenor):
    prevention = Theme.objects.get(slug="prevention")
    with pytest.raises(tagging.ThemesRefused):
        tagging.set_point_themes(
            point=point, themes=[prevention], actor=convenor, place=other_place
        )
    assert _tagged(point) == []


def test_the_theme_page_saves_through_the_domain_function(
    point, held_event, place, convenor_client
):
    prevention = Theme.objects.get(slug="prevention")
    url = reverse("followup:point_theme", args=[place.slug, held_event.pk, point.pk])
    response = convenor_client.post(url, {"themes": [prevention.pk]})
    assert response.status_code == 302
    assert _tagged(point) == ["prevention"]
