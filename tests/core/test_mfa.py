"""Two-factor sign-in: convenors and site admins set up an authenticator app, get recovery
codes once, and confirm every sign-in before any page; wrong codes are throttled; all audited.

The codes are computed here from the secret the page shows, with RFC 6238 written out, not
with the code under test.
"""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.core import mfa
from joinedup.core.models import AuditEntry, Membership

PASSWORD = "correct horse battery"
SET_UP = "/two-factor/set-up/"
VERIFY = "/two-factor/"
CODES = "/two-factor/recovery-codes/"


def rfc6238(secret: str, at: float | None = None) -> str:
    """The 6-digit TOTP code (SHA-1, 30 s) for a base32 secret as shown to the person."""
    compact = secret.replace(" ", "")
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def secret_on(page_html: str) -> str:
    return re.search(r'data-testid="mfa-secret">([A-Z2-7 ]+)<', page_html).group(1)


def codes_on(page_html: str) -> list[str]:
    return re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", page_html)


def set_up(client, user) -> tuple[str, list[str]]:
    """Sign in and set up the app; return the secret and the recovery codes."""
    sign_in(client, user)
    page = client.get(SET_UP).content.decode()
    secret = secret_on(page)
    response = client.post(SET_UP, {"code": rfc6238(secret)})
    assert response.status_code == 302 and response["Location"].startswith(CODES)
    return secret, codes_on(client.get(CODES).content.decode())


