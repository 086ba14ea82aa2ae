"""The Exeter convenor starts Exeter from Ilford's pathways and event set-up, with the keyboard
only, at 1280 and 320 px, axe on every page: choose Ilford, choose what, check the preview,
copy, open the copied event and the copied pathway's draft."""

import pytest

from joinedup.core.models import Role
from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events.models import Event
from tests.browser.conftest import assert_accessible, sign_in
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.directory.factories import ServiceFactory
from tests.followup.copy_data import make_source

WIDTHS = [1280, 320]


def check_page(page) -> None:
    """axe finds nothing and nothing scrolls sideways."""
    assert_accessible(page)
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + '.' + e.className)
            .slice(0, 8)"""
    )
    assert wide == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def choose(page, label: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


def press(page, button: str) -> None:
    page.get_by_role("button", name=button).focus()
    page.keyboard.press("Enter")


def follow(page, link: str) -> None:
    page.get_by_role("link", name=link).first.focus()
    page.keyboard.press("Enter")


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_exeter_starts_from_ilfords_pathways_and_event(page, width):
    ensure_taxonomies()
    ilford = PlaceFactory(name="Ilford (Redbridge)", slug="ilford", shares_approach=True)
    exeter = PlaceFactory(name="Exeter", slug="exeter")
    convenor = UserFactory(email="exeter.convenor@joinedup.example", full_name="Morwenna Hext")
    MembershipFactory(user=convenor, place=exeter, role=Role.CONVENOR)
    make_source(ilford, convenor)
    ServiceFactory(place=exeter, name="Early Help Hub")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "exeter.convenor@joinedup.example", "correct horse battery")

    page.goto("/p/exeter/events/")
    follow(page, "Start from another place's event set-up")
    page.wait_for_url("**/p/exeter/start-from/")
    check_page(page)
    choose(page, "Ilford (Redbridge)")
    press(page, "Continue")
    page.wait_for_url("**/p/exeter/start-from/ilford/")
    check_page(page)
    choose(page, "Levels of need and pathways")
    choose(page, "Event set-ups")
    choose(page, "Joining up around children (20 November 2026)")
    press(page, "See what will be copied")
    page.wait_for_url("**/start-from/ilford/preview/**")
    main = page.get_by_role("main").inner_text()
    assert "Pathways (as drafts to check and publish): 1" in main
    assert "Events (as drafts, with their agenda): 1" in main
    assert "Services you will need to map" in main
    check_page(page)
    press(page, "Copy into Exeter")
    page.wait_for_url("**/start-from/copies/**")
    assert "Copied from Ilford (Redbridge)" in page.get_by_role("main").inner_text()
    check_page(page)

    follow(page, "Joining up around children")
    event = Event.objects.get(place=exeter)
    page.wait_for_url(f"**/p/exeter/events/{event.pk}/")
    assert "Started from Ilford (Redbridge)'s event, " in page.get_by_role("main").inner_text()
    check_page(page)

    page.go_back()
    follow(page, "A child may be at risk")
    page.wait_for_url("**/p/exeter/pathways/*/")
    assert "Started from Ilford (Redbridge)'s pathway, " in page.get_by_role("main").inner_text()
    check_page(page)
