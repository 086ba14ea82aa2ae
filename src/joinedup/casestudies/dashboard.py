"""The case studies panel of the place dashboard."""

from django.urls import reverse

from joinedup.casestudies.models import CaseStudy
from joinedup.core.dashboard import register_panel
from joinedup.core.permissions import can


@register_panel
def case_studies_panel(request, place):
    if not can(request.user, "casestudies.view", place):
        return None
    counts = dict.fromkeys(CaseStudy.State.values, 0)
    for state in CaseStudy.objects.filter(place=place).values_list("state", flat=True):
        counts[state] += 1
    href = reverse("casestudies:list", kwargs={"place_slug": place.slug})
    return {
        "title": "Case studies",
        "figures": [
            ("approved for use", counts[CaseStudy.State.APPROVED]),
            ("waiting for approval", counts[CaseStudy.State.SUBMITTED]),
            ("drafts", counts[CaseStudy.State.DRAFT]),
        ],
        "links": [("Case studies", href)],
    }
