"""The pathways' rules: levels of need, thresholds, drafting and publishing pathways, the
anonymous find-help count, and the alignment findings of a place.

Kits (export and import) live in `joinedup.pathways.kits`. Every function refuses with a named
exception that the pages show as a GOV.UK error; nothing is half-saved.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.directory.models import Service, TaxonomyTerm
from joinedup.pathways.models import (
    DEFAULT_LEVELS,
    FindHelpUse,
    Level,
    Pathway,
    PathwayVersion,
    Step,
    Threshold,
)


class PathwayError(Exception):
    """A change the pathway rules refuse; `str()` says why in plain words."""


class UnknownLevel(PathwayError):
    pass


class UnknownService(PathwayError):
    pass


class UnknownNeed(PathwayError):
    pass


class PathwayExists(PathwayError):
    pass


class VersionNotDraft(PathwayError):
    pass


class NothingToPublish(PathwayError):
    pass


class BadStep(PathwayError):
    pass


# -- levels of need -------------------------------------------------------------------------


def ensure_levels(*, place) -> list[Level]:
    """Return the place's levels, creating the London continuum the first time."""
    levels = list(Level.objects.filter(place=place))
    if levels:
        return levels
    with transaction.atomic():
        for number, name, description in DEFAULT_LEVELS:
            Level.objects.get_or_create(
                place=place, number=number, defaults={"name": name, "description": description}
            )
    return list(Level.objects.filter(place=place))


def level_numbers(*, place) -> list[int]:
    """The place's level numbers, ascending."""
    return [level.number for level in ensure_levels(place=place)]


def edit_levels(*, place, actor, changes: dict[int, tuple[str, str]]) -> list[Level]:
    """Rename or redescribe the place's levels ({number: (name, description)}); audited."""
    levels = {level.number: level for level in ensure_levels(place=place)}
    unknown = sorted(set(changes) - set(levels))
    if unknown:
        raise UnknownLevel(f"There is no level {unknown[0]} in {place}")
    changed = {}
    with transaction.atomic():
        for number, (name, description) in sorted(changes.items()):
            level = levels[number]
            name, description = name.strip(), description.strip()
            if not name:
                raise PathwayError(f"Enter a name for level {number}")
            if (level.name, level.description) != (name, description):
                changed[number] = {"from": level.name, "to": name}
                level.name, level.description = name, description
                level.save(update_fields=["name", "description"])
        if changed:
            log_action(
                "pathways.levels.changed",
                actor=actor,
                target=place,
                data={"levels": {str(k): v for k, v in changed.items()}},
            )
    return list(Level.objects.filter(place=place))


# -- needs and thresholds -------------------------------------------------------------------


def needs_for_place(*, place):
    """The need terms usable in the place (the shared ones and its own), by name."""
    return TaxonomyTerm.objects.for_place(place).needs().order_by("name")


def need_by_code(*, place, code: str) -> TaxonomyTerm | None:
    """The place's need term with this code (its own term first), or None."""
    terms = list(needs_for_place(place=place).filter(code=code))
    terms.sort(key=lambda term: term.place_id is None)
    return terms[0] if terms else None


def thresholds_for_service(*, service) -> list[Threshold]:
    """The service's thresholds, by need name."""
    return list(
        Threshold.objects.filter(service=service, place=service.place).select_related("need")
    )


def set_threshold(*, service, need, levels, actor, note: str = "") -> Threshold | None:
    """Set the levels at which the service takes the need (none removes it); audited."""
    place = service.place
    known = set(level_numbers(place=place))
    wanted = sorted({int(n) for n in levels})
    missing = [n for n in wanted if n not in known]
    if missing:
        raise UnknownLevel(f"Level {missing[0]} is not one of {place}'s levels of need")
    if not needs_for_place(place=place).filter(pk=need.pk).exists():
        raise UnknownNeed(f"{need} is not a need used in {place}")
    with transaction.atomic():
        current = Threshold.objects.select_for_update().filter(service=service, need=need).first()
        before = current.levels if current else []
        if not wanted:
            if current:
                current.delete()
            result = None
        elif current:
            current.levels, current.note, current.updated_at = wanted, note.strip(), timezone.now()
            current.save(update_fields=["levels", "note", "updated_at"])
            result = current
        else:
            result = Threshold.objects.create(
                place=place, service=service, need=need, levels=wanted, note=note.strip()
            )
        if before != wanted:
            log_action(
                "pathways.threshold.changed",
                actor=actor,
                target=service,
                data={"need": need.code, "from": before, "to": wanted},
            )
    return result


