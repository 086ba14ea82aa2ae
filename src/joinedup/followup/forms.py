"""Forms of follow-up, with GOV.UK-worded messages."""

import datetime

from django import forms

from joinedup.casestudies.models import CaseStudy, InterventionPoint
from joinedup.core.models import User
from joinedup.core.widgets import GovukDateInput
from joinedup.directory.models import Contact, Service
from joinedup.events.models import Event
from joinedup.followup.models import Action, FeedbackResponse, Gain, Theme
from joinedup.followup.report import SECTIONS
from joinedup.followup.sources import sector_terms


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"


class ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        team = f", {obj.service.name}" if obj.service_id else ""
        return f"{obj}{team}"


class ActionForm(forms.Form):
    """Confirm an action (from a proposal, or from the summary discussion) or change one."""

    title = forms.CharField(
        label="What will be done",
        max_length=200,
        error_messages={
            "required": "Enter what will be done",
            "max_length": "What will be done must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="More detail", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    owner_team = forms.ModelChoiceField(
        label="Team that owns it",
        queryset=Service.objects.none(),
        error_messages={"required": "Select the team that owns the action"},
    )
    owner_user = PersonChoice(
        label="Named owner with a Joinedup account",
        queryset=User.objects.none(),
        required=False,
        help_text="They can update the action themselves.",
    )
    owner_contact = ContactChoice(
        label="Or a named owner from the directory",
        queryset=Contact.objects.none(),
        required=False,
    )
    due_date = forms.DateField(
        label="Due date",
        widget=GovukDateInput(),
        help_text="For example, 27 3 2027",
        error_messages={
            "required": "Enter the date the action is due",
            "invalid": "Due date must be a real date, like 2027-03-27",
        },
    )
    needs_centre = forms.BooleanField(
        label="This needs the centre (central government)", required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    event = forms.ModelChoiceField(
        label="Event it came from", queryset=Event.objects.none(), required=False
    )
    case_study = forms.ModelChoiceField(
        label="Case study it came from", queryset=CaseStudy.objects.none(), required=False
    )
    intervention_point = forms.ModelChoiceField(
        label="Intervention point it answers",
        queryset=InterventionPoint.objects.none(),
        required=False,
        help_text="What the same table found.",
    )

    def __init__(self, *args, place, points=None, **kwargs):
        super().__init__(*args, **kwargs)
        if points is None:
            del self.fields["intervention_point"]
        else:
            self.fields["intervention_point"].queryset = points
        self.fields["owner_team"].queryset = Service.objects.filter(place=place).order_by("name")
        self.fields["owner_user"].queryset = User.objects.filter(
            memberships__place=place, is_active=True
        ).distinct()
        self.fields["owner_contact"].queryset = (
            Contact.objects.filter(place=place).select_related("service").order_by("name")
        )
        self.fields["event"].queryset = Event.objects.filter(place=place)
        self.fields["case_study"].queryset = CaseStudy.objects.filter(place=place)

    def clean(self):
        data = super().clean()
        if data.get("owner_user") and data.get("owner_contact"):
            self.add_error(
                "owner_contact",
                "Select a named owner with an account or from the directory, not both",
            )
        elif not data.get("owner_user") and not data.get("owner_contact"):
            self.add_error("owner_user", "Select the named person who owns the action")
        return data


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a status"},
    )
    note = forms.CharField(
        label="Progress note",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What has happened since the last update.",
    )
    dropped_reason = forms.CharField(
        label="Why was it dropped?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Only if you are dropping the action.",
    )

    def __init__(self, *args, action: Action, **kwargs):
        kwargs.setdefault("initial", {"status": action.status})
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status == Action.Status.DROPPED and not data.get("dropped_reason", "").strip():
            self.add_error("dropped_reason", "Enter why the action was dropped")
        elif status and status == self.action.status and not data.get("note", "").strip():
            self.add_error("note", "Enter a progress note or choose a new status")
        return data


class ActionFilterForm(forms.Form):
    STATUSES = [
        ("", "Any status"),
        ("open", "Open (not started or in progress)"),
        *Action.Status.choices,
    ]

    owner = forms.ChoiceField(label="Owner", required=False)
    sector = forms.ChoiceField(label="Sector of the owning team", required=False)
    event = forms.TypedChoiceField(label="Event", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", choices=STATUSES, required=False)
    centre = forms.BooleanField(label="Only actions that need the centre", required=False)
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def __init__(self, *args, place, user, **kwargs):
        super().__init__(*args, **kwargs)
        teams = (
            Service.objects.filter(
                place=place, pk__in=Action.objects.filter(place=place).values("owner_team")
            )
            .order_by("name")
            .values_list("pk", "name")
        )
        self.fields["owner"].choices = [
            ("", "Anyone"),
            (f"user:{user.pk}", "Me"),
            *[(str(pk), name) for pk, name in teams],
        ]
        sectors = sorted(
            {(code, name) for code, name, _ in sector_terms().values()}, key=lambda s: s[1]
        )
        self.fields["sector"].choices = [("", "Any sector"), *sectors]
        self.fields["event"].choices = [
            ("", "Any event"),
            *Event.objects.filter(place=place).values_list("pk", "title"),
        ]


class ReportForm(forms.Form):
    intro = forms.CharField(
        label="Introduction",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Opens the report. Leave a blank line between paragraphs.",
    )
    next_steps = forms.CharField(
        label="What happens next",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    hidden = forms.MultipleChoiceField(
        label="Sections to leave out",
        choices=SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class PublicLinkForm(forms.Form):
    """What the report's public link shows."""

    sections = forms.MultipleChoiceField(
        label="Sections anyone with the link can read",
        choices=SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one section to make public"},
        help_text=(
            "Nobody is named on the public page: speakers, action owners and feedback quotes "
            "are left out whatever you choose."
        ),
    )
    case_study_text = forms.BooleanField(
        label="Include the case studies' text (timelines and what the tables found)",
        required=False,
        help_text="Without this, the public page gives only how many case studies were discussed.",
    )


class RunAgainForm(forms.Form):
    """The new event's title and date (a GOV.UK date input: day, month, year)."""

    title = forms.CharField(
        label="Title of the new event",
        max_length=200,
        error_messages={"required": "Enter a title for the new event"},
    )
    day = forms.IntegerField(required=False, min_value=1, max_value=31)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get("day"), cleaned.get("month"), cleaned.get("year")]
        self.date_error = ""
        if any(name in self.errors for name in ("day", "month", "year")) or None in parts:
            self.date_error = "Enter the date of the new event, like 27 3 2027"
        else:
            try:
                cleaned["date"] = datetime.date(parts[2], parts[1], parts[0])
            except ValueError:
                self.date_error = "The date of the new event must be a real date"
        if self.date_error:
            for name in ("day", "month", "year"):
                self.errors.pop(name, None)
            self.add_error("day", self.date_error)
        return cleaned


class PublishForm(forms.Form):
    attach_pdf = forms.BooleanField(
        label="Also attach the report as a PDF",
        required=False,
        help_text=(
            "Without it, people get a link: members of the place the report page, others the "
            "public link when it is on. The PDF holds every section you have not left out, "
            "with the case studies' text."
        ),
    )


class FeedbackForm(forms.Form):
    gained = forms.MultipleChoiceField(
        label="What did you gain from the day?",
        choices=Gain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    what_next = forms.CharField(
        label="What should happen next?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    come_again = forms.ChoiceField(
        label="Would you come to another day like this?",
        choices=FeedbackResponse.ComeAgain.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you would come again"},
    )
    comments = forms.CharField(
        label="Anything else you want to tell us?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )


class PointThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


# --- start a place from another's approach ----------------------------------------------------


class SourcePlaceForm(forms.Form):
    """Which place to start from: one of those sharing their approach."""

    source = forms.ChoiceField(
        label="Which place do you want to start from?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the place to start from"},
    )

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(p.slug, p.name) for p in sources]


class CopyChoiceForm(forms.Form):
    """What to copy from the source place, and which of its events."""

    parts = forms.MultipleChoiceField(
        label="What do you want to copy?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what to copy"},
    )
    events = forms.MultipleChoiceField(
        label="Which events' set-up do you want to copy?",
        help_text="Agenda, café rounds, tables and the invitation's text; never the people.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, parts=(), events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = list(parts)
        self.fields["events"].choices = [
            (str(e.pk), f"{e.title} ({e.date:%-d %B %Y})") for e in events
        ]

    def clean(self):
        data = super().clean()
        if "events" in (data.get("parts") or []) and not data.get("events"):
            self.add_error("events", "Select the events to copy, or untick event set-ups")
        return data
