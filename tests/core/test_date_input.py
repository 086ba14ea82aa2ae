"""The GOV.UK date input (issue 17 item 13): day, month and year as three fields, with a
GOV.UK error, the error summary linking to the day box; a single ISO value still reads."""

import datetime

import pytest
from django import forms

from joinedup.core.widgets import GovukDateInput


class DueForm(forms.Form):
    due = forms.DateField(
        label="Due date",
        widget=GovukDateInput(),
        error_messages={"invalid": "Enter a real date, like 27 3 2027"},
    )


@pytest.mark.parametrize(
    ("data", "valid", "value"),
    [
        ({"due_0": "27", "due_1": "3", "due_2": "2027"}, True, datetime.date(2027, 3, 27)),
        ({"due_0": " 7", "due_1": "03 ", "due_2": "2027"}, True, datetime.date(2027, 3, 7)),
        ({"due": "2027-03-27"}, True, datetime.date(2027, 3, 27)),
        (
            {"due_0": "31", "due_1": "2", "due_2": "2027"},
            False,
            "Enter a real date, like 27 3 2027",
        ),
        ({"due_0": "3", "due_1": "x", "due_2": "2027"}, False, "Enter a real date, like 27 3 2027"),
        ({"due_0": "3", "due_1": "4", "due_2": "27"}, False, "Enter a real date, like 27 3 2027"),
        ({"due_0": "", "due_1": "", "due_2": ""}, False, "This field is required."),
    ],
)
def test_three_fields_make_a_date_or_a_govuk_error(data, valid, value):
    form = DueForm(data)

    assert form.is_valid() is valid
    if valid:
        assert form.cleaned_data["due"] == value
    else:
        assert form.errors["due"] == [value]


def test_renders_three_labelled_boxes_in_a_fieldset_with_the_value():
    html = DueForm(initial={"due": datetime.date(2027, 3, 7)}).as_div()

    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Due date' in html
    for part, label, value in [("0", "Day", "7"), ("1", "Month", "3"), ("2", "Year", "2027")]:
        assert (
            f'<label class="govuk-label govuk-date-input__label" for="id_due_{part}">{label}'
            in html
        )
        assert (
            f'id="id_due_{part}" name="due_{part}" type="text" inputmode="numeric" value="{value}"'
            in html
        )
    assert 'type="date"' not in html


def test_an_error_marks_each_box_and_the_summary_links_to_the_day():
    form = DueForm({"due_0": "31", "due_1": "2", "due_2": "2027"})
    form.is_valid()

    html = form.as_div()

    assert html.count("govuk-input--error") == 3
    assert form["due"].id_for_label == "id_due_0"
