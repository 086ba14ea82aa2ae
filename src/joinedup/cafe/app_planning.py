"""The adapter between the database and the pure planner: build an instance from an event,
put the planner's reasons and measures into plain words.

Ids in an instance are stable across re-plans: a person is `P<invitation id>`, a case study
`CS<case study id>`, a table its label (`T01`). Rounds are numbered from 0 in the instance
(FORMAT.md) and from 1 everywhere people read them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from joinedup.cafe.instance import INSTANCE_FORMAT
from joinedup.events.models import Event, Invitation

PERSON = "P"
CASE_STUDY = "CS"
CENTRAL, FRONTLINE = "central", "frontline"
# A host is expected unless they said no or did not come.
HOST_AWAY = (Invitation.Status.DECLINED, Invitation.Status.NOMINATED, Invitation.Status.NO_SHOW)


def person_id(invitation_id: int) -> str:
    return f"{PERSON}{invitation_id}"


def invitation_id_of(pid: str) -> int | None:
    """Return the invitation id in a participant id like P42, or None."""
    return int(pid[1:]) if re.fullmatch(rf"{PERSON}\d+", pid) else None


@dataclass
class BuiltInstance:
    """An instance in the FORMAT.md shape, who is who in it, and what may stop a plan."""

    data: dict
    people: dict[str, dict] = field(default_factory=dict)  # pid → invitation, name, ...
    case_studies: dict[str, str] = field(default_factory=dict)  # CS id → title
    problems: list[str] = field(default_factory=list)  # reasons no plan can be made
    warnings: list[str] = field(default_factory=list)  # things the convenor should know

    def name_of(self, pid: str) -> str:
        return self.people.get(pid, {}).get("name", pid)


def attendees(event: Event, basis: str):
    """Return the invitations to seat: accepted or checked in, or only checked in."""
    rows = event.invitations.all()
    if basis == "arrived":
        return rows.filter(checked_in_at__isnull=False)
    return rows.filter(status__in=[Invitation.Status.ACCEPTED, Invitation.Status.ATTENDED])


def _hosts_present(table, basis: str) -> list[Invitation]:
    if basis == "arrived":
        return [h for h in table.hosts.all() if h.checked_in_at is not None]
    return [h for h in table.hosts.all() if h.status not in HOST_AWAY]


def _wanted(invitation: Invitation, on_tables: set[int]) -> list[str]:
    wants: list[str] = []
    for raw in invitation.wanted_case_studies or []:
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            continue
        cs = f"{CASE_STUDY}{pk}"
        # A case study no table discusses cannot be visited: leave it out of the measures.
        if pk in on_tables and cs not in wants:
            wants.append(cs)
    return wants


def _person(invitation: Invitation, on_tables: set[int], rounds: int) -> dict:
    pid = person_id(invitation.pk)
    organisation = " ".join(invitation.organisation.split()).casefold()
    return {
        "id": pid,
        # Unknown organisations and sectors are unique, so they never count as a clash.
        "organisation": organisation or f"unknown-{pid}",
        "sector": invitation.sector or f"unknown-{pid}",
        "tier": invitation.tier if invitation.tier in (CENTRAL, FRONTLINE) else FRONTLINE,
        "wants": _wanted(invitation, on_tables),
        "present": list(range(rounds)),
    }


def _names(invitations) -> str:
    names = sorted(i.name for i in invitations)
    if len(names) > 5:
        return ", ".join(names[:5]) + f" and {len(names) - 5} more"
    return ", ".join(names)


def build_instance(event: Event, *, basis: str = "expected", revisits_allowed: bool = False):
    """Return the event's instance: its tables, café rounds, and the people to seat."""
    rounds = len(event.cafe_rounds())
    tables = list(
        event.cafe_tables.select_related("case_study").prefetch_related("hosts").order_by("label")
    )
    built = BuiltInstance(data={})
    if rounds == 0:
        built.problems.append(
            "The agenda has no café rounds. Add the café rounds to the event's agenda first."
        )
    if not tables:
        built.problems.append("The event has no tables yet. Add a table for each case study.")
    on_tables = {t.case_study_id for t in tables}
    people = {i.pk: i for i in attendees(event, basis)}
    instance_tables = []
    for table in tables:
        built.case_studies[f"{CASE_STUDY}{table.case_study_id}"] = table.case_study.title
        hosts = _hosts_present(table, basis)
        away = [h for h in table.hosts.all() if h not in hosts]
        if away:
            built.warnings.append(
                f"{_names(away)} {'is' if len(away) == 1 else 'are'} not coming, so "
                f"{'does' if len(away) == 1 else 'do'} not host {table.label}."
            )
        if not hosts:
            built.warnings.append(f"{table.label} has no host present.")
        for host in hosts:
            people.setdefault(host.pk, host)
        instance_tables.append(
            {
                "id": table.label,
                "case_study": f"{CASE_STUDY}{table.case_study_id}",
                "hosts": [person_id(h.pk) for h in sorted(hosts, key=lambda h: h.pk)],
                "seats": table.seats,
            }
        )
    participants = []
    no_tier = []
    for invitation in sorted(people.values(), key=lambda i: i.pk):
        participants.append(_person(invitation, on_tables, max(rounds, 1)))
        built.people[person_id(invitation.pk)] = {
            "invitation": invitation.pk,
            "name": invitation.name,
            "organisation": invitation.organisation,
            "sector": invitation.sector_name or invitation.sector,
            "tier": invitation.tier,
            "walk_in": invitation.walk_in,
        }
        if invitation.tier not in (CENTRAL, FRONTLINE):
            no_tier.append(invitation)
    if no_tier:
        built.warnings.append(
            f"{len(no_tier)} {'person has' if len(no_tier) == 1 else 'people have'} no sector "
            f"in the directory and {'is' if len(no_tier) == 1 else 'are'} counted as front line: "
            f"{_names(no_tier)}."
        )
    if not participants and tables:
        built.problems.append("Nobody has accepted yet, so there is nobody to seat.")
    built.data = {
        "format": INSTANCE_FORMAT,
        "name": f"{event.place.slug}-event-{event.pk}",
        "rounds": max(rounds, 1),
        "revisits_allowed": revisits_allowed,
        "tables": instance_tables,
        "participants": participants,
    }
    if not built.problems and tables:
        built.problems.extend(_seat_advice(built.data))
    return built


