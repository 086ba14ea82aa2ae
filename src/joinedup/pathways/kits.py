"""Kits in and out: a place's pathways as a `joinedup-pathways/1` kit (../shared/pathways/
FORMAT.md, read by `joinedup.pathways.kit`), and a kit brought into a place.

Export: service ids are the directory's service ids (the Open Referral UK ids), `reachable`
means a team phone or email or a named contact, `status` comes from the directory, `accepts`
from the services' thresholds, pathways from the published versions.

Import: each kit service is matched to a directory service of the place by its id (an
Open Referral UK id), then by its name; the convenor maps the unmatched ones. The whole kit is
then written in one transaction (levels, thresholds of the matched services, a new draft of
each pathway, published when asked); on any problem nothing is saved.
"""

import math
import uuid
from dataclasses import dataclass, field

from django.db import transaction

from joinedup.core.audit import log_action
from joinedup.core.copies import record_copy
from joinedup.directory import services as directory
from joinedup.directory.models import Contact, Phone, Service
from joinedup.pathways import services as pathways
from joinedup.pathways.checks import check_kit
from joinedup.pathways.kit import Kit, KitError, kit_to_dict, parse_kit
from joinedup.pathways.models import Level, PathwayVersion, Step, Threshold

FORMAT = "joinedup-pathways/1"

__all__ = [
    "FORMAT",
    "ImportPlan",
    "KitError",
    "KitImportRefused",
    "findings_for_place",
    "import_kit",
    "kit_dict_for_place",
    "kit_from_place",
    "plan_import",
]


def _reachable_ids(service_ids) -> set:
    """The services with a way in: a team phone or email, or a named contact."""
    ids = set(service_ids)
    reachable = set(
        Service.objects.filter(pk__in=ids).exclude(email="").values_list("pk", flat=True)
    )
    reachable |= set(
        Phone.objects.filter(service_id__in=ids).values_list("service_id", flat=True).distinct()
    )
    reachable |= set(
        Contact.objects.filter(service_id__in=ids)
        .exclude(name="")
        .values_list("service_id", flat=True)
        .distinct()
    )
    return reachable


def kit_dict_for_place(*, place) -> dict:
    """The place's levels, thresholds and published pathways as a kit dict (FORMAT.md)."""
    levels = pathways.ensure_levels(place=place)
    versions = list(
        PathwayVersion.objects.filter(place=place, status=PathwayVersion.Status.PUBLISHED)
        .select_related("pathway", "pathway__need")
        .order_by("pathway__need__code")
    )
    steps = list(
        Step.objects.filter(version__in=versions)
        .prefetch_related("services")
        .order_by("level", "code")
    )
    thresholds = list(Threshold.objects.filter(place=place).select_related("need"))
    service_ids = {t.service_id for t in thresholds}
    for step in steps:
        service_ids |= {s.pk for s in step.services.all()}
        if step.escalate_to_id:
            service_ids.add(step.escalate_to_id)
    services = Service.objects.filter(pk__in=service_ids, place=place).order_by("name", "pk")
    reachable = _reachable_ids(service_ids)
    accepts: dict = {}
    for threshold in sorted(thresholds, key=lambda t: t.need.code):
        accepts.setdefault(threshold.service_id, {})[threshold.need.code] = sorted(threshold.levels)
    steps_by_version: dict = {}
    for step in steps:
        steps_by_version.setdefault(step.version_id, []).append(step)
    return {
        "format": FORMAT,
        "place": place.slug,
        "levels": [
            {"level": lv.number, "name": lv.name, "description": lv.description} for lv in levels
        ],
        "services": [
            {
                "id": str(s.pk),
                "name": s.name,
                "status": "active" if s.status == Service.Status.ACTIVE else "inactive",
                "reachable": s.pk in reachable,
                "accepts": accepts.get(s.pk, {}),
            }
            for s in services
        ],
        "pathways": [
            {
                "need": v.pathway.need.code,
                "title": v.title,
                "version": v.number,
                "steps": [
                    {
                        "id": step.code,
                        "level": step.level,
                        "indicators": list(step.indicators),
                        "services": sorted(str(s.pk) for s in step.services.all()),
                        "route": {"how": step.route_how, "detail": step.route_detail},
                        "response_hours": step.response_hours,
                        "escalate_to": str(step.escalate_to_id) if step.escalate_to_id else None,
                        "consent": step.consent,
                    }
                    for step in steps_by_version.get(v.pk, [])
                ],
            }
            for v in versions
        ],
    }


def kit_from_place(*, place) -> Kit:
    """The place's kit, parsed (service ids are the directory's service ids)."""
    return parse_kit(kit_dict_for_place(place=place))


