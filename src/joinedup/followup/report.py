"""The event report, built from the data: who came, the opening perspectives, each case
study's timeline with the intervention points the tables found, the actions, the themes, the
feedback and what happens next.

`build_report` reads everything in a fixed number of queries however big the event (about a
dozen), so the web page, the PDF and the Word file cost the same to build at 30 people as at
300. The convenor's words (intro, next steps) and choices (order of sections, hidden ones)
live on the Report row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from joinedup.casestudies.models import CaseStudy, HowEarly, LifeDomain, TimelineEntry
from joinedup.core.audit import log_action
from joinedup.events.models import AgendaItem, Event, Invitation
from joinedup.followup import charts, insight, sources
from joinedup.followup.models import Action, FeedbackResponse, Gain, InterventionPointTheme, Report

SECTIONS = [
    ("attendance", "Who came"),
    ("openings", "Opening perspectives"),
    ("case_studies", "The case studies and where services could have stepped in"),
    ("life_course", "Intervention points along the life course"),
    ("actions", "Actions agreed"),
    ("themes", "Themes"),
    ("feedback", "What people said about the day"),
    ("next_steps", "What happens next"),
]
SECTION_TITLES = dict(SECTIONS)
POINTS_PER_MOMENT = 5
QUOTES = 8
CAME = (Invitation.Status.ATTENDED,)
DOMAIN_LABELS = dict(LifeDomain.choices)
HOW_EARLY_LABELS = dict(HowEarly.choices)


def default_sections() -> list[dict]:
    return [{"key": key, "hidden": False} for key, _ in SECTIONS]


def normalised_sections(stored) -> list[dict]:
    """The stored order and hidden flags, with unknown keys dropped and new sections added."""
    seen, result = set(), []
    for item in stored or []:
        key = item.get("key") if isinstance(item, dict) else None
        if key in SECTION_TITLES and key not in seen:
            seen.add(key)
            result.append({"key": key, "hidden": bool(item.get("hidden"))})
    result += [{"key": k, "hidden": False} for k, _ in SECTIONS if k not in seen]
    return result


def report_for(event: Event) -> Report:
    """The event's report, made (as a draft with a suggested intro) the first time it is asked
    for."""
    report = Report.objects.filter(event=event).first()
    if report is not None:
        return report
    report, _ = Report.objects.get_or_create(
        event=event,
        defaults={
            "place_id": event.place_id,
            "intro": (
                f"On {event.date:%-d %B %Y} people from frontline services and central "
                f"government met at {event.venue_name or 'the venue'} to work through real "
                "(anonymised) life stories together and agree what to do differently. "
                "This report sets out what the tables found and what was agreed."
            ),
            "next_steps": (
                "Owners will update their actions in Joinedup; the convenor will review "
                "progress with partners in three months and share it with everyone invited."
            ),
            "sections": default_sections(),
        },
    )
    return report


# --- the data -----------------------------------------------------------------------------


@dataclass
class SectorRow:
    name: str
    tier: str
    invited: int
    came: int


@dataclass
class Point:
    text: str
    sector: str
    service: str
    how_early: str
    count: int = 1  # tables that named this same text


def merge_points(points: list[Point]) -> list[Point]:
    """Merge points whose text is the same (ignoring case and spacing) into one with their
    count, most named first; distinct sectors, services and how-early labels are all kept."""
    groups: dict[str, list[Point]] = {}
    for point in points:
        groups.setdefault(" ".join(point.text.split()).casefold(), []).append(point)

    def distinct(values) -> str:
        return ", ".join(dict.fromkeys(v for v in values if v))

    merged = [
        Point(
            text=same[0].text,
            sector=distinct(p.sector for p in same),
            service=distinct(p.service for p in same),
            how_early=distinct(p.how_early for p in same),
            count=len(same),
        )
        for same in groups.values()
    ]
    return sorted(merged, key=lambda p: -p.count)  # stable: ties keep the order named


@dataclass
class Moment:
    entry_id: int | None
    when: str
    domain: str
    what_happened: str
    points: list[Point] = field(default_factory=list)
    count: int = 0

    @property
    def shown_points(self) -> list[Point]:
        return self.points[:POINTS_PER_MOMENT]

    @property
    def more(self) -> int:
        return max(0, len(self.points) - POINTS_PER_MOMENT)


@dataclass
class CaseStudySection:
    id: int
    title: str
    summary: str
    named: list[Moment]  # moments with intervention points, most named first
    rest: list[Moment]  # the other moments, in timeline order
    points: int
    tables: int


@dataclass
class FeedbackSummary:
    responses: int
    attended: int
    gains: list[tuple[str, int]]
    come_again: list[tuple[str, int]]
    what_next: list[str]
    comments: list[str]

    @property
    def rate(self) -> float | None:
        return self.responses / self.attended if self.attended else None


@dataclass
class ReportData:
    event: Event
    report: Report
    sectors: list[SectorRow]
    tiers: list[tuple[str, int, int]]
    invited: int
    came: int
    openings: list[AgendaItem]
    case_studies: list[CaseStudySection]
    life_course: list[
        tuple[str, list[int]]
    ]  # life stage, [prevention, early help, crisis, not said]
    points: int
    actions: list[Action]
    themes: list[tuple[str, int, int]]  # theme, actions, intervention points
    feedback: FeedbackSummary
    sections: list[dict]
    built_at: object = None

    @property
    def shown_sections(self) -> list[dict]:
        return [{**s, "title": SECTION_TITLES[s["key"]]} for s in self.sections if not s["hidden"]]

    @property
    def case_study_ids(self) -> list[int]:
        return [c.id for c in self.case_studies]

    def attendance_chart(self) -> str:
        return charts.horizontal_bars(
            chart_id="chart-attendance",
            title="Attendance by sector",
            desc=(
                f"{self.came} of {self.invited} people invited came. "
                + "; ".join(f"{s.name}: {s.came} came of {s.invited} invited" for s in self.sectors)
            ),
            labels=[s.name for s in self.sectors],
            series=[
                charts.Series("Invited", charts.GREY, [s.invited for s in self.sectors]),
                charts.Series("Came", charts.BLUE, [s.came for s in self.sectors]),
            ],
        )

    def life_course_chart(self) -> str:
        labels = [stage for stage, _ in self.life_course]
        colours = [charts.GREEN, charts.ORANGE, charts.RED, charts.GREY]
        names = ["Prevention", "Early help", "Crisis", "Not said"]
        return charts.stacked_columns(
            chart_id="chart-life-course",
            title="Intervention points along the life course",
            desc=(
                f"{self.points} intervention points. "
                + "; ".join(
                    f"{stage}: {sum(v)} ("
                    + ", ".join(f"{n.lower()} {x}" for n, x in zip(names, v, strict=True) if x)
                    + ")"
                    for stage, v in self.life_course
                )
            ),
            labels=labels,
            series=[
                charts.Series(names[i], colours[i], [v[i] for _, v in self.life_course])
                for i in range(4)
            ],
        )


def _attendance(event: Event):
    rows = (
        Invitation.objects.filter(event=event)
        .values("sector_name", "sector", "tier", "status")
        .annotate(n=Count("pk"))
    )
    sectors: dict = {}
    tiers: dict = defaultdict(lambda: [0, 0])
    for row in rows:
        name = row["sector_name"] or row["sector"] or "Sector not given"
        key = (name, row["tier"] or "")
        entry = sectors.setdefault(
            key, SectorRow(name=name, tier=row["tier"] or "", invited=0, came=0)
        )
        entry.invited += row["n"]
        tiers[row["tier"] or "not given"][0] += row["n"]
        if row["status"] in CAME:
            entry.came += row["n"]
            tiers[row["tier"] or "not given"][1] += row["n"]
    ordered = sorted(sectors.values(), key=lambda s: (s.tier != "frontline", -s.came, s.name))
    tier_rows = [(t, v[0], v[1]) for t, v in sorted(tiers.items())]
    return ordered, tier_rows


def _feedback(event: Event, attended: int) -> FeedbackSummary:
    responses = list(
        FeedbackResponse.objects.filter(event=event).values_list(
            "gained", "come_again", "what_next", "comments"
        )
    )
    gains = Counter(g for gained, *_ in responses for g in gained)
    come = Counter(c for _, c, *_ in responses)
    return FeedbackSummary(
        responses=len(responses),
        attended=attended,
        gains=[(label, gains[value]) for value, label in Gain.choices],
        come_again=[(label, come[value]) for value, label in FeedbackResponse.ComeAgain.choices],
        what_next=[w.strip() for _, _, w, _ in responses if w.strip()][:QUOTES],
        comments=[c.strip() for *_, c in responses if c.strip()][:QUOTES],
    )


def build_report(event: Event, *, report: Report | None = None) -> ReportData:
    """Everything the report shows, read in a fixed number of queries."""
    report = report or report_for(event)
    sectors, tiers = _attendance(event)
    invited = sum(s.invited for s in sectors)
    came = sum(s.came for s in sectors)
    openings = list(
        AgendaItem.objects.filter(event=event, kind=AgendaItem.Kind.OPENING).order_by("order")
    )

    points = list(
        sources.intervention_points_for(event)
        .order_by("created_at", "pk")
        .values(
            "pk",
            "entry_id",
            "capture_id",
            "capture__case_study_id",
            "what_could_have_been_done",
            "how_early",
            "sector__name",
            "service__name",
            "entry__age_years",
            "entry__period_label",
        )
    )
    capture_ids = sources.captures_for(event).values_list("pk", "case_study_id")
    tables_by_study: dict = defaultdict(set)
    for capture_id, study_id in capture_ids:
        tables_by_study[study_id].add(capture_id)
    study_ids = set(tables_by_study) | {p["capture__case_study_id"] for p in points}
    studies = {s.pk: s for s in CaseStudy.objects.filter(pk__in=study_ids, place=event.place_id)}
    entries = defaultdict(list)
    for entry in TimelineEntry.objects.filter(case_study_id__in=studies).order_by(
        "case_study_id", "order", "pk"
    ):
        entries[entry.case_study_id].append(entry)

    by_entry: dict = defaultdict(list)
    life: dict = defaultdict(lambda: [0, 0, 0, 0])
    early_index = {"prevention": 0, "early_help": 1, "crisis": 2}
    for p in points:
        by_entry[(p["capture__case_study_id"], p["entry_id"])].append(
            Point(
                text=p["what_could_have_been_done"],
                sector=p["sector__name"] or "",
                service=p["service__name"] or "",
                how_early=HOW_EARLY_LABELS.get(p["how_early"], ""),
            )
        )
        stage = insight.life_stage(p["entry__age_years"], p["entry__period_label"] or "")
        life[stage][early_index.get(p["how_early"], 3)] += 1

    sections = []
    for study_id in sorted(studies, key=lambda pk: studies[pk].title):
        study = studies[study_id]
        named, rest = [], []
        before = by_entry.get((study_id, None))
        if before:
            named.append(
                Moment(
                    None, "Before the timeline starts", "", "", merge_points(before), len(before)
                )
            )
        for entry in entries[study_id]:
            found = by_entry.get((study_id, entry.pk), [])
            moment = Moment(
                entry.pk,
                entry.when,
                DOMAIN_LABELS.get(entry.domain, entry.domain),
                entry.what_happened,
                merge_points(found),
                len(found),
            )
            (named if found else rest).append(moment)
        named.sort(key=lambda m: -m.count)  # stable: ties keep timeline order
        sections.append(
            CaseStudySection(
                id=study.pk,
                title=study.title,
                summary=study.summary,
                named=named,
                rest=rest,
                points=sum(m.count for m in named),
                tables=len(tables_by_study.get(study_id, ())),
            )
        )

    actions = list(
        Action.objects.filter(event=event, place=event.place_id)
        .select_related("owner_team", "owner_user", "owner_contact", "case_study")
        .prefetch_related("themes")
        .order_by("due_date", "pk")
    )
    action_themes = Counter(t.name for a in actions for t in a.themes.all())
    point_ids = [p["pk"] for p in points]
    point_themes = (
        Counter(
            dict(
                InterventionPointTheme.objects.filter(intervention_point_id__in=point_ids)
                .values_list("theme__name")
                .annotate(n=Count("pk"))
            )
        )
        if point_ids
        else Counter()
    )
    themes = sorted(
        ((t, action_themes[t], point_themes[t]) for t in set(action_themes) | set(point_themes)),
        key=lambda row: (-(row[1] + row[2]), row[0]),
    )

    return ReportData(
        event=event,
        report=report,
        sectors=sectors,
        tiers=tiers,
        invited=invited,
        came=came,
        openings=openings,
        case_studies=sections,
        life_course=[(s, life[s]) for s in insight.STAGE_ORDER if s in life],
        points=len(points),
        actions=actions,
        themes=themes,
        feedback=_feedback(event, came),
        sections=normalised_sections(report.sections),
        built_at=timezone.now(),
    )


# --- editing ---------------------------------------------------------------------------------


def save_report(
    *, report: Report, actor, intro: str, next_steps: str, sections: list[dict]
) -> Report:
    """Keep the convenor's words and the order and visibility of sections."""
    with transaction.atomic():
        report.intro = intro
        report.next_steps = next_steps
        report.sections = normalised_sections(sections)
        report.updated_at = timezone.now()
        report.save(update_fields=["intro", "next_steps", "sections", "updated_at"])
        log_action(
            "followup.report.edited",
            actor=actor,
            target=report,
            data={
                "event": report.event_id,
                "hidden": [s["key"] for s in report.sections if s["hidden"]],
            },
        )
    return report


class SectionMoveRefused(ValueError):
    """Raised when a report section move names no section, or neither up nor down."""


def move_report_section(*, report: Report, actor, key: str, direction: str) -> Report:
    """Move one section of the report up or down (audited); raise SectionMoveRefused when
    the section or the direction is unknown. At either end the order stays as it is."""
    if key not in SECTION_TITLES or direction not in ("up", "down"):
        raise SectionMoveRefused(
            "Choose a section of the report, and whether to move it up or down"
        )
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        before = [s["key"] for s in normalised_sections(report.sections)]
        report.sections = move_section(report.sections, key, direction)
        after = [s["key"] for s in report.sections]
        if after != before:
            report.updated_at = timezone.now()
            report.save(update_fields=["sections", "updated_at"])
            log_action(
                "followup.report.section_moved",
                actor=actor,
                target=report,
                data={
                    "event": report.event_id,
                    "section": key,
                    "direction": direction,
                    "order": after,
                },
            )
    return report


def move_section(sections: list[dict], key: str, direction: str) -> list[dict]:
    """Move one section up or down; the others keep their order."""
    sections = normalised_sections(sections)
    index = next(i for i, s in enumerate(sections) if s["key"] == key)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(sections):
        sections[index], sections[other] = sections[other], sections[index]
    return sections
