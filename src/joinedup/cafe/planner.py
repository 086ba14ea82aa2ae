"""Plan who sits at which table in each round of a world café, and re-plan on the day.

Pure Python and numpy, no Django. `plan_tables` starts from the prime construction of
FORMAT.md or the affine one of `construct.affine_start` where one applies and is no worse,
otherwise from a greedy seating, and improves it with a tabu
search (see `joinedup.cafe.tabu_search`). Results are deterministic for a given seed and number
of iterations; pass `max_iterations` when the same plan must come out on any machine.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from joinedup.cafe.construct import (
    affine_start,
    exact_seating,
    fill_greedily,
    hosts_seated,
    prime_start,
    repair_revisits,
)
from joinedup.cafe.instance import (
    PLAN_FORMAT,
    Infeasible,
    Instance,
    check_feasible,
    load_instance,
)
from joinedup.cafe.instance_arrays import Model
from joinedup.cafe.scoring import Score, lower_bound, score_plan
from joinedup.cafe.tabu_search import Search, State

__all__ = [
    "Infeasible",
    "Instance",
    "Plan",
    "Replanned",
    "check_feasible",
    "load_instance",
    "plan_tables",
    "prime_start",
    "replan",
    "score_plan",
]


@dataclass(frozen=True)
class Plan:
    """A plan in the FORMAT.md shape, with its measures and how the search went."""

    instance: str
    assignments: dict[str, list[str | None]]
    score: Score
    iterations: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        """Return the plan as a `joinedup-cafe-plan/1` JSON-ready dict."""
        return {"format": PLAN_FORMAT, "instance": self.instance, "assignments": self.assignments}


@dataclass(frozen=True)
class Replanned:
    """A new plan and how many people's itineraries differ from the old one."""

    plan: Plan
    itineraries_changed: int


def _valid_start(
    state: State, movable: np.ndarray, rng: np.random.Generator, *, deadline: float
) -> State:
    """Return the seating with revisits repaired round by round, or by backtracking if need be."""
    model = state.m
    if state.rev and model.revisit_weight:
        repair_revisits(state, movable, rng)
    if state.rev and model.revisit_weight:
        tab = exact_seating(model, state.tab, movable, deadline=deadline)
        if tab is not None:
            state = State(model, tab, old=state.old)
    return state


def _finish(
    model: Model, search: Search, best_tab: np.ndarray, started: float, seconds: float
) -> Plan:
    """Return the best seating as a Plan; raise Infeasible if it still breaks a hard rule."""
    assignments = model.assignments(best_tab)
    score = score_plan(model.instance, {"assignments": assignments})
    if not score.valid:
        raise Infeasible(
            [
                f"No plan without revisits was found in {seconds:g} seconds; the checks for "
                "impossible instances passed, so allow more time or allow revisits.",
                *score.invalid[:5],
            ]
        )
    return Plan(
        instance=model.instance.name,
        assignments=assignments,
        score=score,
        iterations=search.iterations,
        seconds=time.perf_counter() - started,
    )


def plan_tables(
    instance: Instance,
    *,
    seconds: float = 2.0,
    seed: int = 0,
    max_iterations: int | None = None,
) -> Plan:
    """Return a valid plan as good as the search finds in `seconds`; raise Infeasible if none."""
    started = time.perf_counter()
    check_feasible(instance)
    model = Model(instance)
    rng = np.random.default_rng(seed)
    state = State(model, hosts_seated(model))
    fill_greedily(state, rng)
    movable = model.present & (model.host_table < 0)[None, :]
    state = _valid_start(state, movable, rng, deadline=started + seconds)
    # The zero-repeat constructions know nothing of the other measures: each is only a
    # start (the greedy fill seats any rounds it leaves), taken when it is no worse than
    # the greedy start on the whole objective.
    for construction in (prime_start, affine_start):
        tab = construction(model)
        if tab is not None:
            built = State(model, tab)
            fill_greedily(built, rng)
            if built.objective() <= state.objective():
                state = built
    search = Search(state, movable, seed=seed)
    best_tab = search.run(
        deadline=started + seconds,
        max_iterations=max_iterations,
        target=lower_bound(instance).score,
    )
    return _finish(model, search, best_tab, started, seconds)


def _old_assignments(plan: object) -> Mapping:
    if hasattr(plan, "to_dict"):
        plan = plan.to_dict()
    raw = plan.get("assignments") if isinstance(plan, Mapping) else None
    if not isinstance(raw, Mapping):
        raise ValueError("the plan to re-plan has no assignments object")
    return raw


def replan(
    instance: Instance,
    plan: object,
    *,
    keep_rounds: set[int],
    seconds: float = 2.0,
    seed: int = 0,
    max_iterations: int | None = None,
) -> Replanned:
    """Return a valid plan for a changed instance keeping every still-valid seat of keep_rounds.

    A kept seat moves only when its person is now absent, its table is gone or full of hosts,
    or it would make its person revisit a case study seen in another kept round. Seats in
    other rounds start from the old plan and move only when that improves the score by more
    than the one point each moved seat costs. Walk-ins count as changed itineraries.
    """
    started = time.perf_counter()
    check_feasible(instance)
    model = Model(instance)
    old_raw = _old_assignments(plan)
    old = model.tab_from(old_raw)
    tab = hosts_seated(model)
    frozen = np.zeros_like(model.present)
    size = np.zeros((model.r, model.t), dtype=np.int64)
    for r in range(model.r):
        size[r] = np.bincount(tab[r][tab[r] >= 0], minlength=model.t)
    kept_cs: dict[int, set[int]] = {}
    rounds = [r for r in range(model.r) if r in keep_rounds]
    rounds += [r for r in range(model.r) if r not in keep_rounds]
    for r in rounds:
        for p in range(model.n):
            t = int(old[r, p])
            if t < 0 or tab[r, p] >= 0 or not model.present[r, p] or size[r, t] >= model.seats[t]:
                continue
            cs = int(model.cs_of_table[t])
            if r in keep_rounds:
                seen = kept_cs.setdefault(p, set())
                if not instance.revisits_allowed and cs in seen:
                    continue
                seen.add(cs)
                frozen[r, p] = True
            tab[r, p] = t
            size[r, t] += 1
    state = State(model, tab, old=np.where(model.present, old, -1))
    rng = np.random.default_rng(seed)
    fill_greedily(state, rng)
    movable = model.present & (model.host_table < 0)[None, :] & ~frozen
    state = _valid_start(state, movable, rng, deadline=started + seconds)
    search = Search(state, movable, seed=seed)
    best_tab = search.run(
        deadline=started + seconds,
        max_iterations=max_iterations,
        target=lower_bound(instance).score,
    )
    new_plan = _finish(model, search, best_tab, started, seconds)
    changed = sum(
        1 for pid, row in new_plan.assignments.items() if list(old_raw.get(pid) or []) != row
    )
    return Replanned(plan=new_plan, itineraries_changed=changed)
