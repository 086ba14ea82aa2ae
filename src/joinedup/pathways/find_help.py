"""Find help for a person: from needs, age, area and the indicators that apply, an ordered plan
per need (the level, the services nearest and open now first, how to refer, the reply due, whom
to go to when none comes, and the consent guidance).

Nothing about the person is stored: `record_plan` adds one to the anonymous count of each need
and level reached, and the shareable plan (`share_query`) holds only needs, levels and area.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from joinedup.directory import search
from joinedup.directory.models import (
    Address,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from joinedup.pathways.dash import DashScore
from joinedup.pathways.models import Level, PathwayVersion, Step
from joinedup.pathways.services import (
    ensure_levels,
    needs_for_place,
    published_pathway_for_need,
    record_find_help_use,
    steps_of,
)

DASH_NEED = "domestic-abuse"
# The level of need a DASH result puts a case at (our London continuum reading): standard
# risk is early help, medium is complex, high (or any MARAC referral) is acute.
DASH_LEVEL = {"standard": 2, "medium": 3, "high": 4}
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FALLBACK_SERVICES = 10
AREAS_SECONDS = 600

CONSENT_GUIDANCE = {
    Step.Consent.ASK: "Ask the person for consent before you refer, and record their answer.",
    Step.Consent.INFORM: "Tell the person you are referring and why; you do not need to wait "
    "for their agreement.",
    Step.Consent.NOT_NEEDED: "You may refer without consent where someone is at risk of "
    "significant harm; record why you did, and tell the person unless that would increase "
    "the risk.",
}


class FindHelpError(Exception):
    """Find-help input the rules refuse; `str()` says what and where in plain words."""


class BadSharedPlan(FindHelpError):
    pass


@dataclass
class ServiceOption:
    service: Service
    open_now: bool | None  # None: the directory has no opening times for it
    opening: str
    distance_km: float | None
    in_area: bool
    age_note: str
    phones: list[str]

    @property
    def ready(self) -> bool:
        return self.service.status == Service.Status.ACTIVE


@dataclass
class StepPlan:
    step: Step
    services: list[ServiceOption]
    reply_by: datetime.datetime | None
    escalate_to: ServiceOption | None
    consent_guidance: str


@dataclass
class NeedPlan:
    need: TaxonomyTerm
    version: PathwayVersion | None
    level: int
    level_name: str
    reasons: list[str] = field(default_factory=list)
    steps: list[StepPlan] = field(default_factory=list)
    fallback: list[Service] = field(default_factory=list)
    dash: DashScore | None = None


@dataclass
class NeedQuestions:
    need: TaxonomyTerm
    version: PathwayVersion | None
    steps: list[Step]
    levels: dict[int, str]

    @property
    def uses_dash(self) -> bool:
        return self.need.code == DASH_NEED


def outward_code(postcode: str) -> str:
    """Return the outward part of a UK postcode ("IG1 2AB" -> "IG1"), upper case."""
    text = postcode.strip().upper()
    if " " in text:
        return text.split()[0]
    return text[:-3] if len(text) > 4 else text


def areas_for(*, place) -> list[str]:
    """The postcode districts where the place's (not confidential) services are, sorted;
    remembered for AREAS_SECONDS, as a big directory has a great many addresses."""

    def compute() -> list[str]:
        codes = (
            Address.objects.filter(place=place, location__confidential=False)
            .values_list("postal_code", flat=True)
            .distinct()
        )
        return sorted({outward_code(c) for c in codes if c.strip()}, key=_area_sort_key)

    return cache.get_or_set(f"pathways:areas:{place.pk}", compute, AREAS_SECONDS)


def _area_sort_key(code: str) -> tuple:
    """IG1, IG2, IG10 rather than IG1, IG10, IG2."""
    match = re.match(r"([A-Z]+)(\d*)(.*)", code)
    if not match:
        return (code, 0, "")
    letters, digits, rest = match.groups()
    return (letters, int(digits or 0), rest)


def questions_for(*, place, needs: list[TaxonomyTerm]) -> list[NeedQuestions]:
    """For each need: its published pathway (or None) and the steps whose indicators to ask."""
    levels = {level.number: level.name for level in ensure_levels(place=place)}
    questions = []
    for need in needs:
        version = published_pathway_for_need(place=place, need=need)
        steps = list(steps_of(version)) if version is not None else []
        questions.append(NeedQuestions(need=need, version=version, steps=steps, levels=levels))
    return questions


def choose_level(
    *, steps: list[Step], ticked: set[str], dash: DashScore | None = None
) -> tuple[int, list[str]]:
    """Return the level a person is at on a pathway and why: the highest level with a ticked
    indicator (`ticked` holds "step-code:index"), raised by a DASH result; the pathway's first
    level when nothing applies."""
    reasons: list[str] = []
    levels = sorted({step.level for step in steps})
    if not levels:
        return 0, ["This pathway has no steps yet."]
    chosen = 0
    for step in steps:
        hits = [i for i, _ in enumerate(step.indicators) if f"{step.code}:{i}" in ticked]
        if hits and step.level >= chosen:
            chosen = step.level
    if chosen:
        reasons.append(f"Indicators you ticked put the person at level {chosen}.")
    if dash is not None:
        from_dash = levels[-1] if dash.marac else DASH_LEVEL[dash.level]
        reasons.append(
            f"DASH: {dash.yes_count} yes of 24, {dash.level} risk"
            + (", refer to MARAC" if dash.marac else "")
            + f": level {from_dash}."
        )
        chosen = max(chosen, from_dash)
    if not chosen:
        reasons.append(
            "No indicator was ticked, so the plan starts at the pathway's first level "
            f"({levels[0]})."
        )
        return levels[0], reasons
    # The step to follow is the highest one at or below the chosen level.
    at_or_below = [level for level in levels if level <= chosen]
    return (at_or_below[-1] if at_or_below else levels[0]), reasons


def _open_now(schedules: list[Schedule], now: datetime.datetime) -> bool | None:
    weekly = [s for s in schedules if s.opens_at and s.closes_at and s.freq in ("", "WEEKLY")]
    if not weekly:
        return None
    today, moment, day = now.date(), now.time(), DAYS[now.weekday()]
    for schedule in weekly:
        if schedule.valid_from and today < schedule.valid_from:
            continue
        if schedule.valid_to and today > schedule.valid_to:
            continue
        days = {d.strip() for d in schedule.byday.split(",") if d.strip()}
        if days and day not in days:
            continue
        if schedule.opens_at <= moment < schedule.closes_at:
            return True
    return False


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance along the ground, close enough within a borough (equirectangular)."""
    lat = math.radians((a[0] + b[0]) / 2)
    dx = math.radians(b[1] - a[1]) * math.cos(lat)
    dy = math.radians(b[0] - a[0])
    return 6371.0 * math.hypot(dx, dy)


