"""The fictional Ilford case studies, and what the tables of Ilford's day captured about them.

Idempotent: stories are found by title and updated in place; captured items have stable ids.
"""

import logging
import uuid

from django.utils import timezone

from joinedup.casestudies import rules, scan_gate
from joinedup.casestudies.demo_stories import STORIES
from joinedup.casestudies.models import (
    CaseStudy,
    TimelineEntry,
)
from joinedup.core.demo import register_demo_loader

# Loaders run in the order they register. Ours needs the directory's teams: importing the
# directory's demo (for demo_id) registers its loader first.
from joinedup.directory.demo import demo_id
from joinedup.directory.models import Service

logger = logging.getLogger(__name__)
NAMESPACE = uuid.UUID("0b4f9a52-0d8e-4a7e-9a55-5d3c1c7f6e21")
EVENT_TITLE = "Ilford joined-up day"


def services_by_key(place, keys=None) -> dict:
    """The Ilford demo directory's services by their demo key (absent when not loaded)."""
    if keys is None:
        keys = {key for story in STORIES for moment in story["moments"] for key in moment[5]}
    ids = {demo_id(place, "service", key): key for key in keys}
    return {ids[s.pk]: s for s in Service.objects.filter(place=place, pk__in=ids)}


def load_case_studies(place, *, author, approver) -> list[CaseStudy]:
    """Create or update the demo stories of a place, approved and passing the scanner.

    The approver must be a convenor who is not the author, as approve_case_study requires.
    """
    if not rules.can_approve(approver, CaseStudy(place=place, author=author)):
        raise ValueError("Demo stories need an approver who is a convenor and not their author")
    services = services_by_key(place)
    now = timezone.now()
    studies = []
    for story in STORIES:
        case_study, _ = CaseStudy.objects.update_or_create(
            place=place,
            title=story["title"],
            defaults={
                "author": author,
                "summary": story["summary"],
                "allow_list": story["allow"],
                "state": CaseStudy.State.APPROVED,
                "approved_by": approver,
            },
        )
        if case_study.approved_at is None:
            case_study.approved_at = case_study.submitted_at = now
            case_study.save(update_fields=["approved_at", "submitted_at"])
        for order, moment in enumerate(story["moments"], start=1):
            years, months, period, domain, happened, keys, did = moment
            entry, _ = TimelineEntry.objects.update_or_create(
                case_study=case_study,
                order=order,
                defaults={
                    "age_years": years,
                    "age_months": months,
                    "period_label": period,
                    "domain": domain,
                    "what_happened": happened,
                    "what_services_did": did,
                },
            )
            entry.services.set([services[key] for key in keys if key in services])
        case_study.entries.filter(order__gt=len(story["moments"])).delete()
        still_open = scan_gate.scan_case_study(case_study=case_study)
        if still_open:
            raise ValueError(f"Demo story {story['title']!r} fails the scan: {still_open}")
        studies.append(case_study)
    return studies


@register_demo_loader
def load_casestudies_demo(demo) -> None:
    """The eight Ilford stories, written by the demo host and approved by the convenor."""
    load_case_studies(
        demo.places["ilford"], author=demo.users["host"], approver=demo.users["convenor"]
    )
