"""The planner: construction, validity on random instances, determinism and re-planning."""

import json
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.cafe.instance import Infeasible, load_instance
from joinedup.cafe.instance_arrays import Model
from joinedup.cafe.planner import plan_tables, prime_start, replan
from joinedup.cafe.scoring import measure_assignments, score_plan
from joinedup.cafe.tabu_search import Search, State

INSTANCES = Path(
    os.environ.get(
        "JOINEDUP_CAFE_INSTANCES",
        Path(__file__).resolve().parents[1] / "data" / "cafe" / "instances",
    )
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STEPS = 2000  # search steps for property tests: the same plan on any machine


def instance_dict(tables, people, *, rounds, revisits_allowed=False, name="test"):
    return {
        "format": "joinedup-cafe-instance/1",
        "name": name,
        "rounds": rounds,
        "revisits_allowed": revisits_allowed,
        "tables": tables,
        "participants": people,
    }


@st.composite
def feasible_instances(draw):
    """Draw a small instance together with proof that a valid plan exists (a random walk)."""
    rounds = draw(st.integers(1, 4))
    n_tables = draw(st.integers(1, 5))
    revisits = draw(st.booleans())
    rnd = draw(st.randoms(use_true_random=False))
    tables, people, hosts = [], [], []
    free = [[0] * n_tables for _ in range(rounds)]
    for t in range(n_tables):
        seats = draw(st.integers(1, 4))
        n_hosts = draw(st.integers(0, min(2, seats)))
        ids = [f"H{t}{k}" for k in range(n_hosts)]
        hosts += ids
        tables.append(
            {
                "id": f"T{t}",
                "case_study": f"C{rnd.randrange(n_tables)}",
                "hosts": ids,
                "seats": seats,
            }
        )
        for r in range(rounds):
            free[r][t] = seats - n_hosts
    for h in hosts:
        present = [r for r in range(rounds) if rnd.random() < 0.8]
        people.append(_person(rnd, h, present))
    for i in range(draw(st.integers(0, 14))):
        seen, present = set(), []
        for r in range(rounds):
            open_ = [
                t
                for t in range(n_tables)
                if free[r][t] > 0 and (revisits or tables[t]["case_study"] not in seen)
            ]
            if open_ and rnd.random() < 0.9:
                t = rnd.choice(open_)
                free[r][t] -= 1
                seen.add(tables[t]["case_study"])
                present.append(r)
        people.append(_person(rnd, f"P{i}", present))
    return load_instance(instance_dict(tables, people, rounds=rounds, revisits_allowed=revisits))


def _person(rnd, pid, present):
    return {
        "id": pid,
        "organisation": f"O{rnd.randrange(3)}",
        "sector": f"S{rnd.randrange(4)}",
        "tier": rnd.choice(["frontline", "central"]),
        "wants": [f"C{c}" for c in rnd.sample(range(5), rnd.randrange(3))],
        "present": present,
    }


def prime_instance(*, p=5, seats=4, rounds=4):
    tables = [
        {"id": f"T{t}", "case_study": f"C{t}", "hosts": [f"H{t}"], "seats": seats} for t in range(p)
    ]
    people = [
        {"id": f"H{t}", "organisation": "O1", "sector": "S1", "tier": "central", "wants": []}
        for t in range(p)
    ]
    people += [
        {
            "id": f"P{i:02d}",
            "organisation": f"O{i % 3}",
            "sector": f"S{i % 4}",
            "tier": "central" if i % 3 == 0 else "frontline",
            "wants": [],
        }
        for i in range(p * (seats - 1))
    ]
    return load_instance(instance_dict(tables, people, rounds=rounds))


def load_named(name):
    return load_instance(json.loads((INSTANCES / f"{name}.json").read_text()))


def test_prime_start_has_no_repeat_pairs():
    inst = prime_instance(p=7, seats=5, rounds=7)
    model = Model(inst)

    tab = prime_start(model)

    score = score_plan(inst, {"assignments": model.assignments(tab)})
    assert score.valid
    assert score.repeat_pairs == 0


def test_prime_start_none_when_tables_not_prime():
    assert prime_start(Model(prime_instance(p=4, seats=3, rounds=3))) is None


def test_plan_tables_prime_instance_no_worse_than_construction():
    inst = prime_instance()
    model = Model(inst)
    construction = score_plan(inst, {"assignments": model.assignments(prime_start(model))})

    plan = plan_tables(inst, seconds=30, max_iterations=500)

    assert plan.score.repeat_pairs == 0
    assert plan.score.score <= construction.score


@SETTINGS
@given(feasible_instances(), st.integers(0, 3))
def test_plan_tables_random_feasible_instance_valid(inst, seed):
    plan = plan_tables(inst, seconds=60, seed=seed, max_iterations=STEPS)

    assert score_plan(inst, plan.to_dict()).invalid == ()
    assert plan.score == score_plan(inst, plan.to_dict())


@SETTINGS
@given(feasible_instances(), st.integers(1, 3))
def test_plan_tables_too_many_people_infeasible_with_reason(inst, extra):
    data = {
        "format": "joinedup-cafe-instance/1",
        "name": "crowded",
        "rounds": inst.rounds,
        "revisits_allowed": inst.revisits_allowed,
        "tables": [
            {"id": t.id, "case_study": t.case_study, "hosts": list(t.hosts), "seats": t.seats}
            for t in inst.tables
        ],
        "participants": [
            {
                "id": f"X{i}",
                "organisation": "O",
                "sector": "S",
                "tier": "central",
                "wants": [],
                "present": [0],
            }
            for i in range(sum(t.seats for t in inst.tables) + extra)
        ],
    }

    with pytest.raises(Infeasible) as error:
        plan_tables(load_instance(data), seconds=60, max_iterations=STEPS)

    assert any(reason.startswith("Round 0 has ") for reason in error.value.reasons)


@SETTINGS
@given(feasible_instances())
def test_plan_tables_more_rounds_than_case_studies_infeasible(inst):
    data = instance_dict(
        [{"id": "T1", "case_study": "A", "hosts": [], "seats": 3}],
        [{"id": "p", "organisation": "O", "sector": "S", "tier": "central", "wants": []}],
        rounds=inst.rounds + 1,
    )

    with pytest.raises(Infeasible) as error:
        plan_tables(load_instance(data), seconds=60, max_iterations=STEPS)

    assert error.value.reasons[0].startswith(f"p is present in {inst.rounds + 1} rounds")


@SETTINGS
@given(feasible_instances(), st.integers(0, 100))
def test_plan_tables_same_seed_same_plan(inst, seed):
    first = plan_tables(inst, seconds=60, seed=seed, max_iterations=300)
    second = plan_tables(inst, seconds=60, seed=seed, max_iterations=300)

    assert first.assignments == second.assignments


def as_data(inst, *, absent=(None, None)):
    """Return the instance as a FORMAT.md dict, with person absent[0] away in round absent[1]."""
    pid, r = absent
    return instance_dict(
        [
            {"id": t.id, "case_study": t.case_study, "hosts": list(t.hosts), "seats": t.seats}
            for t in inst.tables
        ],
        [
            {
                "id": p.id,
                "organisation": p.organisation,
                "sector": p.sector,
                "tier": p.tier,
                "wants": list(p.wants),
                "present": [x for x in p.present if not (p.id == pid and x == r)],
            }
            for p in inst.participants
        ],
        rounds=inst.rounds,
        revisits_allowed=inst.revisits_allowed,
    )


@SETTINGS
@given(feasible_instances(), st.data())
def test_replan_no_show_keeps_kept_rounds(inst, data):
    old = plan_tables(inst, seconds=60, max_iterations=300)
    present = [(p.id, r) for p in inst.participants for r in p.present]
    if not present:
        return
    pid, r = data.draw(st.sampled_from(present))
    keep = {x for x in range(inst.rounds) if data.draw(st.booleans())}
    changed = load_instance(as_data(inst, absent=(pid, r)))

    result = replan(changed, old, keep_rounds=keep, seconds=60, max_iterations=300)

    new = result.plan.assignments
    assert result.plan.score.valid
    assert new[pid][r] is None
    for person in changed.participants:
        for x in keep & set(person.present):
            assert new[person.id][x] == old.assignments[person.id][x]
    expected = sum(new[p] != old.assignments[p] for p in new)
    assert result.itineraries_changed == expected >= 1


def test_replan_walk_in_gets_a_seat_and_kept_round_stays():
    inst = prime_instance(p=5, seats=4, rounds=3)
    old = plan_tables(inst, seconds=30, max_iterations=300)
    data = as_data(inst)
    for table in data["tables"]:
        table["seats"] = 5
    walk_in = {"id": "W", "organisation": "O9", "sector": "S9", "tier": "central", "wants": []}
    data["participants"].append({**walk_in, "present": [1, 2]})

    result = replan(load_instance(data), old, keep_rounds={0}, seconds=30, max_iterations=300)

    new = result.plan.assignments
    assert all(new[p][0] == old.assignments[p][0] for p in old.assignments)
    assert new["W"][0] is None
    assert None not in new["W"][1:]
    assert result.plan.score.valid


@pytest.mark.parametrize("replanning", [False, True])
def test_search_step_deltas_match_full_rescoring(replanning):
    inst = load_named("region-300")
    model = Model(inst)
    plan = plan_tables(inst, seconds=30, max_iterations=50)
    old = None
    if replanning:  # moved seats then cost a point each
        old = model.tab_from(plan_tables(inst, seconds=30, seed=1, max_iterations=0).assignments)
    state = State(model, model.tab_from(plan.assignments), old=old)
    search = Search(state, model.present & (model.host_table < 0)[None, :], seed=1)
    rng = np.random.default_rng(2)

    for _ in range(100):
        r, p = search.pick()
        deltas, partners, targets = search.candidates(r, p)
        j = int(rng.integers(len(deltas)))
        before, t = state.objective(), int(state.tab[r, p])
        state.remove(r, p)
        state.add(r, p, int(targets[j]))
        if partners[j] >= 0:
            state.remove(r, int(partners[j]))
            state.add(r, int(partners[j]), t)
        assert state.objective() - before == deltas[j]

    rebuilt = State(model, state.tab.copy(), old=old)
    assert rebuilt.objective() == state.objective()
    assert measure_assignments(inst, model.assignments(state.tab)) == state.measures()


def test_plan_tables_ilford_60_no_repeats_and_full_mix():
    inst = load_named("ilford-60")

    plan = plan_tables(inst)

    assert (plan.score.repeat_pairs, plan.score.missing_mix) == (0, 0)
