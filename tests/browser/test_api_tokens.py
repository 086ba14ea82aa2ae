"""A convenor makes an API token with the keyboard only, at 1280 and 320 px, sees it once, uses
it, sees "last used", and revokes it; axe on each page, nothing scrolls sideways."""

import pytest
from django.test import Client

from joinedup.core.models import Role
from tests.browser.conftest import assert_accessible, sign_in
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.events.factories import EventFactory


def check_page(page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_a_convenor_makes_uses_and_revokes_a_token(page, width):
    place = PlaceFactory(name="Exeter", slug="exeter")
    EventFactory(place=place, title="Exeter spring day")
    user = UserFactory(email="carla@exeter.example", full_name="Carla Convenor")
    MembershipFactory(user=user, place=place, role=Role.CONVENOR)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "carla@exeter.example", "correct horse battery")

    page.goto("/p/exeter/")
    page.get_by_role("link", name="API tokens").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/p/exeter/api-tokens/")
    assert "You have no tokens in Exeter." in page.get_by_role("main").inner_text()
    check_page(page)

    # the error summary first, then a token
    page.get_by_role("button", name="Make a token").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Enter what the token is for" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_label("What is the token for?").focus()
    page.keyboard.type("Events feed")
    page.get_by_label("Read only").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Make a token").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    raw = page.locator("#new-token").inner_text().strip()
    assert len(raw) == 43
    assert "it is not shown again" in page.get_by_role("main").inner_text()
    check_page(page)

    response = Client().get("/api/v1/events", headers={"Authorization": f"Bearer {raw}"})
    assert [e["title"] for e in response.json()] == ["Exeter spring day"]

    page.goto("/p/exeter/api-tokens/")
    main = page.get_by_role("main").inner_text()
    assert raw not in main
    assert "Never" not in main  # it has been used
    check_page(page)

    page.get_by_role("button", name="Revoke Events feed").focus()
    page.keyboard.press("Enter")
    # the same address before and after: wait for the answer, not for the URL
    page.get_by_role("main").get_by_text("Revoked").first.wait_for()
    assert "Revoked" in page.get_by_role("main").inner_text()
    check_page(page)
    gone = Client().get("/api/v1/events", headers={"Authorization": f"Bearer {raw}"})
    assert gone.status_code == 401
