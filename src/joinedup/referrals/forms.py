"""Forms of referrals: send one, decline one, close one. The rules of what may be sent live in
services.send_referral; these forms check the input is complete and well formed."""

import datetime

from django import forms

from joinedup.directory.models import Service
from joinedup.referrals.models import Referral

NUMERIC = {"inputmode": "numeric"}


class ReferralForm(forms.Form):
    need = forms.ChoiceField(
        label="Need", error_messages={"required": "Select the need you are referring for"}
    )
    level = forms.TypedChoiceField(
        label="Level of need",
        coerce=int,
        error_messages={"required": "Select the level of need"},
    )
    person_name = forms.CharField(
        label="The person's name",
        max_length=200,
        error_messages={"required": "Enter the person's name"},
    )
    person_contact = forms.CharField(
        label="How to contact the person",
        max_length=200,
        help_text="A phone number, email address or postal address, as the person prefers.",
        error_messages={"required": "Enter a way to contact the person"},
    )
    person_age = forms.IntegerField(
        label="Age",
        required=False,
        min_value=0,
        max_value=120,
        help_text="In years, if the service needs it.",
        widget=forms.NumberInput(attrs={**NUMERIC, "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the age as a whole number, like 15",
            "min_value": "Enter an age of 0 or more",
            "max_value": "Enter an age of 120 or less",
        },
    )
    dob_day = forms.IntegerField(required=False, min_value=1, max_value=31)
    dob_month = forms.IntegerField(required=False, min_value=1, max_value=12)
    dob_year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    reason = forms.CharField(
        label="Why you are referring",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the person needs from the service, and what has happened so far.",
        error_messages={"required": "Enter why you are referring"},
    )
    how_to_engage = forms.CharField(
        label="How to engage the person",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: best times, language, who else to speak to, what to avoid.",
    )
    consent = forms.ChoiceField(
        label="Consent",
        choices=Referral.Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person agreed to the referral"},
    )
    lawful_basis = forms.CharField(
        label="Lawful basis for referring without consent",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only when you refer without consent: for example, a risk of significant harm.",
    )
    from_service = forms.ChoiceField(label="Your team", required=False)
    referrer_contact = forms.CharField(
        label="Your phone or email",
        max_length=200,
        help_text="Where the team should reply, for example 020 7946 0123.",
        error_messages={"required": "Enter a phone number or email address for replies"},
    )

    def __init__(self, *args, needs, levels, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = {term.code: term for term in needs}
        self.fields["need"].choices = [(code, t.name) for code, t in self.needs.items()]
        self.fields["level"].choices = [(n, f"{n} {name}") for n, name in levels]
        self.teams = {str(s.pk): s for s in teams}
        self.fields["from_service"].choices = [("", "Not from a team in the directory")] + [
            (pk, s.name) for pk, s in self.teams.items()
        ]

    def clean(self):
        data = super().clean()
        parts = [data.get("dob_day"), data.get("dob_month"), data.get("dob_year")]
        data["date_of_birth"] = ""
        if any(p is not None for p in parts):
            if any(p is None for p in parts):
                self.add_error("dob_day", "Date of birth must include a day, month and year")
            else:
                try:
                    day = datetime.date(parts[2], parts[1], parts[0])
                except ValueError:
                    self.add_error("dob_day", "Date of birth must be a real date")
                else:
                    if day > datetime.date.today():
                        self.add_error("dob_day", "Date of birth must be in the past")
                    data["date_of_birth"] = day.isoformat()
        if (
            data.get("consent") == Referral.Consent.NOT_NEEDED
            and not (data.get("lawful_basis") or "").strip()
        ):
            self.add_error("lawful_basis", "Enter the lawful basis for referring without consent")
        return data

    def chosen_need(self):
        return self.needs[self.cleaned_data["need"]]

    def chosen_team(self) -> Service | None:
        return self.teams.get(self.cleaned_data.get("from_service") or "")


class DeclineForm(forms.Form):
    decline_reason = forms.ChoiceField(
        label="Why are you declining?",
        choices=Referral.DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are declining the referral"},
    )


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What was the outcome?",
        choices=Referral.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the referral"},
    )
