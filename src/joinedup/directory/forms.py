"""Forms of the directory: finding services, and editing services, organisations and contacts.
Every message is worded as the GOV.UK Design System words it."""

import phonenumbers
from django import forms
from django.db import models

from joinedup.directory.models import Contact, Organization, Service, TaxonomyTerm
from joinedup.directory.query import words_of
from joinedup.directory.synonyms import normalise, split_meanings

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
URL_FORMAT = "Enter a web address in the correct format, like https://www.example.com"


def _formfield(model_field, **kwargs):
    """Model fields' form fields, with web addresses assumed to be https when typed bare."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class ChosenOrNewField(forms.ModelChoiceField):
    """A choice shown as required, which the form lets a new name stand in for."""

    def validate(self, value):
        """Leave "choose one or add one" to the form's clean()."""


def _term_choices(terms) -> list[tuple[str, str]]:
    return [(str(t.pk), t.name) for t in terms]


class SearchForm(forms.Form):
    """What a person looks for: words, a need, a sector and a status; all optional."""

    q = forms.CharField(
        label="Search services",
        required=False,
        max_length=200,
        help_text="In your own words, for example family facing eviction, DV or CAMHS",
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
    need = forms.ChoiceField(label="Need", required=False)
    sector = forms.ChoiceField(label="Sector", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Service.Status.choices],
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        terms = TaxonomyTerm.objects.for_place(place).order_by("name")
        self.fields["need"].choices = [("", "Any need"), *_term_choices(terms.needs())]
        self.fields["sector"].choices = [("", "Any sector"), *_term_choices(terms.sectors())]
        self.fields["need"].error_messages["invalid_choice"] = "Select a need from the list"
        self.fields["sector"].error_messages["invalid_choice"] = "Select a sector from the list"
        self.fields["status"].error_messages["invalid_choice"] = "Select a status from the list"


class ServiceForm(forms.ModelForm):
    """A service (team): what it does, who it is for, how to refer, and who runs it."""

    organization = ChosenOrNewField(
        label="Organisation",
        queryset=Organization.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
        help_text="The organisation that runs this service. If it is not listed, add it below",
    )
    new_organization = forms.CharField(
        label="Or add a new organisation",
        required=False,
        max_length=250,
        help_text="Its full name, like Redbridge Council",
    )
    sectors = forms.ModelMultipleChoiceField(
        label="Sectors",
        queryset=TaxonomyTerm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select at least one sector"},
    )
    needs = forms.ModelMultipleChoiceField(
        label="Needs it helps with",
        queryset=TaxonomyTerm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )

    class Meta:
        model = Service
        formfield_callback = _formfield
        fields = [
            "name",
            "alternate_name",
            "status",
            "description",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "application_process",
            "fees_description",
            "email",
            "url",
        ]
        labels = {
            "name": "Name",
            "alternate_name": "Other name or abbreviation",
            "status": "Status",
            "description": "What the service does",
            "eligibility_description": "Who can use it",
            "minimum_age": "Youngest age it works with",
            "maximum_age": "Oldest age it works with",
            "application_process": "How to refer or get help",
            "fees_description": "Charges",
            "email": "Team email address",
            "url": "Website",
        }
        help_texts = {
            "alternate_name": "For example, YOT or MASH",
            "minimum_age": "In years. Leave empty if there is no limit",
            "maximum_age": "In years. Leave empty if there is no limit",
            "application_process": "Include what to do in an emergency and out of hours",
            "email": "A shared mailbox, not a person's own address",
        }
        widgets = {
            "status": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
            "application_process": forms.Textarea(attrs={"rows": 3}),
            "fees_description": forms.Textarea(attrs={"rows": 2}),
            "minimum_age": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
            ),
            "maximum_age": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
            ),
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }
        error_messages = {
            "name": {"required": "Enter the service's name"},
            "status": {"required": "Select the service's status"},
            "email": {"invalid": EMAIL_FORMAT},
            "url": {"invalid": URL_FORMAT},
            "minimum_age": {
                "invalid": "Youngest age must be a whole number, like 16",
                "min_value": "Youngest age must be 0 or more",
            },
            "maximum_age": {
                "invalid": "Oldest age must be a whole number, like 25",
                "min_value": "Oldest age must be 0 or more",
            },
        }

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        self.fields["status"].choices = Service.Status.choices
        self.fields["organization"].queryset = Organization.objects.filter(place=place)
        terms = TaxonomyTerm.objects.for_place(place).order_by("name")
        self.fields["sectors"].queryset = terms.sectors()
        self.fields["needs"].queryset = terms.needs()
        self.fields["description"].required = True
        self.fields["description"].error_messages["required"] = "Enter what the service does"
        if self.instance.pk:
            self.initial.setdefault("organization", self.instance.organization_id)
            self.initial.setdefault(
                "sectors", list(terms.sectors().filter(attributes__service=self.instance))
            )
            self.initial.setdefault(
                "needs", list(terms.needs().filter(attributes__service=self.instance))
            )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the service's name")
        return name

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization")
        new_name = " ".join((cleaned.get("new_organization") or "").split())
        cleaned["new_organization"] = new_name
        if organization and new_name:
            self.add_error("new_organization", "Choose an organisation or add a new one, not both")
        elif not organization and not new_name:
            self.add_error(
                "organization", "Choose the organisation that runs the service, or add a new one"
            )
        elif (
            new_name
            and Organization.objects.filter(place=self.place, name__iexact=new_name).exists()
        ):
            self.add_error(
                "new_organization",
                f"{new_name} is already in the directory: choose it from the list",
            )
        low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "maximum_age", "Oldest age must be the same as or more than the youngest age"
            )
        for field in ("minimum_age", "maximum_age"):
            if (cleaned.get(field) or 0) > 120:
                self.add_error(field, "Enter an age of 120 or less")
        return cleaned

    def service_fields(self) -> dict:
        """The cleaned values that belong on the Service row."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OrganizationForm(forms.ModelForm):
    """An organisation's name and how to reach it."""

    class Meta:
        model = Organization
        formfield_callback = _formfield
        fields = ["name", "alternate_name", "description", "email", "website"]
        labels = {
            "name": "Name",
            "alternate_name": "Other name or abbreviation",
            "description": "Description",
            "email": "General email address",
            "website": "Website",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "Enter the organisation's name"},
            "email": {"invalid": EMAIL_FORMAT},
            "website": {"invalid": URL_FORMAT},
        }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the organisation's name")
        duplicate = Organization.objects.filter(place=self.instance.place, name__iexact=name)
        if duplicate.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"{name} is already in the directory")
        return name


