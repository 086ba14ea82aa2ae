"""Conflict steps: whole-round deltas agree with applying each step, and conflicts are found."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.cafe.conflicts import conflicted, repeat_swaps, round_deltas
from joinedup.cafe.generate import golfer, variant
from joinedup.cafe.instance import load_instance
from joinedup.cafe.instance_arrays import Model
from joinedup.cafe.planner import plan_tables
from joinedup.cafe.tabu_search import State

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _state(data, *, replanning=False, seed=0):
    inst = load_instance(data)
    model = Model(inst)
    tab = model.tab_from(plan_tables(inst, seconds=60, seed=seed, max_iterations=0).assignments)
    old = None
    if replanning:  # moved seats then cost a point each
        start = plan_tables(inst, seconds=60, seed=seed + 1, max_iterations=0)
        old = model.tab_from(start.assignments)
    return model, State(model, tab, old=old)


def _apply(state, r, p, table, q=None):
    t = int(state.tab[r, p])
    state.remove(r, p)
    if q is not None:
        state.remove(r, q)
    state.add(r, p, table)
    if q is not None:
        state.add(r, q, t)


@SETTINGS
@given(seed=st.integers(0, 10_000), replanning=st.booleans())
def test_round_deltas_match_applying_each_step(seed, replanning):
    model, state = _state(variant(seed), replanning=replanning)
    movable = model.present & (model.host_table < 0)[None, :]
    for r in range(model.r):
        ps = qs = np.flatnonzero(movable[r])
        if not len(ps):
            continue
        move, swap = round_deltas(state, r, ps, qs)
        for i, p in enumerate(ps.tolist()):
            t = int(state.tab[r, p])
            for table in range(model.t):
                if table == t or state.size[r, table] >= model.seats[table]:
                    continue
                before = state.objective()
                _apply(state, r, p, table)
                assert state.objective() - before == move[i, table]
                _apply(state, r, p, t)
            for j, q in enumerate(qs.tolist()):
                tq = int(state.tab[r, q])
                if tq == t:
                    continue
                before = state.objective()
                _apply(state, r, p, tq, q)
                assert state.objective() - before == swap[i, j]
                _apply(state, r, p, t, q)


def test_repeat_swaps_match_repeat_change():
    model, state = _state(golfer(12, 4, 5), seed=3)
    movable = model.present.copy()
    deltas, busy = repeat_swaps(state, movable)
    assert busy.tolist() == conflicted(state, movable).tolist()
    checked = 0
    for r, p, q in np.argwhere(np.isfinite(deltas)).tolist():
        before = state.rep
        _apply(state, r, p, int(state.tab[r, q]), q)
        assert state.rep - before == deltas[r, p, q]
        _apply(state, r, p, int(state.tab[r, q]), q)
        checked += 1
    assert checked > 0


def test_conflicted_marks_people_sitting_again_with_someone_met_before():
    data = golfer(4, 2, 2)
    model = Model(load_instance(data))
    # Round 0: P1 P2 | P3 P4. Round 1: P1 P2 | P3 P4 again: everyone meets again.
    tab = np.array([[0, 0, 1, 1], [0, 0, 1, 1]])
    state = State(model, tab)

    mask = conflicted(state, model.present)

    assert mask.tolist() == [[True] * 4, [True] * 4]


def test_conflicted_empty_when_nobody_meets_twice():
    model = Model(load_instance(golfer(4, 2, 2)))
    state = State(model, np.array([[0, 0, 1, 1], [0, 1, 0, 1]]))

    assert conflicted(state, model.present).any() == False  # noqa: E712


def test_mix_change_never_below_zero_per_round():
    # Two tables, one central and one frontline person: the allowance (1 + 1 = 2) exceeds
    # the one unmixed table when they sit together, so one more unmixed table costs nothing.
    data = {
        "format": "joinedup-cafe-instance/1",
        "name": "mix",
        "rounds": 1,
        "revisits_allowed": True,
        "tables": [
            {"id": "T1", "case_study": "C1", "hosts": [], "seats": 2},
            {"id": "T2", "case_study": "C2", "hosts": [], "seats": 2},
        ],
        "participants": [
            {"id": "A", "organisation": "O1", "sector": "s1", "tier": "central", "wants": []},
            {"id": "B", "organisation": "O2", "sector": "s2", "tier": "frontline", "wants": []},
        ],
    }
    model = Model(load_instance(data))
    state = State(model, np.array([[0, 0]]))

    assert state.measures().missing_mix == 0
    assert state.mix_change(0, np.array([-1, 0, 1])).tolist() == [0, 0, 0]
