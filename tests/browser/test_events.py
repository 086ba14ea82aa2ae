"""The events journey in Chromium: a convenor creates an event, builds the list from the
directory and sends it; one invitee accepts with access needs from the link in the outbox, a
second nominates a colleague who then gets their own invitation. axe-core on every page."""

import re
from urllib.parse import urlparse

from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events.models import Invitation
from tests.browser.conftest import assert_accessible, fill_date, sign_in
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.directory.factories import ContactFactory, ServiceFactory, sector

PASSWORD = "correct horse battery"


def _world():
    ensure_taxonomies()
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    convenor = UserFactory(email="sana@council.example", full_name="Sana Qureshi")
    MembershipFactory(user=convenor, place=place, role="convenor")
    police = ServiceFactory(place=place, name="Safer Neighbourhoods", terms=[sector("police")])
    housing = ServiceFactory(place=place, name="Housing Options", terms=[sector("housing")])
    ContactFactory(service=police, name="Ann Officer", email="ann@police.example")
    ContactFactory(service=housing, name="Bob Housing", email="bob@housing.example")
    return place


def _open_link_from_outbox(page, recipient: str, kind: str = "rsvp") -> str:
    """Open the latest email to the recipient in the outbox and follow its personal link."""
    page.goto("/p/ilford/outbox/")
    assert_accessible(page)
    page.get_by_role("row").filter(has_text=recipient).first.get_by_role("link").click()
    assert_accessible(page)
    href = (
        page.get_by_test_id("message-body")
        .get_by_role("link")
        .filter(has_text=f"/{kind}/")
        .first.get_attribute("href")
    )
    path = urlparse(href).path  # the email links to SITE_URL; the test server is elsewhere
    page.goto(path)
    return path


def test_convenor_invites_from_directory_and_invitees_answer(page):
    _world()
    sign_in(page, "sana@council.example", PASSWORD)

    # Create the event.
    page.goto("/p/ilford/events/")
    assert_accessible(page)
    page.get_by_role("button", name="Create an event").click()
    assert_accessible(page)
    page.get_by_label("Event name").fill("Spring joined-up day")
    fill_date(page, "Date", "2027-02-10")
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("16:00")
    page.get_by_label("Places available").fill("60")
    page.get_by_label("How many people you hope will come").fill("40")
    page.get_by_role("button", name="Create the event").click()
    page.wait_for_url(re.compile(r"/events/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Spring joined-up day"
    assert_accessible(page)

    # Build the list from the directory, by sector.
    page.get_by_role("link", name="Invitations and forecast").click()
    assert_accessible(page)
    assert page.get_by_text("Nobody is invited from 20 sectors").is_visible()
    page.get_by_role("button", name="Invite from the directory").click()
    assert_accessible(page)
    page.get_by_label("Police", exact=True).check()
    page.get_by_label("Housing", exact=True).check()
    page.get_by_role("button", name="Show people").click()
    assert_accessible(page)
    assert page.get_by_label("Ann Officer").is_checked()
    page.get_by_role("button", name="Add the selected people to the list").click()
    assert page.get_by_text("Added 2 people to the list").is_visible()
    assert_accessible(page)

    # Preview, confirm, send.
    page.get_by_role("link", name="Back to the invitations").click()
    assert page.get_by_test_id("forecast-figure").is_visible()
    assert "more" in page.get_by_test_id("forecast-advice").inner_text()
    page.get_by_role("button", name="Preview and send").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Send 2 invitations?"
    assert_accessible(page)
    page.get_by_role("button", name="Send 2 invitations").click()
    page.wait_for_url(re.compile(r"/jobs/"))
    assert page.get_by_text("Finished").first.is_visible()
    assert_accessible(page)

    # Ann accepts with access needs, using the keyboard.
    _open_link_from_outbox(page, "ann@police.example")
    assert page.get_by_role("heading", level=1).inner_text() == "Spring joined-up day"
    assert_accessible(page)
    page.get_by_label("Yes, I will come").focus()
    page.keyboard.press("Space")
    page.get_by_label("Access needs").focus()
    page.keyboard.type("Step-free access, please")
    page.get_by_role("button", name="Send reply").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"answered=1"))
    assert page.get_by_role("heading", name="You are coming").is_visible()
    assert page.get_by_role("img", name=re.compile("QR code for check-in code")).is_visible()
    assert_accessible(page)

    page.goto("/p/ilford/events/")
    page.get_by_role("link", name="Spring joined-up day").click()
    page.get_by_role("link", name="Invitations and forecast").click()
    ann_row = page.locator("tr[data-email='ann@police.example']")
    assert ann_row.get_by_test_id("status").inner_text() == "Accepted"
    assert "Has access needs" in ann_row.inner_text()

    # Bob nominates a colleague, who then gets an invitation of their own.
    _open_link_from_outbox(page, "bob@housing.example")
    page.get_by_label("I cannot come, but a colleague could come instead").check()
    page.get_by_label("Your colleague's full name").fill("Cleo Deputy")
    page.get_by_label("Your colleague's email address").fill("cleo@housing.example")
    page.get_by_role("button", name="Send reply").click()
    assert page.get_by_role("heading", name="Thank you for nominating a colleague").is_visible()
    assert_accessible(page)

    _open_link_from_outbox(page, "cleo@housing.example")
    assert page.get_by_text("Invitation for Cleo Deputy").is_visible()
    assert_accessible(page)
    cleo = Invitation.objects.get(email="cleo@housing.example")
    assert (cleo.nominated_by.email, cleo.sent_at is not None) == ("bob@housing.example", True)

    # A link that does not work gets a clear page.
    page.goto(f"/rsvp/{cleo.event_id}/{'x' * 43}/")
    assert page.get_by_role("heading", name="This link does not work").is_visible()
    assert_accessible(page)


