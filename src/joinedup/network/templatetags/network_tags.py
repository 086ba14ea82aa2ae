"""Template helpers for the network pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Return mapping[key] (or "" when missing), for dicts keyed by team id or sector."""
    return mapping.get(key, "")
