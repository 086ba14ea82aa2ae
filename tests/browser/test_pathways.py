"""Pathways in a real browser, keyboard only: a convenor reads the alignment check, turns a
finding into an action, fixes the pathway in the draft editor (with a mistake first) and
publishes it. axe on every page, and no sideways scroll at 320 px."""

import re

from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.followup.models import Action
from joinedup.pathways import services as pathways
from joinedup.pathways.models import PathwayVersion
from tests.browser.conftest import assert_accessible, sign_in
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.directory.factories import ContactFactory, ServiceFactory, need
from tests.events.factories import EventFactory

PASSWORD = "correct horse battery"


def _arrange():
    ensure_taxonomies()
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    convenor = UserFactory(email="carla@council.example", full_name="Carla Convenor")
    MembershipFactory(user=convenor, place=place, role="convenor")
    early_help = ServiceFactory(
        place=place, name="Early Help Family Support", terms=[need("child-at-risk")]
    )
    ContactFactory(service=early_help, name="Ada Mensah")
    mash = ServiceFactory(place=place, name="Multi-Agency Safeguarding Hub")
    ContactFactory(service=mash, name="Ben Okoro")
    closed = ServiceFactory(
        place=place,
        name="Family Group Conferencing",
        status="inactive",
        terms=[need("child-at-risk")],
    )
    pathways.set_threshold(service=early_help, need=need("child-at-risk"), levels=[2], actor=None)
    pathways.set_threshold(service=mash, need=need("child-at-risk"), levels=[3, 4], actor=None)
    pathway = pathways.create_pathway(
        place=place, need=need("child-at-risk"), title="A child may be at risk", actor=None
    )
    pathways.save_step(
        version=pathway.draft,
        actor=None,
        code="car-2",
        fields=pathways.StepFields(
            level=2,
            indicators=["School attendance falling"],
            services=[closed],
            response_hours=72,
            escalate_to=mash,
        ),
    )
    pathways.publish(version=pathway.draft, actor=None)
    EventFactory(place=place, title="Ilford multi-agency day")
    return place, pathway


def _no_sideways_scroll_at_320(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.set_viewport_size({"width": 1100, "height": 900})


def _press_focused(page, locator, key="Enter") -> None:
    locator.focus()
    page.keyboard.press(key)


def test_convenor_checks_acts_on_a_finding_edits_and_publishes(page):
    place, pathway = _arrange()
    sign_in(page, "carla@council.example", PASSWORD)

    page.goto("/p/ilford/pathways/check/")
    assert page.get_by_role("heading", level=1).inner_text() == "Alignment check"
    assert page.get_by_text(
        "Family Group Conferencing is named at level 2 of “A child may be at risk”, but the "
        "directory marks it inactive."
    ).is_visible()
    assert_accessible(page)
    _no_sideways_scroll_at_320(page)

    button = page.get_by_role(
        "button",
        name=re.compile(r"^Make this an action for the next multi-agency day\s+\(finding 1\)$"),
    )
    _press_focused(page, button)
    page.wait_for_url("**/outputs/actions/*/")
    action = Action.objects.get(place=place)
    assert action.event.title == "Ilford multi-agency day"

    page.goto(f"/p/ilford/pathways/{pathway.pk}/draft/")
    assert_accessible(page)
    _press_focused(page, page.get_by_role("button", name="Start a new draft"))
    page.wait_for_selector("text=Add a step")
    assert_accessible(page)
    _press_focused(page, page.get_by_role("link", name="Change the step at level 2"))
    page.wait_for_url("**/draft/steps/*/")
    assert_accessible(page)

    # A mistake first: the reply due in words.
    hours = page.get_by_label("Reply due within (hours)")
    hours.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("three days")
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-error-summary")
    assert page.get_by_role("link", name="Enter the reply due as a whole number of hours, like 24")
    assert_accessible(page)

    # Swap the closed service for early help, and fix the hours.
    closed_box = page.get_by_label("Family Group Conferencing")
    early_box = page.get_by_label("Early Help Family Support")
    assert (closed_box.is_checked(), early_box.is_checked()) == (True, False)
    _press_focused(page, closed_box, "Space")
    _press_focused(page, early_box, "Space")
    assert (closed_box.is_checked(), early_box.is_checked()) == (False, True)
    hours.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("72")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{pathway.pk}/draft/#step-car-2")
    assert page.get_by_text("Step at level 2 saved").is_visible()
    _no_sideways_scroll_at_320(page)

    _press_focused(page, page.get_by_role("link", name="Publish this draft"))
    page.wait_for_url("**/publish/")
    assert_accessible(page)
    page.get_by_label("What changed").focus()
    page.keyboard.type("Early help responds instead of the closed conferencing team")
    _press_focused(page, page.get_by_role("button", name="Publish"))
    page.wait_for_url(f"**/pathways/{pathway.pk}/")
    assert page.get_by_text("Version 2 of A child may be at risk is published").is_visible()
    assert_accessible(page)
    _no_sideways_scroll_at_320(page)

    assert pathway.versions.get(status=PathwayVersion.Status.PUBLISHED).number == 2
    page.goto("/p/ilford/pathways/check/")
    assert page.get_by_text("No findings").is_visible()
    assert_accessible(page)
