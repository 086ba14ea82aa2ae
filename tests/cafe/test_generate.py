"""Generated café instances: golfer shapes as stated; variants deterministic and feasible."""

from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.cafe.generate import SHAPES, golfer_variant, shape, variant
from joinedup.cafe.instance import feasibility_problems, load_instance


def test_shape_kirkman_is_15_people_at_5_tables_of_3_for_7_rounds():
    inst = load_instance(shape("kirkman-15-5-7"))

    assert (len(inst.participants), len(inst.tables), inst.rounds) == (15, 5, 7)
    assert {t.seats for t in inst.tables} == {3}
    assert [t.hosts for t in inst.tables] == [()] * 5
    assert inst.revisits_allowed is True
    assert {p.present for p in inst.participants} == {tuple(range(7))}


def test_shape_golfer_people_all_different_apart_from_tier():
    inst = load_instance(shape("golfer-32-8-10"))

    assert (len(inst.participants), len(inst.tables), inst.rounds) == (32, 8, 10)
    assert len({p.organisation for p in inst.participants}) == 32
    assert len({p.sector for p in inst.participants}) == 32
    assert {p.tier for p in inst.participants} == {"frontline"}


def test_variant_same_seed_same_instance():
    assert variant(7) == variant(7)
    assert variant(7) != variant(8)


def test_golfer_variant_keeps_the_shape_and_adds_hosts_wants_and_absences():
    data = golfer_variant("golfer-32-8-9", seed=1)
    inst = load_instance(data)

    assert (len(inst.participants), len(inst.tables), inst.rounds) == (32, 8, 9)
    assert any(t.hosts for t in inst.tables)
    assert any(p.wants for p in inst.participants)
    assert any(len(p.present) < 9 for p in inst.participants)
    assert feasibility_problems(inst) == []


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_variant_passes_the_feasibility_checks(seed):
    inst = load_instance(variant(seed))

    assert feasibility_problems(inst) == []


def test_shapes_lists_the_three_known_designs():
    assert SHAPES == {
        "kirkman-15-5-7": (15, 5, 7),
        "golfer-32-8-9": (32, 8, 9),
        "golfer-32-8-10": (32, 8, 10),
    }