class ContactForm(forms.ModelForm):
    """A named person to contact about a service, with their work email and phone."""

    phone = forms.CharField(
        label="Work phone number",
        required=False,
        max_length=40,
        help_text="For international numbers include the country code",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    class Meta:
        model = Contact
        fields = ["name", "title", "department", "email"]
        labels = {
            "name": "Full name",
            "title": "Job title",
            "department": "Team or department",
            "email": "Work email address",
        }
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"})}
        error_messages = {"email": {"invalid": EMAIL_FORMAT}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["name"].error_messages["required"] = "Enter the contact's full name"
        if self.instance.pk and "phone" not in self.initial:
            first = self.instance.phones.first()
            self.initial["phone"] = first.number if first else ""

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the contact's full name")
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        try:
            number = phonenumbers.parse(raw, "GB")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_possible_number(number):
            raise forms.ValidationError(
                "Enter a telephone number, like 020 7946 0000, 07700 900 982 or +44 808 157 0192"
            )
        if number.country_code == 44:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors:
            self.add_error("email", "Enter a work email address or a phone number")
        return cleaned

    def contact_fields(self) -> dict:
        """The cleaned values that belong on the Contact row."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SynonymForm(forms.Form):
    """A phrase people search for and what it means in the words services use."""

    phrase = forms.CharField(
        label="What people type",
        max_length=100,
        help_text="An abbreviation or everyday words, for example DV or rough sleeping",
        error_messages={
            "required": "Enter what people type",
            "max_length": "What people type must be 100 characters or fewer",
        },
    )
    meanings = forms.CharField(
        label="What it means",
        max_length=2000,
        help_text="The words services use for it, one to a line or separated by commas,"
        " for example domestic violence, domestic abuse",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter what it means",
            "max_length": "What it means must be 2000 characters or fewer",
        },
    )

    def clean_phrase(self):
        phrase = " ".join(self.cleaned_data["phrase"].split())
        if not normalise(phrase) or not words_of(phrase):
            raise forms.ValidationError("What people type must include a letter or a number")
        return phrase

    def clean_meanings(self):
        meanings = split_meanings(self.cleaned_data["meanings"])
        if not meanings:
            raise forms.ValidationError("Enter what it means")
        too_long = [m for m in meanings if len(m) > 100]
        if too_long:
            raise forms.ValidationError(
                f"Each meaning must be 100 characters or fewer: “{too_long[0][:40]}…” is longer"
            )
        if len(meanings) > 12:
            raise forms.ValidationError("Enter 12 meanings or fewer")
        return meanings
