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


@pytest.mark.browser
def test_exeter_copies_ilfords_event_invites_a_host_and_runs_the_copied_event(page):
    """The whole of issue 15's first Done-when: start from Ilford, invite a host, and run the
    copied event (its list from Exeter's directory, previewed, sent)."""
    import re

    from joinedup.core.models import OutboxMessage
    from tests.directory.factories import ContactFactory, sector

    ensure_taxonomies()
    ilford = PlaceFactory(name="Ilford (Redbridge)", slug="ilford", shares_approach=True)
    exeter = PlaceFactory(name="Exeter", slug="exeter")
    convenor = UserFactory(email="exeter.convenor@joinedup.example", full_name="Morwenna Hext")
    MembershipFactory(user=convenor, place=exeter, role=Role.CONVENOR)
    make_source(ilford, convenor)
    early_help = ServiceFactory(place=exeter, name="Early Help Hub", terms=[sector("early-help")])
    ContactFactory(service=early_help, name="Jo Early", email="jo@earlyhelp.example")
    ContactFactory(service=early_help, name="Kit Family", email="kit@earlyhelp.example")
    sign_in(page, "exeter.convenor@joinedup.example", "correct horse battery")

    # Start from Ilford: its pathways and its event set-up.
    page.goto("/p/exeter/start-from/")
    choose(page, "Ilford (Redbridge)")
    press(page, "Continue")
    choose(page, "Levels of need and pathways")
    choose(page, "Event set-ups")
    choose(page, "Joining up around children (20 November 2026)")
    press(page, "See what will be copied")
    press(page, "Copy into Exeter")
    page.wait_for_url("**/start-from/copies/**")
    check_page(page)

    # Invite a host.
    page.goto("/p/exeter/people/")
    page.get_by_label("Email address").fill("hamid.host@devon.example")
    page.get_by_label("Table host").check()
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to hamid.host@devon.example as table host").wait_for()
    check_page(page)
    assert OutboxMessage.objects.filter(to=["hamid.host@devon.example"]).count() == 1

    # Run the copied event: its list from Exeter's directory, previewed, then sent.
    event = Event.objects.get(place=exeter)
    page.goto(f"/p/exeter/events/{event.pk}/")
    page.get_by_role("link", name="Invitations and forecast").click()
    page.get_by_role("button", name="Invite from the directory").click()
    page.get_by_label("Early help", exact=True).check()
    page.get_by_role("button", name="Show people").click()
    page.get_by_role("button", name="Add the selected people to the list").click()
    page.get_by_text("Added 2 people to the list").wait_for()
    check_page(page)
    page.get_by_role("link", name="Back to the invitations").click()
    page.get_by_role("button", name="Preview and send").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Send 2 invitations?"
    check_page(page)
    page.get_by_role("button", name="Send 2 invitations").click()
    page.wait_for_url(re.compile(r"/jobs/"))
    page.get_by_text("Finished").first.wait_for()
    check_page(page)
    assert set(event.invitations.values_list("email", flat=True)) == {
        "jo@earlyhelp.example",
        "kit@earlyhelp.example",
    }
    assert event.invitations.filter(sent_at__isnull=False).count() == 2
    assert exeter.pathways.count() == 1  # Ilford's pathway came too, as a draft to publish
