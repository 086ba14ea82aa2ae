"""The two-factor pages: set up an authenticator app, see recovery codes once, enter a code."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from joinedup.core import mfa
from joinedup.core.forms import MfaCodeForm

NEW_CODES = "mfa_new_recovery_codes"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, request: HttpRequest):
    url = reverse(url_name)
    target = _next(request)
    if target != resolve_url(settings.LOGIN_REDIRECT_URL):
        url += "?" + urlencode({"next": target})
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), enter a code."""
    if mfa.app_device(request.user) is not None:
        return redirect("home") if request.user.is_verified() else _with_next("mfa_verify", request)
    device = mfa.pending_app_device(request.user)
    form = MfaCodeForm(
        request.POST or None,
        label="Code from your authenticator app",
        hint="The 6 digits it shows now, for example 123456",
    )
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa.confirm_app(request, device=device, code=form.cleaned_data["code"])
        except mfa.MfaError as error:
            form.add_error("code", error.message)
        else:
            request.session[NEW_CODES] = codes
            return _with_next("mfa_recovery_codes", request)
    return render(
        request,
        "registration/mfa_set_up.html",
        {
            "form": form,
            "qr_code": mfa.qr_code_data_uri(device),
            "secret": mfa.secret_text(device),
            "next": _next(request),
            "required": mfa.is_required_for(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once; a verified person may make new ones."""
    if request.method == "POST":
        if not request.user.is_verified():
            return _with_next("mfa_verify", request)
        request.session[NEW_CODES] = mfa.new_recovery_codes(user=request.user)
        return _with_next("mfa_recovery_codes", request)
    codes = request.session.pop(NEW_CODES, None)
    return render(
        request,
        "registration/mfa_recovery_codes.html",
        {
            "codes": codes,
            "left": mfa.recovery_codes_left(request.user),
            "next": _next(request),
            "verified": request.user.is_verified(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Confirm this sign-in with a code from the app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next(request))
    if mfa.app_device(request.user) is None:
        return _with_next("mfa_set_up", request)
    form = MfaCodeForm(
        request.POST or None,
        label="Code from your authenticator app",
        hint="The 6 digits it shows now. Lost your phone? Enter one of your recovery codes.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            mfa.verify(request, code=form.cleaned_data["code"])
        except mfa.MfaError as error:
            form.add_error("code", error.message)
        else:
            return redirect(_next(request))
    return render(request, "registration/mfa_verify.html", {"form": form, "next": _next(request)})
