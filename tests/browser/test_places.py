"""Many places, in the browser: a convenor invites a host who accepts the link and sees the
place; a convenor turns the report's public link on and an anonymous browser reads it; a
strategist sees the national view with three places. Axe on every page, at 1280 and 320 px."""

import datetime
import re

from joinedup.core.models import OutboxMessage
from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events.models import Event, Invitation
from joinedup.followup.models import Report
from tests.browser.conftest import assert_accessible, sign_in
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.events.factories import EventFactory, InvitationFactory

PASSWORD = "correct horse battery staple"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def too_wide(page) -> list[str]:
    """The elements that reach past the viewport's right edge (outside scroll regions)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.jup-scroll') && e.getBoundingClientRect().right
                         > window.innerWidth + 1)
            .slice(0, 8)
            .map(e => e.tagName + '.' + e.className + ' '
                      + Math.round(e.getBoundingClientRect().right))"""
    )


def check_both_widths(page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert fits(page), (
        f"{page.url} is wider than 320 px: "
        f"{page.evaluate('document.documentElement.scrollWidth')} {too_wide(page)}"
    )
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def _exeter_convenor():
    exeter = PlaceFactory(name="Exeter", slug="exeter", local_authority="Exeter City Council")
    convenor = UserFactory(
        email="exeter.convenor@joinedup.example", full_name="Erin Convenor", password=PASSWORD
    )
    MembershipFactory(user=convenor, place=exeter, role="convenor")
    return exeter, convenor


def test_convenor_invites_a_host_who_accepts_and_sees_the_place(page):
    _exeter, convenor = _exeter_convenor()
    sign_in(page, convenor.email, PASSWORD)
    page.goto("/p/exeter/people/")
    check_both_widths(page)
    page.get_by_label("Email address").fill("hamid.host@devon.example")
    page.get_by_label("Full name (optional)").fill("Hamid Host")
    page.get_by_label("Table host").check()
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to hamid.host@devon.example as table host").wait_for()
    check_both_widths(page)
    message = OutboxMessage.objects.get(to=["hamid.host@devon.example"])
    path = re.search(r"/join/[A-Za-z0-9_-]{43}/", message.body_text).group(0)
    page.get_by_role("button", name="Sign out").click()

    page.goto(path)
    page.get_by_role("heading", name="Join Exeter as table host").wait_for()
    check_both_widths(page)
    page.get_by_label("Full name").fill("Hamid Host")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Make account and join").click()
    page.wait_for_url("**/p/exeter/")
    page.get_by_text("You are now table host in Exeter").wait_for()
    check_both_widths(page)


def test_convenor_turns_on_the_public_link_and_an_anonymous_browser_reads_it(page, browser):
    exeter, convenor = _exeter_convenor()
    event = EventFactory(
        place=exeter,
        title="Exeter joined-up day",
        date=datetime.date(2026, 11, 20),
        status=Event.Status.OUTPUTS_PUBLISHED,
    )
    for n in range(6):
        InvitationFactory(
            event=event, email=f"p{n}@devon.example", status=Invitation.Status.ATTENDED
        )
    Report.objects.create(
        place=exeter,
        event=event,
        status=Report.Status.PUBLISHED,
        version=1,
        published_at=datetime.datetime(2026, 11, 27, tzinfo=datetime.UTC),
        next_steps="Partners meet again in March.",
    )
    sign_in(page, convenor.email, PASSWORD)
    page.goto(f"/p/exeter/outputs/events/{event.pk}/report/public-link/")
    check_both_widths(page)
    page.get_by_role("button", name="Turn the public link on").click()
    page.get_by_text("The public link is on").first.wait_for()
    check_both_widths(page)
    link = page.locator("#public-url").inner_text()
    # the link names the configured site address; the test server listens elsewhere
    origin = re.match(r"https?://[^/]+", page.url).group(0)
    link = origin + re.sub(r"^https?://[^/]+", "", link)

    anonymous = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = anonymous.new_page()
    reader.goto(link)
    reader.get_by_role("heading", name="Exeter joined-up day: report").wait_for()
    assert "Partners meet again in March." in reader.content()
    assert "p0@devon.example" not in reader.content()
    check_both_widths(reader)
    anonymous.close()


def test_strategist_sees_the_national_view_with_three_places(page):
    ensure_taxonomies()
    strategist = UserFactory(
        email="strategist@joinedup.example", full_name="Sol Strategist", password=PASSWORD
    )
    for name, slug in (
        ("Ilford (Redbridge)", "ilford"),
        ("Exeter", "exeter"),
        ("Manchester", "manchester"),
    ):
        place = PlaceFactory(name=name, slug=slug)
        MembershipFactory(user=strategist, place=place, role="strategist")
        EventFactory(place=place, title=f"{name} day", status=Event.Status.HELD)
    sign_in(page, strategist.email, PASSWORD)
    page.goto("/p/ilford/network/national/")
    page.get_by_role("heading", name="National view").wait_for()
    headers = page.locator("h2 + .jup-scroll thead th").all_inner_texts()
    assert headers[:4] == ["Measure", "Exeter", "Ilford (Redbridge)", "Manchester"]
    check_both_widths(page)
