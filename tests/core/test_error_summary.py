"""The error summary links each error to an input that is on the page."""

import re

from django import forms
from django.template import Context, Template

ROLES = [("host", "Host"), ("convenor", "Convenor")]


class RoleForm(forms.Form):
    name = forms.CharField(label="Full name", error_messages={"required": "Enter a name"})
    role = forms.ChoiceField(
        label="Role",
        choices=ROLES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    sectors = forms.MultipleChoiceField(
        label="Sectors",
        choices=[("housing", "Housing"), ("police", "Police")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one sector"},
    )


def _render(form) -> str:
    return Template("{% load govuk %}{% error_summary form %}{{ form }}").render(
        Context({"form": form})
    )


def test_error_summary_links_a_radio_group_to_its_first_input():
    page = _render(RoleForm(data={"name": "Ann Other"}))

    links = dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', page))
    ids = set(re.findall(r'<input[^>]* id="([^"]+)"', page))

    assert links == {"id_role_0": "Select a role", "id_sectors_0": "Select at least one sector"}
    assert set(links) <= ids


def test_error_summary_links_a_text_field_to_its_input():
    page = _render(RoleForm(data={"role": "host", "sectors": ["police"]}))

    links = dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', page))

    assert links == {"id_name": "Enter a name"}
    assert 'id="id_name"' in page