def _area_centre(place, area: str) -> tuple[float, float] | None:
    points = [
        (address.location.latitude, address.location.longitude)
        for address in Address.objects.filter(
            place=place, postal_code__istartswith=area, location__latitude__isnull=False
        )
        .select_related("location")
        .only("postal_code", "location__latitude", "location__longitude")
        if outward_code(address.postal_code) == area
    ]
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _age_note(service: Service, age: int | None) -> str:
    if age is None:
        return ""
    low, high = service.minimum_age, service.maximum_age
    if (low is not None and age < low) or (high is not None and age > high):
        if low is not None and high is not None:
            return f"Says it takes ages {low} to {high}."
        return (
            f"Says it takes ages {low} and over."
            if low is not None
            else f"Says it takes ages up to {high}."
        )
    return ""


def service_options(
    *, place, user, services: list[Service], area: str, age: int | None, now: datetime.datetime
) -> list[ServiceOption]:
    """The services with what helps choose between them, in order: active and right for the
    age first, then open now, then nearest to the area, then by name."""
    ids = [s.pk for s in services]
    if not ids:
        return []
    schedules: dict = {pk: [] for pk in ids}
    places: dict = {pk: [] for pk in ids}
    for schedule in Schedule.objects.filter(service_id__in=ids):
        schedules[schedule.service_id].append(schedule)
    links = (
        ServiceAtLocation.objects.filter(
            service_id__in=ids, location__in=Location.objects.visible_to(user, place)
        )
        .select_related("location")
        .prefetch_related("location__addresses", "location__schedules", "schedules")
    )
    for link in links:
        places[link.service_id].append(link.location)
        schedules[link.service_id].extend([*link.location.schedules.all(), *link.schedules.all()])
    phones: dict = {pk: [] for pk in ids}
    for service in Service.objects.filter(pk__in=ids).prefetch_related("phones"):
        phones[service.pk] = [phone.number for phone in service.phones.all()]
    centre = _area_centre(place, area) if area else None
    options = []
    for service in services:
        where = places[service.pk]
        in_area = bool(area) and any(
            outward_code(address.postal_code) == area
            for loc in where
            for address in loc.addresses.all()
        )
        distance = None
        if centre is not None:
            distances = [
                _distance_km(centre, (loc.latitude, loc.longitude))
                for loc in where
                if loc.latitude is not None and loc.longitude is not None
            ]
            distance = min(distances) if distances else None
        open_now = _open_now(schedules[service.pk], now)
        opening = "; ".join(dict.fromkeys(s.summary for s in schedules[service.pk])) or ""
        options.append(
            ServiceOption(
                service=service,
                open_now=open_now,
                opening=opening,
                distance_km=distance,
                in_area=in_area,
                age_note=_age_note(service, age),
                phones=phones[service.pk],
            )
        )
    options.sort(key=option_order)
    return options


def option_order(option: ServiceOption) -> tuple:
    """Active and right for the age first, then open now, then nearest, then by name."""
    if option.distance_km is not None:
        distance = option.distance_km
    else:
        distance = 0.0 if option.in_area else math.inf
    return (
        not option.ready,
        bool(option.age_note),
        {True: 0, None: 1, False: 2}[option.open_now],
        distance,
        option.service.name.lower(),
    )


