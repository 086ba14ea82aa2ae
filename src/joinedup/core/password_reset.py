"""Password reset: the same work whether or not the address has an account, and rate limits.

The request only queues a task with the address typed; the task looks the account up and
sends the link. So a probe cannot tell accounts from non-accounts by the time the page takes,
and nothing is sent from inside the request. Limits: a few links per address an hour (more
would be a way to flood someone's inbox), and more per network address (a council office
shares one).
"""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import render
from django_tasks import task

from joinedup.core.audit import log_action
from joinedup.core.clientip import client_address
from joinedup.core.ratelimit import hit

HOUR = 60 * 60


class ResetRequestForm(PasswordResetForm):
    """Ask for a reset link; GOV.UK wording for the errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }

    def save(self, **kwargs) -> None:
        """Queue the reset for the address typed (the task decides whether there is anyone)."""
        send_password_reset.enqueue(email=self.cleaned_data["email"])


@task()
def send_password_reset(*, email: str) -> int:
    """Email a reset link to each active account with this address; return how many."""
    form = PasswordResetForm(data={"email": email})
    if not form.is_valid():
        return 0
    site = urlparse(settings.SITE_URL)
    users = list(form.get_users(email))
    form.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        html_email_template_name="registration/password_reset_email_html.html",
    )
    return len(users)


class ResetRequestView(auth_views.PasswordResetView):
    """The reset form, limited per email address and per network address."""

    form_class = ResetRequestForm

    def form_valid(self, form):
        address = client_address(self.request)
        if hit(f"reset:addr:{address}", window=HOUR) > settings.PASSWORD_RESETS_PER_ADDRESS_HOUR:
            log_action("core.user.password_reset_limited", data={"address": address})
            return render(self.request, "registration/password_reset_limited.html", status=429)
        email = form.cleaned_data["email"].strip().lower()
        if hit(f"reset:email:{email}", window=HOUR) > settings.PASSWORD_RESETS_PER_EMAIL_HOUR:
            # Same page as a sent link: saying "limited" would confirm the account exists.
            return super(auth_views.PasswordResetView, self).form_valid(form)
        return super().form_valid(form)
