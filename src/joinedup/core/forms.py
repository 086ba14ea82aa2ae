"""GOV.UK Design System rendering for Django forms, and the forms of core."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import TemplatesSetting

from joinedup.core.models import Membership, Place, Role, User
from joinedup.core.widgets import GovukDateInput


class GovukFormRenderer(TemplatesSetting):
    """Render every form and field with GOV.UK Frontend markup (labels, hints, errors)."""

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


class SignInForm(AuthenticationForm):
    """Email and password, with GOV.UK wording for the errors."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been turned off. Ask your convenor to turn it back on.",
    }


class MembershipForm(forms.Form):
    """Give a person (new or existing) a role in a place."""

    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    full_name = forms.CharField(
        label="Full name",
        required=False,
        max_length=150,
        help_text="Needed only when the person does not have an account yet.",
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )

    def __init__(self, *args, place: Place, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place

    def clean(self):
        cleaned = super().clean()
        email = (cleaned.get("email") or "").strip().lower()
        if email and not User.objects.filter(email=email).exists() and not cleaned.get("full_name"):
            self.add_error("full_name", "Enter the person's full name")
        if (
            email
            and cleaned.get("role")
            and Membership.objects.filter(
                place=self.place, user__email=email, role=cleaned["role"]
            ).exists()
        ):
            self.add_error("role", "This person already has that role in this place")
        cleaned["email"] = email
        return cleaned


class AuditFilterForm(forms.Form):
    """Filters for the audit log page; every field optional."""

    action = forms.CharField(
        label="Action starts with", required=False, help_text="For example, core.user"
    )
    actor = forms.CharField(label="Person (email contains)", required=False)
    since = forms.DateField(
        label="From date",
        required=False,
        widget=GovukDateInput(),
        error_messages={"invalid": "Enter a real date, like 26 11 2026"},
    )