def _fallback(*, place, need: TaxonomyTerm) -> list[Service]:
    """Directory services tagged with the need, through the directory's own search."""
    result = search.find_services(
        place=place, needs=[need], status="active", limit=FALLBACK_SERVICES
    )
    return list(result.services)


def build_plan(
    *,
    place,
    user,
    choices: list[tuple[TaxonomyTerm, int | None, list[str], DashScore | None]],
    area: str = "",
    age: int | None = None,
    now: datetime.datetime | None = None,
    known: dict | None = None,
) -> list[NeedPlan]:
    """Return the plan for each (need, level or None, reasons, DASH result): the step at that
    level of the need's published pathway, or the directory's services when it has none.
    `known` maps need ids to (published version or None, its steps) already read."""
    now = timezone.localtime(now)
    level_names = {level.number: level.name for level in Level.objects.filter(place=place)}
    plans = []
    for need, level, reasons, dash in choices:
        if known is not None and need.pk in known:
            version, steps = known[need.pk]
        else:
            version = published_pathway_for_need(place=place, need=need)
            steps = list(steps_of(version)) if version is not None else []
        if version is None:
            plans.append(
                NeedPlan(
                    need=need,
                    version=None,
                    level=0,
                    level_name="",
                    reasons=list(reasons),
                    fallback=_fallback(place=place, need=need),
                    dash=dash,
                )
            )
            continue
        levels = sorted({step.level for step in steps})
        if level is None or level not in levels:
            at_or_below = [n for n in levels if level is not None and n <= level]
            level = at_or_below[-1] if at_or_below else (levels[0] if levels else 0)
        plan = NeedPlan(
            need=need,
            version=version,
            level=level,
            level_name=level_names.get(level, ""),
            reasons=list(reasons),
            dash=dash,
        )
        plan.steps = [
            StepPlan(step=step, services=[], reply_by=None, escalate_to=None, consent_guidance="")
            for step in steps
            if step.level == level
        ]
        plans.append(plan)
    _fill_steps(place=place, user=user, plans=plans, area=area, age=age, now=now)
    return plans


def _fill_steps(*, place, user, plans: list[NeedPlan], area: str, age, now) -> None:
    """Fill in each planned step's services, reply due, escalation and consent, reading the
    directory once for every service of the plan (a page asks the same few tables)."""
    wanted: set = set()
    for plan in plans:
        for planned in plan.steps:
            wanted.update(service.pk for service in planned.step.services.all())
            if planned.step.escalate_to_id is not None:
                wanted.add(planned.step.escalate_to_id)
    services = Service.objects.filter(pk__in=wanted).select_related("organization")
    options = service_options(
        place=place, user=user, services=list(services), area=area, age=age, now=now
    )
    by_id = {option.service.pk: option for option in options}
    for plan in plans:
        for planned in plan.steps:
            step = planned.step
            planned.services = sorted(
                (by_id[service.pk] for service in step.services.all()), key=option_order
            )
            planned.escalate_to = by_id.get(step.escalate_to_id)
            if step.response_hours is not None:
                planned.reply_by = now + datetime.timedelta(hours=step.response_hours)
            planned.consent_guidance = CONSENT_GUIDANCE.get(step.consent, "")


def record_plan(*, place, plans: list[NeedPlan], today=None) -> None:
    """Count the plan anonymously: one use per need at the level reached (0 for none)."""
    with transaction.atomic():
        for plan in plans:
            record_find_help_use(place=place, need=plan.need, level=plan.level or None, today=today)


def share_query(*, plans: list[NeedPlan], area: str) -> list[tuple[str, str]]:
    """The query of the shareable plan link: needs, levels and area only."""
    query = [("n", f"{plan.need.code}:{plan.level}") for plan in plans]
    if area:
        query.append(("area", area))
    return query


def read_shared(*, place, values: list[str], area: str) -> tuple[list[tuple], str]:
    """Read a shared plan link's needs and levels; raise BadSharedPlan saying what is wrong."""
    if not values:
        raise BadSharedPlan("The link names no need: it should end like ?n=homelessness:2")
    needs = {term.code: term for term in needs_for_place(place=place)}
    levels = {level.number for level in ensure_levels(place=place)}
    choices, seen = [], set()
    for value in values[:10]:
        code, _, number = value.partition(":")
        if code not in needs:
            raise BadSharedPlan(f"The link names a need this place does not have: “{code}”.")
        if not number.isdigit() or (int(number) not in levels and int(number) != 0):
            raise BadSharedPlan(
                f"The link gives “{number}” as the level of {needs[code].name}: "
                f"a level is one of {', '.join(str(n) for n in sorted(levels))}."
            )
        if code not in seen:
            seen.add(code)
            choices.append((needs[code], int(number) or None, [], None))
    area = area.strip().upper()
    if area and area not in areas_for(place=place):
        raise BadSharedPlan(f"The link names an area this place does not list: “{area}”.")
    return choices, area
