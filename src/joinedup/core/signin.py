"""Sign-in throttling: what django-axes counts, and what happens when it locks a sign-in.

A lock holds one account from one address (settings.AXES_LOCKOUT_PARAMETERS). When it falls,
the attempt is audited and the account's owner is told by email, once per lock, so that a
person whose password is being guessed knows, and knows what to do.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.core.mail import send_email
from joinedup.core.models import User


def axes_username(request, credentials) -> str:
    """Count attempts per email address whatever its case ("Ada@" and "ada@" are one account)."""
    source = credentials if credentials is not None else getattr(request, "POST", {})
    return str((source or {}).get("username", "")).strip().lower()[:254]


def record_lockout(*, username: str, address: str) -> None:
    """Audit a locked sign-in and tell the account's owner (once per lock window)."""
    user = User.objects.filter(email__iexact=username, is_active=True).first()
    log_action(
        "core.user.sign_in_locked",
        target=user,
        data={"email": username[:254], "address": address},
    )
    if user is None:
        return
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    window = int(timezone.now().timestamp() // settings.AXES_COOLOFF_TIME.total_seconds())
    reset = settings.SITE_URL.rstrip("/") + reverse("password_reset")
    send_email(
        key=f"signin-locked:{user.pk}:{window}",
        to=[user.email],
        subject="Someone tried to sign in to your Joinedup account",
        body_text=(
            f"Dear {user.get_full_name() or user.email},\n\n"
            "Someone tried to sign in to your Joinedup account with the wrong password "
            f"{settings.AXES_FAILURE_LIMIT} times. Sign-in from where they were trying is "
            f"paused for {minutes} minutes; you can still sign in from anywhere else.\n\n"
            "If this was you, wait, then try again, or choose a new password:\n"
            f"{reset}\n\n"
            "If it was not you, choose a new password now and tell your convenor.\n"
        ),
    )


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """The page a locked-out sign-in gets (429), saying for how long and what to do."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
