"""Forms of case studies, with GOV.UK-worded errors."""

from django import forms

from joinedup.casestudies.models import LifeDomain, TimelineEntry
from joinedup.directory.models import Service
from joinedup.directory.services import services_of


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class CaseStudyForm(forms.Form):
    """Title, summary and the author's allow-list of made-up names."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text='A short, anonymous description, like "A teenager excluded from school".',
        error_messages={
            "required": "Enter a title",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Two or three sentences about the person and why their story matters.",
    )
    allow_list = forms.CharField(
        label="Made-up names used in this story",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "The fictional names you gave people, separated by commas, like Kai, Aunt Rosa. "
            "The personal-data check will not flag them. Never list a real person's name."
        ),
    )

    def clean_allow_list(self) -> list[str]:
        raw = self.cleaned_data.get("allow_list") or ""
        return [word.strip() for word in raw.replace("\n", ",").split(",") if word.strip()]


class TimelineEntryForm(forms.Form):
    """One moment of the life story."""

    age_years = forms.IntegerField(
        label="Age in years",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Age must be a whole number of years, like 14",
            "min_value": "Age must be 0 or more",
            "max_value": "Age must be 120 or less",
        },
    )
    age_months = forms.IntegerField(
        label="and months",
        required=False,
        min_value=0,
        max_value=11,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={
            "invalid": "Months must be a whole number, like 6",
            "min_value": "Months must be between 0 and 11",
            "max_value": "Months must be between 0 and 11",
        },
    )
    period_label = forms.CharField(
        label="Or a period of life",
        required=False,
        max_length=60,
        help_text='For example "early childhood" or "aged 14–15". Never a date of birth.',
        error_messages={"max_length": "Period must be 60 characters or fewer"},
    )
    domain = forms.ChoiceField(
        label="Part of life",
        choices=LifeDomain.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the part of life this moment is about"},
    )
    what_happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what happened"},
    )
    services = forms.ModelMultipleChoiceField(
        label="Services involved",
        required=False,
        queryset=Service.objects.none(),
        help_text="Teams from the directory that were involved at this moment.",
        widget=forms.CheckboxSelectMultiple,
    )
    what_services_did = forms.CharField(
        label="What the services did",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = services_of(place)
        self.fields["services"].label_from_instance = lambda s: s.name

    def clean(self):
        cleaned = super().clean()
        no_when = cleaned.get("age_years") is None and not cleaned.get("period_label")
        if no_when and "age_years" not in self.errors and "period_label" not in self.errors:
            self.add_error("age_years", "Enter the person's age, or a period of life")
        if cleaned.get("age_months") not in (None, 0) and cleaned.get("age_years") is None:
            self.add_error("age_years", "Enter the age in years as well as the months")
        return cleaned

    @classmethod
    def initial_for(cls, entry: TimelineEntry) -> dict:
        return {
            "age_years": entry.age_years,
            "age_months": entry.age_months,
            "period_label": entry.period_label,
            "domain": entry.domain,
            "what_happened": entry.what_happened,
            "services": list(entry.services.all()),
            "what_services_did": entry.what_services_did,
        }


class DismissFindingForm(forms.Form):
    reason = forms.CharField(
        label="Why is this not personal data?",
        max_length=500,
        help_text='For example "a made-up name" or "the name of a national charity".',
        error_messages={"required": "Enter why this is not personal data"},
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="What should the author change?",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
