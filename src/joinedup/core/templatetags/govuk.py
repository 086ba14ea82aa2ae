"""Template helpers for GOV.UK Frontend markup."""

from django import forms as django_forms
from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def widget_type(field) -> str:
    """Return the lower-case class name of a bound field's widget, e.g. 'textarea'."""
    return type(field.field.widget).__name__.lower()


@register.simple_tag
def govuk_widget(field, css_class: str):
    """Render a field's widget with the GOV.UK class, error modifier and aria-describedby."""
    classes = [css_class]
    if field.errors:
        classes.append(f"{css_class}--error")
    attrs = {"class": " ".join([*classes, field.field.widget.attrs.get("class", "")]).strip()}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms):
    """Render the GOV.UK error summary for one or more forms, linking to each field."""
    errors = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            errors.append({"href": "#main-content", "text": error})
        for field in form:
            for error in field.errors:
                errors.append({"href": f"#{error_target(field)}", "text": error})
    return {"errors": errors}


def error_target(field) -> str:
    """Return the id the error summary links to: a radio or checkbox group's first input
    (id_role_0, as templates/forms/govuk_field.html renders it), else the field's input."""
    if isinstance(
        field.field.widget, (django_forms.RadioSelect, django_forms.CheckboxSelectMultiple)
    ):
        options = field.subwidgets
        if options:
            return options[0].id_for_label
    return field.id_for_label or field.auto_id


@register.simple_tag
def summary_rows(rows):
    """Render (key, value) pairs as GOV.UK summary list rows."""
    return format_html_join(
        "\n",
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
        '<dd class="govuk-summary-list__value">{}</dd></div>',
        (
            (
                k,
                v
                if v not in (None, "")
                else format_html("<span class='govuk-hint'>{}</span>", "Not given"),
            )
            for k, v in rows
        ),
    )
