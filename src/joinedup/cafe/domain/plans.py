"""Plans of an event: check a plan can be made, make one (or re-plan) as a background job,
store it with its seats, and lay it out as a grid of tables × rounds and as itineraries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from joinedup.cafe.app_planning import (
    BuiltInstance,
    build_instance,
    changed_itineraries,
    describe_measures,
    invitation_id_of,
    plain_reasons,
)
from joinedup.cafe.instance import Infeasible, check_feasible, load_instance
from joinedup.cafe.models import CafeTable, Plan, Seat
from joinedup.cafe.planner import plan_tables, replan
from joinedup.cafe.scoring import lower_bound
from joinedup.casestudies.models import CaseStudy
from joinedup.core.audit import log_action
from joinedup.core.jobs import run_job, start_job
from joinedup.core.models import User
from joinedup.events.models import Event

DEFAULT_SECONDS = 2.0


def current_plan(event: Event) -> Plan | None:
    """Return the plan in use for the event, if one has been made."""
    return event.cafe_plans.filter(is_current=True).first()


@dataclass(frozen=True)
class Round:
    number: int  # from 1
    title: str
    starts: datetime.datetime | None
    under_way: bool


def rounds_of(event: Event, *, now: datetime.datetime | None = None) -> list[Round]:
    """Return the café rounds with their start times, counting agenda minutes from the start."""
    now = now or timezone.now()
    at = event.starts
    rounds = []
    for item in event.agenda_items.order_by("order", "pk"):
        if item.kind == "cafe_round":
            rounds.append(Round(len(rounds) + 1, item.title, at, at <= now))
        at += datetime.timedelta(minutes=item.minutes)
    return rounds


def default_kept_rounds(event: Event, plan: Plan | None, *, now=None) -> list[int]:
    """Return the rounds a re-plan should keep: those under way, or all once cards are printed."""
    rounds = rounds_of(event, now=now)
    if plan is not None and plan.printed_at is not None:
        return [r.number for r in rounds]
    return [r.number for r in rounds if r.under_way]


def check_possible(
    event: Event, *, basis: str, revisits_allowed: bool, replan_from: Plan | None = None
) -> BuiltInstance:
    """Return the event's instance with, in `problems`, every plain reason no plan can be made."""
    built = build_instance(event, basis=basis, revisits_allowed=revisits_allowed)
    if built.problems:
        return built
    if replan_from is not None and replan_from.rounds != built.data["rounds"]:
        built.problems.append(
            f"The agenda now has {built.data['rounds']} café rounds but the plan has "
            f"{replan_from.rounds}. Make a new plan instead of re-planning."
        )
        return built
    try:
        check_feasible(load_instance(built.data))
    except Infeasible as error:
        built.problems.extend(plain_reasons(error.reasons, built))
    return built


def start_planning(
    *,
    event: Event,
    actor,
    basis: str,
    revisits_allowed: bool = False,
    seconds: float = DEFAULT_SECONDS,
    seed: int = 0,
    kept_rounds: list[int] | None = None,
    replan_from: Plan | None = None,
):
    """Start planning (or re-planning) as a job; return (job, built), job None when impossible."""
    built = check_possible(
        event, basis=basis, revisits_allowed=revisits_allowed, replan_from=replan_from
    )
    if built.problems:
        return None, built
    job = start_job(
        place=event.place,
        user=actor,
        kind="cafe.replan" if replan_from else "cafe.plan",
        title=f"{'Re-planning' if replan_from else 'Planning'} the tables of {event.title}",
        task=plan_tables_task,
        event_id=event.pk,
        actor_id=getattr(actor, "pk", None),
        basis=basis,
        revisits_allowed=revisits_allowed,
        seconds=seconds,
        seed=seed,
        kept_rounds=sorted(kept_rounds or []),
        replan_from_id=replan_from.pk if replan_from else None,
    )
    return job, built


