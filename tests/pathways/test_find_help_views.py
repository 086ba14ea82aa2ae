"""Find help for a person, through its pages: questions, DASH, the plan, sharing, counting."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.utils import timezone

from joinedup.core.models import Role
from joinedup.pathways.models import FindHelpUse
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.directory.factories import AddressFactory, LocationFactory, ServiceFactory, need
from tests.pathways.find_help_data import WEEKDAY_MORNING, make_ilford

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_areas():
    """find help remembers a place's areas; a new test's place may reuse an old id."""
    cache.clear()


@pytest.fixture
def ilford():
    return make_ilford(PlaceFactory(name="Ilford", slug="ilford"))


@pytest.fixture
def practitioner(client, ilford):
    user = UserFactory(email="pat@police.example")
    MembershipFactory(user=user, place=ilford.place, role=Role.PRACTITIONER)
    client.force_login(user)
    return user


@pytest.fixture
def weekday(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: WEEKDAY_MORNING)


def text(response) -> str:
    """The words of the page's main part, tags removed, entities read and spaces squeezed."""
    html = response.content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


URL = "/p/ilford/find-help/"


def test_find_help_start_page_opens_with_999_and_lists_needs(client, practitioner):
    response = client.get(URL)

    words = text(response)
    assert response.status_code == 200
    assert words.index("If someone is in immediate danger, call 999.") < words.index(
        "Find help for a person"
    )
    assert "Homelessness" in words and "School exclusion" in words
    assert '<option value="IG1">IG1</option>' in response.content.decode()


def test_find_help_without_a_need_says_select_one(client, practitioner):
    response = client.get(URL, {"area": "IG1"})

    assert response.status_code == 200
    assert "Select at least one need" in text(response)


def test_find_help_bad_age_and_area_say_what_is_wrong(client, practitioner):
    response = client.get(URL, {"needs": "homelessness", "age": "fifteen", "area": "ZZ9"})

    words = text(response)
    assert "Enter the age as a whole number, like 15" in words
    assert "Select an area from the list" in words


def test_find_help_questions_show_step_indicators_by_level(client, practitioner):
    response = client.get(
        URL, {"needs": ["homelessness", "school-exclusion"], "age": "12", "area": "IG1"}
    )

    words = text(response)
    assert "Level 2 Early help: which of these apply?" in words
    assert "Has a notice to leave, or may lose their home within 56 days" in words
    assert "Level 3 Complex: which of these apply?" in words
    assert "Missing school, or attendance below 90%" in words
    assert "DASH" not in words


def test_find_help_questions_for_domestic_abuse_ask_the_24_dash_questions(client, practitioner):
    response = client.get(URL, {"needs": "domestic-abuse"})

    html = response.content.decode()
    assert html.count('type="radio"') == 24 * 3
    assert "24. Has the abuser ever been in trouble with the police" in text(response)


def test_find_help_plan_for_eviction_and_school_orders_services_and_counts(
    client, practitioner, ilford, weekday
):
    response = client.post(
        URL,
        {
            "needs": ["homelessness", "school-exclusion"],
            "age": "12",
            "area": "IG1",
            "ind__homelessness__hl-2": ["hl-2:0"],
            "ind__school-exclusion__se-2": ["se-2:0"],
        },
    )

    words = text(response)
    assert response.status_code == 200
    assert "Level 2: Early help" in words
    # Open now and nearest first: Housing Options (IG1, open), then the prevention team (IG6,
    # open), then the evening advice (IG1, closed in the morning).
    housing = words.index("Housing Options")
    assert housing < words.index("Homeless Prevention Team") < words.index("Evening Housing Advice")
    assert "Referral form: Duty to refer form on the council website" in words
    assert "Within 72 hours: by Friday 4 December, 10:30" in words
    assert "Go to Housing Needs Duty Manager , phone 020 7946 0103" in words
    assert "Ask for consent." in words
    assert "The seven golden rules of information sharing" in words
    assert "Education Welfare Service" in words
    assert "Go to Children's Services Front Door" in words
    counts = sorted(FindHelpUse.objects.values_list("need__code", "level", "count"))
    assert counts == [("homelessness", 2, 1), ("school-exclusion", 2, 1)]


def test_find_help_plan_share_link_holds_needs_levels_and_area_only(client, practitioner, weekday):
    response = client.post(
        URL,
        {
            "needs": ["homelessness"],
            "age": "34",
            "area": "IG1",
            "ind__homelessness__hl-3": ["hl-3:0"],
        },
    )

    links = re.findall(r'href="(http[^"]*find-help/plan/[^"]*)"', response.content.decode())
    assert links == ["http://testserver/p/ilford/find-help/plan/?n=homelessness%3A3&amp;area=IG1"]


def test_find_help_age_outside_a_service_range_moves_it_down_and_says_so(
    client, practitioner, ilford
):
    # The Education Welfare Service takes ages 5 to 16.
    response = client.post(URL, {"needs": ["school-exclusion"], "age": "17"})

    assert "Check the age: Says it takes ages 5 to 16." in text(response)


