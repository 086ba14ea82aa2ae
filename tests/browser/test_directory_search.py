"""Searching the directory in people's words, and a convenor adding words people search
for, in the browser: keyboard only, axe on every page, at 1100 and 320 px."""

import re

import pytest

from joinedup.core.models import Role
from joinedup.directory.taxonomies import ensure_taxonomies
from tests.browser.conftest import assert_accessible, sign_in
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.directory.factories import ServiceFactory


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
def test_convenor_searches_in_everyday_words_and_adds_one(page):
    ensure_taxonomies()
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    convenor = UserFactory(email="carla@council.example", full_name="Carla Convenor")
    MembershipFactory(user=convenor, place=place, role=Role.CONVENOR)
    ServiceFactory(
        place=place,
        name="Independent Domestic Violence Advisers",
        description="Advocates for victims of domestic abuse at high risk.",
    )
    ServiceFactory(place=place, name="Haven Refuge", description="Safe rooms for women.")
    ServiceFactory(place=place, name="Library", description="Books and computers.")
    sign_in(page, "carla@council.example", "correct horse battery")

    page.goto("/p/ilford/directory/")
    page.get_by_label("Search services").focus()
    page.keyboard.type("DV")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=DV"))
    main = page.get_by_role("main")
    assert main.get_by_role("heading", name="1 service found").count() == 1
    assert "Also searched for domestic violence, domestic abuse (for “dv”)" in main.inner_text()
    assert_accessible(page)

    page.goto("/p/ilford/directory/search-words/")
    assert_accessible(page)
    page.get_by_role("link", name="Add words people search for").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search-words/new/$"))
    page.get_by_label("What people type").focus()
    page.keyboard.type("sanctuary")
    page.keyboard.press("Tab")
    page.keyboard.type("refuge")
    page.get_by_role("button", name="Add").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search-words/$"))
    assert "Search now reads sanctuary as refuge" in page.get_by_role("main").inner_text()
    assert_accessible(page)

    page.goto("/p/ilford/directory/?q=sanctuary")
    assert page.get_by_role("main").get_by_role("link", name="Haven Refuge").count() == 1

    page.set_viewport_size({"width": 320, "height": 800})
    for path in ["/p/ilford/directory/search-words/", "/p/ilford/directory/search-words/new/"]:
        page.goto(path)
        assert no_sideways_scroll(page), path
        assert_accessible(page)
