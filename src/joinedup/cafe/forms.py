"""Forms of the café planner: tables, planning, re-planning and no-shows."""

import re

from django import forms

from joinedup.cafe.models import CafeTable, Plan
from joinedup.casestudies.models import CaseStudy
from joinedup.events.models import Invitation

# Hosts are usually still to reply (they are the authors), so they are offered unless away.
HOST_STATUSES = [
    Invitation.Status.ACCEPTED,
    Invitation.Status.ATTENDED,
    Invitation.Status.PENDING,
    Invitation.Status.WAITING,
]


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Invitation) -> str:
        return f"{obj.name}, {obj.organisation}" if obj.organisation else obj.name


class TableForm(forms.ModelForm):
    """Add or change a table: its label, case study, host(s) and seats."""

    hosts = PersonChoiceField(
        queryset=Invitation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Hosts",
        help_text="Hosts stay at this table in every round. Choose people on the event's list; "
        "usually the case study's author.",
    )

    class Meta:
        model = CafeTable
        fields = ["label", "case_study", "hosts", "seats"]
        labels = {"label": "Table name", "case_study": "Case study", "seats": "Seats"}
        help_texts = {
            "label": "Short, as it appears on the table, for example T01.",
            "seats": "Seats at the table, hosts included.",
        }
        error_messages = {
            "label": {"required": "Enter a table name, like T01"},
            "case_study": {
                "required": "Select the case study the table discusses",
                "invalid_choice": "Select the case study the table discusses",
            },
            "seats": {
                "required": "Enter the number of seats, like 6",
                "invalid": "Enter the number of seats as a whole number, like 6",
                "min_value": "A table needs at least 1 seat",
            },
        }
        widgets = {"seats": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["label"].widget.attrs["class"] = "govuk-input--width-5"
        self.fields["seats"].widget.attrs["class"] = "govuk-input--width-3"
        self.fields["case_study"].queryset = CaseStudy.objects.filter(place=event.place).exclude(
            state=CaseStudy.State.ARCHIVED
        )
        self.fields["case_study"].empty_label = "Choose a case study"
        self.fields["hosts"].queryset = event.invitations.filter(status__in=HOST_STATUSES).order_by(
            "name"
        )

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,11}", label):
            raise forms.ValidationError(
                "Table name must be up to 12 letters, numbers, spaces or dashes, like T01"
            )
        others = self.event.cafe_tables.exclude(pk=self.instance.pk)
        if others.filter(label__iexact=label).exists():
            raise forms.ValidationError(f"There is already a table called {label}")
        return label

    def clean_seats(self) -> int:
        seats = self.cleaned_data["seats"]
        if seats is not None and seats < 1:
            # Before the model's check constraint, whose message is not for people.
            raise forms.ValidationError("A table needs at least 1 seat")
        if seats is not None and seats > 40:
            raise forms.ValidationError("A table can have at most 40 seats")
        return seats

    def clean(self):
        data = super().clean()
        hosts = data.get("hosts") or []
        seats = data.get("seats")
        if seats is not None and len(hosts) > seats:
            self.add_error("hosts", f"Choose at most {seats} hosts: the table has {seats} seats")
        busy = (
            self.event.cafe_tables.exclude(pk=self.instance.pk)
            .filter(hosts__in=list(hosts))
            .values_list("hosts__name", "label")
        )
        for name, label in busy:
            self.add_error("hosts", f"{name} already hosts {label}; a host sits at one table")
        return data


class PlanForm(forms.Form):
    """Plan the tables: whom to seat, and how long to look for a better plan."""

    basis = forms.ChoiceField(
        label="Who to seat",
        choices=Plan.Basis.choices,
        initial=Plan.Basis.EXPECTED,
        widget=forms.RadioSelect,
        help_text="Before the day, seat everyone who accepted. On the day, once check-in is "
        "done, you can seat only the people in the room.",
        error_messages={"required": "Select who to seat"},
    )
    revisits_allowed = forms.BooleanField(
        label="Let people see a case study twice",
        required=False,
        help_text="Only needed when there are more rounds than case studies.",
    )
    seconds = forms.FloatField(
        label="Time to look for a better plan, in seconds",
        initial=2,
        min_value=0.1,
        max_value=60,
        help_text="2 seconds is plenty for 60 people; allow more for a large conference.",
        error_messages={
            "required": "Enter a time in seconds, like 2",
            "invalid": "Enter a time in seconds, like 2",
            "min_value": "Enter a time of at least 0.1 seconds",
            "max_value": "Enter a time of at most 60 seconds",
        },
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seconds"].widget.attrs["class"] = "govuk-input--width-4"


class ReplanForm(forms.Form):
    """Re-plan on the day, keeping the seats of rounds under way or printed."""

    kept_rounds = forms.TypedMultipleChoiceField(
        label="Keep the seats of these rounds",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People keep their seat in these rounds unless they must move (their table "
        "is gone or full, or they would see a case study twice).",
    )
    basis = PlanForm.base_fields["basis"]
    seconds = PlanForm.base_fields["seconds"]

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept_rounds"].choices = rounds
        self.fields["seconds"].widget.attrs["class"] = "govuk-input--width-4"


class NoShowForm(forms.Form):
    """Mark people who accepted but have not come."""

    people = PersonChoiceField(
        queryset=Invitation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Who has not come",
        help_text="They are left out when you re-plan. Checking someone in later undoes this.",
        error_messages={"required": "Select the people who have not come"},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = queryset