def test_find_help_no_indicator_ticked_starts_at_the_first_level(client, practitioner):
    response = client.post(URL, {"needs": ["homelessness"]})

    words = text(response)
    assert "Level 2: Early help" in words
    assert "No indicator was ticked, so the plan starts at the pathway's first level (2)." in words


def test_find_help_dash_high_goes_to_marac_level(client, practitioner):
    answers = {f"dash__{n}": "yes" for n in range(1, 15)}
    response = client.post(URL, {"needs": ["domestic-abuse"], **answers})

    words = text(response)
    assert "Level 4: Acute" in words
    assert "DASH: High risk: refer to MARAC" in words
    assert "14 of 24 answered yes; 10 not known, counted as not yes." in words
    assert "MARAC referral form" in words
    assert "Consent not needed." in words
    # The inactive refuge line comes last, marked.
    assert words.index("Police Domestic Abuse Unit") < words.index("Redbridge Refuge Line")
    assert re.search(r"Redbridge Refuge Line , Organisation \d+ Inactive", words)


def test_find_help_dash_unanswered_counts_as_not_known_and_still_scores(client, practitioner):
    response = client.post(URL, {"needs": ["domestic-abuse"]})

    words = text(response)
    assert "DASH: Standard risk" in words
    assert "0 of 24 answered yes; 24 not known, counted as not yes." in words
    assert "Level 2: Early help" in words
    assert FindHelpUse.objects.get().level == 2


def test_find_help_dash_medium_with_three_incidents_refers_to_marac(client, practitioner):
    answers = {f"dash__{n}": "yes" for n in range(1, 11)} | {
        f"dash__{n}": "no" for n in range(11, 25)
    }
    response = client.post(URL, {"needs": ["domestic-abuse"], "dash_incidents": "3", **answers})

    words = text(response)
    assert "DASH: Medium risk: refer to MARAC" in words
    assert "Level 4: Acute" in words


def test_find_help_dash_judgement_makes_it_high(client, practitioner):
    response = client.post(
        URL, {"needs": ["domestic-abuse"], "dash_judgement": "on", "dash__1": "no"}
    )

    assert "DASH: High risk: refer to MARAC" in text(response)


def test_find_help_dash_bad_incident_count_says_so_and_counts_nothing(client, practitioner):
    response = client.post(URL, {"needs": ["domestic-abuse"], "dash_incidents": "-2"})

    assert "Enter a number of incidents of 0 or more" in text(response)
    assert FindHelpUse.objects.count() == 0


def test_find_help_need_without_pathway_says_so_and_lists_directory_services(
    client, practitioner, ilford
):
    ServiceFactory(place=ilford.place, name="Debt Advice Ilford", terms=[need("debt")])

    response = client.post(URL, {"needs": ["debt"]})

    words = text(response)
    assert "There is no published pathway for debt and money in Ilford yet" in words
    assert "Debt Advice Ilford" in words
    assert list(FindHelpUse.objects.values_list("need__code", "level")) == [("debt", 0)]


def test_find_help_shared_plan_shows_the_plan_without_counting(client, practitioner):
    response = client.get(
        "/p/ilford/find-help/plan/", {"n": ["homelessness:3", "debt:0"], "area": "IG1"}
    )

    words = text(response)
    assert response.status_code == 200
    assert "A shared plan: it holds the needs, levels and area only." in words
    assert "Rough Sleeping Outreach" in words
    assert "Within 4 hours" in words
    assert "There is no published pathway for debt and money" in words
    assert FindHelpUse.objects.count() == 0


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({}, "The link names no need: it should end like ?n=homelessness:2"),
        ({"n": "wizardry:2"}, "The link names a need this place does not have: “wizardry”."),
        (
            {"n": "homelessness:9"},
            "The link gives “9” as the level of Homelessness: a level is one of 1, 2, 3, 4.",
        ),
        (
            {"n": "homelessness:2", "area": "ZZ9"},
            "The link names an area this place does not list: “ZZ9”.",
        ),
    ],
)
def test_find_help_shared_plan_bad_link_is_400_saying_what(client, practitioner, query, problem):
    response = client.get("/p/ilford/find-help/plan/", query)

    assert response.status_code == 400
    assert problem in text(response)


def test_find_help_information_sharing_lists_seven_rules(client, practitioner):
    response = client.get("/p/ilford/find-help/information-sharing/")

    assert response.content.decode().count("<li>") == 7


def test_find_help_domestic_abuse_without_pathway_still_scores_dash(client, practitioner, ilford):
    ilford.versions["domestic-abuse"].pathway.delete()
    answers = {f"dash__{n}": "yes" for n in range(1, 15)}

    response = client.post(URL, {"needs": ["domestic-abuse"], **answers})

    words = text(response)
    assert "There is no published pathway for domestic abuse in Ilford yet" in words
    assert "DASH: High risk: refer to MARAC" in words


def test_find_help_areas_list_postcode_districts_in_order(client, practitioner, ilford):
    for postcode in ["IG10 1ZZ", "IG2 6ZZ", "ig3 8zz"]:
        AddressFactory(location=LocationFactory(place=ilford.place), postal_code=postcode)

    response = client.get(URL)

    options = re.findall(r'<option value="(IG[^"]*)"', response.content.decode())
    assert options == ["IG1", "IG2", "IG3", "IG6", "IG10"]
