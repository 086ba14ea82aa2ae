"""The directory's panel on the place dashboard."""

from joinedup.core.dashboard import _url, register_panel
from joinedup.core.permissions import can
from joinedup.directory.services import coverage_for


@register_panel
def directory_panel(request, place):
    """Figures about the place's directory for people who may view it."""
    if not can(request.user, "directory.view", place):
        return None
    coverage = coverage_for(place=place)
    links = [("Find a service", _url("directory:services", place))]
    if can(request.user, "directory.edit", place):
        links.append(("Coverage and gaps", _url("directory:coverage", place)))
        links.append(("Add a service", _url("directory:service_create", place)))
    return {
        "title": "Directory",
        "figures": [
            ("active services", coverage.active_services),
            ("sectors with no active service", len(coverage.missing_sectors)),
            ("records not checked for 12 months", len(coverage.stale)),
        ],
        "links": links,
    }
