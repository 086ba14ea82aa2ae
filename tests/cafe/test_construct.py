"""The affine construction: zero repeats where it applies, and None where it does not."""

from itertools import combinations

import numpy as np

from joinedup.cafe.construct import _field, affine_start
from joinedup.cafe.generate import golfer, golfer_variant, shape
from joinedup.cafe.instance import load_instance
from joinedup.cafe.instance_arrays import Model
from joinedup.cafe.scoring import score_plan


def _meetings(tab):
    counts = {}
    for row in tab:
        for a, b in combinations(range(len(row)), 2):
            if row[a] >= 0 and row[a] == row[b]:
                counts[a, b] = counts.get((a, b), 0) + 1
    return counts


def test_affine_start_golfer_32_8_9_no_repeats_and_full_tables():
    inst = load_instance(shape("golfer-32-8-9"))
    model = Model(inst)

    tab = affine_start(model)
    score = score_plan(inst, {"assignments": model.assignments(tab)})

    assert score.valid
    assert score.repeat_pairs == 0
    assert score.empty_seats_spread == 0
    assert max(_meetings(tab).values()) == 1


def test_affine_start_prime_tables_seven_rounds_one_extra():
    # 5 tables of 5 (s divides q): 5 field rounds and one more, 6 in all, no repeats.
    inst = load_instance(golfer(25, 5, 6))
    model = Model(inst)

    tab = affine_start(model)

    assert max(_meetings(tab).values()) == 1


def test_affine_start_leaves_rounds_beyond_its_reach_empty():
    tab = affine_start(Model(load_instance(shape("golfer-32-8-10"))))

    assert (tab[:9] >= 0).all()
    assert (tab[9] == -1).all()
    assert max(_meetings(tab[:9]).values()) == 1


def test_affine_start_none_for_unfit_tables_or_with_hosts():
    assert affine_start(Model(load_instance(golfer(15, 5, 3)))) is not None
    assert affine_start(Model(load_instance(golfer(36, 6, 3)))) is None  # 6 is no field size
    assert affine_start(Model(load_instance(golfer_variant("golfer-32-8-9", 1)))) is None


def test_field_of_8_every_nonzero_element_has_an_inverse():
    add, mul = _field(8)
    products = np.array([[mul(a, b) for b in range(1, 8)] for a in range(1, 8)])

    assert all(sorted(row) == list(range(1, 8)) for row in products.tolist())
    assert [add(a, a) for a in range(8)] == [0] * 8
