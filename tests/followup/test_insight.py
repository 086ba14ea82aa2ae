"""Insight: the pure analysis (no database), and the pages' place isolation and suppression."""

import pytest
from django.urls import reverse

from joinedup.followup import insight, insight_data
from joinedup.followup.insight import MomentCount, Observation, ThemeUse
from tests.casestudies.factories import CaseStudyFactory, TimelineEntryFactory
from tests.directory.factories import sector
from tests.events.factories import EventFactory
from tests.followup.factories import add_point, sheet_at


def obs(
    place="ilford",
    event=1,
    age=14,
    sector="Schools",
    how="crisis",
    n=1,
    period="",
    domain="education",
):
    return Observation(place, event, age, period, domain, sector, how, n)


@pytest.mark.parametrize(
    ("age", "period", "stage"),
    [
        (0, "", "Early years (0–4)"),
        (10, "", "Primary age (5–10)"),
        (11, "", "Secondary age (11–15)"),
        (24, "", "Young adult (16–24)"),
        (70, "", "Later life (65+)"),
        (None, "aged 14–15", "Secondary age (11–15)"),
        (None, "early childhood", "Early years (0–4)"),
        (None, "after retiring", "Later life (65+)"),
        (None, "", "Age not given"),
    ],
)
def test_life_stage(age, period, stage):
    assert insight.life_stage(age, period) == stage


def test_heatmap_counts_by_life_stage_and_sector():
    grid = insight.heatmap(
        [
            obs(age=14, sector="Schools", n=3),
            obs(age=15, sector="Police"),
            obs(age=4, sector="Schools", n=2),
            obs(age=30, sector=""),
        ]
    )
    assert grid.rows == ["Early years (0–4)", "Secondary age (11–15)", "Adult (25–64)"]
    assert grid.columns == ["Schools", "Police", "Sector not given"]
    assert grid.table() == [
        ("Early years (0–4)", [2, 0, 0]),
        ("Secondary age (11–15)", [3, 1, 0]),
        ("Adult (25–64)", [0, 0, 1]),
    ]
    assert (
        grid.total,
        grid.level("Secondary age (11–15)", "Schools"),
        grid.level("Adult (25–64)", "Police"),
    ) == (7, 5, 0)


def test_prevention_versus_crisis_share():
    share = insight.how_early_share(
        [obs(how="prevention", n=3), obs(how="crisis", n=1), obs(how="", n=6)]
    )
    assert share.counts == {"prevention": 3, "early_help": 0, "crisis": 1, "": 6}
    assert (share.shares["prevention"], share.shares["crisis"], share.total) == (0.75, 0.25, 10)


def test_most_named_moments_first():
    moments = [
        MomentCount("ilford", 1, 1, "Kai", "aged 9", "A", 2),
        MomentCount("ilford", 2, 1, "Kai", "aged 14", "B", 7),
        MomentCount("ilford", 3, 2, "Amira", "aged 28", "C", 2),
        MomentCount("ilford", 4, 2, "Amira", "aged 30", "D", 0),
    ]
    assert [m.what_happened for m in insight.most_named_moments(moments, limit=3)] == [
        "B",
        "C",
        "A",
    ]


def test_recurring_themes_rank_by_events_then_times():
    uses = [
        ThemeUse("ilford", 1, "Information sharing", 1),
        ThemeUse("ilford", 2, "Information sharing", 1),
        ThemeUse("exeter", 9, "Prevention", 5),
    ]
    assert insight.recurring_themes(uses) == [("Information sharing", 2, 2), ("Prevention", 5, 1)]


