"""Forms of the network pages: the map's filters and the "we work with …" question."""

from django import forms

from joinedup.core.widgets import GovukDateInput
from joinedup.network.analysis import KINDS
from joinedup.network.models import DeclaredTie

KIND_LABELS = {
    "same_table": "Sat at one café table",
    "co_attendance": "Came to one event",
    "action": "Share an action",
    "referral": "Referral accepted",
    "declared": "Said they work together",
}
DATE = GovukDateInput()


class MapFilterForm(forms.Form):
    since = forms.DateField(
        required=False,
        label="From",
        widget=DATE,
        help_text="Only ties seen on or after this day, for example 12 3 2026",
        error_messages={"invalid": "Enter the ‘From’ date as a real date, like 12 3 2026"},
    )
    until = forms.DateField(
        required=False,
        label="Up to",
        widget=DATE,
        help_text="Only ties seen on or before this day",
        error_messages={"invalid": "Enter the ‘Up to’ date as a real date, like 30 6 2026"},
    )
    kind = forms.MultipleChoiceField(
        required=False,
        label="Kinds of tie",
        choices=[(k, KIND_LABELS[k]) for k in KINDS],
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to show every kind",
        error_messages={"invalid_choice": "Choose kinds of tie from the list"},
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The ‘Up to’ date must be the same as or after the ‘From’ date")
        return data


class IntroductionsFilterForm(forms.Form):
    """The introductions page's one filter: they count every kind of tie, from the start."""

    until = MapFilterForm.base_fields["until"]


class DeclareTieForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=None,
        label="Your team",
        empty_label="Choose your team",
        error_messages={"required": "Choose your team", "invalid_choice": "Choose your team"},
    )
    works_with = forms.ModelChoiceField(
        queryset=None,
        label="Which team do you work with?",
        empty_label="Choose a team",
        error_messages={
            "required": "Choose the team you work with",
            "invalid_choice": "Choose the team you work with",
        },
    )
    how_often = forms.ChoiceField(
        label="How often do you work together?",
        choices=DeclaredTie.HowOften.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often you work together"},
    )
    how_useful = forms.ChoiceField(
        label="How useful is working together?",
        choices=DeclaredTie.HowUseful.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how useful working together is"},
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["works_with"].queryset = teams

    def clean(self):
        data = super().clean()
        if data.get("team") and data.get("team") == data.get("works_with"):
            self.add_error("works_with", "Choose a team other than your own")
        return data


class DigestForm(forms.Form):
    digest = forms.ChoiceField(
        label="Do you want the monthly digest by email?",
        choices=[
            ("yes", "Yes, send me the digest each month"),
            ("no", "No, do not send it"),
        ],
        widget=forms.RadioSelect,
        help_text=(
            "Once a month: new and changed teams, pathways published, actions due and done, "
            "new ties and suggested introductions"
        ),
        error_messages={
            "required": "Select yes if you want the monthly digest",
            "invalid_choice": "Select yes or no",
        },
    )


class TablesForm(forms.Form):
    """How the page's two tables are sorted and which page of each is shown.

    The parameters come from the tables' own links, not from inputs on the page, so each
    problem is reported for the page as a whole (the error summary links to the content).
    """

    teams_sort = forms.CharField(required=False)
    teams_page = forms.CharField(required=False)
    ties_sort = forms.CharField(required=False)
    ties_page = forms.CharField(required=False)

    def __init__(self, *args, sorts: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.sorts = sorts  # per table ("teams", "ties"): the sort values it takes, default first

    def clean(self):
        data = super().clean()
        for table in ("teams", "ties"):
            sort = data.get(f"{table}_sort") or self.sorts[table][0]
            if sort not in self.sorts[table]:
                self.add_error(None, f"Sort the {table} table by one of its columns")
            data[f"{table}_sort"] = sort
            page = data.get(f"{table}_page") or "1"
            if not (page.isascii() and page.isdigit()) or int(page) < 1:
                self.add_error(
                    None, f"Enter the page of the {table} table as a whole number, like 2"
                )
            else:
                data[f"{table}_page"] = int(page)
        return data
