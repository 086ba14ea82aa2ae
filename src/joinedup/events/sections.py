"""Sections that higher apps add to an event's page, so events need not import them.

A provider is a function (request, event) -> {"template": name, ...context} | None; the event
page includes each returned template with the dict as `section`. The network app adds "what
this day changed" this way.
"""

EVENT_SECTION_PROVIDERS = []


def register_event_section(provider):
    """Add a provider of a section of the event page (used as a decorator by apps)."""
    EVENT_SECTION_PROVIDERS.append(provider)
    return provider


def sections_for(request, event) -> list[dict]:
    """Return the sections this person may see on the event's page, in registration order."""
    sections = []
    for provider in EVENT_SECTION_PROVIDERS:
        section = provider(request, event)
        if section is not None:
            sections.append(section)
    return sections
