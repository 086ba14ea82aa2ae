"""Insight across case studies, events and places: pure functions over plain counts.

No Django here, so that it is fast to test and to benchmark. The caller (insight_data.py)
counts intervention points in the database, grouped by their facets, and hands over rows.

Two kinds of output:

- inside a place (people with a role there): a heatmap of life stage × sector best placed,
  the moments most often named (with their text), prevention versus crisis, recurring themes,
  and how the events compare;
- across places (strategists): the same patterns as aggregates only. Every count from 1 to
  SUPPRESS_BELOW - 1 is withheld, a table with a single withheld cell withholds its next
  smallest too (so the total cannot give it away), and no text from any case study is ever
  part of the result: moments are described by life stage and life domain only.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

SUPPRESS_BELOW = 5

# label, youngest, oldest (years)
LIFE_STAGES = [
    ("Early years (0–4)", 0, 4),
    ("Primary age (5–10)", 5, 10),
    ("Secondary age (11–15)", 11, 15),
    ("Young adult (16–24)", 16, 24),
    ("Adult (25–64)", 25, 64),
    ("Later life (65+)", 65, 200),
]
NO_AGE = "Age not given"
STAGE_ORDER = [s[0] for s in LIFE_STAGES] + [NO_AGE]
STAGE_WORDS = [
    (("birth", "baby", "infan", "toddler", "early childhood", "pre-school", "nursery"), 0),
    (("primary", "childhood"), 1),
    (("secondary", "teen", "adolescen"), 2),
    (("young adult", "leaving care", "care leaver"), 3),
    (("adult", "parent", "mid-life", "middle age"), 4),
    (("later life", "retir", "old age", "elderly", "pension"), 5),
]
HOW_EARLY = ["prevention", "early_help", "crisis"]
HOW_EARLY_LABELS = {
    "prevention": "Prevention",
    "early_help": "Early help",
    "crisis": "Crisis",
    "": "Not said",
}
NO_SECTOR = "Sector not given"


def life_stage(age_years: int | None, period_label: str = "") -> str:
    """The life stage of a moment from its age, else from words or a number in its period."""
    if age_years is None:
        text = (period_label or "").lower()
        number = re.search(r"\d+", text)
        if number:
            age_years = int(number.group())
        else:
            for words, index in STAGE_WORDS:
                if any(w in text for w in words):
                    return LIFE_STAGES[index][0]
            return NO_AGE
    for label, youngest, oldest in LIFE_STAGES:
        if youngest <= age_years <= oldest:
            return label
    return NO_AGE


@dataclass(frozen=True)
class Observation:
    """How many intervention points share one set of facets."""

    place: str
    event_id: int | None
    age_years: int | None
    period_label: str
    domain: str
    sector: str
    how_early: str
    count: int = 1

    @property
    def stage(self) -> str:
        return life_stage(self.age_years, self.period_label)


@dataclass(frozen=True)
class MomentCount:
    """How many intervention points one moment of one case study drew (with its text: only
    ever shown inside its own place)."""

    place: str
    entry_id: int | None
    case_study_id: int
    case_study: str
    when: str
    what_happened: str
    count: int


@dataclass(frozen=True)
class ThemeUse:
    """How often a theme was tagged on actions or intervention points of an event."""

    place: str
    event_id: int | None
    theme: str
    count: int = 1


@dataclass
class Heatmap:
    """Counts by life stage (rows) and sector (columns); None marks a withheld count."""

    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int | None]
    total: int | None
    withheld: int = 0

    @property
    def largest(self) -> int:
        return max([v for v in self.cells.values() if v] or [0])

    def value(self, row: str, column: str) -> int | None:
        return self.cells.get((row, column), 0)

    def level(self, row: str, column: str) -> int:
        """A shade from 0 (none) to 5 (the largest), for the cell's colour."""
        value = self.value(row, column)
        if not value:
            return 0
        return max(1, round(5 * value / self.largest))

    def table(self) -> list[tuple[str, list[int | None]]]:
        return [(r, [self.value(r, c) for c in self.columns]) for r in self.rows]

    def grid(self) -> list[tuple[str, list[tuple[int | None, int]]]]:
        """Rows of (value, shade) pairs, for a page."""
        return [
            (r, [(self.value(r, c), self.level(r, c)) for c in self.columns]) for r in self.rows
        ]


@dataclass
class Share:
    """Prevention, early help and crisis counts and their shares of those said."""

    counts: dict[str, int | None]
    total: int | None
    shares: dict[str, float | None] = field(default_factory=dict)

    def items(self):
        return [(HOW_EARLY_LABELS[k], self.counts.get(k), self.shares.get(k)) for k in self.counts]


def total(observations) -> int:
    return sum(o.count for o in observations)


def heatmap(observations) -> Heatmap:
    """Intervention points by life stage and sector best placed; sectors by how often named."""
    cells: Counter = Counter()
    sector_totals: Counter = Counter()
    for o in observations:
        sector = o.sector or NO_SECTOR
        cells[(o.stage, sector)] += o.count
        sector_totals[sector] += o.count
    rows = [s for s in STAGE_ORDER if any(cells[(s, c)] for c in sector_totals)]
    columns = sorted(sector_totals, key=lambda c: (c == NO_SECTOR, -sector_totals[c], c))
    return Heatmap(rows=rows, columns=columns, cells=dict(cells), total=sum(cells.values()))