def _seat_advice(data: dict) -> list[str]:
    """Return what to add when there are more people than seats (the planner says only that)."""
    people = len(data["participants"])
    seats = sum(t["seats"] for t in data["tables"])
    if people <= seats:
        return []
    short = people - seats
    per_table = -(-short // len(data["tables"]))
    return [
        f"There are {people} people to seat but only {seats} seats. Add {short} "
        f"seat{'s' if short != 1 else ''} ({per_table} more at each table would do), or add "
        "another table."
    ]


def plain_reasons(reasons: list[str], built: BuiltInstance) -> list[str]:
    """Return the planner's reasons with people's names, case study titles and rounds from 1."""
    out = []
    for reason in reasons:
        text = re.sub(
            rf"\b{CASE_STUDY}\d+\b",
            lambda m: f"“{built.case_studies.get(m.group(0), m.group(0))}”",
            reason,
        )
        text = re.sub(rf"\b{PERSON}\d+\b", lambda m: built.name_of(m.group(0)), text)
        text = re.sub(
            r"\b([Rr]ound) (\d+)\b", lambda m: f"{m.group(1)} {int(m.group(2)) + 1}", text
        )
        text = text.replace("revisits are not allowed", "nobody may see a case study twice")
        out.append(text)
    return out


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _meetings(instance: dict, assignments: dict) -> tuple[Counter, list[dict[str, list[str]]]]:
    hosts = {frozenset(p) for t in instance["tables"] for p in combinations(t["hosts"], 2)}
    meetings: Counter = Counter()
    by_round = []
    for r in range(instance["rounds"]):
        at: dict[str, list[str]] = {t["id"]: [] for t in instance["tables"]}
        for pid, row in assignments.items():
            if r < len(row) and row[r] in at:
                at[row[r]].append(pid)
        by_round.append(at)
        for group in at.values():
            for pair in combinations(sorted(group), 2):
                if frozenset(pair) not in hosts:
                    meetings[frozenset(pair)] += 1
    return meetings, by_round


def describe_measures(instance: dict, assignments: dict, measures: dict) -> list[dict]:
    """Return every measure of a plan as a sentence, with its figure and whether it is ideal."""
    people = {p["id"]: p for p in instance["participants"]}
    meetings, by_round = _meetings(instance, assignments)
    lines = []

    repeaters = {pid for pair, n in meetings.items() if n > 1 for pid in pair}
    lines.append(
        {
            "measure": "repeat_pairs",
            "value": measures.get("repeat_pairs", 0),
            "ok": not repeaters,
            "text": "Nobody meets the same person twice."
            if not repeaters
            else f"{_plural(len(repeaters), 'person meets', 'people meet')} someone twice.",
        }
    )

    unmixed = {CENTRAL: 0, FRONTLINE: 0}
    for at in by_round:
        for group in at.values():
            tiers = {people[p]["tier"] for p in group if p in people}
            for tier in unmixed:
                unmixed[tier] += tier not in tiers
    missing = measures.get("missing_mix", 0)
    if not unmixed[CENTRAL] and not unmixed[FRONTLINE]:
        text = (
            "Every table has someone from central government and someone from the front line "
            "in every round."
        )
    else:
        parts = []
        if unmixed[CENTRAL]:
            parts.append(
                f"{_plural(unmixed[CENTRAL], 'table-round has', 'table-rounds have')} "
                "nobody from central government"
            )
        if unmixed[FRONTLINE]:
            parts.append(
                f"{_plural(unmixed[FRONTLINE], 'table-round has', 'table-rounds have')} "
                "nobody from the front line"
            )
        text = "; ".join(parts).capitalize() + "."
        if not missing:
            text += " There are too few people of that kind for every table, so this cannot be "
            text += "avoided."
    perfect = not unmixed[CENTRAL] and not unmixed[FRONTLINE]
    lines.append({"measure": "missing_mix", "value": missing, "ok": perfect, "text": text})

    missing_people = Counter()
    case_study = {t["id"]: t["case_study"] for t in instance["tables"]}
    for pid, person in people.items():
        k = min(len(person["wants"]), len(person.get("present", range(instance["rounds"]))))
        seen = {case_study.get(t) for t in assignments.get(pid, []) if t}
        missed = sum(cs not in seen for cs in person["wants"][:k])
        if missed:
            missing_people[pid] = missed
    missed_wants = measures.get("missed_wants", 0)
    if not missing_people:
        text = "Everyone visits the case studies they asked for."
    elif max(missing_people.values()) == 1:
        text = (
            f"{_plural(len(missing_people), 'person misses', 'people miss')} one of the case "
            "studies they asked for."
        )
    else:
        text = (
            f"{_plural(len(missing_people), 'person misses', 'people miss')} some of the case "
            f"studies they asked for ({_plural(missed_wants, 'visit', 'visits')} in all)."
        )
    lines.append(
        {"measure": "missed_wants", "value": missed_wants, "ok": not missed_wants, "text": text}
    )

    same_org = measures.get("same_org_pairs", 0)
    lines.append(
        {
            "measure": "same_org_pairs",
            "value": same_org,
            "ok": not same_org,
            "text": "Nobody shares a table with a colleague from their own organisation."
            if not same_org
            else f"{_plural(same_org, 'time', 'times')} in the day, two colleagues from the "
            "same organisation share a table.",
        }
    )

    duplicates = measures.get("duplicate_sectors", 0)
    lines.append(
        {
            "measure": "duplicate_sectors",
            "value": duplicates,
            "ok": not duplicates,
            "text": "Every table has one person from each sector at most, in every round."
            if not duplicates
            else f"{_plural(duplicates, 'seat goes', 'seats go')} to someone from a sector "
            "already at that table.",
        }
    )

    spread = measures.get("empty_seats_spread", 0)
    uneven = []
    for r, at in enumerate(by_round, start=1):
        sizes = [len(g) for g in at.values()]
        if sizes and max(sizes) != min(sizes):
            uneven.append(f"round {r}: {min(sizes)} to {max(sizes)} people")
    lines.append(
        {
            "measure": "empty_seats_spread",
            "value": spread,
            "ok": not spread,
            "text": "Tables fill evenly in every round."
            if not uneven
            else "Tables fill unevenly (" + "; ".join(uneven) + ").",
        }
    )
    return lines


def changed_itineraries(old: dict, new: dict) -> list[str]:
    """Return the participant ids whose table in some round differs between two assignments."""
    return sorted(pid for pid, row in new.items() if list(old.get(pid) or []) != list(row))
