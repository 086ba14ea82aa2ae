"""A convenor plans the café tables, re-plans after two no-shows and a walk-in, and prints
cards; axe-core checks every page on the way."""

import io
import re

import pdfplumber

from joinedup.cafe.app_planning import person_id
from joinedup.cafe.domain.plans import current_plan
from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events.models import Invitation
from tests.browser.conftest import assert_accessible, sign_in
from tests.cafe.permissions import make_cafe
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory

PASSWORD = "correct horse battery"


def _result(page) -> None:
    """On the progress page: wait for the result link, check the page, follow the link."""
    link = page.get_by_role("link", name="See the result")
    link.wait_for(state="visible")
    assert_accessible(page)
    link.click()


def test_convenor_plans_replans_on_the_day_and_prints_cards(page):
    ensure_taxonomies()
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    convenor = UserFactory(email="carla@council.example", full_name="Carla Convenor")
    MembershipFactory(user=convenor, place=place, role="convenor")
    cafe = make_cafe(place, tables=4, rounds=3, people=14, seats=5)
    base = f"/p/ilford/cafe/{cafe.event.pk}/"

    sign_in(page, convenor.email, PASSWORD)
    page.goto(base)
    assert page.get_by_role("heading", level=1).inner_text() == "Café tables"
    assert page.get_by_role("cell", name="Story 1").is_visible()
    assert_accessible(page)

    # Plan: a form, then a job with progress, then the plan with its measures and grid.
    page.get_by_role("link", name="Plan tables").click()
    assert_accessible(page)
    page.get_by_label("Time to look for a better plan, in seconds").fill("0.5")
    page.get_by_role("button", name="Plan tables").click()
    page.wait_for_url(re.compile(r"/jobs/"))
    _result(page)
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    first = current_plan(cafe.event)
    assert page.get_by_role("heading", name="How good the plan is").is_visible()
    assert (
        page.get_by_text("meets the same person twice").count()
        + page.get_by_text("meet someone twice").count()
        == 1
    )
    grid = page.get_by_role("table", name=re.compile("Who sits where"))
    assert grid.get_by_role("columnheader").count() == 4
    assert grid.get_by_role("rowheader").count() == 4
    region = page.get_by_role("region", name=re.compile("Who sits where"))
    region.focus()
    assert region.evaluate("el => el === document.activeElement")
    assert_accessible(page)

    # On the day: two people do not come, one walks in.
    page.goto(f"{base}room/")
    assert_accessible(page)
    page.get_by_label("Person 01").check()
    page.get_by_label("Person 02").check()
    page.get_by_role("button", name="Mark as not coming").click()
    assert page.get_by_text("Marked 2 people as not coming").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a walk-in").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Wendy Walkin")
    page.get_by_label("Email address").fill("wendy@council.example")
    page.get_by_role("button", name="Add and check in").click()
    page.wait_for_url(re.compile(r"/check-in/"))
    assert Invitation.objects.get(email="wendy@council.example").walk_in

    # Re-plan, keeping round 1 as printed on the cards.
    page.goto(f"{base}re-plan/")
    assert_accessible(page)
    page.get_by_label(re.compile("^Round 1")).check()
    page.get_by_label("Time to look for a better plan, in seconds").fill("0.5")
    page.get_by_role("button", name="Re-plan").click()
    page.wait_for_url(re.compile(r"/jobs/"))
    _result(page)
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    second = current_plan(cafe.event)
    assert second.pk != first.pk
    summary = page.locator("#replan-summary").inner_text()
    assert "keeping the seats of round 1" in summary
    assert re.search(r"\d+ (person's itinerary|people's itineraries) changed", summary)
    assert (
        page.get_by_role("table", name=re.compile("Who sits where"))
        .get_by_text("Wendy Walkin")
        .count()
        == 3
    )
    assert_accessible(page)
    for pid, row in first.assignments.items():
        if pid in second.assignments:
            assert second.assignments[pid][0] == row[0]

    # Print: the cards on screen, then the PDF.
    page.get_by_role("link", name="Cards on screen").click()
    assert page.locator("article.jup-card").count() == len(second.assignments)
    assert_accessible(page)
    response = page.request.get(f"{base}plans/{second.pk}/cards.pdf")
    assert response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        text = [p.extract_text() for p in pdf.pages]
    wendy = next(t for t in text if "Wendy Walkin" in t)
    table = second.assignments[person_id(Invitation.objects.get(name="Wendy Walkin").pk)][0]
    assert re.search(rf"^1 {table} ", wendy, re.M)
