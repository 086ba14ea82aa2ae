"""Forms of the pathways pages; messages in GOV.UK words."""

import json

from django import forms

from joinedup.pathways.models import Step

MAX_KIT_BYTES = 5 * 1024 * 1024


class LevelsForm(forms.Form):
    """The name and description of each of a place's levels of need."""

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level in levels:
            self.fields[f"name_{level.number}"] = forms.CharField(
                label=f"Name of level {level.number}",
                max_length=100,
                initial=level.name,
                error_messages={"required": f"Enter a name for level {level.number}"},
            )
            self.fields[f"description_{level.number}"] = forms.CharField(
                label=f"What level {level.number} means",
                required=False,
                initial=level.description,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def changes(self) -> dict:
        return {
            lv.number: (
                self.cleaned_data[f"name_{lv.number}"],
                self.cleaned_data[f"description_{lv.number}"],
            )
            for lv in self.levels
        }


class ThresholdsForm(forms.Form):
    """For each need, the levels at which the service takes it."""

    def __init__(self, *args, needs, levels, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = list(needs)
        choices = [(str(lv.number), f"{lv.number} {lv.name}") for lv in levels]
        for need in self.needs:
            self.fields[f"need_{need.pk}"] = forms.MultipleChoiceField(
                label=need.name,
                required=False,
                choices=choices,
                initial=[str(n) for n in current.get(need.pk, [])],
                widget=forms.CheckboxSelectMultiple,
            )

    def levels_by_need(self) -> dict:
        return {need: [int(n) for n in self.cleaned_data[f"need_{need.pk}"]] for need in self.needs}


class PathwayForm(forms.Form):
    """Start the pathway of a need."""

    need = forms.ModelChoiceField(
        label="Need",
        queryset=None,
        empty_label="Choose a need",
        error_messages={"required": "Select the need this pathway is for"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="What a practitioner is worried about, like: A child may be at risk of harm",
        error_messages={"required": "Enter a title for the pathway"},
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs


class StepForm(forms.Form):
    """One level of a pathway: indicators, who responds, how, how fast, escalation, consent."""

    level = forms.TypedChoiceField(
        label="Level of need",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of need of this step"},
    )
    indicators = forms.CharField(
        label="Indicators",
        help_text="What puts someone at this level, in plain words: one on each line",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter at least one indicator"},
    )
    services = forms.ModelMultipleChoiceField(
        label="Services that respond",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Services of the directory tagged with this need or with a threshold",
    )
    route_how = forms.ChoiceField(
        label="How to refer",
        choices=Step.How.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how to refer"},
    )
    route_detail = forms.CharField(
        label="Referral details",
        required=False,
        help_text="The form's name, the number to call, or the address to email",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    response_hours = forms.IntegerField(
        label="Reply due within (hours)",
        required=False,
        min_value=0,
        max_value=24 * 365,
        help_text="Working hours after the referral, for example 4, 24 or 72",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the reply due as a whole number of hours, like 24",
            "min_value": "The reply due must be 0 hours or more",
            "max_value": "The reply due must be a year (8760 hours) or less",
        },
    )
    escalate_to = forms.ModelChoiceField(
        label="Escalate to",
        queryset=None,
        required=False,
        empty_label="Nobody named",
        help_text="Whom to go to when the reply does not come in time",
    )
    consent = forms.ChoiceField(
        label="Consent",
        choices=Step.Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the consent guidance"},
    )
    consent_note = forms.CharField(
        label="Consent guidance",
        required=False,
        help_text="Why, in plain words; when consent is not needed say why (for example a child "
        "at risk of significant harm)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, levels, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lv.number, f"{lv.number} {lv.name}") for lv in levels]
        self.fields["services"].queryset = candidates
        self.fields["escalate_to"].queryset = candidates

    def clean_indicators(self):
        lines = [line.strip() for line in self.cleaned_data["indicators"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError("Enter at least one indicator")
        return lines


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label="What changed",
        required=False,
        help_text="Shown in the pathway's history",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class KitUploadForm(forms.Form):
    """A kit file, or its JSON pasted."""

    kit_file = forms.FileField(label="Kit file (JSON)", required=False)
    kit_text = forms.CharField(
        label="Or paste the kit",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("kit_file"), (cleaned.get("kit_text") or "").strip()
        if upload is None and not text:
            raise forms.ValidationError("Choose a kit file or paste the kit")
        if upload is not None:
            if upload.size > MAX_KIT_BYTES:
                raise forms.ValidationError("The kit file must be smaller than 5 MB")
            raw = upload.read()
        else:
            raw = text.encode()
        try:
            cleaned["data"] = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The kit must be a JSON file in UTF-8") from error
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"The kit is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}"
            ) from error
        if not isinstance(cleaned["data"], dict):
            raise forms.ValidationError("The kit must be a JSON object, starting with {")
        return cleaned


class KitMappingForm(forms.Form):
    """For each kit service the directory does not know, the directory service it is."""

    publish = forms.BooleanField(
        label="Publish the imported pathways now",
        required=False,
        help_text="Otherwise they are saved as drafts for you to check and publish",
    )

    def __init__(self, *args, unmatched, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.unmatched = unmatched
        for index, service in enumerate(unmatched):
            self.fields[f"map_{index}"] = forms.ModelChoiceField(
                label=f"{service['name']} (kit id {service['id']})",
                queryset=candidates,
                empty_label="Choose a directory service",
                error_messages={
                    "required": f"Choose the directory service that is {service['name']}",
                },
            )

    def mapping(self) -> dict:
        return {
            service["id"]: str(self.cleaned_data[f"map_{index}"].pk)
            for index, service in enumerate(self.unmatched)
        }