def test_host_checks_in_on_a_phone_and_adds_a_walk_in(phone_page):
    from tests.events.factories import EventFactory, InvitationFactory

    place = _world()
    host = UserFactory(email="tom@council.example")
    MembershipFactory(user=host, place=place, role="host")
    event = EventFactory(place=place, title="Spring joined-up day")
    ann = InvitationFactory(event=event, name="Ann Officer", status="accepted")
    page = phone_page
    sign_in(page, "tom@council.example", PASSWORD)

    page.goto(f"/p/ilford/events/{event.pk}/check-in/")
    assert_accessible(page)
    page.get_by_label("Name, email or check-in code").fill(ann.checkin_code.lower())
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Check in Ann Officer").click()
    assert page.get_by_text("Checked in Ann Officer").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a walk-in").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Dee Walker")
    page.get_by_label("Email address").fill("dee@charity.example")
    page.get_by_role("button", name="Add and check in").click()
    assert page.get_by_test_id("arrivals").inner_text().startswith("2 arrived")

    page.goto(f"/p/ilford/events/{event.pk}/check-in/print/")
    assert_accessible(page)


def test_convenor_approves_a_held_nomination_with_the_keyboard_at_320px(page):
    from joinedup.core.models import OutboxMessage
    from tests.events.factories import EventFactory, InvitationFactory

    place = _world()
    event = EventFactory(place=place, title="Spring joined-up day")
    bob = InvitationFactory(event=event, name="Bob Housing", email="bob@housing.example")
    InvitationFactory(
        event=event,
        name="Dee Outside",
        email="dee@mailbox.example",
        nominated_by=bob,
        review=Invitation.Review.HELD,
    )
    page.set_viewport_size({"width": 320, "height": 800})
    # The card of a held nomination fits 320 px (the list's own table below is wider).
    sign_in(page, "sana@council.example", PASSWORD)

    page.goto(f"/p/ilford/events/{event.pk}/invitations/")
    assert page.get_by_role("heading", name="Nominations waiting for you").is_visible()
    card = page.get_by_test_id("held-nomination")
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert card.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert_accessible(page)
    page.get_by_role("button", name="Approve the nomination of Dee Outside").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Approved: Dee Outside will get an invitation").wait_for()
    assert not page.get_by_test_id("held-nomination").count()
    assert_accessible(page)
    assert OutboxMessage.objects.filter(to=["dee@mailbox.example"]).count() == 1
