"""The pathways' panel on the place dashboard."""

from joinedup.core.dashboard import _url, register_panel
from joinedup.core.permissions import can
from joinedup.pathways.models import Pathway, PathwayVersion


@register_panel
def pathways_panel(request, place):
    """How many pathways the place has published, with links to them and the check."""
    if not can(request.user, "pathways.view", place):
        return None
    pathways = Pathway.objects.filter(place=place)
    published = pathways.filter(versions__status=PathwayVersion.Status.PUBLISHED).count()
    links = [
        ("Escalation pathways", _url("pathways:list", place)),
        ("Alignment check", _url("pathways:check", place)),
    ]
    return {
        "title": "Pathways",
        "figures": [
            ("published pathways", published),
            ("pathways with a draft open", pathways.filter(versions__status="draft").count()),
        ],
        "links": links,
    }
