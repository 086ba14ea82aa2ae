"""The fictional Ilford case studies, and what the tables of Ilford's day captured about them.

Idempotent: stories are found by title and updated in place; captured items have stable ids.
"""

import datetime
import importlib
import logging
import uuid

from django.utils import timezone

from joinedup.cafe.models import CafeTable
from joinedup.casestudies import capture, rules, scan_gate
from joinedup.casestudies.demo_capture import CAPTURED
from joinedup.casestudies.demo_stories import STORIES
from joinedup.casestudies.models import (
    CaseStudy,
    InterventionPoint,
    Note,
    ProposedAction,
    TimelineEntry,
)
from joinedup.core.demo import register_demo_loader
from joinedup.directory.demo import demo_id
from joinedup.directory.models import Service
from joinedup.directory.taxonomies import sector_id
from joinedup.events.models import Event

# Loaders run in the order they register. Ours needs the directory's teams, so the directory's
# demo registers first even when something imports this module before autodiscovery does.
importlib.import_module("joinedup.directory.demo")

logger = logging.getLogger(__name__)
NAMESPACE = uuid.UUID("0b4f9a52-0d8e-4a7e-9a55-5d3c1c7f6e21")
EVENT_TITLE = "Ilford joined-up day"


def _services_by_key(place, keys=None) -> dict:
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
    services = _services_by_key(place)
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


# The capture demo needs the café's tables, and the café's demo needs our stories: importing the
# events and café demos here registers their loaders after ours and before the one below.
for _module in ("joinedup.events.demo", "joinedup.cafe.demo"):
    importlib.import_module(_module)


def _captured_for(title: str) -> dict:
    return next((v for k, v in CAPTURED.items() if title.startswith(f"{k}:")), {})


def _stamp(event, n: int) -> datetime.datetime:
    """A time during the event's day, so the demo's items look captured on the day."""
    at = datetime.time(10 + n % 5, 7 * n % 60)
    return timezone.make_aware(datetime.datetime.combine(event.date, at))


def _item_id(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def load_captures(event, *, author) -> int:
    """Fill each table's sheets of a held event with what it captured; return the items made."""
    place = event.place
    keys = {
        key
        for story in CAPTURED.values()
        for key in [p[3] for p in story["points"]] + [a[1] for a in story["actions"]]
        if key
    }
    services = _services_by_key(place, keys)
    rounds = capture.rounds_of(event)
    made = 0
    tables = CafeTable.objects.filter(event=event).select_related("case_study").order_by("label")
    for table_number, table in enumerate(tables):
        story = _captured_for(table.case_study.title)
        if not story:
            continue
        entries = {e.order: e for e in table.case_study.entries.all()}
        # A story's second table captures the second half, as tables do on the day.
        offset = 0 if table_number < 8 else 1

        items = []
        for n, (moment, placement, sector, key, text, early) in enumerate(story["points"]):
            if offset and n % 2 == 0:
                continue
            items.append(
                (
                    InterventionPoint,
                    n,
                    {
                        "entry": entries.get(moment),
                        "placement": placement,
                        "sector_id": sector_id(sector),
                        "service": services.get(key),
                        "what_could_have_been_done": text,
                        "how_early": early,
                    },
                )
            )
        for n, (what, key, days) in enumerate(story["actions"]):
            items.append(
                (
                    ProposedAction,
                    n,
                    {
                        "what": what,
                        "owner": services.get(key),
                        "by_when": event.date + datetime.timedelta(days=days),
                    },
                )
            )
        for n, text in enumerate(story["notes"]):
            items.append((Note, n, {"text": text}))
        for model, n, fields in items:
            sheet = capture.capture_for_table(table=table, round=(n + offset) % rounds + 1)
            _, created = model.objects.update_or_create(
                id=_item_id(table.event_id, table.label, model.__name__, n),
                defaults={
                    "place": place,
                    "capture": sheet,
                    "created_by": author,
                    "updated_by": author,
                    "created_at": _stamp(event, n),
                    "updated_at": _stamp(event, n),
                    **fields,
                },
            )
            made += created
    return made


@register_demo_loader
def load_capture_demo(demo) -> None:
    """What the tables of Ilford's held day captured."""
    place = demo.places["ilford"]
    event = Event.objects.filter(place=place, title=EVENT_TITLE).order_by("date").first()
    if event is None or not event.cafe_tables.exists():
        logger.warning("Capture demo skipped: load the events and café demos first.")
        return
    load_captures(event, author=demo.users["host"])
