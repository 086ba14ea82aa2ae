"""`{% copied_from obj %}`: the "Started from Ilford's pathway, 2 Dec 2026" line of a copy."""

from django import template
from django.utils.html import format_html

from joinedup.core.copies import copied_from, provenance_line

register = template.Library()


@register.simple_tag
def copied_from_line(obj) -> str:
    """A GOV.UK inset saying where obj was copied from; empty when it was not copied."""
    record = copied_from(obj) if obj is not None else None
    if record is None:
        return ""
    return format_html(
        '<div class="govuk-inset-text jup-copied-from" data-copied-from="{}">{}.</div>',
        record.source_id,
        provenance_line(record),
    )


@register.simple_tag
def copied_to_map(obj) -> list:
    """The services a copied pathway names that still need a service of this place: the
    copy's list for this pathway ({"service", "step", "as"}), or []."""
    record = copied_from(obj) if obj is not None else None
    if record is None:
        return []
    return [m for m in record.run.to_map if m.get("pathway") == record.label]
