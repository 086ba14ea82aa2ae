"""Forms of table capture (opening a sheet, and the items a capture page posts as JSON), with
GOV.UK-worded errors."""

from django import forms

from joinedup.casestudies.models import HowEarly, InterventionPoint, TimelineEntry
from joinedup.directory.models import Service
from joinedup.directory.services import sectors_for


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
