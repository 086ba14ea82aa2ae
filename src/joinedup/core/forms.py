"""GOV.UK Design System rendering for Django forms, and the forms of core."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import TemplatesSetting

from joinedup.core.models import Role, User
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


class InviteForm(forms.Form):
    """Invite a colleague by email to take a role in the place."""

    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    full_name = forms.CharField(
        label="Full name (optional)",
        required=False,
        max_length=150,
        help_text="Used to greet them in the email.",
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="New role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )


class PlaceForm(forms.Form):
    """A new place (site admins)."""

    name = forms.CharField(
        label="Name of the place",
        max_length=120,
        help_text="For example, Exeter",
        error_messages={"required": "Enter the name of the place"},
    )
    local_authority = forms.CharField(
        label="Local authority",
        max_length=120,
        help_text="For example, Exeter City Council",
        error_messages={"required": "Enter the local authority"},
    )
    first_convenor = forms.EmailField(
        label="Email address of its first convenor (optional)",
        required=False,
        help_text="They get an invitation link to join as convenor.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )


class AcceptInvitationForm(forms.Form):
    """A new account for the person accepting an invitation."""

    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter your full name"}
    )
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Choose a password"},
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", "The passwords do not match")
        elif one:
            try:
                password_validation.validate_password(
                    one, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
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


class MfaCodeForm(forms.Form):
    """One code: from the authenticator app, or (signing in) a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={"required": "Enter a code"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "characters",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, label: str = "Code", hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = label
        self.fields["code"].help_text = hint