def make_plan(
    *,
    event: Event,
    actor,
    basis: str = "expected",
    revisits_allowed: bool = False,
    seconds: float = DEFAULT_SECONDS,
    seed: int = 0,
    kept_rounds: list[int] | None = None,
    replan_from: Plan | None = None,
    max_iterations: int | None = None,
    progress=None,
) -> Plan:
    """Plan (or re-plan, keeping `kept_rounds`) the event's tables; store it as the current plan.

    Raises Infeasible with plain-words reasons when no plan can be made.
    """
    progress = progress or (lambda *args, **kwargs: None)
    progress(0, 3, "Reading the tables and who is coming")
    built = check_possible(
        event, basis=basis, revisits_allowed=revisits_allowed, replan_from=replan_from
    )
    if built.problems:
        raise Infeasible(built.problems)
    instance = load_instance(built.data)
    progress(1, 3, f"Planning for up to {seconds:g} seconds")
    kept = sorted(set(kept_rounds or []))
    try:
        if replan_from is None:
            result, changed = (
                plan_tables(instance, seconds=seconds, seed=seed, max_iterations=max_iterations),
                None,
            )
        else:
            replanned = replan(
                instance,
                {"assignments": replan_from.assignments},
                keep_rounds={r - 1 for r in kept},
                seconds=seconds,
                seed=seed,
                max_iterations=max_iterations,
            )
            result, changed = replanned.plan, replanned.itineraries_changed
    except Infeasible as error:
        raise Infeasible(plain_reasons(error.reasons, built)) from error
    progress(2, 3, "Saving the plan")
    return _save_plan(
        event=event,
        actor=actor,
        built=built,
        basis=basis,
        result=result,
        seed=seed,
        kept=kept if replan_from else [],
        replan_from=replan_from,
        changed=changed,
    )


@transaction.atomic
def _save_plan(*, event, actor, built, basis, result, seed, kept, replan_from, changed) -> Plan:
    # Lock the event so two plans finishing at once cannot both become current.
    Event.objects.select_for_update().filter(pk=event.pk).first()
    event.cafe_plans.filter(is_current=True).update(is_current=False)
    score = result.score
    plan = Plan.objects.create(
        event=event,
        place_id=event.place_id,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        basis=basis,
        instance=built.data,
        assignments=result.assignments,
        people=built.people,
        measures=score.measures(),
        score=score.score,
        seed=seed,
        seconds=round(result.seconds, 3),
        iterations=result.iterations,
        is_current=True,
        replanned_from=replan_from,
        kept_rounds=kept,
        itineraries_changed=changed,
    )
    tables = {t.label: t for t in event.cafe_tables.prefetch_related("hosts")}
    seats = []
    for pid, row in result.assignments.items():
        invitation_id = invitation_id_of(pid)
        for r, label in enumerate(row, start=1):
            table = tables.get(label)
            if table is None or invitation_id is None:
                continue
            hosts = {h.pk for h in table.hosts.all()}
            seats.append(
                Seat(
                    plan=plan,
                    place_id=event.place_id,
                    invitation_id=invitation_id,
                    table=table,
                    round=r,
                    is_host=invitation_id in hosts,
                )
            )
    Seat.objects.bulk_create(seats)
    data = {
        "plan": plan.pk,
        "event": event.pk,
        "people": len(result.assignments),
        "score": score.score,
        "measures": score.measures(),
        "seconds": plan.seconds,
    }
    if replan_from is None:
        log_action("cafe.plan.made", actor=actor, target=event, data=data)
    else:
        data |= {"from": replan_from.pk, "kept_rounds": kept, "itineraries_changed": changed}
        log_action("cafe.plan.replanned", actor=actor, target=event, data=data)
    return plan


def plan_url(plan: Plan) -> str:
    return reverse(
        "cafe:plan",
        kwargs={"place_slug": plan.event.place.slug, "event_id": plan.event_id, "plan_id": plan.pk},
    )


@task()
def plan_tables_task(
    *,
    job_id: str,
    event_id: int,
    actor_id: int | None,
    basis: str,
    revisits_allowed: bool,
    seconds: float,
    seed: int,
    kept_rounds: list[int],
    replan_from_id: int | None,
) -> dict:
    """Plan, or re-plan, an event's tables with progress on the job."""

    def work(progress) -> dict:
        event = Event.objects.select_related("place").get(pk=event_id)
        replan_from = Plan.objects.get(pk=replan_from_id) if replan_from_id else None
        plan = make_plan(
            event=event,
            actor=User.objects.filter(pk=actor_id).first(),
            basis=basis,
            revisits_allowed=revisits_allowed,
            seconds=seconds,
            seed=seed,
            kept_rounds=kept_rounds,
            replan_from=replan_from,
            progress=progress,
        )
        return {"url": plan_url(plan), "plan": plan.pk, "score": plan.score}

    return run_job(job_id, work)


def measures_of(plan: Plan) -> list[dict]:
    """Return the plan's measures in plain words, each marked met (zero), the best possible
    (at a bound no plan can beat) or short of that."""
    bound = lower_bound(load_instance(plan.instance)).measures()
    lines = describe_measures(plan.instance, plan.assignments, plan.measures)
    for line in lines:
        if line["value"] == 0 and line["ok"]:
            line["status"] = "met"
        elif line["value"] <= bound.get(line["measure"], 0):
            line["status"] = "best"
        else:
            line["status"] = "short"
    return lines


