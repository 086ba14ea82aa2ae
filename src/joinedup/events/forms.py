"""Forms of events: they own input validation, with GOV.UK-worded messages."""

import datetime

from django import forms
from django.utils import timezone

from joinedup.core.widgets import GovukDateInput
from joinedup.directory.models import Service, TaxonomyTerm
from joinedup.events.invitations import expected_sectors
from joinedup.events.models import AgendaItem, Event, Reminder
from joinedup.events.rsvp import ACCEPT, DECLINE, NOMINATE

EMAIL_ERRORS = {
    "required": "Enter an email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
}
DATE_INPUT = GovukDateInput()
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _sector_choices(place, blank: str = "Not known"):
    return [("", blank)] + [(str(t.pk), t.name) for t in expected_sectors(place)]


class EventForm(forms.ModelForm):
    """Create or edit an event."""

    answers_close_on = forms.DateField(
        label="Last day to reply",
        required=False,
        widget=DATE_INPUT,
        help_text="People can change their answer until the end of this day. Leave empty to "
        "allow answers until the event starts.",
        error_messages={"invalid": "Enter a real date, like 3 2 2027"},
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "purpose",
            "date",
            "starts_at",
            "ends_at",
            "venue_name",
            "venue_address",
            "accessibility_notes",
            "capacity",
            "format",
            "target_attendance",
            "min_per_sector",
        ]
        labels = {
            "title": "Event name",
            "purpose": "What the day is for",
            "date": "Date",
            "starts_at": "Start time",
            "ends_at": "End time",
            "venue_name": "Venue",
            "venue_address": "Venue address",
            "accessibility_notes": "Access information",
            "capacity": "Places available",
            "format": "Format",
            "target_attendance": "How many people you hope will come",
            "min_per_sector": "At least this many from each sector",
        }
        help_texts = {
            "accessibility_notes": "Step-free access, hearing loop, quiet room, parking.",
            "capacity": "When it is full, people who accept go on a waiting list. Leave empty "
            "for no limit.",
            "target_attendance": "The forecast says how many more to invite to reach it.",
        }
        widgets = {
            "date": DATE_INPUT,
            "starts_at": TIME_INPUT,
            "ends_at": TIME_INPUT,
            "format": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "venue_address": forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
            "capacity": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        }
        error_messages = {
            "title": {"required": "Enter the event name"},
            "date": {
                "required": "Enter the date of the event",
                "invalid": "Enter a real date, like 10 2 2027",
            },
            "starts_at": {"required": "Enter a start time", "invalid": "Enter a time, like 09:30"},
            "ends_at": {"required": "Enter an end time", "invalid": "Enter a time, like 16:00"},
            "capacity": {"invalid": "Enter the number of places as a whole number, like 80"},
            "format": {"required": "Select the format of the day"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.rsvp_closes_at:
            self.initial.setdefault(
                "answers_close_on", timezone.localtime(self.instance.rsvp_closes_at).date()
            )
        self.fields["min_per_sector"].error_messages["invalid"] = "Enter a whole number, like 1"

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The end time must be after the start time")
        closes, date = cleaned.get("answers_close_on"), cleaned.get("date")
        if closes and date and closes > date:
            self.add_error(
                "answers_close_on", "The last day to reply must be on or before the event"
            )
        if cleaned.get("capacity") == 0:
            self.add_error("capacity", "Places available must be 1 or more, or leave it empty")
        return cleaned

    def save_fields(self) -> dict:
        """The cleaned values as model fields (the services module saves them)."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        closes = self.cleaned_data.get("answers_close_on")
        fields["rsvp_closes_at"] = (
            timezone.make_aware(datetime.datetime.combine(closes, datetime.time(23, 59)))
            if closes
            else None
        )
        return fields


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "minutes", "question", "speakers", "order"]
        labels = {
            "kind": "Type of item",
            "title": "Title",
            "minutes": "Length in minutes",
            "question": "Question for the tables",
            "speakers": "Speakers",
            "order": "Position in the agenda",
        }
        help_texts = {
            "question": "For a café round.",
            "speakers": "For an opening perspective: one name and role a line.",
            "order": "1 is first.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "question": forms.Textarea(attrs={"rows": 2}),
            "speakers": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.NumberInput(attrs={"inputmode": "numeric", "min": 5}),
        }
        error_messages = {
            "kind": {"required": "Select the type of item"},
            "title": {"required": "Enter a title"},
            "minutes": {
                "required": "Enter the length in minutes",
                "invalid": "Enter the length as a whole number of minutes, like 40",
            },
        }

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == AgendaItem.Kind.CAFE_ROUND
            and not cleaned.get("question", "").strip()
        ):
            self.add_error("question", "Enter the question the tables discuss in this round")
        if cleaned.get("minutes") is not None and cleaned["minutes"] < 5:
            self.add_error("minutes", "An agenda item must be at least 5 minutes long")
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status",
        choices=Event.Status.choices,
        error_messages={"required": "Select the new status"},
    )


class ContactFilterForm(forms.Form):
    """Which directory contacts to show in the list builder."""

    sector = forms.MultipleChoiceField(
        label="Sectors", required=False, widget=forms.CheckboxSelectMultiple
    )
    team = forms.ChoiceField(label="Team", required=False)
    need = forms.ChoiceField(label="Need the team helps with", required=False)
    text = forms.CharField(label="Name, email or team contains", required=False, max_length=100)

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = _sector_choices(place)[1:]
        self.fields["team"].choices = [("", "Any team")] + [
            (str(pk), name)
            for pk, name in Service.objects.filter(place=place)
            .exclude(status=Service.Status.DEFUNCT)
            .order_by("name")
            .values_list("pk", "name")
        ]
        self.fields["need"].choices = [("", "Any need")] + [
            (str(t.pk), t.name)
            for t in TaxonomyTerm.objects.needs().for_place(place).order_by("name")
        ]


class AddByEmailForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(label="Email address", error_messages=EMAIL_ERRORS)
    organisation = forms.CharField(label="Organisation or team", max_length=250, required=False)
    sector = forms.ChoiceField(label="Sector", required=False)

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        self.fields["sector"].choices = _sector_choices(place)

    def clean_sector(self):
        value = self.cleaned_data.get("sector")
        if not value:
            return None
            return next((t for t in expected_sectors(self.place) if str(t.pk) == value), None)


class WalkInForm(AddByEmailForm):
    """Someone who came without an invitation; they may have no email (or not give one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False  # the field template adds "(optional)"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a spreadsheet",
        help_text="CSV or Excel (XLSX), with columns Name, Email and, if you have them, "
        "Organisation and Sector.",
        error_messages={"required": "Select a spreadsheet", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or XLSX")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        return upload


class RsvpForm(forms.Form):
    """An invitee's answer."""

    answer = forms.ChoiceField(
        label="Can you come?",
        choices=[
            (ACCEPT, "Yes, I will come"),
            (DECLINE, "No, I cannot come"),
            (NOMINATE, "I cannot come, but a colleague could come instead"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you can come"},
    )
    nominee_name = forms.CharField(
        label="Your colleague's full name",
        required=False,
        max_length=100,
        error_messages={"max_length": "Your colleague's name must be 100 characters or fewer"},
    )
    nominee_email = forms.EmailField(
        label="Your colleague's email address",
        required=False,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    access_needs = forms.CharField(
        label="Access needs",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, step-free access, a hearing loop, a BSL interpreter, a quiet room.",
    )
    dietary = forms.CharField(
        label="Dietary requirements",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    case_studies = forms.MultipleChoiceField(
        label="Which case studies would you like to hear?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, invitation, case_studies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        if invitation.nominated_by_id is not None:
            # No chains: someone nominated cannot nominate again (joinedup.events.nominations).
            self.fields["answer"].choices = [
                c for c in self.fields["answer"].choices if c[0] != NOMINATE
            ]
        if case_studies:
            self.fields["case_studies"].choices = list(case_studies)
        else:
            del self.fields["case_studies"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == NOMINATE:
            if not cleaned.get("nominee_name", "").strip():
                self.add_error("nominee_name", "Enter your colleague's full name")
            email = (cleaned.get("nominee_email") or "").strip().lower()
            if not email and "nominee_email" not in self.errors:
                self.add_error("nominee_email", "Enter your colleague's email address")
            elif email and email == self.invitation.email.lower():
                self.add_error(
                    "nominee_email", "Enter your colleague's email address, not your own"
                )
        return cleaned


class PhoneAnswerForm(forms.Form):
    """An answer a convenor took by phone on someone's behalf."""

    answer = forms.ChoiceField(
        label="What did they say?",
        choices=[(ACCEPT, "They will come"), (DECLINE, "They cannot come")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they will come"},
    )
    access_needs = forms.CharField(
        label="Access needs they told you about",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, step-free access, a hearing loop, a BSL interpreter, a quiet room.",
    )
    dietary = forms.CharField(
        label="Dietary requirements",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OfferForm(forms.Form):
    take = forms.ChoiceField(
        label="Do you want the place?",
        choices=[("yes", "Yes, I will come"), ("no", "No, give it to someone else")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you want the place"},
    )


class ReminderForm(forms.Form):
    group = forms.ChoiceField(
        label="Who to remind",
        choices=Reminder.Group.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who to remind"},
    )
    when = forms.ChoiceField(
        label="When",
        choices=[("now", "Now"), ("later", "At a date and time")],
        widget=forms.RadioSelect,
        initial="now",
        error_messages={"required": "Select when to send the reminder"},
    )
    send_on = forms.DateField(
        label="Date",
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": "Enter a real date, like 3 2 2027"},
    )
    send_time = forms.TimeField(
        label="Time",
        required=False,
        widget=TIME_INPUT,
        error_messages={"invalid": "Enter a time, like 09:00"},
    )
    message = forms.CharField(
        label="A note to add",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["send_at"] = None
        if cleaned.get("when") == "later":
            if not cleaned.get("send_on"):
                if "send_on" not in self.errors:
                    self.add_error("send_on", "Enter the date to send the reminder")
                return cleaned
            at = timezone.make_aware(
                datetime.datetime.combine(
                    cleaned["send_on"], cleaned.get("send_time") or datetime.time(9, 0)
                )
            )
            if at <= timezone.now():
                self.add_error("send_on", "The date and time must be in the future")
            cleaned["send_at"] = at
        return cleaned


class CheckinSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, email or check-in code",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )
