"""Start a place from another's approach: choose a source place that shares its approach and
what to copy, see exactly what will be made, then copy it all in one transaction.

The orchestration lives here because follow-up is the lowest layer above every app it copies
from (directory, pathways, events, café, case studies, follow-up's themes); each app owns its
own copier (`copy_*_from` in its services), and records each object it makes on one
`core.CopyRun` (`core.copies`), which the copied objects' pages read ("Started from Ilford's
pathway, 2 Dec 2026").

A copy is small (tens of rows, at most a few hundred) and runs inline: no background job.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404

from joinedup.cafe.domain import tables as cafe_tables
from joinedup.casestudies import services as casestudies
from joinedup.core import copies
from joinedup.core.audit import log_action
from joinedup.core.models import CopyRun, Place
from joinedup.directory import services as directory
from joinedup.events import services as events
from joinedup.followup import themes
from joinedup.followup.models import Theme
from joinedup.pathways import kits

# What a convenor may choose to copy, in the order the pages show them.
PARTS = {
    "pathways": "Levels of need and pathways",
    "synonyms": "Words people search for",
    "events": "Event set-ups",
    "case_studies": "Case studies the source shares",
    "themes": "Themes",
}


class CopyRefused(Exception):
    """The copy cannot be made as asked; the message says why, in plain words."""


class PreviewChanged(CopyRefused):
    """What would be copied is no longer what the preview showed."""

    def __init__(self):
        super().__init__(
            "Something changed in either place since the preview: check the new preview and "
            "copy again"
        )


def shareable_sources(*, target_place):
    """The places the target may start from: those sharing their approach, but itself."""
    return Place.objects.filter(shares_approach=True).exclude(pk=target_place.pk)


def source_or_404(*, target_place, slug: str) -> Place:
    """The source place with this slug, or 404 when it does not share its approach (a place
    that does not share looks as if it did not exist)."""
    source = shareable_sources(target_place=target_place).filter(slug=slug).first()
    if source is None:
        raise Http404("No such place")
    return source


@transaction.atomic
def set_shares_approach(*, place, actor, shares: bool) -> Place:
    """Let other places start from this place's approach, or stop them; audited."""
    if place.shares_approach != shares:
        place.shares_approach = shares
        place.save(update_fields=["shares_approach"])
        log_action(
            "core.place.shares_approach" if shares else "core.place.stops_sharing",
            actor=actor,
            target=place,
        )
    return place


@dataclass
class Section:
    """One part of the preview: what will be made (names), and what will not and why."""

    key: str
    title: str
    items: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    note: str = ""


@dataclass
class CopyPreview:
    """Everything a copy would make, before anything is saved."""

    source: Place
    target: Place
    chosen: list
    event_ids: list
    sections: list = field(default_factory=list)
    to_map: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def digest(self) -> str:
        """A fingerprint of what would be made, so the copy can tell the preview is stale."""
        shape = [[s.key, s.items, s.skipped] for s in self.sections] + [self.to_map]
        return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:32]


def clean_choice(*, source_place, chosen, event_ids) -> tuple[list, list]:
    """Keep the known parts (in PARTS order) and the source's own event ids; refuse nothing
    chosen."""
    parts = [key for key in PARTS if key in set(chosen)]
    if not parts:
        raise CopyRefused("Select what to copy")
    ids = set()
    for value in event_ids or ():
        try:
            ids.add(int(value))
        except (TypeError, ValueError):
            continue
    own = events.events_to_copy(source_place=source_place).filter(pk__in=ids)
    picked = sorted(own.values_list("pk", flat=True))
    if "events" in parts and not picked:
        raise CopyRefused("Select the events to copy, or untick event set-ups")
    return parts, picked if "events" in parts else []


def _study_line(study) -> str:
    found = casestudies.findings_on_copy(source=study)
    if not found:
        return study.title
    details = "detail" if found == 1 else "details"
    return f"{study.title} (arrives as a draft: {found} possible personal {details} to check)"


