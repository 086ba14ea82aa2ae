"""The first journey: the demo convenor signs in, switches place and signs out."""

import re

from joinedup.core.demo import DEMO_PASSWORD, load_demo
from joinedup.core.models import AuditEntry
from tests.browser.conftest import assert_accessible, sign_in


def test_convenor_signs_in_switches_place_and_signs_out(page):
    load_demo()
    page.goto("/")
    assert_accessible(page)  # the sign-in page

    sign_in(page, "convenor@joinedup.example", DEMO_PASSWORD)
    # A convenor of two places chooses where to start.
    assert page.get_by_role("heading", level=1).inner_text() == "Choose a place"
    assert_accessible(page)
    page.get_by_role("link", name="Ilford (Redbridge)").click()
    page.wait_for_url(re.compile(r"/p/ilford/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ilford (Redbridge)"
    assert_accessible(page)

    page.get_by_label("Place").select_option(label="Exeter")
    page.get_by_role("button", name="Switch place").click()
    page.wait_for_url(re.compile(r"/p/exeter/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Exeter"
    assert_accessible(page)

    menu = page.get_by_role("navigation", name="Menu")
    assert menu.get_by_role("link", name="Dashboard").get_attribute("aria-current") == "page"
    menu.get_by_role("link", name="Outbox").click()
    page.wait_for_url(re.compile(r"/p/exeter/outbox/$"))
    assert_accessible(page)

    assert menu.get_by_role("link", name="Outbox").get_attribute("aria-current") == "page"
    menu.get_by_role("link", name="Audit log").click()
    assert page.get_by_role("cell", name="core.user.signed_in").count() >= 1
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in/"))
    assert page.get_by_role("heading", name="Sign in to Joinedup").is_visible()
    assert list(
        AuditEntry.objects.filter(
            actor__email="convenor@joinedup.example", action__startswith="core.user."
        )
        .order_by("at")
        .values_list("action", flat=True)
    ) == ["core.user.signed_in", "core.user.signed_out"]


def test_wrong_password_shows_error_summary_and_is_audited(page):
    load_demo()
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill("convenor@joinedup.example")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct email address and password" in summary.inner_text()
    assert_accessible(page)
    assert AuditEntry.objects.filter(action="core.user.sign_in_failed").count() == 1


def test_public_pages_are_accessible(page):
    for path in ["/accessibility/", "/privacy/", "/password-reset/"]:
        page.goto(path)
        assert_accessible(page)
