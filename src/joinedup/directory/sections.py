"""Sections that apps above the directory add to a service's page (the directory imports none
of them): each provider returns {"template": ..., "context": {...}} or None."""

# Functions (request, service) -> dict | None, added to by apps as they load.
SERVICE_SECTION_PROVIDERS = []


def register_service_section(provider):
    """Add a service-page section provider (used as a decorator by apps above the directory)."""
    SERVICE_SECTION_PROVIDERS.append(provider)
    return provider


def sections_for(request, service) -> list[dict]:
    """Return the sections to show on the service's page for this person."""
    return [s for s in (provider(request, service) for provider in SERVICE_SECTION_PROVIDERS) if s]
