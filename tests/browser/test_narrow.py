"""320 px (issue 17 item 7): no signed-in page is wider than the viewport. The convenor's pages
with tables (invitations, the café grid, the import report, the check-in list and its print,
actions, the report) are visited at 320 and 1280 px on the demo, with axe on each."""

import re
from pathlib import Path

import pytest

from joinedup.cafe.domain.plans import current_plan
from joinedup.core.demo import DEMO_PASSWORD, load_demo
from joinedup.events.models import Event
from joinedup.followup.models import Report
from tests.browser.conftest import assert_accessible, sign_in

WIDTHS = [320, 1280]
LIST = Path(__file__).resolve().parents[1] / "data" / "directory" / "invitation-list.xlsx"


def fits(page, width: int) -> None:
    """Nothing scrolls sideways, and axe finds nothing."""
    overflow = page.evaluate("document.documentElement.scrollWidth")
    # On failure, name the widest elements that stick out (the innermost ones first).
    wide = page.evaluate(
        """w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.jup-scroll'))
            .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > w + 1))
            .slice(0, 5)
            .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)""",
        width,
    )
    assert overflow <= width, f"{page.url} is {overflow} px wide at {width} px: {wide}"
    assert_accessible(page)


def _pages() -> list[str]:
    """The pages with tables, on the demo's events."""
    cafe = Event.objects.filter(place__slug="ilford", cafe_plans__isnull=False).first()
    report = Report.objects.filter(event__place__slug="ilford").select_related("event").first()
    plan = current_plan(cafe)
    events = Event.objects.filter(place__slug="ilford").order_by("-date")
    spring = events.first()
    pages = [
        "/p/ilford/",
        f"/p/ilford/events/{spring.pk}/invitations/",
        f"/p/ilford/events/{spring.pk}/invitations/directory/?text=",
        f"/p/ilford/events/{cafe.pk}/check-in/",
        f"/p/ilford/events/{cafe.pk}/check-in/print/",
        f"/p/ilford/cafe/{cafe.pk}/",
        f"/p/ilford/cafe/{cafe.pk}/plans/{plan.pk}/",
        "/p/ilford/outputs/",
        # GOV.UK date inputs (three boxes) on the event and action forms
        "/p/ilford/events/new/",
        "/p/ilford/outputs/actions/new/",
        f"/p/ilford/events/{spring.pk}/reminders/",
        # an invitation's page with its phone answer link, and the phone answer form
        f"/p/ilford/events/{spring.pk}/invitations/{spring.invitations.first().pk}/",
        f"/p/ilford/events/{spring.pk}/invitations/{spring.invitations.first().pk}/answer-by-phone/",
    ]
    if report is not None:
        pages.append(f"/p/ilford/outputs/events/{report.event_id}/report/")
    return pages


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_convenor_pages_with_tables_fit_the_screen(page, width):
    load_demo()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "convenor@joinedup.example", DEMO_PASSWORD)
    for path in _pages():
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        fits(page, width)


@pytest.mark.browser
def test_phase_banner_email_wraps_at_320(page):
    load_demo()
    page.set_viewport_size({"width": 320, "height": 900})
    sign_in(page, "convenor@joinedup.example", DEMO_PASSWORD)
    page.goto("/p/ilford/")
    banner = page.locator(".govuk-phase-banner__text")
    assert "Signed in as convenor@joinedup.example" in banner.inner_text()
    assert banner.evaluate("e => getComputedStyle(e).overflowWrap") == "anywhere"
    fits(page, 320)


@pytest.mark.browser
def test_import_report_fits_at_320(page):
    load_demo()
    sign_in(page, "convenor@joinedup.example", DEMO_PASSWORD)
    page.goto("/p/ilford/directory/import/")
    page.get_by_label("Upload a spreadsheet").set_input_files(str(LIST))
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_url(re.compile(r"/import/[0-9a-f-]+/columns/$"))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/import/[0-9a-f-]+/check/$"))
    page.set_viewport_size({"width": 320, "height": 900})
    fits(page, 320)
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    page.get_by_role("link", name="See the result").click()
    page.wait_for_url(re.compile(r"/import/[0-9a-f-]+/report/$"))
    # The problems table is a stack of cards: each cell says its column.
    cell = page.get_by_role("cell", name=re.compile("is not in the correct format")).first
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
    assert cell.get_attribute("data-label") == "Problem"
    fits(page, 320)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert cell.evaluate("e => getComputedStyle(e).display") == "table-cell"
    fits(page, 1280)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_convenor_records_an_answer_taken_by_phone_with_the_keyboard(page, width):
    load_demo()
    spring = Event.objects.filter(place__slug="ilford").order_by("-date").first()
    invitation = spring.invitations.create(
        place=spring.place,
        name="Bill Tanner",
        email="",
        phone="020 7946 0123",
        channel="phone",
        checkin_code="PHONE123",
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "convenor@joinedup.example", DEMO_PASSWORD)
    page.goto(f"/p/ilford/events/{spring.pk}/invitations/{invitation.pk}/")
    assert "020 7946 0123" in page.get_by_test_id("phone").inner_text()
    fits(page, width)

    page.get_by_role("link", name="Record an answer taken by phone").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/answer-by-phone/")
    page.get_by_role("button", name="Record the answer").focus()
    page.keyboard.press("Enter")  # nothing chosen: a GOV.UK error
    summary = page.locator(".govuk-error-summary")
    assert "Select whether they will come" in summary.inner_text()
    fits(page, width)
    page.get_by_label("They will come").focus()
    page.keyboard.press("Space")
    page.get_by_label("Access needs they told you about").focus()
    page.keyboard.type("Step-free access")
    page.get_by_role("button", name="Record the answer").focus()
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/invitations/{invitation.pk}/")
    main = page.get_by_role("main").inner_text()
    assert "taken by phone by" in main and "Step-free access" in main
    fits(page, width)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answer_taken_by.email) in {
        ("accepted", "convenor@joinedup.example"),
        ("waiting", "convenor@joinedup.example"),
    }
