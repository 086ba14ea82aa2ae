"""Two-factor sign-in: a TOTP authenticator app (django-otp), with single-use recovery codes.

Convenors and site admins must confirm every sign-in with a second factor
(settings.MFA_REQUIRED); so must anyone who has set up an app. Until they do, every signed-in
page sends them to set-up or to the code page (core.middleware.MfaRequiredMiddleware).

Recovery codes are stored hashed: django-otp's static tokens hold the first 96 bits of the
code's SHA-256 (url-safe base64, 16 characters), never the code. Wrong codes are throttled by
django-otp (each failure doubles the wait); set-up, success, failure, throttling and the use of
a recovery code are audited.
"""

import base64
import hashlib
import re
import secrets

import segno
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.core.audit import log_action
from joinedup.core.models import Membership, Role

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# No 0/O, 1/I/L: a code read from paper is typed right.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_LENGTH = 12  # about 59 bits each


class MfaError(Exception):
    """A second factor was refused; the message is for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WrongCode(MfaError):
    pass


class TooManyTries(MfaError):
    pass


def is_required_for(user) -> bool:
    """Whether this signed-in person must confirm their sign-in with a second factor."""
    if not settings.MFA_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    # One query on every request of a person signed in without a second factor (a host at a
    # capture table polls every few seconds): a convenor role, or an app they set up. A fixed
    # SQL string: compiling the ORM's version cost more CPU than running it.
    with connection.cursor() as cursor:
        cursor.execute(_REQUIRED_SQL, [user.pk, Role.CONVENOR, user.pk, True])
        return cursor.fetchone() is not None


def _required_sql() -> str:
    membership = Membership._meta.db_table
    device = TOTPDevice._meta.db_table
    return (
        f"SELECT 1 FROM {membership} WHERE user_id = %s AND role = %s "  # noqa: S608 (fixed names)
        f"UNION ALL SELECT 1 FROM {device} WHERE user_id = %s AND confirmed = %s LIMIT 1"
    )


_REQUIRED_SQL = _required_sql()


def app_device(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()


def recovery_codes_left(user) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device else 0


def pending_app_device(user) -> TOTPDevice:
    """The authenticator app being set up (made on first visit, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as a person types it into an app: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// set-up link as a QR code (SVG data URI, allowed by our CSP's img-src)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def hash_recovery_code(code: str) -> str:
    """What is stored for a recovery code: 96 bits of its SHA-256, as 16 characters."""
    normal = re.sub(r"[^A-Z0-9]", "", code.upper())
    digest = hashlib.sha256(f"joinedup-recovery:{normal}".encode()).digest()
    return base64.urlsafe_b64encode(digest[:12]).decode()


def _new_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4))


@transaction.atomic
def new_recovery_codes(*, user) -> list[str]:
    """Replace the person's recovery codes with new ones; return them (shown once, never kept)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_code() for _ in range(settings.MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=hash_recovery_code(code)) for code in codes
    )
    log_action("core.mfa.recovery_codes_made", actor=user, target=user)
    return codes


def _refuse_if_throttled(request, devices) -> None:
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed:
            until = (data or {}).get("locked_until")
            seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1
            log_action(
                "core.mfa.throttled",
                actor=request.user,
                target=request.user,
                data={"device": device.name},
            )
            raise TooManyTries(
                f"Too many wrong codes. Wait {seconds} seconds, then enter a new code."
            )


def _digits(code: str) -> str:
    return re.sub(r"\s", "", code)


def confirm_app(request, *, device: TOTPDevice, code: str) -> list[str]:
    """Confirm a new authenticator app with a code from it; return new recovery codes."""
    user = request.user
    _refuse_if_throttled(request, [device])
    if not re.fullmatch(r"\d{6}", _digits(code)) or not device.verify_token(_digits(code)):
        log_action("core.mfa.failed", actor=user, target=user, data={"step": "set_up"})
        raise WrongCode("The code is not right. Enter the 6-digit code your app shows now.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        log_action("core.mfa.set_up", actor=user, target=user)
        codes = new_recovery_codes(user=user)
    otp_login(request, device)
    return codes


def verify(request, *, code: str) -> None:
    """Confirm this sign-in with a code from the app, or with a recovery code (used up)."""
    user = request.user
    app = app_device(user)
    recovery = recovery_device(user)
    _refuse_if_throttled(request, [d for d in (app, recovery) if d is not None])
    token = _digits(code)
    app_code = re.fullmatch(r"\d{6}", token) is not None
    if app is not None and app_code and app.verify_token(token):
        otp_login(request, app)
        log_action("core.mfa.verified", actor=user, target=user)
        return
    recovery_code = not app_code and re.fullmatch(r"[A-Za-z0-9-]{12,20}", token) is not None
    if recovery is not None and recovery_code and recovery.verify_token(hash_recovery_code(token)):
        otp_login(request, recovery)
        log_action(
            "core.mfa.recovery_used",
            actor=user,
            target=user,
            data={"codes_left": recovery.token_set.count()},
        )
        return
    log_action("core.mfa.failed", actor=user, target=user, data={"step": "sign_in"})
    raise WrongCode(
        "The code is not right. Enter the 6-digit code your app shows now, or a recovery code."
    )
