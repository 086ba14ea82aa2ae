"""Browser tests: real Chromium (Debian's) driven by Playwright, with axe-core on every page.

Without /usr/bin/chromium these tests skip, except when JOINEDUP_REQUIRE_BROWSER=1 (CI),
where a missing browser fails the run.
"""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("JOINEDUP_CHROMIUM", "/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
AXE_SOURCE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make
# between browser steps are still ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("JOINEDUP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required here but {CHROMIUM} does not exist")
        pytest.skip(f"no Chromium at {CHROMIUM}; install Debian's chromium to run browser tests")
    if not AXE_SOURCE.exists():
        pytest.fail(f"{AXE_SOURCE} is missing: run `make assets` (npm install) first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class PageProblems(list):
    """Console errors and CSP violations seen while the test ran."""


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = PageProblems()
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    yield page
    context.close()
    assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []


@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.x A and AA, best practice) on the page; fail on any violation."""
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'wcag22aa', 'best-practice']},
        })"""
    )
    violations = [
        {
            "id": v["id"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert violations == [], (
        f"axe found problems on {page.url}:\n{json.dumps(violations, indent=2)}"
    )


def _app_for(email: str):
    """The authenticator app of a person who must use two-factor sign-in (made if missing)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from joinedup.core import mfa
    from joinedup.core.models import User

    user = User.objects.filter(email__iexact=email).first()
    if user is None or not mfa.is_required_for(user):
        return None
    device = mfa.app_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    # a code of this 30-second step may already have been used by an earlier sign-in
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return device


def totp_code(device) -> str:
    """The code an authenticator app shows now for this device."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def fill_date(page, legend: str, iso: str) -> None:
    """Type a date (YYYY-MM-DD) into the GOV.UK date input (day, month, year) under a legend."""
    year, month, day = iso.split("-")
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(int(day)))
    group.get_by_label("Month").fill(str(int(month)))
    group.get_by_label("Year").fill(year)


def sign_in(page, email: str, password: str) -> None:
    """Sign in through the form, with the keyboard only (and the app's code when asked)."""
    device = _app_for(email)
    page.goto("/sign-in/")
    page.keyboard.press("Tab")  # skip link
    page.get_by_label("Email address").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    if device is not None:
        page.wait_for_url(lambda url: "/two-factor/" in url)
        page.get_by_label("Code from your authenticator app").focus()
        page.keyboard.type(totp_code(device))
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/two-factor/" not in url)
