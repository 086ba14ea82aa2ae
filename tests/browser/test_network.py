"""The network in a real browser: the map draws under the CSP, the table carries its figures
and sorts from the keyboard, filters work, the event shows what its day changed; axe on every
page, keyboard only, and nothing scrolls sideways at 320 px."""

import datetime

from django.utils import timezone

from joinedup.directory.models import Service
from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events.models import Event
from tests.browser.conftest import assert_accessible, sign_in
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.directory.factories import AttributeFactory, ContactFactory, need
from tests.events.factories import EventFactory, InvitationFactory
from tests.network.factories import DeclaredTieFactory, team

PASSWORD = "correct horse battery"
DAY = datetime.date(2026, 3, 12)


def _arrange():
    ensure_taxonomies()
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    convenor = UserFactory(email="carla@council.example", full_name="Carla Convenor")
    MembershipFactory(user=convenor, place=place, role="convenor")
    housing = team(place, "Housing Options", "housing")
    tenancy = team(place, "Tenancy Sustainment", "housing")
    police = team(place, "Neighbourhood Police", "police")
    dwp = team(place, "DWP Strategy", "dwp")
    team(place, "Fire Safety", "fire")
    before = DAY - datetime.timedelta(days=40)
    DeclaredTieFactory(team=housing, works_with=tenancy, declared_on=before)
    DeclaredTieFactory(team=tenancy, works_with=police, declared_on=before)
    event = EventFactory(
        place=place, title="Ilford joined-up day", date=DAY, status=Event.Status.HELD
    )
    for service in (housing, police, dwp):
        contact = ContactFactory(service=service)
        InvitationFactory(
            event=event, contact=contact, email=contact.email, checked_in_at=timezone.now()
        )
    return event


def _fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_network_map_and_table_with_the_keyboard(page):
    _arrange()
    sign_in(page, "carla@council.example", PASSWORD)

    page.goto("/p/ilford/network/")
    page.wait_for_selector("#network-map canvas", state="attached")
    status = page.locator("#network-map-status")
    assert status.inner_text() == "Map drawn: 5 teams and 5 tied pairs."
    assert status.get_attribute("role") == "status"
    assert_accessible(page)
    teams = page.locator("table").first
    assert teams.locator("tbody tr").count() == 5
    assert "Tenancy Sustainment" in teams.inner_text()
    assert page.locator("table").nth(1).locator("tbody tr").count() == 5  # 2 declared + 3 met

    # sorting is a link per header, answered by the server over every page of the table
    teams.get_by_role("link", name="Ties (sort by this column)").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/network/?teams_sort=ties#teams-caption")
    teams = page.locator("table").first
    assert teams.locator("thead th").nth(3).get_attribute("aria-sort") == "ascending"
    teams.get_by_role("link", name="Ties (sorted ascending: reverse the order)").focus()
    page.keyboard.press("Enter")  # again: most ties first
    page.wait_for_url("**/network/?teams_sort=-ties#teams-caption")
    teams = page.locator("table").first
    assert teams.locator("thead th").nth(3).get_attribute("aria-sort") == "descending"
    first = teams.locator("tbody tr").first.locator("th").inner_text()
    assert first in {"Housing Options", "Neighbourhood Police"}  # 3 ties each
    assert_accessible(page)

    page.get_by_label("Said they work together").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Show these ties").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/network/?*kind=declared*")
    assert page.locator("table").nth(1).locator("tbody tr").count() == 2
    page.get_by_text("Map drawn: 5 teams and 2 tied pairs.").wait_for()  # the map's filters too
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/p/ilford/network/")
    page.wait_for_selector("#network-map canvas", state="attached")
    assert _fits(page, 320)
    assert_accessible(page)


def test_network_map_that_cannot_load_says_so(page):
    _arrange()
    sign_in(page, "carla@council.example", PASSWORD)
    page.route("**/network/map.json*", lambda route: route.fulfill(status=500, body="{}"))

    page.goto("/p/ilford/network/")
    status = page.locator("#network-map-status")
    page.get_by_text("The map could not be loaded.").wait_for()

    assert status.inner_text() == (
        "The map could not be loaded. The tables below carry every figure it shows."
    )
    assert page.locator("#network-map").is_hidden()
    assert page.locator("table").first.locator("tbody tr").count() == 5
    assert_accessible(page)


def test_event_page_shows_what_the_day_changed(page):
    event = _arrange()
    sign_in(page, "carla@council.example", PASSWORD)

    page.goto(f"/p/ilford/events/{event.pk}/")
    section = page.get_by_role("heading", name="What this day changed")
    assert section.is_visible()
    main = page.locator("main")
    assert "Tenancy Sustainment" in main.inner_text()  # was the only bridge housing–police
    page.locator("summary", has_text="Show the 3 pairs of teams").focus()
    page.keyboard.press("Enter")
    assert "DWP Strategy and Housing Options" in main.inner_text()
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert _fits(page, 320)
    assert_accessible(page)


def test_suggested_introductions_and_digest_choice_with_the_keyboard(page):
    _arrange()
    fire = Service.objects.get(name="Fire Safety")
    housing = Service.objects.get(name="Housing Options")
    for service in (fire, housing):
        AttributeFactory(service=service, taxonomy_term=need("fire-risk"))
    sign_in(page, "carla@council.example", PASSWORD)

    page.goto("/p/ilford/network/")
    page.get_by_role("link", name="See the suggested introductions").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/network/introductions/")
    assert page.get_by_role("heading", name="Suggested introductions", level=1).is_visible()
    region = page.get_by_role("region", name="Introduce these teams (1)")
    assert region.locator("tbody tr").all_inner_texts() == [
        "Fire Safety\tHousing Options\tBoth serve fire risk"
    ]
    assert_accessible(page)
    page.get_by_role("link", name="Network of ties").focus()  # the back link
    page.keyboard.press("Enter")
    page.wait_for_url("**/network/")

    page.get_by_role("link", name="Monthly digest by email").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/network/digest/")
    assert_accessible(page)
    page.get_by_label("Yes, send me the digest each month").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    # the saved page, after the redirect (wait_for_load_state could answer for the old one)
    page.get_by_text("You will get the monthly digest").first.wait_for()
    assert "You will get the monthly digest" in page.locator("body").inner_text()
    assert page.get_by_label("Yes, send me the digest each month").is_checked()
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    for url in (
        "/p/ilford/network/",
        "/p/ilford/network/introductions/",
        "/p/ilford/network/digest/",
    ):
        page.goto(url)
        assert _fits(page, 320)
        assert_accessible(page)
