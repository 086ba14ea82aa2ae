"""Sign-ins, failed sign-ins and locked sign-ins go to the audit log."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from joinedup.core.audit import log_action
from joinedup.core.signin import record_lockout


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        # the absolute session limit counts from here (core.middleware.SessionLimitsMiddleware)
        request.session["signed_in_at"] = request.session["seen_at"] = int(time.time())
    log_action("core.user.signed_in", actor=user, target=user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        log_action("core.user.signed_out", actor=user, target=user)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    # Only the address tried: never the password.
    log_action(
        "core.user.sign_in_failed", data={"email": str(credentials.get("username", ""))[:254]}
    )


@receiver(user_locked_out)
def tell_of_lockout(sender, request=None, username="", ip_address="", **kwargs) -> None:
    record_lockout(username=username or "", address=ip_address or "")
