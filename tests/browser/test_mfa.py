"""The two-factor journey in a browser, keyboard only, axe on every page: a convenor signs in,
sets up an authenticator app (the code computed here from the secret the page shows), keeps
the recovery codes, signs out, and signs in again with a recovery code."""

import re

from joinedup.core.models import AuditEntry
from tests.browser.conftest import assert_accessible
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.core.test_mfa import rfc6238

PASSWORD = "correct horse battery"


def _password_step(page, email):
    page.goto("/sign-in/")
    page.get_by_label("Email address").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/two-factor/"))


def _fits(page, width=320):
    page.set_viewport_size({"width": width, "height": 800})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1100, "height": 900})
    assert scroll <= width


def test_convenor_sets_up_an_app_then_signs_in_with_a_recovery_code(page):
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    carla = UserFactory(email="carla@council.example", full_name="Carla Convenor")
    MembershipFactory(user=carla, place=place, role="convenor")

    _password_step(page, carla.email)
    assert page.get_by_role("heading", level=1).inner_text() == "Set up two-factor sign-in"
    assert page.get_by_role("img", name="QR code to add Joinedup to an authenticator app")
    assert_accessible(page)
    _fits(page)
    # every other page sends her back here until she has finished
    page.goto("/p/ilford/outbox/")
    page.wait_for_url(re.compile(r"/two-factor/set-up/"))

    secret = page.get_by_test_id("mfa-secret").inner_text()
    field = page.get_by_label("Code from your authenticator app")
    field.focus()
    page.keyboard.type("12345")  # one digit short
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "The code is not right" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill("")
    page.get_by_label("Code from your authenticator app").focus()
    page.keyboard.type(rfc6238(secret))
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/two-factor/recovery-codes/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your recovery codes"
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    _fits(page)
    page.get_by_role("link", name="Continue").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/p/ilford/outbox/$"))  # where she was going
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in/"))

    _password_step(page, carla.email)
    assert page.get_by_role("heading", level=1).inner_text() == "Enter your sign-in code"
    assert_accessible(page)
    _fits(page)
    page.get_by_label("Code from your authenticator app").focus()
    page.keyboard.type(codes[0])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/p/ilford/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ilford (Redbridge)"

    assert list(
        AuditEntry.objects.filter(actor=carla, action__startswith="core.mfa.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "core.mfa.failed",
        "core.mfa.set_up",
        "core.mfa.recovery_codes_made",
        "core.mfa.recovery_used",
    ]
