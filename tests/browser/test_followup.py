"""Follow-up in a real browser: a convenor confirms actions from what the tables proposed,
edits and publishes the report, and both someone who came and someone who could not receive
it (read from the outbox). An owner updates their action. axe on every page."""

import datetime
import re

from joinedup.casestudies.models import CaseStudy
from joinedup.core.models import OutboxMessage
from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events.models import Event, Invitation
from joinedup.followup import feedback
from joinedup.followup.models import Action
from joinedup.followup.themes import ensure_themes
from tests.browser.conftest import assert_accessible, fill_date, sign_in
from tests.casestudies.factories import CaseStudyFactory, TimelineEntryFactory
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.directory.factories import ServiceFactory, sector
from tests.events.factories import EventFactory, InvitationFactory
from tests.followup.factories import add_point, add_proposal, sheet_at

PASSWORD = "correct horse battery"


def _arrange():
    ensure_taxonomies()
    ensure_themes()
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    convenor = UserFactory(email="carla@council.example", full_name="Carla Convenor")
    MembershipFactory(user=convenor, place=place, role="convenor")
    owner = UserFactory(email="olu@council.example", full_name="Olu Owner")
    MembershipFactory(user=owner, place=place, role="practitioner")
    team = ServiceFactory(place=place, name="Housing Options", terms=[sector("housing")])
    event = EventFactory(
        place=place,
        title="Ilford joined-up day",
        date=datetime.date.today() - datetime.timedelta(days=5),
        status=Event.Status.HELD,
    )
    InvitationFactory(
        event=event,
        name="Ada Attendee",
        email="ada@council.example",
        status=Invitation.Status.ATTENDED,
    )
    InvitationFactory(
        event=event,
        name="Dan Did-not-come",
        email="dan@council.example",
        status=Invitation.Status.NO_SHOW,
    )
    # someone who declined is not sent the report (issue 17 item 15)
    InvitationFactory(
        event=event,
        name="Eve Declined",
        email="eve@council.example",
        status=Invitation.Status.DECLINED,
    )
    study = CaseStudyFactory(place=place, title="Kai's story", state=CaseStudy.State.APPROVED)
    entries = [TimelineEntryFactory(case_study=study, order=n, age_years=12 + n) for n in range(3)]
    capture = sheet_at(event, study)
    add_point(
        capture,
        entry=entries[1],
        text="Ask why before excluding",
        sector=sector("schools"),
        how_early="early_help",
    )
    add_proposal(
        capture,
        what="Agree an exclusion check with schools",
        owner=team,
        by_when=datetime.date.today() + datetime.timedelta(days=60),
    )
    add_proposal(capture, what="Share the escalation contacts sheet", owner=team)
    return place, event, owner


def test_convenor_confirms_actions_edits_and_publishes_the_report(page):
    _place, event, _owner = _arrange()
    sign_in(page, "carla@council.example", PASSWORD)

    page.goto("/p/ilford/outputs/events/")
    assert_accessible(page)
    page.get_by_role("link", name="Proposed actions of Ilford joined-up day").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Proposed actions"
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Confirm proposal: Agree an exclusion check")).click()
    assert (
        page.get_by_label("What will be done").input_value()
        == "Agree an exclusion check with schools"
    )
    assert (
        page.get_by_label("Team that owns it").locator("option:checked").inner_text()
        == "Housing Options"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Confirm action").click()  # no named owner yet
    assert (
        "Select the named person who owns the action"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)
    page.get_by_label("Named owner with a Joinedup account").select_option(
        label="Olu Owner (olu@council.example)"
    )
    page.get_by_label("Clearer escalation pathways").check()
    page.get_by_role("button", name="Confirm action").click()
    page.wait_for_url(re.compile(r"/proposals/$"))
    assert page.get_by_text("Confirmed", exact=True).count() == 1

    page.get_by_role("link", name=re.compile("Confirm proposal: Share the escalation")).click()
    page.get_by_label("Named owner with a Joinedup account").select_option(
        label="Olu Owner (olu@council.example)"
    )
    fill_date(page, "Due date", "2027-01-31")
    page.get_by_label("This needs the centre").check()
    page.get_by_role("button", name="Confirm action").click()
    page.wait_for_url(re.compile(r"/proposals/$"))
    assert Action.objects.filter(event=event, proposed_action__isnull=False).count() == 2

    page.goto(f"/p/ilford/outputs/events/{event.pk}/report/")
    assert page.get_by_role("heading", name="Ilford joined-up day: report").is_visible()
    assert page.get_by_role("img", name=re.compile("Attendance by sector")).count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="Edit the report").click()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"Move up\s*: Actions agreed")).click()
    page.wait_for_url(re.compile(r"#move-actions$"))
    assert "Moved “Actions agreed” up" in page.locator("main").inner_text()
    page.get_by_label("Introduction").fill("A day that changed how we escalate.")
    page.get_by_label("What people said about the day").check()
    page.get_by_role("button", name="Save the report").click()
    page.wait_for_url(re.compile(r"/report/(#.*)?$"))
    assert "A day that changed how we escalate." in page.locator(".jup-report").inner_text()
    headings = page.locator(".jup-report h2").all_inner_texts()
    assert headings.index("Actions agreed") < headings.index(
        "Intervention points along the life course"
    )
    assert "What people said about the day" not in headings

    page.get_by_role("button", name="Publish and send").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish and send to 2 people").click()
    page.wait_for_url(re.compile(r"/jobs/"))
    assert "Finished" in page.locator("#job-status").inner_text()
    assert_accessible(page)

    page.goto("/p/ilford/outbox/")
    assert_accessible(page)
    rows = page.locator("tr", has_text="The report of Ilford joined-up day")
    assert rows.count() == 2
    recipients = sorted(
        m
        for m in ["ada@council.example", "dan@council.example"]
        if rows.filter(has_text=m).count() == 1
    )
    assert recipients == ["ada@council.example", "dan@council.example"]
    assert (
        sorted(to for m in OutboxMessage.objects.filter(key__startswith="report:") for to in m.to)
        == recipients
    )

    page.goto("/p/ilford/outputs/")
    assert page.get_by_role("link", name="Share the escalation contacts sheet").is_visible()
    assert_accessible(page)
    page.goto("/p/ilford/outputs/insight/")
    assert_accessible(page)


def test_owner_updates_their_action_and_an_attendee_gives_feedback(page):
    place, event, owner = _arrange()
    action = Action.objects.create(
        place=place,
        event=event,
        title="Agree an exclusion check",
        owner_user=owner,
        due_date=datetime.date.today(),
    )
    sign_in(page, "olu@council.example", PASSWORD)
    page.goto(f"/p/ilford/outputs/actions/{action.pk}/")
    assert_accessible(page)
    page.get_by_role("radio", name="Dropped").check()
    page.get_by_role("button", name="Save update").click()
    assert "Enter why the action was dropped" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_role("radio", name="In progress").check()
    page.get_by_label("Progress note").fill("Met the head teachers")
    page.get_by_role("button", name="Save update").click()
    page.wait_for_url(re.compile(rf"/actions/{action.pk}/$"))
    assert "Met the head teachers" in page.locator("main").inner_text()
    action.refresh_from_db()
    assert action.status == "in_progress"

    attendee = event.invitations.get(email="ada@council.example")
    token, _ = feedback.issue_token(invitation=attendee)
    page.goto(f"/p/ilford/outputs/feedback/{event.pk}/{token}/")
    assert_accessible(page)
    page.get_by_label("Partnership and networking").check()
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Send feedback").click()
    assert page.get_by_role("heading", name="Thank you").is_visible()
    assert_accessible(page)
