"""Forms of "find help": the needs, age and area; then the indicators and the DASH checklist."""

from django import forms

from joinedup.pathways.dash import DASH_QUESTIONS
from joinedup.pathways.find_help import NeedQuestions, areas_for
from joinedup.pathways.services import needs_for_place

DASH_ANSWERS = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]


class StartForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label="What does the person need help with?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one need"},
    )
    age = forms.IntegerField(
        label="Age",
        required=False,
        min_value=0,
        max_value=120,
        help_text="In years. Leave it empty if you do not know.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the age as a whole number, like 15",
            "min_value": "Enter an age of 0 or more",
            "max_value": "Enter an age of 120 or less",
        },
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        help_text="The postcode district where the person lives or stays.",
        error_messages={"invalid_choice": "Select an area from the list"},
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = {term.code: term for term in needs_for_place(place=place)}
        self.fields["needs"].choices = [(code, term.name) for code, term in self.terms.items()]
        self.fields["area"].choices = [("", f"Anywhere in {place.name}")] + [
            (code, code) for code in areas_for(place=place)
        ]

    def chosen_needs(self):
        return [self.terms[code] for code in self.cleaned_data["needs"]]


class QuestionsForm(forms.Form):
    """One checkbox group per pathway step (its indicators) and, for domestic abuse, DASH."""

    def __init__(self, *args, questions: list[NeedQuestions], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.groups = []
        for question in questions:
            group = {"question": question, "steps": [], "dash": []}
            for step in question.steps:
                if not step.indicators:
                    continue
                name = f"ind__{question.need.code}__{step.code}"
                level_name = question.levels.get(step.level, "")
                self.fields[name] = forms.MultipleChoiceField(
                    label=f"Level {step.level} {level_name}: which of these apply?",
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    choices=[(f"{step.code}:{i}", text) for i, text in enumerate(step.indicators)],
                )
                group["steps"].append(self[name])
            if question.uses_dash:
                for number, text in enumerate(DASH_QUESTIONS, start=1):
                    name = f"dash__{number}"
                    self.fields[name] = forms.ChoiceField(
                        label=f"{number}. {text}",
                        required=False,
                        widget=forms.RadioSelect,
                        choices=DASH_ANSWERS,
                    )
                    group["dash"].append(self[name])
                self.fields["dash_judgement"] = forms.BooleanField(
                    label="In your professional judgement the person is at high risk",
                    required=False,
                )
                self.fields["dash_incidents"] = forms.IntegerField(
                    label="Police-reported incidents in the last 12 months",
                    required=False,
                    min_value=0,
                    max_value=999,
                    help_text="Leave it empty if none or not known.",
                    widget=forms.NumberInput(
                        attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
                    ),
                    error_messages={
                        "invalid": "Enter the number of incidents as a whole number, like 2",
                        "min_value": "Enter a number of incidents of 0 or more",
                        "max_value": "Enter a number of incidents of 999 or less",
                    },
                )
                group["judgement"] = self["dash_judgement"]
                group["incidents"] = self["dash_incidents"]
            self.groups.append(group)

    def ticked(self, question: NeedQuestions) -> set[str]:
        prefix = f"ind__{question.need.code}__"
        return {
            value
            for name, values in self.cleaned_data.items()
            if name.startswith(prefix)
            for value in values
        }

    def dash_answers(self) -> list[bool | None]:
        meaning = {"yes": True, "no": False}
        return [
            meaning.get(self.cleaned_data.get(f"dash__{n}") or "")
            for n in range(1, len(DASH_QUESTIONS) + 1)
        ]
