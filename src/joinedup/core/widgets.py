"""The GOV.UK date input (day, month and year as three fields) as a Django widget."""

import datetime

from django import forms


class GovukDateInput(forms.MultiWidget):
    """Day, month and year in three numeric boxes (GOV.UK Design System "date input").

    The value it gives the form is an ISO date string when all three are filled in (so the
    DateField checks it is a real date), "" when all are empty, and a string that is not a
    date otherwise. A single `name=2027-02-03` value (a link, an older form) is read too."""

    template_name = "forms/govuk_date_input.html"
    parts = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
            for _ in self.parts
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = [data.get(f"{name}_{i}", "") for i in range(3)]
        if not any(parts) and name in data:
            return data.get(name)
        day, month, year = (str(p or "").strip() for p in parts)
        if not (day or month or year):
            return ""
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            return f"{year}-{month}-{day}-not-a-date"
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"

    def value_omitted_from_data(self, data, files, name):
        return name not in data and all(f"{name}_{i}" not in data for i in range(3))

    def id_for_label(self, id_):
        # The error summary and labels point at the day box, as GOV.UK does.
        return f"{id_}_0" if id_ else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for sub, (key, label, width) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            sub["part"], sub["label"], sub["width"] = key, label, width
        return context
