"""Forms of the spreadsheet import: upload, column mapping and the merge decisions."""

from django import forms
from openpyxl.utils import get_column_letter

from joinedup.directory.imports.mapping import FIELDS, mapping_problems
from joinedup.directory.imports.planning import need_choice

HELP = {
    "team": "The team, service or organisation each person works in.",
    "full_name": "Use this when the whole name is in one column.",
    "first_name": "Use these two when first names and surnames are in separate columns.",
    "email": "Work email addresses; rows without one are imported and listed as problems.",
    "sector": "For example Housing, Police or Home Office.",
    "notes": "Shown in the preview only; notes are not stored in the directory.",
}


class UploadForm(forms.Form):
    """Choose a spreadsheet to import."""

    file = forms.FileField(
        label="Upload a spreadsheet",
        help_text="An XLSX or CSV file of teams and people, up to {max_mb} MB. "
        "The header row does not need to be the first row.",
        error_messages={
            "required": "Select a spreadsheet",
            "empty": "The selected file is empty",
            "invalid": "Select a spreadsheet",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def __init__(self, *args, max_mb: int = 10, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text.format(max_mb=max_mb)


class MappingForm(forms.Form):
    """Say which column holds each field; starts from the guessed mapping."""

    def __init__(self, *args, headers: list[str], mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file")] + [
            (str(i), f"{header or '(no name)'} – column {get_column_letter(i + 1)}")
            for i, header in enumerate(headers)
        ]
        for name, label in FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                help_text=HELP.get(name, ""),
                initial="" if mapping.get(name) is None else str(mapping[name]),
            )

    def clean(self):
        cleaned = super().clean()
        mapping = {name: int(v) if v not in (None, "") else None for name, v in cleaned.items()}
        for problem in mapping_problems(mapping):
            if "team" in problem:
                self.add_error("team", problem)
            elif "names" in problem or "name" in problem:
                self.add_error("full_name", problem)
            else:
                self.add_error(None, problem)
        cleaned["mapping"] = mapping
        return cleaned


class DecisionsForm(forms.Form):
    """Tick the proposed merges to make; an unticked one keeps the two apart."""

    team_merges = forms.MultipleChoiceField(
        label="Teams to merge", required=False, widget=forms.CheckboxSelectMultiple
    )
    person_merges = forms.MultipleChoiceField(
        label="People to merge", required=False, widget=forms.CheckboxSelectMultiple
    )

    email_fixes = forms.MultipleChoiceField(
        label="Email corrections", required=False, widget=forms.CheckboxSelectMultiple
    )

    team_needs = forms.MultipleChoiceField(
        label="Needs of new teams", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, plan, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_needs"].choices = [
            (need_choice(key, n["id"]), n["name"])
            for key, team in plan.teams.items()
            if not team["existing_id"]
            for n in needs
        ]
        self.fields["team_merges"].choices = [(m["id"], m["spelling"]) for m in plan.team_merges]
        self.fields["person_merges"].choices = [(m["id"], m["name"]) for m in plan.person_merges]
        self.fields["email_fixes"].choices = [(f["id"], f["suggestion"]) for f in plan.email_fixes]

    @property
    def accepted(self) -> list[str]:
        """Return the ids of the merges and email corrections ticked."""
        return [
            *self.cleaned_data["team_merges"],
            *self.cleaned_data["person_merges"],
            *self.cleaned_data["email_fixes"],
            *self.cleaned_data["team_needs"],
        ]