def set_thresholds(*, service, actor, levels_by_need: dict) -> None:
    """Set several of a service's thresholds at once ({need term: [levels]}); all or nothing."""
    with transaction.atomic():
        for need, levels in levels_by_need.items():
            set_threshold(service=service, need=need, levels=levels, actor=actor)


# -- pathways, drafts and publishing -----------------------------------------------------------


def create_pathway(*, place, need, title: str, actor) -> Pathway:
    """Start the pathway of a need with an empty draft (version 1); one pathway per need."""
    if not needs_for_place(place=place).filter(pk=need.pk).exists():
        raise UnknownNeed(f"{need} is not a need used in {place}")
    title = title.strip() or need.name
    try:
        with transaction.atomic():
            pathway = Pathway.objects.create(place=place, need=need, title=title)
            PathwayVersion.objects.create(
                place=place, pathway=pathway, number=1, title=title, created_by=actor
            )
            log_action(
                "pathways.pathway.created", actor=actor, target=pathway, data={"need": need.code}
            )
    except IntegrityError as error:
        raise PathwayExists(f"{place} already has a pathway for {need}") from error
    return pathway


def draft_for_edit(*, pathway, actor) -> PathwayVersion:
    """Return the pathway's draft, starting one as a copy of the published version if none."""
    with transaction.atomic():
        draft = pathway.draft
        if draft is not None:
            return draft
        source = pathway.published
        number = (pathway.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        draft = PathwayVersion.objects.create(
            place=pathway.place,
            pathway=pathway,
            number=number,
            title=source.title if source else pathway.title,
            summary=source.summary if source else "",
            created_by=actor,
        )
        if source is not None:
            for step in source.steps.all():
                services = list(step.services.all())
                copy = Step.objects.create(
                    place=step.place,
                    version=draft,
                    code=step.code,
                    level=step.level,
                    indicators=list(step.indicators),
                    route_how=step.route_how,
                    route_detail=step.route_detail,
                    response_hours=step.response_hours,
                    escalate_to=step.escalate_to,
                    consent=step.consent,
                    consent_note=step.consent_note,
                )
                copy.services.set(services)
    return draft


def _require_draft(version) -> None:
    if version.status != PathwayVersion.Status.DRAFT:
        raise VersionNotDraft(
            f"Version {version.number} of {version.pathway} is {version.get_status_display()}: "
            "change the draft instead"
        )


def _step_code(version, need_code: str, level: int, exclude=None) -> str:
    base = re.sub(r"[^a-z0-9-]+", "-", f"{need_code}-{level}".lower()).strip("-")[:50] or "step"
    taken = set(version.steps.exclude(pk=exclude).values_list("code", flat=True))
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


@dataclass
class StepFields:
    """What a step says, as the editor and the kit import give it."""

    level: int
    indicators: list
    services: list  # directory services of the place
    route_how: str = Step.How.FORM
    route_detail: str = ""
    response_hours: int | None = None
    escalate_to: Service | None = None
    consent: str = Step.Consent.ASK
    consent_note: str = ""


def _validate_step(version, fields: StepFields) -> None:
    place = version.place
    if fields.level not in level_numbers(place=place):
        raise UnknownLevel(f"Level {fields.level} is not one of {place}'s levels of need")
    for service in [*fields.services, fields.escalate_to]:
        if service is not None and service.place_id != place.pk:
            raise UnknownService(f"{service} is not a service in {place}")
    if fields.route_how not in Step.How.values:
        raise BadStep("Select how to refer")
    if fields.consent not in Step.Consent.values:
        raise BadStep("Select the consent guidance")
    if fields.response_hours is not None and fields.response_hours < 0:
        raise BadStep("The reply due must be 0 hours or more")


def save_step(*, version, actor, fields: StepFields, step=None, code: str = "") -> Step:
    """Add a step to a draft, or change one of its steps."""
    _require_draft(version)
    _validate_step(version, fields)
    indicators = [str(i).strip() for i in fields.indicators if str(i).strip()]
    with transaction.atomic():
        if step is None:
            step = Step(place=version.place, version=version)
        elif step.version_id != version.pk:
            raise BadStep("That step is not in this draft")
        if code or not step.code or step.level != fields.level:
            step.code = code or _step_code(
                version, version.pathway.need.code, fields.level, exclude=step.pk
            )
        step.level = fields.level
        step.indicators = indicators
        step.route_how = fields.route_how
        step.route_detail = fields.route_detail.strip()
        step.response_hours = fields.response_hours
        step.escalate_to = fields.escalate_to
        step.consent = fields.consent
        step.consent_note = fields.consent_note.strip()
        step.save()
        step.services.set(fields.services)
    return step


def remove_step(*, step, actor) -> None:
    """Remove a step from a draft."""
    _require_draft(step.version)
    step.delete()


def publish(*, version, actor, change_note: str = "", today=None) -> PathwayVersion:
    """Publish a draft: it becomes what practitioners see, the previous published version is
    kept as history, the pathway's "last reviewed" date is today; audited."""
    today = today or timezone.localdate()
    with transaction.atomic():
        version = PathwayVersion.objects.select_for_update().get(pk=version.pk)
        _require_draft(version)
        if not version.steps.exists():
            raise NothingToPublish(f"Add at least one step to {version.title} before publishing")
        pathway = version.pathway
        previous = pathway.published
        if previous is not None:
            previous.status = PathwayVersion.Status.SUPERSEDED
            previous.save(update_fields=["status"])
        version.status = PathwayVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = actor if getattr(actor, "is_authenticated", False) else None
        version.change_note = change_note.strip()
        version.save(update_fields=["status", "published_at", "published_by", "change_note"])
        pathway.title = version.title
        pathway.last_reviewed = today
        pathway.save(update_fields=["title", "last_reviewed"])
        log_action(
            "pathways.pathway.published",
            actor=actor,
            target=pathway,
            data={
                "version": version.number,
                "previous": previous.number if previous else None,
                "steps": version.steps.count(),
                "note": version.change_note,
            },
        )
    return version


def published_pathways(*, place):
    """The place's pathways that have a published version, by title."""
    return Pathway.objects.filter(
        place=place, versions__status=PathwayVersion.Status.PUBLISHED
    ).select_related("need")


def published_pathway_for_need(*, place, need) -> PathwayVersion | None:
    """The published version of the need's pathway in the place, or None (find help falls back
    to the directory search then)."""
    return (
        PathwayVersion.objects.filter(
            place=place, pathway__need=need, status=PathwayVersion.Status.PUBLISHED
        )
        .select_related("pathway", "pathway__need")
        .first()
    )


def steps_of(version):
    """A version's steps with their services and escalation, by level."""
    return (
        version.steps.select_related("escalate_to")
        .prefetch_related("services")
        .order_by("level", "code")
    )


# -- find help: the anonymous count ------------------------------------------------------------


def record_find_help_use(*, place, need, level: int | None, today=None) -> None:
    """Count one use of find help for a need at a level (None or 0: no level reached) in a place
    today. Nothing about the person is stored."""
    today = today or timezone.localdate()
    level = int(level or 0)
    key = {"place": place, "need": need, "level": level, "date": today}
    with transaction.atomic():
        if FindHelpUse.objects.filter(**key).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                FindHelpUse.objects.create(**key, count=1)
        except IntegrityError:
            # Another request created today's row first: add to it.
            FindHelpUse.objects.filter(**key).update(count=F("count") + 1)


def find_help_counts(*, place, since: datetime.date | None = None) -> list[dict]:
    """How often find help reached each need and level in the place (since a date)."""
    uses = FindHelpUse.objects.filter(place=place)
    if since is not None:
        uses = uses.filter(date__gte=since)
    totals: dict[tuple, int] = {}
    names = {}
    for use in uses.select_related("need"):
        totals[(use.need.code, use.level)] = totals.get((use.need.code, use.level), 0) + use.count
        names[use.need.code] = use.need.name
    return [
        {"need": code, "need_name": names[code], "level": level, "count": count}
        for (code, level), count in sorted(totals.items())
    ]
