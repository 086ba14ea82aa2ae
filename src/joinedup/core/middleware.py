"""Request set-up shared by every page, and the headers every response carries."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from joinedup.core import mfa

# No page uses a camera, microphone, location, payment or USB: say so, so that an injected
# script or a framed page cannot ask for them either.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), browsing-topics=()"
)


class CurrentPlaceMiddleware:
    """Give every request a `place` (None until a place_view resolves one) and `roles`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.place = None
        request.roles = frozenset()
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Keep every signed-in response out of caches, and send the Permissions-Policy header.

    A signed-in page can carry personal data (the outbox, access needs, case studies, the
    audit log, exports): a shared computer's browser cache or a proxy must not keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response.setdefault("Vary", "Cookie")
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


SIGNED_OUT = "You were signed out to keep your account safe. Sign in again."


class SessionLimitsMiddleware:
    """Sign a person out after SESSION_IDLE_SECONDS without a request, or SESSION_MAX_SECONDS
    after signing in, whichever comes first.

    The time of the last request is written at most once a minute, so that polling pages do
    not rewrite the session on every request.
    """

    WRITE_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("signed_in_at", now)
            seen = session.get("seen_at", now)
            if now - seen > settings.SESSION_IDLE_SECONDS or (
                now - started > settings.SESSION_MAX_SECONDS
            ):
                logout(request)
                if request.headers.get("Accept", "").startswith("application/json"):
                    return JsonResponse({"error": "You have been signed out"}, status=401)
                messages.info(
                    request, "You were signed out to keep your account safe. Sign in again."
                )
                return redirect_to_login(request.get_full_path())
            if now - seen >= self.WRITE_EVERY or "seen_at" not in session:
                session["seen_at"] = now
        return self.get_response(request)


# What a person who still owes their second factor may reach: the two-factor pages, signing
# out, and the pages about the service.
MFA_OPEN_PAGES = frozenset(
    {
        "mfa_set_up",
        "mfa_verify",
        "mfa_recovery_codes",
        "logout",
        "csp_report",
        "accessibility",
        "privacy",
    }
)


class MfaRequiredMiddleware:
    """Until a convenor or site admin has confirmed this sign-in with a second factor, every
    signed-in page sends them to set up an authenticator app, or to enter a code from it.

    It trusts only django-otp's own record of a verified device in the session (set by
    django_otp.login after a correct code), never a flag of its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in MFA_OPEN_PAGES:
            return None
        if not mfa.is_required_for(user):
            return None
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse(
                {"error": "Confirm your sign-in with your second factor"}, status=401
            )
        page = "mfa_verify" if mfa.app_device(user) is not None else "mfa_set_up"
        return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