def changed_people(plan: Plan) -> list[str]:
    """Return the names of people whose itinerary a re-plan changed (walk-ins included)."""
    if plan.replanned_from is None:
        return []
    pids = changed_itineraries(plan.replanned_from.assignments, plan.assignments)
    return sorted(plan.people.get(pid, {}).get("name", pid) for pid in pids)


def _case_study_titles(plan: Plan) -> dict[str, str]:
    ids = {
        int(t["case_study"][2:]) for t in plan.instance["tables"] if t["case_study"][2:].isdigit()
    }
    titles = dict(CaseStudy.objects.filter(pk__in=ids).values_list("pk", "title"))
    return {
        t["id"]: titles.get(int(t["case_study"][2:]), t["case_study"])
        for t in plan.instance["tables"]
    }


def round_titles(plan: Plan) -> list[str]:
    """Return a heading for each round of the plan: the agenda's title where it still fits."""
    agenda = plan.event.cafe_rounds()
    titles = []
    for r in range(plan.rounds):
        title = f"Round {r + 1}"
        if len(agenda) == plan.rounds and agenda[r].title and agenda[r].title != title:
            title += f": {agenda[r].title}"
        titles.append(title)
    return titles


def grid(plan: Plan) -> list[dict]:
    """Return the plan as rows of tables, each with the people seated in every round."""
    names = {pid: p.get("name", pid) for pid, p in plan.people.items()}
    changed = set()
    if plan.replanned_from is not None:
        changed = set(changed_itineraries(plan.replanned_from.assignments, plan.assignments))
    titles = _case_study_titles(plan)
    tables = {t.label: t for t in plan.event.cafe_tables.all()}
    rows = []
    for spec in plan.instance["tables"]:
        hosts = set(spec["hosts"])
        cells = []
        for r in range(plan.rounds):
            seated = [pid for pid, row in plan.assignments.items() if row[r] == spec["id"]]
            seated.sort(key=lambda pid: (pid not in hosts, names.get(pid, pid)))
            cells.append(
                [
                    {
                        "pid": pid,
                        "name": names.get(pid, pid),
                        "host": pid in hosts,
                        "changed": pid in changed,
                        "tier": plan.people.get(pid, {}).get("tier", ""),
                        "sector": plan.people.get(pid, {}).get("sector", ""),
                    }
                    for pid in seated
                ]
            )
        rows.append(
            {
                "label": spec["id"],
                # The rounds (1-based) at which nobody at the table is from central government:
                # the planner's "table-round with nobody from the centre", made traceable.
                "no_central": [
                    r + 1
                    for r, cell in enumerate(cells)
                    if cell and not any(p["tier"] == "central" for p in cell)
                ],
                "table": tables.get(spec["id"]),
                "case_study": titles.get(spec["id"], ""),
                "hosts": [names.get(h, h) for h in spec["hosts"]],
                "seats": spec["seats"],
                "cells": cells,
            }
        )
    return rows


def itineraries(plan: Plan) -> list[dict]:
    """Return each person's tables round by round, in name order."""
    titles = _case_study_titles(plan)
    hosts = {h for t in plan.instance["tables"] for h in t["hosts"]}
    people = []
    for pid, row in plan.assignments.items():
        person = plan.people.get(pid, {})
        people.append(
            {
                "pid": pid,
                "invitation": person.get("invitation") or invitation_id_of(pid),
                "name": person.get("name", pid),
                "organisation": person.get("organisation", ""),
                "host": pid in hosts,
                "stops": [
                    {"round": r, "label": label, "case_study": titles.get(label, "")}
                    for r, label in enumerate(row, start=1)
                ],
            }
        )
    people.sort(key=lambda p: p["name"].casefold())
    return people


def mark_printed(*, plan: Plan, actor, what: str) -> None:
    """Record that cards or rosters of the plan were printed (re-plans then keep every round)."""
    with transaction.atomic():
        if plan.printed_at is None:
            plan.printed_at = timezone.now()
            plan.save(update_fields=["printed_at"])
        log_action(
            f"cafe.plan.printed_{what}",
            actor=actor,
            target=plan.event,
            data={"plan": plan.pk, "what": what},
        )


def seat_of(*, user, table: CafeTable, round_number: int) -> Seat | None:
    """Return the person's seat at the table in the round of the current plan, if any.

    For live capture: a person is matched to their invitation by email address.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Seat.objects.filter(
            plan__is_current=True,
            table=table,
            round=round_number,
            invitation__email__iexact=user.email,
        )
        .select_related("invitation")
        .first()
    )
