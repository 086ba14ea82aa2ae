"""Checking a café plan against the hard rules and scoring it, exactly as FORMAT.md says."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

from joinedup.cafe.instance import PLAN_FORMAT, Instance

WEIGHTS = {
    "repeat_pairs": 100,
    "missing_mix": 40,
    "missed_wants": 20,
    "same_org_pairs": 10,
    "duplicate_sectors": 3,
    "empty_seats_spread": 5,
}
MEASURES = tuple(WEIGHTS)


@dataclass(frozen=True)
class Score:
    """Every soft measure of a plan, or the broken hard rules (`invalid`) when it has no score."""

    repeat_pairs: int = 0
    missing_mix: int = 0
    missed_wants: int = 0
    same_org_pairs: int = 0
    duplicate_sectors: int = 0
    empty_seats_spread: int = 0
    invalid: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        """Return whether the plan keeps every hard rule."""
        return not self.invalid

    @property
    def score(self) -> int | None:
        """Return the weighted score, or None for an invalid plan."""
        if self.invalid:
            return None
        return sum(WEIGHTS[m] * getattr(self, m) for m in MEASURES)

    def measures(self) -> dict[str, int]:
        """Return the six soft measures by name, in FORMAT.md order."""
        return {m: getattr(self, m) for m in MEASURES}

    def as_dict(self) -> dict:
        """Return the measures, the score and the broken rules as one JSON-ready dict."""
        return {**self.measures(), "score": self.score, "invalid": list(self.invalid)}


def _assignments(plan: object) -> Mapping:
    if hasattr(plan, "to_dict"):
        plan = plan.to_dict()
    if not isinstance(plan, Mapping):
        raise ValueError(f"a plan must be a JSON object, not {type(plan).__name__}")
    return plan


def plan_errors(instance: Instance, plan: object) -> list[str]:
    """Return every broken hard rule of `plan`, rule 1 first, in plain English."""
    data = _assignments(plan)
    rounds = instance.rounds
    errors: dict[int, list[str]] = {1: [], 2: [], 3: [], 4: []}
    if data.get("format", PLAN_FORMAT) != PLAN_FORMAT:
        errors[1].append(f'Rule 1: the plan format must be "{PLAN_FORMAT}".')
    raw = data.get("assignments")
    if not isinstance(raw, Mapping):
        return ["Rule 1: the plan has no assignments object."]
    tables = {t.id: t for t in instance.tables}
    people = {p.id: p for p in instance.participants}
    for pid in raw:
        if pid not in people:
            errors[1].append(f"Rule 1: {pid} is in the plan but not a participant.")
    seats: dict[str, list[str | None]] = {}
    for person in instance.participants:
        row = raw.get(person.id)
        if not isinstance(row, list) or len(row) != rounds:
            errors[1].append(f"Rule 1: {person.id} must have exactly {rounds} entries.")
            continue
        clean: list[str | None] = []
        for r, tid in enumerate(row):
            if r in person.present and tid is None:
                errors[1].append(f"Rule 1: {person.id} is present in round {r} but has no table.")
            elif r not in person.present and tid is not None:
                errors[1].append(f"Rule 1: {person.id} is absent in round {r} but is seated.")
                tid = None  # one mistake, one message: the seat is not checked again
            elif tid is not None and tid not in tables:
                errors[1].append(f"Rule 1: {person.id} is seated at unknown table {tid!r}.")
                tid = None
            clean.append(tid)
        seats[person.id] = clean
    own: dict[str, str] = {}
    for table in instance.tables:
        for host in table.hosts:
            own.setdefault(host, table.id)
            for r, tid in enumerate(seats.get(host, [])):
                if host in people and r in people[host].present and tid != table.id:
                    errors[2].append(
                        f"Rule 2: host {host} must sit at {table.id} in round {r}, not {tid}."
                    )
    for r in range(rounds):
        seated = Counter(row[r] for row in seats.values() if row[r] is not None)
        for tid, table in tables.items():
            if seated[tid] > table.seats:
                errors[3].append(
                    f"Rule 3: table {tid} holds {seated[tid]} people in round {r} "
                    f"but has {table.seats} seats."
                )
    if not instance.revisits_allowed:
        for pid, row in seats.items():
            visits = Counter(
                tables[tid].case_study for tid in row if tid is not None and tid != own.get(pid)
            )
            for cs, n in visits.items():
                if n > 1:
                    errors[4].append(f"Rule 4: {pid} visits case study {cs} {n} times.")
    return [e for rule in (1, 2, 3, 4) for e in errors[rule]]


def _cohost_pairs(instance: Instance) -> set[frozenset[str]]:
    return {frozenset(pair) for t in instance.tables for pair in combinations(t.hosts, 2)}


def measure_assignments(instance: Instance, assignments: Mapping) -> Score:
    """Return the six soft measures of a plan that keeps every hard rule.

    `missing_mix` subtracts each round's unavoidable allowance from that round's unmixed
    table-rounds and floors the result at zero per round, so that slack in one round (when
    both tiers are short of tables) never excuses an avoidable miss in another.
    """
    people = {p.id: p for p in instance.participants}
    cohosts = _cohost_pairs(instance)
    case_study = {t.id: t.case_study for t in instance.tables}
    meetings: Counter[frozenset[str]] = Counter()
    missing_mix = same_org = duplicates = spread = 0
    n_tables = len(instance.tables)
    for r in range(instance.rounds):
        at: dict[str, list[str]] = {t.id: [] for t in instance.tables}
        for pid, row in assignments.items():
            if pid in people and row[r] is not None:
                at[row[r]].append(pid)
        unmixed = 0
        for group in at.values():
            tiers = {people[p].tier for p in group}
            unmixed += len(tiers) < 2
            duplicates += len(group) - len({people[p].sector for p in group})
            for a, b in combinations(sorted(group), 2):
                pair = frozenset((a, b))
                if pair in cohosts:
                    continue
                meetings[pair] += 1
                same_org += people[a].organisation == people[b].organisation
        sizes = [len(g) for g in at.values()]
        spread += max(sizes) - min(sizes)
        present = [p for p in instance.participants if r in p.present]
        central = sum(p.tier == "central" for p in present)
        allowance = max(0, n_tables - central) + max(0, n_tables - (len(present) - central))
        # The allowance is per round: slack in one round cannot excuse a miss in another.
        missing_mix += max(0, unmixed - allowance)
    missed = 0
    for person in instance.participants:
        k = min(len(person.wants), len(person.present))
        seen = {case_study[t] for t in assignments.get(person.id, []) if t is not None}
        missed += sum(cs not in seen for cs in person.wants[:k])
    return Score(
        repeat_pairs=sum(n - 1 for n in meetings.values() if n > 1),
        missing_mix=missing_mix,
        missed_wants=missed,
        same_org_pairs=same_org,
        duplicate_sectors=duplicates,
        empty_seats_spread=spread,
    )


def score_plan(instance: Instance, plan: object) -> Score:
    """Return every measure and the score of `plan`, or the broken hard rules if it is invalid."""
    errors = plan_errors(instance, plan)
    if errors:
        return Score(invalid=tuple(errors))
    return measure_assignments(instance, _assignments(plan)["assignments"])


def _even_split_pairs(count: int, bins: int) -> int:
    """Return the fewest pairs sharing a bin when `count` things go into `bins` bins."""
    q, rem = divmod(count, bins)
    return rem * (q + 1) * q // 2 + (bins - rem) * q * (q - 1) // 2


def lower_bound(instance: Instance) -> Score:
    """Return measures no valid plan can beat (not always reachable), for stopping early."""
    n_tables = len(instance.tables)
    hosted = instance.host_tables()
    case_study = {t.id: t.case_study for t in instance.tables}
    same_org = duplicates = spread = 0
    for r in range(instance.rounds):
        present = [p for p in instance.participants if r in p.present]
        spread += int(len(present) % n_tables != 0)
        for n in Counter(p.sector for p in present).values():
            duplicates += max(0, n - n_tables)
        # Co-hosts of one organisation count as one unit: their own pairs are not scored.
        units: Counter[str] = Counter()
        cohost_groups: set[tuple[str, str]] = set()
        for p in present:
            tables = hosted.get(p.id)
            if tables:
                key = (p.organisation, tables[0])
                if key in cohost_groups:
                    continue
                cohost_groups.add(key)
            units[p.organisation] += 1
        same_org += sum(_even_split_pairs(n, n_tables) for n in units.values())
    # A case study cannot take more wanted visits than it has seats for non-hosts all day.
    people = {p.id: p for p in instance.participants}
    room: Counter[str] = Counter()
    for t in instance.tables:
        for r in range(instance.rounds):
            hosts = sum(1 for h in t.hosts if h in people and r in people[h].present)
            room[t.case_study] += max(0, t.seats - hosts)
    missed = 0
    demand: Counter[str] = Counter()
    for p in instance.participants:
        k = min(len(p.wants), len(p.present))
        tables = hosted.get(p.id)
        if tables and p.present:
            missed += sum(cs != case_study.get(tables[0]) for cs in p.wants[:k])
        elif not tables:
            demand.update(p.wants[:k])
    missed += sum(max(0, n - room[cs]) for cs, n in demand.items())
    return Score(
        missed_wants=missed,
        same_org_pairs=same_org,
        duplicate_sectors=duplicates,
        empty_seats_spread=spread,
    )