def most_named_moments(moments, *, limit: int = 10) -> list[MomentCount]:
    """The moments with the most intervention points, most first (ties by case study, order)."""
    ranked = sorted(moments, key=lambda m: (-m.count, m.case_study, m.entry_id or 0))
    return [m for m in ranked if m.count > 0][:limit]


def how_early_share(observations) -> Share:
    """How many points were prevention, early help or crisis, and each one's share of those
    where the table said (points where it did not are counted as "Not said")."""
    counts = dict.fromkeys([*HOW_EARLY, ""], 0)
    for o in observations:
        counts[o.how_early if o.how_early in counts else ""] += o.count
    said = sum(counts[k] for k in HOW_EARLY)
    shares = {k: (counts[k] / said if said else None) for k in HOW_EARLY}
    shares[""] = None
    return Share(counts=counts, total=sum(counts.values()), shares=shares)


def recurring_themes(uses, *, limit: int = 15) -> list[tuple[str, int, int]]:
    """Themes by how often they were tagged: (theme, times, events it came up at); a theme
    recurs when it came up at two or more events, or twice at one."""
    times: Counter = Counter()
    events: dict[str, set] = defaultdict(set)
    for use in uses:
        times[use.theme] += use.count
        events[use.theme].add((use.place, use.event_id))
    ranked = sorted(times, key=lambda t: (-len(events[t]), -times[t], t))
    return [(t, times[t], len(events[t])) for t in ranked][:limit]


def by_event(observations) -> list[tuple[int | None, int, float | None]]:
    """For each event: (event id, points, crisis share of those said), biggest first."""
    groups: dict = defaultdict(list)
    for o in observations:
        groups[o.event_id].append(o)
    result = []
    for event_id, rows in groups.items():
        share = how_early_share(rows)
        result.append((event_id, share.total, share.shares["crisis"]))
    return sorted(result, key=lambda r: (-r[1], r[0] or 0))


# --- across places ----------------------------------------------------------------------------


def withhold(value: int, *, below: int = SUPPRESS_BELOW) -> int | None:
    """The count, or None when it is small enough to point at a person or a story."""
    return None if 0 < value < below else value


def _withhold_all(counts: dict, *, below: int) -> tuple[dict, int]:
    """Withhold small counts in a table; when exactly one is withheld, withhold the next
    smallest too, so that the table's total does not give the first away."""
    shown = {k: withhold(v, below=below) for k, v in counts.items()}
    hidden = [k for k, v in shown.items() if v is None]
    if len(hidden) == 1:
        candidates = sorted((v, str(k)) for k, v in shown.items() if v)
        if candidates:
            smallest = candidates[0][1]
            for k in shown:
                if str(k) == smallest:
                    shown[k] = None
                    break
    return shown, sum(1 for v in shown.values() if v is None)


@dataclass
class AcrossPlaces:
    """What strategists see across places: aggregates only, small counts withheld."""

    places: list[tuple[str, int | None, int | None]]  # place, points, events
    heatmap: Heatmap
    how_early: Share
    moments: list[tuple[str, str, int | None]]  # life stage, life domain, points
    themes: list[tuple[str, int | None, int]]
    suppress_below: int = SUPPRESS_BELOW


def across_places(
    observations,
    theme_uses,
    *,
    timing=None,
    place_names: dict | None = None,
    below: int = SUPPRESS_BELOW,
) -> AcrossPlaces:
    """Aggregate every place's observations for people outside those places. Takes only
    facets (no moment text exists in an Observation); withholds counts under `below`.

    `timing`, when given, is the same points grouped by place, event and how early (and
    `observations` then need only place, age, period, domain and sector): two small groupings
    cost far less to count than one with every facet."""
    place_names = place_names or {}
    observations = list(observations)
    timing = observations if timing is None else list(timing)
    points: Counter = Counter()
    events: dict = defaultdict(set)
    for o in timing:
        points[o.place] += o.count
        if o.event_id is not None:
            events[o.place].add(o.event_id)
    places = [
        (place_names.get(p, p), withhold(points[p], below=below), len(events[p]))
        for p in sorted(points, key=lambda p: place_names.get(p, p))
    ]

    plain = heatmap(observations)
    cells, withheld = _withhold_all(plain.cells, below=below)
    grid = Heatmap(
        rows=plain.rows,
        columns=plain.columns,
        cells=cells,
        total=withhold(plain.total or 0, below=below),
        withheld=withheld,
    )

    share = how_early_share(timing)
    counts, _ = _withhold_all(share.counts, below=below)
    said = [counts[k] for k in HOW_EARLY]
    said_total = sum(v for v in said if v) if all(v is not None for v in said) else None
    shares = {
        k: (counts[k] / said_total if said_total and counts[k] is not None else None)
        for k in HOW_EARLY
    }
    shares[""] = None
    how_early = Share(counts=counts, total=withhold(share.total or 0, below=below), shares=shares)

    moments_count: Counter = Counter()
    for o in observations:
        moments_count[(o.stage, o.domain or "Not given")] += o.count
    moments = [
        (stage, domain, withhold(n, below=below))
        for (stage, domain), n in sorted(moments_count.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    moments = [m for m in moments if m[2] is not None][:10]

    themes = [
        (name, withhold(times, below=below), n_events)
        for name, times, n_events in recurring_themes(theme_uses)
    ]
    return AcrossPlaces(
        places=places,
        heatmap=grid,
        how_early=how_early,
        moments=moments,
        themes=[t for t in themes if t[1] is not None],
        suppress_below=below,
    )