def test_across_places_withholds_counts_under_five():
    observations = [
        obs(place="ilford", sector="Schools", n=12),
        obs(place="ilford", sector="Police", n=3),
        obs(place="exeter", sector="Schools", n=6, event=7),
        obs(place="manchester", sector="Police", n=2, event=8, how="prevention"),
    ]
    result = insight.across_places(
        observations,
        [ThemeUse("ilford", 1, "Prevention", 4), ThemeUse("exeter", 7, "Information sharing", 9)],
    )
    assert result.places == [("exeter", 6, 1), ("ilford", 15, 1), ("manchester", None, 1)]
    assert result.heatmap.table() == [("Secondary age (11–15)", [18, 5])]
    # prevention (2) is withheld, so crisis goes too: the total would otherwise give it away
    assert result.how_early.counts == {"prevention": None, "early_help": 0, "crisis": None, "": 0}
    assert result.themes == [("Information sharing", 9, 1)]
    assert result.moments == [("Secondary age (11–15)", "education", 23)]


def test_a_lone_withheld_count_takes_the_next_smallest_with_it():
    result = insight.across_places(
        [obs(sector="Schools", n=40), obs(sector="Police", n=7), obs(sector="Fire", n=2)], []
    )
    # Police (7) is withheld too, so the total (49) cannot give Fire away.
    assert result.heatmap.table() == [("Secondary age (11–15)", [40, None, None])]
    assert result.heatmap.withheld == 2


def test_across_places_never_carries_case_study_text():
    result = insight.across_places([obs(n=9, period="the night Kai left home")], [])
    assert "Kai" not in repr(result)


# --- with the database -----------------------------------------------------------------------


@pytest.fixture
def two_places(place, other_place, held_event, study):
    """Points in this place's event and in another place's."""
    entry = study.entries.get(age_years=14)
    capture = sheet_at(held_event, study)
    for _ in range(6):
        add_point(capture, entry=entry, sector=sector("schools"), how_early="prevention")
    other_event = EventFactory(place=other_place)
    other_story = CaseStudyFactory(place=other_place, title="Secret Exeter story", state="approved")
    other_entry = TimelineEntryFactory(
        case_study=other_story, age_years=40, what_happened="Bea lost her flat in Exeter"
    )
    other_capture = sheet_at(other_event, other_story)
    for _ in range(3):
        add_point(other_capture, entry=other_entry, sector=sector("police"), how_early="crisis")
    return entry, other_entry


def test_place_observations_and_moments_stay_in_their_place(place, two_places):
    observations = insight_data.observations(places=[place])
    timing = insight_data.timing(places=[place])
    moments = insight_data.moments(place)
    assert {o.place for o in observations + timing} == {"ilford"}
    assert insight.total(observations) == insight.total(timing) == 6
    assert insight.how_early_share(timing).counts["prevention"] == 6
    assert [(m.case_study, m.count) for m in moments] == [("Kai's story", 6)]


def test_place_insight_page_shows_only_its_place(
    client, place, make_member, two_places, django_assert_max_num_queries
):
    client.force_login(make_member(place, "strategist"))
    with django_assert_max_num_queries(25):
        page = client.get(reverse("followup:insight", args=[place.slug])).content.decode()
    assert "Kai&#x27;s story, aged 14" in page
    assert "Secret Exeter story" not in page and "Bea lost her flat" not in page
    assert "Police" not in page


def test_across_places_page_is_aggregates_with_small_counts_withheld(
    client, place, make_member, two_places, django_assert_max_num_queries
):
    client.force_login(make_member(place, "strategist"))
    with django_assert_max_num_queries(20):
        page = client.get(reverse("followup:insight_across", args=[place.slug])).content.decode()
    assert (
        "Secret Exeter story" not in page and "Bea lost her flat" not in page and "Kai" not in page
    )
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric">fewer than 5</td>' in page
    )  # Exeter's 3
    assert "&lt;5" in page  # withheld heatmap cells


def test_across_places_is_for_strategists(client, place, make_member):
    client.force_login(make_member(place, "convenor"))
    assert client.get(reverse("followup:insight_across", args=[place.slug])).status_code == 403


def test_cached_insight_follows_new_points(place, held_event, study):
    capture = sheet_at(held_event, study)
    add_point(capture, how_early="crisis")
    first = insight.total(insight_data.for_place(place)[1])
    add_point(capture, how_early="crisis")
    assert (first, insight.total(insight_data.for_place(place)[1])) == (1, 2)
