"""A practitioner refers from a find-help plan, the receiver accepts on a 375 px phone, and the
practitioner sees the answer; keyboard only, axe on every page, nothing scrolls sideways."""

import pytest
from django.core.cache import cache

from joinedup.core.models import Role
from joinedup.directory.taxonomies import ensure_taxonomies
from tests.browser.conftest import assert_accessible, sign_in
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.directory.factories import ServiceFactory
from tests.referrals.factories import joinedup_step, receiver_for


def check_page(page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def press(page, button: str) -> None:
    page.get_by_role("button", name=button).focus()
    page.keyboard.press("Enter")


def follow(page, link: str) -> None:
    page.get_by_role("link", name=link).first.focus()
    page.keyboard.press("Enter")


def type_into(page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def choose(page, label: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


@pytest.fixture
def ilford(transactional_db):
    ensure_taxonomies()
    cache.clear()
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    team = ServiceFactory(place=place, name="Ilford Early Help", email="eh@redbridge.example")
    joinedup_step(place=place, services=[team], level=2, hours=72)
    practitioner = UserFactory(email="priya@school.example", full_name="Priya Practitioner")
    MembershipFactory(user=practitioner, place=place, role=Role.PRACTITIONER)
    receiver = UserFactory(email="femi@redbridge.example", full_name="Femi Receiver")
    MembershipFactory(user=receiver, place=place, role=Role.RECEIVER)
    receiver_for(user=receiver, service=team)
    return place


@pytest.mark.browser
def test_refer_from_a_plan_accept_on_a_phone_and_see_the_answer(browser, live_server, page, ilford):
    sign_in(page, "priya@school.example", "correct horse battery")
    page.goto("/p/ilford/find-help/")
    choose(page, "Child at risk")
    press(page, "Continue")
    page.wait_for_url("**/find-help/?*")
    choose(page, "School attendance falling")
    press(page, "Get the plan")
    page.wait_for_selector("h1:text('Plan to find help')")
    check_page(page)

    follow(page, "Refer to Ilford Early Help in Joinedup")
    page.wait_for_selector("h1:text('Refer a person to Ilford Early Help')")
    check_page(page)
    type_into(page, "The person's name", "Robin Example")
    type_into(page, "How to contact the person", "07700 900555")
    type_into(page, "Why you are referring", "Attendance 70% since September.")
    choose(page, "Asked, and the person agreed")
    type_into(page, "Your phone or email", "020 7946 0555")
    press(page, "Send referral")
    page.wait_for_selector("h1:text('Referral R-')")
    main = page.get_by_role("main").inner_text()
    assert "Sent" in main and "Robin Example" in main
    reference = page.get_by_role("heading", level=1).inner_text().removeprefix("Referral ")
    check_page(page)

    phone = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
    )
    receiver = phone.new_page()
    receiver.set_default_timeout(15_000)
    try:
        sign_in(receiver, "femi@redbridge.example", "correct horse battery")
        receiver.goto("/p/ilford/referrals/inbox/")
        assert "New (1)" in receiver.get_by_role("main").inner_text()
        check_page(receiver)
        follow(receiver, reference)
        receiver.wait_for_selector(f"h1:text('Referral {reference}')")
        assert "Robin Example" in receiver.get_by_role("main").inner_text()
        check_page(receiver)
        press(receiver, "Accept referral")
        receiver.wait_for_selector("text=Close the loop")
        assert "Accepted" in receiver.get_by_role("main").inner_text()
        check_page(receiver)
    finally:
        phone.close()

    page.goto("/p/ilford/referrals/")
    main = page.get_by_role("main").inner_text()
    assert reference in main and "Accepted" in main
    check_page(page)
    # the narrowest phone too: the list and the figures fit in 320 px
    page.set_viewport_size({"width": 320, "height": 800})
    check_page(page)
    page.goto("/p/ilford/referrals/figures/")
    check_page(page)
