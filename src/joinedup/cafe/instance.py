"""Café instances: reading them from the FORMAT.md shape and checking a plan can exist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

INSTANCE_FORMAT = "joinedup-cafe-instance/1"
PLAN_FORMAT = "joinedup-cafe-plan/1"
TIERS = ("frontline", "central")


class Infeasible(Exception):
    """No plan can follow the hard rules; `reasons` says why in plain English."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)


@dataclass(frozen=True)
class Table:
    id: str
    case_study: str
    hosts: tuple[str, ...]
    seats: int


@dataclass(frozen=True)
class Participant:
    id: str
    organisation: str
    sector: str
    tier: str
    wants: tuple[str, ...]
    present: tuple[int, ...]


@dataclass(frozen=True)
class Instance:
    name: str
    rounds: int
    revisits_allowed: bool
    tables: tuple[Table, ...]
    participants: tuple[Participant, ...]

    def host_tables(self) -> dict[str, list[str]]:
        """Return each host's id mapped to the ids of the tables they host, in table order."""
        hosted: dict[str, list[str]] = {}
        for table in self.tables:
            for host in table.hosts:
                hosted.setdefault(host, []).append(table.id)
        return hosted


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(errors: list[str], where: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        errors.append(f"{where} must be a non-empty string, not {value!r}")
        return ""
    return value


def _text_list(errors: list[str], where: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        errors.append(f"{where} must be a list of non-empty strings, not {value!r}")
        return ()
    if len(set(value)) != len(value):
        errors.append(f"{where} lists the same id twice: {value!r}")
    return tuple(value)


def _load_table(errors: list[str], index: int, raw: object) -> Table | None:
    where = f"tables[{index}]"
    if not isinstance(raw, Mapping):
        errors.append(f"{where} must be an object, not {raw!r}")
        return None
    seats = raw.get("seats")
    if not _is_int(seats) or seats < 1:
        errors.append(f"{where}.seats must be a whole number of at least 1, not {seats!r}")
        seats = 1
    return Table(
        id=_text(errors, f"{where}.id", raw.get("id")),
        case_study=_text(errors, f"{where}.case_study", raw.get("case_study")),
        hosts=_text_list(errors, f"{where}.hosts", raw.get("hosts", [])),
        seats=seats,
    )


def _load_participant(
    errors: list[str], index: int, raw: object, rounds: int
) -> Participant | None:
    where = f"participants[{index}]"
    if not isinstance(raw, Mapping):
        errors.append(f"{where} must be an object, not {raw!r}")
        return None
    tier = raw.get("tier")
    if tier not in TIERS:
        errors.append(f'{where}.tier must be "frontline" or "central", not {tier!r}')
    present = raw.get("present", list(range(rounds)))
    if (
        not isinstance(present, list)
        or not all(_is_int(r) and 0 <= r < rounds for r in present)
        or len(set(present)) != len(present)
    ):
        errors.append(
            f"{where}.present must list distinct round numbers from 0 to {rounds - 1}, "
            f"not {present!r}"
        )
        present = []
    return Participant(
        id=_text(errors, f"{where}.id", raw.get("id")),
        organisation=_text(errors, f"{where}.organisation", raw.get("organisation")),
        sector=_text(errors, f"{where}.sector", raw.get("sector")),
        tier=tier if tier in TIERS else TIERS[0],
        wants=_text_list(errors, f"{where}.wants", raw.get("wants", [])),
        present=tuple(sorted(present)),
    )


def _duplicates(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({i for i in ids if i in seen or seen.add(i)})


def load_instance(data: Mapping) -> Instance:
    """Return the instance described by a FORMAT.md dict; raise ValueError naming every problem."""
    if not isinstance(data, Mapping):
        raise ValueError(f"an instance must be a JSON object, not {type(data).__name__}")
    errors: list[str] = []
    if data.get("format") != INSTANCE_FORMAT:
        errors.append(f'format must be "{INSTANCE_FORMAT}", not {data.get("format")!r}')
    name = data.get("name", "")
    if not isinstance(name, str):
        errors.append(f"name must be a string, not {name!r}")
        name = ""
    rounds = data.get("rounds")
    if not _is_int(rounds) or rounds < 1:
        errors.append(f"rounds must be a whole number of at least 1, not {rounds!r}")
        rounds = 1
    revisits = data.get("revisits_allowed", False)
    if not isinstance(revisits, bool):
        errors.append(f"revisits_allowed must be true or false, not {revisits!r}")
        revisits = False
    raw_tables = data.get("tables")
    if not isinstance(raw_tables, list) or not raw_tables:
        errors.append("tables must be a non-empty list")
        raw_tables = []
    raw_people = data.get("participants")
    if not isinstance(raw_people, list):
        errors.append("participants must be a list")
        raw_people = []
    tables = [_load_table(errors, i, raw) for i, raw in enumerate(raw_tables)]
    people = [_load_participant(errors, i, raw, rounds) for i, raw in enumerate(raw_people)]
    for kind, ids in (
        ("table", [t.id for t in tables if t]),
        ("participant", [p.id for p in people if p]),
    ):
        for dup in _duplicates(ids):
            errors.append(f"{kind} id {dup} appears more than once")
    if errors:
        raise ValueError("invalid café instance: " + "; ".join(errors))
    return Instance(
        name=name,
        rounds=rounds,
        revisits_allowed=revisits,
        tables=tuple(t for t in tables if t),
        participants=tuple(p for p in people if p),
    )


def _match_rounds(rounds: list[int], options: dict[int, set[str]]) -> int:
    """Return how many of `rounds` can each get a different case study from `options[round]`."""
    owner: dict[str, int] = {}

    def place(r: int, seen: set[str]) -> bool:
        for cs in sorted(options[r]):
            if cs not in seen:
                seen.add(cs)
                if cs not in owner or place(owner[cs], seen):
                    owner[cs] = r
                    return True
        return False

    return sum(place(r, set()) for r in rounds)


def feasibility_problems(instance: Instance) -> list[str]:
    """Return plain-English reasons no valid plan can exist (empty when none are found)."""
    reasons: list[str] = []
    people = {p.id: p for p in instance.participants}
    hosted = instance.host_tables()
    for host, table_ids in hosted.items():
        if host not in people:
            reasons.append(f"Table {table_ids[0]} lists host {host}, who is not a participant.")
        elif len(table_ids) > 1 and people[host].present:
            reasons.append(
                f"{host} hosts {len(table_ids)} tables ({', '.join(table_ids)}) "
                "but can sit at only one at a time."
            )
    rounds = range(instance.rounds)
    free: dict[tuple[int, str], int] = {}
    for table in instance.tables:
        for r in rounds:
            hosts_here = sum(1 for h in table.hosts if h in people and r in people[h].present)
            free[r, table.id] = table.seats - hosts_here
            if hosts_here > table.seats:
                reasons.append(
                    f"Table {table.id} has {hosts_here} hosts present in round {r} "
                    f"but only {table.seats} seats."
                )
    for r in rounds:
        present = sum(1 for p in instance.participants if r in p.present)
        seats = sum(t.seats for t in instance.tables)
        if present > seats:
            reasons.append(f"Round {r} has {present} people present but only {seats} seats.")
    if not instance.revisits_allowed:
        reasons.extend(_revisit_problems(instance, hosted, free))
    return reasons


def _revisit_problems(
    instance: Instance, hosted: dict[str, list[str]], free: dict[tuple[int, str], int]
) -> list[str]:
    """Return reasons why people cannot see a different case study in every round they attend."""
    reasons: list[str] = []
    open_cs: dict[int, set[str]] = {
        r: {t.case_study for t in instance.tables if free[r, t.id] > 0}
        for r in range(instance.rounds)
    }
    rotators = [p for p in instance.participants if p.id not in hosted]
    for person in rotators:
        if all(len(open_cs[r]) >= len(person.present) for r in person.present):
            continue  # Hall's condition holds: any k of their rounds offer at least k choices
        seen = _match_rounds(list(person.present), open_cs)
        if seen < len(person.present):
            reasons.append(
                f"{person.id} is present in {len(person.present)} rounds but can see only "
                f"{seen} different case stud{'y' if seen == 1 else 'ies'} with a free seat, "
                "and revisits are not allowed."
            )
    # Hall's condition over case studies: the s least roomy case studies must take every
    # visit people cannot make elsewhere.
    capacity: dict[str, int] = {}
    for t in instance.tables:
        capacity[t.case_study] = capacity.get(t.case_study, 0) + sum(
            max(0, free[r, t.id]) for r in range(instance.rounds)
        )
    tight = sorted(capacity, key=lambda cs: (capacity[cs], cs))
    for size in range(1, len(tight) + 1):
        others = len(tight) - size
        needed = sum(max(0, len(p.present) - others) for p in rotators)
        room = sum(capacity[cs] for cs in tight[:size])
        if needed > room:
            reasons.append(
                f"Case studies {', '.join(tight[:size])} have {room} free seats over the day, "
                f"but without revisits people need at least {needed} visits to them."
            )
            break
    return reasons


def check_feasible(instance: Instance) -> None:
    """Raise Infeasible listing every reason found why no valid plan can exist."""
    reasons = feasibility_problems(instance)
    if reasons:
        raise Infeasible(reasons)