def findings_for_place(*, place) -> list:
    """The alignment findings (FORMAT.md) of the place's published pathways."""
    return check_kit(kit_from_place(place=place))


# -- import ---------------------------------------------------------------------------------


class KitImportRefused(Exception):
    """The kit cannot be brought in as it is; `problems` says each thing, in plain words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportPlan:
    """What importing the kit into the place would do, before anything is saved."""

    kit: dict
    matched: dict = field(default_factory=dict)  # kit service id -> (Service, "id"|"name"|"map")
    unmatched: list = field(default_factory=list)  # kit service dicts with no directory service
    problems: list = field(default_factory=list)  # refusals: unknown needs, levels, mappings
    new_pathways: list = field(default_factory=list)  # need codes with no pathway yet
    changed_pathways: list = field(default_factory=list)  # need codes whose draft is replaced

    @property
    def ready(self) -> bool:
        return not self.unmatched and not self.problems


def plan_import(*, place, kit: Kit, mapping: dict | None = None) -> ImportPlan:
    """Match the kit's services to the place's directory (by Open Referral UK id, then by name,
    then by the convenor's `mapping` {kit service id: directory service id}), and list what
    would be created; saves nothing."""
    data = kit_to_dict(kit)
    mapping = {str(k): str(v) for k, v in (mapping or {}).items() if v}
    plan = ImportPlan(kit=data)
    place_services = Service.objects.filter(place=place)
    ids = [s["id"] for s in data["services"]]
    by_id = {
        str(s.pk): s for s in place_services.filter(pk__in=_uuids(ids + list(mapping.values())))
    }
    names = {s["name"].strip().lower() for s in data["services"]}
    by_name: dict = {}
    for service in place_services.filter(name__in={s["name"] for s in data["services"]}):
        by_name.setdefault(service.name.strip().lower(), []).append(service)
    # Names differing only in case or spaces: one case-insensitive look-up per missing name.
    for name in names - set(by_name):
        for service in place_services.filter(name__iexact=name):
            by_name.setdefault(name, []).append(service)
    for index, kit_service in enumerate(data["services"]):
        kid = kit_service["id"]
        if kid in mapping:
            target = by_id.get(mapping[kid])
            if target is None:
                plan.problems.append(
                    f'services[{index}]: the service chosen for "{kit_service["name"]}" is not '
                    f"in {place}'s directory"
                )
            else:
                plan.matched[kid] = (target, "map")
        elif kid in by_id:
            plan.matched[kid] = (by_id[kid], "id")
        elif len(by_name.get(kit_service["name"].strip().lower(), [])) == 1:
            plan.matched[kid] = (by_name[kit_service["name"].strip().lower()][0], "name")
        else:
            plan.unmatched.append(kit_service)
    known_levels = {lv["level"] for lv in data["levels"]}
    existing_levels = set(Level.objects.filter(place=place).values_list("number", flat=True))
    for index, pathway in enumerate(data["pathways"]):
        need = pathways.need_by_code(place=place, code=pathway["need"])
        if need is None:
            plan.problems.append(
                f'pathways[{index}].need: "{pathway["need"]}" is not a need used in {place}'
            )
            continue
        existing = place.pathways.filter(need=need).first()
        (plan.changed_pathways if existing else plan.new_pathways).append(pathway["need"])
    unused = existing_levels - known_levels
    if unused and Step.objects.filter(place=place, level__in=unused).exists():
        plan.problems.append(
            f"levels: the kit has no level {min(unused)}, which {place}'s pathways use"
        )
    return plan


def _whole_hours(hours) -> int | None:
    """Our steps keep whole hours; a kit's 4.5 hours becomes 5 (never a shorter promise)."""
    return None if hours is None else math.ceil(hours)


def _uuids(values) -> list:
    out = []
    for value in values:
        try:
            out.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return out


def import_kit(*, place, kit: Kit, mapping: dict | None = None, actor, publish: bool = False):
    """Bring a kit into the place in one transaction: its levels, the thresholds of its matched
    services, and a new draft of each pathway (published when `publish`). Refuses with
    KitImportRefused, saving nothing, while a service is unmatched or a need unknown."""
    plan = plan_import(place=place, kit=kit, mapping=mapping)
    if plan.unmatched:
        raise KitImportRefused(
            [
                f'services: choose a directory service for "{s["name"]}" (kit id {s["id"]})'
                for s in plan.unmatched
            ]
        )
    if plan.problems:
        raise KitImportRefused(plan.problems)
    data = plan.kit
    service_of = {kid: service for kid, (service, _how) in plan.matched.items()}
    with transaction.atomic():
        for lv in data["levels"]:
            Level.objects.update_or_create(
                place=place,
                number=lv["level"],
                defaults={"name": lv["name"], "description": lv.get("description", "")},
            )
        for kit_service in data["services"]:
            service = service_of[kit_service["id"]]
            for code, levels in kit_service.get("accepts", {}).items():
                need = pathways.need_by_code(place=place, code=code)
                if need is None:
                    raise KitImportRefused(
                        [f'services: "{code}" accepted by {kit_service["name"]} is not a need']
                    )
                pathways.set_threshold(service=service, need=need, levels=levels, actor=actor)
        versions = []
        for pathway_data in data["pathways"]:
            need = pathways.need_by_code(place=place, code=pathway_data["need"])
            pathway = place.pathways.filter(need=need).first()
            if pathway is None:
                pathway = pathways.create_pathway(
                    place=place, need=need, title=pathway_data["title"], actor=actor
                )
            draft = pathways.draft_for_edit(pathway=pathway, actor=actor)
            draft.steps.all().delete()
            draft.title = pathway_data["title"]
            draft.save(update_fields=["title"])
            for step in pathway_data["steps"]:
                route = step.get("route") or {}
                pathways.save_step(
                    version=draft,
                    actor=actor,
                    code=step["id"],
                    fields=pathways.StepFields(
                        level=step["level"],
                        indicators=list(step.get("indicators") or []),
                        services=[service_of[s] for s in step.get("services") or []],
                        route_how=route.get("how") or Step.How.FORM,
                        route_detail=route.get("detail") or "",
                        response_hours=_whole_hours(step.get("response_hours")),
                        escalate_to=service_of.get(step.get("escalate_to") or ""),
                        consent=step.get("consent") or Step.Consent.ASK,
                    ),
                )
            versions.append(draft)
        if publish:
            for draft in versions:
                if draft.steps.exists():
                    pathways.publish(version=draft, actor=actor, change_note="Imported from a kit")
        log_action(
            "pathways.kit.imported",
            actor=actor,
            target=place,
            data={
                "from_place": data.get("place", ""),
                "pathways": [p["need"] for p in data["pathways"]],
                "services_matched": {
                    how: sum(1 for _s, h in plan.matched.values() if h == how)
                    for how in ("id", "name", "map")
                },
                "published": publish,
            },
        )
    return plan


# -- starting a place from another's pathways -----------------------------------------------


@dataclass
class PathwaysCopyPlan:
    """What copying a place's levels and published pathways into another would make."""

    levels: list = field(default_factory=list)  # source Level rows to set in the target
    needs: list = field(default_factory=list)  # the source's own need terms the target lacks
    pathways: list = field(default_factory=list)  # kit pathway dicts to make (as drafts)
    skipped: list = field(default_factory=list)  # plain-word reasons, one a thing not copied
    to_map: list = field(default_factory=list)  # {"service", "pathway", "step", "as"}
    import_plan: ImportPlan | None = None


def plan_pathways_copy(*, source_place, target_place) -> PathwaysCopyPlan:
    """Export the source's kit and plan bringing it into the target: levels (only while the
    target has no steps of its own), a draft pathway for each need the target has no pathway
    for, services matched to the target's directory by name, the rest listed to map."""
    out = PathwaysCopyPlan()
    kit = kit_dict_for_place(place=source_place)
    if not kit["pathways"]:
        out.skipped.append(f"Levels of need: {source_place} has no published pathways")
    elif Step.objects.filter(place=target_place).exists():
        out.skipped.append(f"Levels of need: {target_place}'s pathways already use its own levels")
    else:
        out.levels = list(Level.objects.filter(place=source_place).order_by("number"))
    names = {s["id"]: s["name"] for s in kit["services"]}
    out.needs = directory.needs_to_copy(
        source_place=source_place,
        target_place=target_place,
        codes=[p["need"] for p in kit["pathways"]],
    )
    new_needs = {t.code for t in out.needs}
    wanted = []
    for pathway in kit["pathways"]:
        if (
            pathways.need_by_code(place=target_place, code=pathway["need"]) is None
            and pathway["need"] not in new_needs
        ):
            out.skipped.append(f"{pathway['title']}: its need ({pathway['need']}) is unknown")
        elif target_place.pathways.filter(need__code=pathway["need"]).exists():
            out.skipped.append(f"{pathway['title']}: {target_place} already has a pathway for it")
        else:
            wanted.append(pathway)
    used = {s for p in wanted for st in p["steps"] for s in [*st["services"], st["escalate_to"]]}
    kit["pathways"] = wanted
    kit["services"] = [s for s in kit["services"] if s["id"] in used]
    out.pathways = wanted
    out.import_plan = plan_import(place=target_place, kit=parse_kit(kit))
    unmatched = {s["id"] for s in out.import_plan.unmatched}
    for pathway in wanted:
        for step in pathway["steps"]:
            for sid in step["services"]:
                if sid in unmatched:
                    out.to_map.append(
                        {"service": names[sid], "pathway": pathway["title"], "step": step["id"]}
                        | {"as": "responds"}
                    )
            if step["escalate_to"] in unmatched:
                out.to_map.append(
                    {
                        "service": names[step["escalate_to"]],
                        "pathway": pathway["title"],
                        "step": step["id"],
                        "as": "escalation",
                    }
                )
    return out


def copy_pathways_from(*, source_place, target_place, actor, run=None) -> dict:
    """Copy the source's levels and published pathways into the target in one transaction, as
    drafts for the target's convenor to check and publish (never published by the copy).
    Services are matched by name; an unmatched one is left off its step and listed in
    `to_map`; a need of the source's own comes too. Returns {"levels", "needs", "pathways",
    "to_map"}."""
    plan = plan_pathways_copy(source_place=source_place, target_place=target_place)
    service_of = {kid: s for kid, (s, _how) in plan.import_plan.matched.items()}
    source_pathways = {p.need.code: p for p in source_place.pathways.select_related("need")}
    made_levels, made_pathways = [], []
    with transaction.atomic():
        needs = directory.copy_needs_from(
            source_place=source_place,
            target_place=target_place,
            actor=actor,
            codes=[t.code for t in plan.needs],
            run=run,
        )
        if plan.levels:
            Level.objects.filter(place=target_place).exclude(
                number__in=[lv.number for lv in plan.levels]
            ).delete()
            for source in plan.levels:
                level, _ = Level.objects.update_or_create(
                    place=target_place,
                    number=source.number,
                    defaults={"name": source.name, "description": source.description},
                )
                record_copy(run=run, obj=level, source=source, kind="level of need")
                made_levels.append(level)
        else:
            pathways.ensure_levels(place=target_place)
        known_levels = set(pathways.level_numbers(place=target_place))
        for kit_service in plan.import_plan.kit["services"]:
            service = service_of.get(kit_service["id"])
            for code, levels in (kit_service.get("accepts") or {}).items():
                need = pathways.need_by_code(place=target_place, code=code)
                levels = [n for n in levels if n in known_levels]
                if (
                    service is None
                    or need is None
                    or not levels
                    or Threshold.objects.filter(service=service, need=need).exists()
                ):
                    continue  # the target service's own threshold is never replaced
                pathways.set_threshold(service=service, need=need, levels=levels, actor=actor)
        for data in plan.pathways:
            need = pathways.need_by_code(place=target_place, code=data["need"])
            pathway = pathways.create_pathway(
                place=target_place, need=need, title=data["title"], actor=actor
            )
            draft = pathways.draft_for_edit(pathway=pathway, actor=actor)
            draft.change_note = f"Started from {source_place}'s pathway"
            draft.save(update_fields=["change_note"])
            for step in data["steps"]:
                if step["level"] not in known_levels:
                    Level.objects.create(
                        place=target_place, number=step["level"], name=f"Level {step['level']}"
                    )
                    known_levels.add(step["level"])
                route = step.get("route") or {}
                pathways.save_step(
                    version=draft,
                    actor=actor,
                    code=step["id"],
                    fields=pathways.StepFields(
                        level=step["level"],
                        indicators=list(step.get("indicators") or []),
                        services=[service_of[s] for s in step["services"] if s in service_of],
                        route_how=route.get("how") or Step.How.FORM,
                        route_detail=route.get("detail") or "",
                        response_hours=_whole_hours(step.get("response_hours")),
                        escalate_to=service_of.get(step.get("escalate_to") or ""),
                        consent=step.get("consent") or Step.Consent.ASK,
                    ),
                )
            record_copy(run=run, obj=pathway, source=source_pathways[data["need"]], kind="pathway")
            made_pathways.append(pathway)
        log_action(
            "pathways.pathway.copied",
            actor=actor,
            target=target_place,
            data={
                "from_place": source_place.slug,
                "pathways": [p["need"] for p in plan.pathways],
                "levels": len(made_levels),
                "services_to_map": sorted({m["service"] for m in plan.to_map}),
            },
        )
    return {
        "levels": made_levels,
        "needs": needs,
        "pathways": made_pathways,
        "to_map": plan.to_map,
    }
