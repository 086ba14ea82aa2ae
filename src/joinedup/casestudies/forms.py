"""Forms of case studies and table capture, with GOV.UK-worded errors."""

from django import forms

from joinedup.casestudies.models import HowEarly, InterventionPoint, LifeDomain, TimelineEntry
from joinedup.directory.models import Service, TaxonomyTerm


def services_of(place):
    return (
        Service.objects.filter(place=place).exclude(status=Service.Status.DEFUNCT).order_by("name")
    )


def sectors_for(place):
    return TaxonomyTerm.objects.sectors().for_place(place).order_by("name")


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


class TableCaptureForm(forms.Form):
    """Open a capture sheet for one table and round (until the café plan makes them)."""

    label = forms.CharField(
        label="Table",
        max_length=120,
        help_text='For example "Table 4".',
        error_messages={"required": "Enter the table's name or number"},
    )
    round = forms.IntegerField(
        label="Round",
        min_value=1,
        max_value=20,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={
            "required": "Enter the round number",
            "invalid": "Round must be a number, like 1",
            "min_value": "Round must be 1 or more",
            "max_value": "Round must be 20 or less",
        },
    )
    participants_may_capture = forms.BooleanField(
        label="Let everyone seated at the table add to the sheet", required=False
    )


# --- capture items, posted as JSON by the capture page -----------------------------------------


class _ItemForm(forms.Form):
    def __init__(self, *args, place, case_study_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        self.case_study_id = case_study_id

    def names(self, choice: str) -> bool:
        """Whether the save names this choice. Saves arrive every few seconds from every
        table, so a choice field's queryset (None until then) is built only when it does;
        an empty value needs none."""
        return self.data.get(choice) not in forms.Field.empty_values


class InterventionPointItemForm(_ItemForm):
    entry = forms.ModelChoiceField(queryset=None, required=False)
    placement = forms.ChoiceField(
        choices=InterventionPoint.Placement.choices,
        required=False,
        error_messages={"invalid_choice": "Select where on the timeline this point is"},
    )
    sector = forms.ModelChoiceField(queryset=None, required=False)
    service = forms.ModelChoiceField(queryset=None, required=False)
    what_could_have_been_done = forms.CharField(
        max_length=4000,
        error_messages={
            "required": "Enter what could have been done",
            "max_length": "What could have been done must be 4,000 characters or fewer",
        },
    )
    how_early = forms.ChoiceField(
        choices=[("", "Not said"), *HowEarly.choices],
        required=False,
        error_messages={"invalid_choice": "Select prevention, early help or crisis"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.names("entry"):
            # the id is all a save needs: not the story's words
            self.fields["entry"].queryset = TimelineEntry.objects.filter(
                case_study_id=self.case_study_id
            ).only("id")
        if self.names("sector"):
            self.fields["sector"].queryset = sectors_for(self.place)
        if self.names("service"):
            self.fields["service"].queryset = Service.objects.filter(place=self.place)

    def clean_placement(self) -> str:
        return self.cleaned_data.get("placement") or InterventionPoint.Placement.ON


class NoteItemForm(_ItemForm):
    text = forms.CharField(
        max_length=4000,
        error_messages={
            "required": "Enter the note",
            "max_length": "The note must be 4,000 characters or fewer",
        },
    )


class ProposedActionItemForm(_ItemForm):
    what = forms.CharField(
        max_length=2000,
        error_messages={
            "required": "Enter what should be done",
            "max_length": "The action must be 2,000 characters or fewer",
        },
    )
    owner = forms.ModelChoiceField(queryset=None, required=False)
    by_when = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter a real date, like 2027-03-31"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.names("owner"):
            self.fields["owner"].queryset = Service.objects.filter(place=self.place)
