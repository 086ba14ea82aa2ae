"""The default planner on generated instances: Kirkman's schoolgirls, and valid plans always."""

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.cafe.generate import shape, variant
from joinedup.cafe.instance import load_instance
from joinedup.cafe.planner import plan_tables

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STEPS = 300  # search steps: the same plan on any machine, whatever the load


def test_plan_tables_kirkman_15_5_7_no_repeat_pairs():
    inst = load_instance(shape("kirkman-15-5-7"))

    plan = plan_tables(inst, seconds=600, seed=0, max_iterations=5000)

    assert plan.score.valid
    assert plan.score.measures() == {
        "repeat_pairs": 0,
        "missing_mix": 0,
        "missed_wants": 0,
        "same_org_pairs": 0,
        "duplicate_sectors": 0,
        "empty_seats_spread": 0,
    }


def _check_hard_rules(inst, assignments):
    """Check rules 1-3 by hand: seated once when present, hosts at home, tables not over."""
    seats = {t.id: t.seats for t in inst.tables}
    home = {h: t.id for t in inst.tables for h in t.hosts}
    assert sorted(assignments) == sorted(p.id for p in inst.participants)
    for person in inst.participants:
        row = assignments[person.id]
        assert len(row) == inst.rounds
        for r, table in enumerate(row):
            assert (table is not None) == (r in person.present)
            assert table is None or table in seats
            if table is not None and person.id in home:
                assert table == home[person.id]
    for r in range(inst.rounds):
        seated = Counter(row[r] for row in assignments.values() if row[r] is not None)
        assert all(seated[t] <= seats[t] for t in seated)


@SETTINGS
@given(seed=st.integers(0, 10**6), plan_seed=st.integers(0, 3))
def test_plan_tables_generated_instance_valid_and_no_worse_than_greedy_start(seed, plan_seed):
    inst = load_instance(variant(seed))

    start = plan_tables(inst, seconds=600, seed=plan_seed, max_iterations=0)
    plan = plan_tables(inst, seconds=600, seed=plan_seed, max_iterations=STEPS)

    _check_hard_rules(inst, plan.assignments)
    assert plan.score.valid
    assert plan.score.score <= start.score.score


def test_plan_tables_one_table_repeats_that_no_step_can_remove():
    data = shape("kirkman-15-5-7")
    data["tables"] = [{"id": "T01", "case_study": "CS01", "hosts": [], "seats": 2}]
    data["participants"] = data["participants"][:2]
    data["rounds"] = 3
    inst = load_instance(data)

    plan = plan_tables(inst, seconds=600, max_iterations=50)

    assert plan.assignments == {"P001": ["T01"] * 3, "P002": ["T01"] * 3}
    assert plan.score.repeat_pairs == 2