def preview_copy(*, source_place, target_place, chosen, event_ids=()) -> CopyPreview:
    """List exactly what copying the chosen parts from the source would make; saves nothing."""
    if source_place.pk == target_place.pk or not source_place.shares_approach:
        raise CopyRefused(f"{source_place} does not share its approach")
    parts, picked = clean_choice(source_place=source_place, chosen=chosen, event_ids=event_ids)
    preview = CopyPreview(source_place, target_place, parts, picked)
    shared_studies = casestudies.case_studies_to_copy(
        source_place=source_place, target_place=target_place
    )
    # Stories copied before (and still here) seat their tables too.
    all_shared = casestudies.case_studies_to_copy(source_place=source_place)
    copied_before = casestudies.copied_case_studies(
        source_ids=[s.pk for s in all_shared], target_place=target_place
    )
    if "pathways" in parts:
        plan = kits.plan_pathways_copy(source_place=source_place, target_place=target_place)
        preview.sections.append(
            Section(
                "levels",
                "Levels of need",
                [f"{lv.number} {lv.name}" for lv in plan.levels],
                [s for s in plan.skipped if s.startswith("Levels of need")],
                note=(f"These replace {target_place}'s levels of need." if plan.levels else ""),
            )
        )
        preview.sections.append(
            Section(
                "needs",
                f"Needs of {source_place}'s own",
                [t.name for t in plan.needs],
                note="Added to this place's needs, for the pathways that use them.",
            )
        )
        preview.sections.append(
            Section(
                "pathways",
                "Pathways (as drafts to check and publish)",
                [p["title"] for p in plan.pathways],
                [s for s in plan.skipped if not s.startswith("Levels of need")],
                note="Services are matched to the directory by name.",
            )
        )
        preview.to_map = plan.to_map
    if "synonyms" in parts:
        words = directory.synonyms_to_copy(source_place=source_place, target_place=target_place)
        preview.sections.append(
            Section(
                "synonyms",
                "Words people search for",
                [w.phrase for w in words],
                note="Phrases already in the list are kept as they are.",
            )
        )
    if "events" in parts:
        chosen_events = list(events.events_to_copy(source_place=source_place).filter(pk__in=picked))
        preview.sections.append(
            Section(
                "events",
                "Events (as drafts, with their agenda)",
                [e.title for e in chosen_events],
                note=(
                    f"Each is dated {events.COPIED_EVENT_WEEKS_AHEAD} weeks from today for you to "
                    "change, with no venue, invitations, speakers or hosts."
                ),
            )
        )
        copied = dict(copied_before)
        if "case_studies" in parts:
            copied |= {s.pk: s for s in shared_studies}
        table_items, table_skipped = [], []
        for event in chosen_events:
            copyable, skipped = cafe_tables.tables_to_copy(source_event=event, case_studies=copied)
            table_items += [f"{event.title}: table {t.label}" for t in copyable]
            table_skipped += skipped
        preview.sections.append(
            Section("tables", "Café tables (without hosts)", table_items, table_skipped)
        )
        sectors = directory.sectors_to_copy(source_place=source_place, target_place=target_place)
        preview.sections.append(Section("sectors", "Sectors to invite", [t.name for t in sectors]))
    if "case_studies" in parts:
        preview.sections.append(
            Section(
                "case_studies",
                "Case studies (scanned again, for your approval)",
                [_study_line(s) for s in shared_studies],
                [f"{s.title}: copied here before" for s in all_shared if s.pk in copied_before],
                note=(
                    "Each copy is scanned for personal details again and waits for a convenor "
                    "here to approve it. Notes, answers and contacts are never copied."
                ),
            )
        )
    if "themes" in parts:
        preview.sections.append(
            Section(
                "themes",
                "Themes",
                note=(
                    f"Themes are one list every place shares: all {Theme.objects.count()} are "
                    "already here, so nothing is copied."
                ),
            )
        )
    return preview


def copy_approach(
    *, source_place, target_place, actor, chosen, event_ids=(), digest: str = ""
) -> CopyRun:
    """Copy the chosen parts from the source into the target in one transaction (nothing
    half-copied), recording the source on everything made. Refuses with PreviewChanged when
    `digest` is given and what would be made is not what that preview showed."""
    with transaction.atomic():
        preview = preview_copy(
            source_place=source_place,
            target_place=target_place,
            chosen=chosen,
            event_ids=event_ids,
        )
        if digest and digest != preview.digest:
            raise PreviewChanged()
        run = copies.start_run(
            place=target_place, source_place=source_place, actor=actor, chosen=preview.chosen
        )
        args = {"source_place": source_place, "target_place": target_place, "actor": actor}
        parts = preview.chosen
        if "pathways" in parts:
            made = kits.copy_pathways_from(**args, run=run)
            run.to_map = made["to_map"]
        if "synonyms" in parts:
            directory.copy_synonyms_from(**args, run=run)
        case_studies = casestudies.copied_case_studies(
            source_ids=[s.pk for s in casestudies.case_studies_to_copy(source_place=source_place)],
            target_place=target_place,
        )
        if "case_studies" in parts:
            case_studies |= casestudies.copy_case_studies_from(**args, run=run)
        if "events" in parts:
            directory.copy_sectors_from(**args, run=run)
            for source_event in events.events_to_copy(source_place=source_place).filter(
                pk__in=preview.event_ids
            ):
                event = events.copy_event_from(
                    source_event=source_event, target_place=target_place, actor=actor, run=run
                )
                cafe_tables.copy_tables_from(
                    source_event=source_event,
                    target_event=event,
                    case_studies=case_studies,
                    actor=actor,
                    run=run,
                )
        if "themes" in parts:
            themes.copy_themes_from(**args, run=run)
        run.summary = {
            "sections": [
                {"key": s.key, "title": s.title, "count": len(s.items), "names": s.items}
                for s in preview.sections
            ]
        }
        run.save(update_fields=["to_map", "summary"])
        log_action(
            "core.place.started_from",
            actor=actor,
            target=target_place,
            data={
                "from_place": source_place.slug,
                "chosen": preview.chosen,
                "made": preview.total,
                "run": str(run.pk),
            },
        )
    return run


def run_of_place_or_404(*, place, run_id) -> CopyRun:
    """The copy run of this place, or 404 (another place's run looks as if it did not exist)."""
    run = CopyRun.objects.filter(place=place, pk=run_id).first()
    if run is None:
        raise Http404("No such copy")
    return run
