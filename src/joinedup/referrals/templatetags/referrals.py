"""Template filters for referral figures and times."""

from django import template

register = template.Library()


@register.filter
def hours_text(hours) -> str:
    """12.5 -> "12.5 hours"; None -> "no answers yet"."""
    if hours is None:
        return "no answers yet"
    if hours < 1:
        return f"{round(hours * 60)} minutes"
    if hours >= 48:
        return f"{hours / 24:.1f} days"
    return f"{hours:.1f} hours"


@register.filter
def share_text(share) -> str:
    """0.756 -> "76%"; None -> "not yet known"."""
    if share is None:
        return "not yet known"
    return f"{round(share * 100)}%"
