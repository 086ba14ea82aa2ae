"""find_services(): the directory found in people's own words, in the Ilford demo and in
small directories, on SQLite and PostgreSQL alike (the same tests run on both)."""

import pytest

from joinedup.core.demo import load_demo
from joinedup.directory.search import find_services, search_services
from tests.directory.factories import need

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module and leave it for each test."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo = load_demo()
            yield demo
            transaction.set_rollback(True)


def found(place, text, n=20, **filters) -> list[str]:
    return [s.name for s in find_services(place=place, text=text, limit=n, **filters).services]


def test_family_facing_eviction_finds_housing_help_for_families_first(demo):
    names = found(demo.places["ilford"], "family facing eviction")
    assert names[0] == "Temporary Accommodation and Family Placements"
    # the pathways demo adds the Housing Options emergency line: housing teams fill the top five
    assert {
        "Tenancy Sustainment Team",
        "Housing Options Emergency Duty Line",
        "Housing Options and Homelessness Prevention",
    } <= set(names[:5])


def test_dv_finds_the_domestic_abuse_services(demo):
    names = found(demo.places["ilford"], "DV")
    assert set(names[:3]) == {
        "Domestic Abuse Investigation Unit",
        "Domestic Abuse and MARAC Coordination",
        "Independent Domestic Violence Advisers (IDVA)",
    }
    assert "Safe Haven Refuge" in names[:6]


def test_young_person_at_risk_of_exploitation_finds_the_exploitation_team(demo):
    names = found(demo.places["ilford"], "young person at risk of exploitation")
    assert names[0] == "Contextual Safeguarding and Exploitation Team"
    assert "Youth Justice Service" in names[:3]


def test_camhs_finds_the_child_mental_health_service_only(demo):
    result = find_services(place=demo.places["ilford"], text="CAMHS")
    assert [s.name for s in result.services] == [
        "Child and Adolescent Mental Health Service (CAMHS)"
    ]
    assert result.total == 1


def test_county_lines_finds_the_exploitation_and_violence_teams(demo):
    names = found(demo.places["ilford"], "county lines")
    assert set(names[:2]) == {
        "Contextual Safeguarding and Exploitation Team",
        "Violence Suppression Unit",
    }


def test_rough_sleeping_finds_the_outreach_team_first(demo):
    names = found(demo.places["ilford"], "rough sleeping")
    assert names[0] == "Rough Sleeping Outreach"
    assert "Homelessness and Rough Sleeping Strategy" in names[:3]


def test_child_out_of_school_finds_attendance_first(demo):
    names = found(demo.places["ilford"], "child out of school")
    assert names[0] == "School Inclusion and Attendance"
    assert "Alternative Provision and Pupil Referral Unit" in names[:8]


def test_everyday_phrases_found_nothing_by_every_word(demo):
    """Why find_services exists: the word-for-word search finds none of these."""
    ilford = demo.places["ilford"]
    phrases = ["DV", "young person at risk of exploitation", "rough sleeper"]
    assert [search_services(place=ilford, text=p).total for p in phrases] == [0, 0, 0]
    assert [find_services(place=ilford, text=p).total > 0 for p in phrases] == [True] * 3


def test_find_services_says_what_else_it_searched_for(demo):
    result = find_services(place=demo.places["ilford"], text="DV")
    assert result.expansions == [("dv", ("domestic violence", "domestic abuse"))]


def test_find_services_stays_in_its_place(demo):
    names = found(demo.places["exeter"], "DV")
    assert set(names[:2]) == {"Domestic Abuse Safeguarding Unit", "Domestic Abuse Advocacy (IDVA)"}
    ilford_only = {"Domestic Abuse Investigation Unit", "Safe Haven Refuge"}
    assert ilford_only.isdisjoint(names)


def test_find_services_narrows_to_any_of_the_needs(demo):
    names = found(
        demo.places["ilford"],
        "young people",
        needs=[need("substance-misuse"), need("mental-health-crisis")],
    )
    assert set(names) == {
        "Young People's Substance Misuse Service",
        "Child and Adolescent Mental Health Service (CAMHS)",
    }


def test_find_services_with_only_stop_words_lists_by_name(demo):
    ilford = demo.places["ilford"]
    result = find_services(place=ilford, text="who can help", limit=3)
    assert [s.name for s in result.services] == [
        "Adult Drug and Alcohol Treatment",
        "Adult Safeguarding Team",
        "Adult Social Care Front Door",
    ]
    assert result.total == find_services(place=ilford).total


def test_find_services_pages_without_repeats(demo):
    ilford = demo.places["ilford"]
    whole = find_services(place=ilford, text="young person at risk of exploitation", limit=100)
    pages = [
        find_services(
            place=ilford, text="young person at risk of exploitation", limit=5, offset=n
        ).services
        for n in range(0, whole.total, 5)
    ]
    assert [s for page in pages for s in page] == whole.services
