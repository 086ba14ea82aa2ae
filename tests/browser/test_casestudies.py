"""Case study journeys in Chromium: writing and approving past the scanner, and capturing at a
table from a phone with the network cut and restored."""

import json
import re

from playwright.sync_api import expect

from joinedup.cafe.capture import create_capture
from joinedup.casestudies.demo import load_casestudies_demo
from joinedup.casestudies.models import (
    CaseStudy,
    InterventionPoint,
    Note,
    ProposedAction,
    ScanFinding,
)
from joinedup.core.demo import DEMO_PASSWORD, load_core_demo
from joinedup.core.models import AuditEntry
from joinedup.directory.demo import load_directory_demo
from tests.browser.conftest import assert_accessible, sign_in


def _demo(stories: bool = False):
    demo = load_core_demo()
    load_directory_demo(demo)
    if stories:
        load_casestudies_demo(demo)
    return demo


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in/"))


def test_author_writes_a_story_with_personal_data_fixes_it_and_a_convenor_approves(page):
    _demo()
    sign_in(page, "host@joinedup.example", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case studies").click()
    assert_accessible(page)
    page.get_by_role("link", name="Write a case study").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("A teenager excluded from school")
    page.get_by_label("Summary").fill("Kai lived at 14 Cranbrook Road with his mum and sisters.")
    page.get_by_label("Made-up names used in this story").fill("Kai")
    page.get_by_role("button", name="Start the case study").click()
    assert page.get_by_role("heading", level=1).inner_text() == "A teenager excluded from school"
    assert_accessible(page)

    page.get_by_role("link", name="Add a moment").first.click()
    page.get_by_role("button", name="Add moment", exact=True).click()  # nothing filled in
    assert "Enter what happened" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Age in years").fill("14")
    page.get_by_label("Education").check()
    page.get_by_label("What happened").fill(
        "Kai was excluded. His mum, Sarah Thompson, rang the school on 07700 900123."
    )
    page.get_by_label("Inclusion and Attendance").check()
    page.get_by_role("button", name="Add moment", exact=True).click()
    page.locator(".jup-lifeline__moment").first.wait_for()  # the page after the redirect
    assert page.locator(".jup-lifeline__moment").count() == 1

    page.get_by_role("button", name="Check and submit for approval").click()
    findings = page.locator("#findings")
    assert "Possible personal data" in findings.inner_text()
    marked = page.locator("mark.jup-finding--open")
    assert "Sarah Thompson" in marked.all_inner_texts()
    assert_accessible(page)

    # Apply the suggested wording for everything except the phone number, which is dismissed.
    page.get_by_role("link", name=re.compile(r"Dismiss with a reason.*07700 900123")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Dismiss finding").click()
    assert (
        "Enter why this is not personal data" in page.locator(".govuk-error-summary").inner_text()
    )
    page.get_by_label("Why is this not personal data?").fill("A made-up drama number")
    page.get_by_role("button", name="Dismiss finding").click()
    while page.get_by_role("button", name=re.compile("^Apply suggestion")).count():
        page.get_by_role("button", name=re.compile("^Apply suggestion")).first.click()
        page.wait_for_load_state()
    assert "Every finding is resolved" in page.locator("#findings").inner_text()
    assert "[NAME 1]" in page.locator(".jup-lifeline").inner_text()
    assert_accessible(page)
    _sign_out(page)

    sign_in(page, "convenor@joinedup.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Ilford (Redbridge)").click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case studies").click()
    page.get_by_role("link", name="A teenager excluded from school").click()
    assert "A made-up drama number" in page.locator("#findings").inner_text()
    page.get_by_role("button", name="Approve for use").click()
    assert "is approved for use" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    study = CaseStudy.objects.get(title="A teenager excluded from school")
    assert study.state == CaseStudy.State.APPROVED
    assert "Sarah Thompson" not in study.entries.get().what_happened
    assert set(study.findings.values_list("status", flat=True)) == {
        ScanFinding.Status.FIXED,
        ScanFinding.Status.DISMISSED,
    }
    assert AuditEntry.objects.filter(action="casestudies.finding.dismissed").count() == 1
    assert AuditEntry.objects.filter(action="casestudies.casestudy.viewed").count() >= 2


def _wait_for_state(page, state: str, timeout: int = 15_000) -> None:
    expect(page.locator("#save-state")).to_have_attribute("data-state", state, timeout=timeout)


def _pending(page, capture_id) -> dict:
    raw = page.evaluate(f"localStorage.getItem('joinedup-capture:{capture_id}')")
    return json.loads(raw) if raw else {}


def test_host_captures_on_a_phone_through_a_dropped_connection_and_loses_nothing(phone_page):
    demo = _demo(stories=True)
    page = phone_page
    study = CaseStudy.objects.get(title__startswith="Kai")
    sheet = create_capture(case_study=study, label="Table 3", round=1, actor=demo.users["convenor"])
    sign_in(page, "host@joinedup.example", DEMO_PASSWORD)
    page.goto(f"/p/ilford/case-studies/capture/{sheet.pk}/")
    state = page.locator("#save-state")
    _wait_for_state(page, "saved")
    assert_accessible(page)
    # The capture sheet (with its "By when" date input) fits the narrowest phone too.
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})

    # Online: an intervention point pinned to the exclusion.
    excluded = study.entries.get(what_happened__startswith="Permanently excluded")
    page.get_by_label("Where on the timeline").select_option(value=f"on:{excluded.pk}")
    page.get_by_label("What could have been done").fill(
        "Ask who he needed protecting from before excluding"
    )
    page.get_by_label("Which sector was best placed (optional)").select_option(label="Schools")
    page.get_by_label("Early help").check()
    page.get_by_role("button", name="Add intervention point").click()
    _wait_for_state(page, "saved")
    assert InterventionPoint.objects.count() == 1

    # The network drops: three more things are typed and kept on the phone.
    page.context.set_offline(True)
    page.get_by_role(
        "button", name=re.compile(r"^Add a point at this moment\s*: aged 14 and 3 months")
    ).click()
    page.get_by_label("What could have been done").fill(
        "Daily contact while he waited for a PRU place"
    )
    page.get_by_role("button", name="Add intervention point").click()
    page.get_by_label("What should be done").fill("Agree a same-day PRU offer for excluded pupils")
    page.get_by_label("Suggested owner team (optional)").select_option(
        label="Alternative Provision and Pupil Referral Unit"
    )
    by_when = page.get_by_role("group", name="By when (optional)")
    by_when.get_by_label("Day").fill("31")
    by_when.get_by_label("Month").fill("3")
    by_when.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Propose action").click()
    page.get_by_role("textbox", name="Note", exact=True).fill(
        "Three services knew about the knife; none talked"
    )
    page.get_by_role("button", name="Add note").click()
    _wait_for_state(page, "offline")
    assert state.inner_text().startswith("Offline – will retry. 3 changes kept on this phone")
    assert len(_pending(page, sheet.pk)) == 3
    assert (InterventionPoint.objects.count(), Note.objects.count()) == (1, 0)
    assert_accessible(page)

    # The page is reloaded while saves still fail: the phone still has everything.
    page.route("**/items/**", lambda route: route.abort())
    page.context.set_offline(False)
    page.reload()
    _wait_for_state(page, "offline")
    assert page.locator(".jup-capture-item--pending").count() == 3
    assert "Daily contact while he waited" in page.locator("#capture").inner_text()

    # The connection comes back for real: everything is saved and the phone's copy cleared.
    page.unroute("**/items/**")
    _wait_for_state(page, "saved", timeout=30_000)
    assert _pending(page, sheet.pk) == {}
    assert page.locator(".jup-capture-item--pending").count() == 0
    points = set(InterventionPoint.objects.values_list("what_could_have_been_done", flat=True))
    assert points == {
        "Ask who he needed protecting from before excluding",
        "Daily contact while he waited for a PRU place",
    }
    action = ProposedAction.objects.get()
    assert (action.what, action.owner.name, str(action.by_when)) == (
        "Agree a same-day PRU offer for excluded pupils",
        "Alternative Provision and Pupil Referral Unit",
        "2027-03-31",
    )
    assert Note.objects.get().text == "Three services knew about the knife; none talked"
    pinned = InterventionPoint.objects.get(what_could_have_been_done__startswith="Daily")
    assert pinned.entry.when == "aged 14 and 3 months"
    assert_accessible(page)


def test_convenor_watches_the_tables_fill_in(page):
    demo = _demo(stories=True)
    study = CaseStudy.objects.get(title__startswith="Amira")
    sheet = create_capture(case_study=study, label="Table 2", actor=demo.users["convenor"])
    sign_in(page, "convenor@joinedup.example", DEMO_PASSWORD)
    page.goto("/p/ilford/case-studies/live/")
    assert "0 intervention points" in page.locator("#live-tables").inner_text()
    assert_accessible(page)
    import uuid

    from joinedup.cafe.capture import save_item

    save_item(
        capture=sheet,
        kind="proposed_action",
        item_id=uuid.uuid4(),
        base_version=0,
        data={"what": "Split Universal Credit payments by default when abuse is disclosed"},
        actor=demo.users["host"],
    )
    expect(page.locator("#live-tables")).to_contain_text("1 actions", timeout=15_000)
    assert "Split Universal Credit payments" in page.locator("#live-tables").inner_text()
