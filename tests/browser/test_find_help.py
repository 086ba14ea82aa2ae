"""A practitioner finds help for a person with the keyboard only, at 1280 and 320 px, with axe
on every page: a family facing eviction with a child out of school, and domestic abuse scored
with DASH."""

import pytest
from django.core.cache import cache

from joinedup.core.models import Role
from joinedup.directory.taxonomies import ensure_taxonomies
from tests.browser.conftest import assert_accessible, sign_in
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.pathways.find_help_data import make_ilford

WIDTHS = [1280, 320]


def setup_ilford(page, width: int) -> None:
    ensure_taxonomies()
    cache.clear()  # find help remembers a place's areas; this place may reuse an old id
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    make_ilford(place)
    user = UserFactory(email="priya@school.example", full_name="Priya Practitioner")
    MembershipFactory(user=user, place=place, role=Role.PRACTITIONER)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "priya@school.example", "correct horse battery")


def check_page(page) -> None:
    """axe finds nothing and nothing scrolls sideways."""
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def tick(page, label: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


def press(page, button: str) -> None:
    page.get_by_role("button", name=button).focus()
    page.keyboard.press("Enter")


def open_find_help(page) -> None:
    page.goto("/p/ilford/")
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():  # narrow screens fold the navigation behind "Menu"
        menu.focus()
        page.keyboard.press("Enter")
    page.get_by_role("link", name="Find help", exact=True).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/p/ilford/find-help/")
    main = page.get_by_role("main")
    assert main.inner_text().startswith(
        "Warning\nIf someone is in immediate danger, call 999."
    ) or ("If someone is in immediate danger, call 999." in main.inner_text().splitlines()[0:3])
    check_page(page)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_practitioner_finds_help_for_family_facing_eviction_with_child_out_of_school(page, width):
    setup_ilford(page, width)
    open_find_help(page)

    tick(page, "Homelessness")
    tick(page, "School exclusion")
    page.get_by_label("Age (optional)").focus()
    page.keyboard.type("12")
    page.get_by_label("Area (optional)").focus()
    page.keyboard.type("IG1")
    press(page, "Continue")

    page.wait_for_url("**/find-help/?*")
    assert page.get_by_role("heading", level=1).inner_text() == "What applies to the person"
    check_page(page)
    tick(page, "Has a notice to leave, or may lose their home within 56 days")
    tick(page, "Missing school, or attendance below 90%")
    press(page, "Get the plan")

    page.wait_for_selector("h1:text('Plan to find help')")
    main = page.get_by_role("main").inner_text()
    assert "Level 2: Early help" in main
    for words in [
        "Housing Options",
        "Referral form: Duty to refer form on the council website",
        "Within 72 hours",
        "Go to Housing Needs Duty Manager, phone 020 7946 0103",
        "Education Welfare Service",
        "Referral form: Early help request form",
        "Within 48 hours",
        "Go to Children's Services Front Door",
        "Ask for consent.",
    ]:
        assert words in main, words
    check_page(page)
    share = page.locator(".jup-share-link a").get_attribute("href")
    assert share.endswith(
        "/p/ilford/find-help/plan/?n=homelessness%3A2&n=school-exclusion%3A2&area=IG1"
    )

    page.get_by_role("link", name="The seven golden rules of information sharing").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/find-help/information-sharing/")
    check_page(page)

    page.goto(share)
    assert (
        "A shared plan: it holds the needs, levels and area only."
        in page.get_by_role("main").inner_text()
    )
    check_page(page)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_practitioner_finds_help_for_domestic_abuse_scored_with_dash(page, width):
    setup_ilford(page, width)
    open_find_help(page)

    tick(page, "Domestic abuse")
    press(page, "Continue")

    page.wait_for_url("**/find-help/?*")
    check_page(page)
    for number in range(1, 16):  # 15 yes; the other 9 left unanswered: not known
        page.locator(f"#id_dash__{number}_0").focus()
        page.keyboard.press("Space")
    press(page, "Get the plan")

    page.wait_for_selector("h1:text('Plan to find help')")
    main = page.get_by_role("main").inner_text()
    for words in [
        "DASH: High risk: refer to MARAC",
        "15 of 24 answered yes; 9 not known, counted as not yes.",
        "Level 4: Acute",
        "MARAC Coordinator",
        "Police Domestic Abuse Unit",
        "Referral form: MARAC referral form",
        "Within 4 hours",
        "Go to Police Domestic Abuse Unit",
        "Consent not needed.",
        "At high risk you may share without consent to protect the person.",
    ]:
        assert words in main, words
    check_page(page)