def actions(user) -> list[str]:
    return list(
        AuditEntry.objects.filter(actor=user, action__startswith="core.mfa.")
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def convenor_user(place, make_member):
    return make_member(place, "convenor", email="carla@council.example")


def test_a_convenor_is_sent_to_set_up_before_any_page(client, place, convenor_user):
    sign_in(client, convenor_user)
    for url in [
        f"/p/{place.slug}/",
        f"/p/{place.slug}/outbox/",
        f"/p/{place.slug}/audit/",
        "/",
        "/admin/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SET_UP + "?next="), url
    json = client.get(f"/p/{place.slug}/", HTTP_ACCEPT="application/json")
    assert json.status_code == 401
    # the pages about the service, and signing out, stay open
    assert client.get("/accessibility/").status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_set_up_shows_a_qr_code_and_the_secret_then_ten_recovery_codes_once(
    client, place, convenor_user
):
    sign_in(client, convenor_user)
    page = client.get(f"{SET_UP}?next=/p/{place.slug}/outbox/").content.decode()
    assert 'src="data:image/svg+xml' in page
    secret = secret_on(page)
    assert len(secret.replace(" ", "")) == 32  # 160-bit key, base32

    wrong = client.post(SET_UP, {"code": "000000" if rfc6238(secret) != "000000" else "111111"})
    assert "The code is not right" in wrong.content.decode()
    assert TOTPDevice.objects.get(user=convenor_user).confirmed is False

    time.sleep(1.1)  # one wrong code: the next try waits a second
    response = client.post(SET_UP, {"code": rfc6238(secret), "next": f"/p/{place.slug}/outbox/"})
    assert response["Location"] == f"{CODES}?next=%2Fp%2F{place.slug}%2Foutbox%2F"
    first = client.get(response["Location"]).content.decode()
    codes = codes_on(first)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", c) for c in codes)
    assert f'href="/p/{place.slug}/outbox/"' in first
    # shown once
    again = client.get(CODES).content.decode()
    assert codes_on(again) == [] and "You have 10 unused recovery codes" in again
    # the sign-in is now confirmed
    assert client.get(f"/p/{place.slug}/outbox/").status_code == 200
    assert actions(convenor_user) == [
        "core.mfa.failed",
        "core.mfa.set_up",
        "core.mfa.recovery_codes_made",
    ]


def test_recovery_codes_are_stored_hashed(client, convenor_user):
    _, codes = set_up(client, convenor_user)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    for code in codes:
        assert code not in stored and code.replace("-", "") not in stored


def test_next_sign_in_asks_for_a_code_and_accepts_the_apps_code(client, place, convenor_user):
    secret, _ = set_up(client, convenor_user)
    client.post(reverse("logout"))
    later = Client()
    sign_in(later, convenor_user)
    response = later.get(f"/p/{place.slug}/")
    assert response["Location"] == f"{VERIFY}?next=%2Fp%2F{place.slug}%2F"
    # as if the set-up had been a few minutes ago (a code is used once: see the next test)
    TOTPDevice.objects.filter(user=convenor_user).update(last_t=0)
    response = later.post(VERIFY, {"code": rfc6238(secret), "next": f"/p/{place.slug}/"})
    assert response.status_code == 302 and response["Location"] == f"/p/{place.slug}/"
    assert later.get(f"/p/{place.slug}/").status_code == 200
    assert actions(convenor_user)[-1] == "core.mfa.verified"


def test_a_used_app_code_is_refused(client, convenor_user):
    secret, _ = set_up(client, convenor_user)
    other = Client()
    sign_in(other, convenor_user)
    response = other.post(VERIFY, {"code": rfc6238(secret)})
    assert "The code is not right" in response.content.decode()
    assert other.get("/").status_code == 302


def test_a_recovery_code_signs_in_once(client, place, convenor_user):
    _, codes = set_up(client, convenor_user)
    first = Client()
    sign_in(first, convenor_user)
    # typed in lower case and without hyphens, it still works
    response = first.post(VERIFY, {"code": codes[3].lower().replace("-", " ")})
    assert response.status_code == 302
    assert first.get(f"/p/{place.slug}/").status_code == 200
    entry = AuditEntry.objects.filter(action="core.mfa.recovery_used").get()
    assert entry.data == {"codes_left": 9}

    second = Client()
    sign_in(second, convenor_user)
    refused = second.post(VERIFY, {"code": codes[3]})
    assert "The code is not right" in refused.content.decode()
    assert StaticToken.objects.count() == 9


@override_settings(OTP_TOTP_THROTTLE_FACTOR=60, OTP_STATIC_THROTTLE_FACTOR=60)
def test_wrong_codes_are_throttled_even_the_right_code_waits(client, convenor_user):
    secret, codes = set_up(client, convenor_user)
    attacker = Client()
    sign_in(attacker, convenor_user)
    assert "The code is not right" in attacker.post(VERIFY, {"code": "12345x"}).content.decode()
    wrong = "000000" if rfc6238(secret) != "000000" else "111111"
    assert "The code is not right" in attacker.post(VERIFY, {"code": wrong}).content.decode()
    refused = attacker.post(VERIFY, {"code": codes[0]})
    assert "Too many wrong codes. Wait" in refused.content.decode()
    assert attacker.get("/").status_code == 302
    assert actions(convenor_user)[-3:] == [
        "core.mfa.failed",
        "core.mfa.failed",
        "core.mfa.throttled",
    ]


def test_a_site_admin_without_a_place_must_set_up_too(client, make_member, place):
    admin = make_member(place, email="ada@council.example", is_staff=True)
    sign_in(client, admin)
    assert client.get("/admin/")["Location"].startswith(SET_UP)


@pytest.mark.parametrize("role", ["host", "practitioner", "strategist"])
def test_other_roles_are_not_asked(client, place, make_member, role):
    person = make_member(place, role, email=f"{role}@council.example")
    sign_in(client, person)
    assert client.get(f"/p/{place.slug}/").status_code == 200


def test_with_mfa_switched_off_a_convenor_goes_straight_in(client, place, convenor_user):
    with override_settings(MFA_REQUIRED=False):
        sign_in(client, convenor_user)
        assert client.get(f"/p/{place.slug}/").status_code == 200


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_an_outside_next_is_ignored(client, convenor_user, target):
    sign_in(client, convenor_user)
    page = client.get(SET_UP).content.decode()
    response = client.post(SET_UP, {"code": rfc6238(secret_on(page)), "next": target})
    assert response["Location"] == CODES


def test_making_new_recovery_codes_needs_a_confirmed_sign_in(client, convenor_user):
    _, old = set_up(client, convenor_user)
    response = client.post(CODES)
    new = codes_on(client.get(response["Location"]).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    stranger = Client()
    sign_in(stranger, convenor_user)
    assert stranger.post(CODES)["Location"] == VERIFY
    assert StaticToken.objects.count() == 10


def test_force_login_in_tests_counts_as_verified(convenor_client, place):
    assert convenor_client.get(f"/p/{place.slug}/").status_code == 200


def test_is_required_for_a_convenor_of_any_place_or_a_confirmed_app_only(
    place, other_place, make_member
):
    host = make_member(place, "host")
    assert not mfa.is_required_for(host)
    TOTPDevice.objects.create(user=host, name="Half set up", confirmed=False)
    assert not mfa.is_required_for(host)
    TOTPDevice.objects.create(user=host, name="Authenticator app", confirmed=True)
    assert mfa.is_required_for(host)
    # a convenor role in another place than the page's counts
    convenor_elsewhere = make_member(place, "host")
    Membership.objects.create(user=convenor_elsewhere, place=other_place, role="convenor")
    assert mfa.is_required_for(convenor_elsewhere)
    # another person's device or role does not
    assert not mfa.is_required_for(make_member(place, "practitioner"))
