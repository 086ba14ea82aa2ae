"""Hand-checked cases for every hard rule and every soft measure of FORMAT.md."""

import pytest

from joinedup.cafe.instance import Infeasible, check_feasible, load_instance
from joinedup.cafe.scoring import Score, lower_bound, score_plan


def person(pid, org, sector, tier, wants=(), present=None):
    data = {"id": pid, "organisation": org, "sector": sector, "tier": tier, "wants": list(wants)}
    if present is not None:
        data["present"] = list(present)
    return data


def table(tid, case_study, hosts, seats):
    return {"id": tid, "case_study": case_study, "hosts": list(hosts), "seats": seats}


def instance(tables, people, *, rounds=2, revisits_allowed=False):
    return load_instance(
        {
            "format": "joinedup-cafe-instance/1",
            "name": "test",
            "rounds": rounds,
            "revisits_allowed": revisits_allowed,
            "tables": tables,
            "participants": people,
        }
    )


def plan(assignments):
    return {"format": "joinedup-cafe-plan/1", "instance": "test", "assignments": assignments}


# Two tables of three seats, two rounds. h1 hosts T1 (case study A), h2 hosts T2 (B).
SMALL = instance(
    [table("T1", "A", ["h1"], 3), table("T2", "B", ["h2"], 3)],
    [
        person("h1", "O1", "housing", "frontline"),
        person("h2", "O2", "police", "central"),
        person("a", "O1", "housing", "central", wants=["B", "A"]),
        person("b", "O3", "police", "frontline", wants=["A"]),
        person("c", "O2", "schools", "frontline", wants=["A", "B", "Z"]),
    ],
)
# Round 0: T1 = h1 a b, T2 = h2 c.  Round 1: T1 = h1 c, T2 = h2 a b.
SMALL_PLAN = plan(
    {
        "h1": ["T1", "T1"],
        "h2": ["T2", "T2"],
        "a": ["T1", "T2"],
        "b": ["T1", "T2"],
        "c": ["T2", "T1"],
    }
)


def test_score_plan_small_plan_every_measure():
    score = score_plan(SMALL, SMALL_PLAN)

    # repeat_pairs: a and b share T1 in round 0 and T2 in round 1: 2 - 1 = 1.
    # missing_mix: only round 1 T1 (h1, c: both frontline) is unmixed; the allowance is
    #   max(0, 2 tables - 2 central) + max(0, 2 - 3 frontline) = 0, so 1.
    # missed_wants: a (k=2) sees B and A, b (k=1) sees A, c (k=min(3, 2)=2) sees A and B: 0.
    # same_org_pairs: h1+a (O1) in round 0 at T1, h2+c (O2) in round 0 at T2: 2.
    # duplicate_sectors: round 0 T1 housing, housing, police: 3 - 2 = 1; round 1 T2
    #   police, housing, police: 3 - 2 = 1; the other two table-rounds 0: 2.
    # empty_seats_spread: round 0 seats 3 and 2: 1; round 1 2 and 3: 1; total 2.
    # score = 100*1 + 40*1 + 20*0 + 10*2 + 3*2 + 5*2 = 176.
    assert score == Score(
        repeat_pairs=1,
        missing_mix=1,
        missed_wants=0,
        same_org_pairs=2,
        duplicate_sectors=2,
        empty_seats_spread=2,
    )
    assert score.score == 176


def test_score_plan_missed_wants_counts_first_k_of_rounds_present():
    people = [
        person("h1", "O1", "housing", "frontline"),
        person("h2", "O2", "police", "central"),
        person("h3", "O4", "fire", "central"),
        # Present in one round only, so k = min(3, 1) = 1: only C counts, and C is missed.
        person("a", "O1", "housing", "central", wants=["C", "A", "B"], present=[1]),
        # Two rounds, k = 2: wants B and C, sees A and B, so C is missed.
        person("b", "O3", "police", "frontline", wants=["B", "C", "A"]),
        # An unknown case study is never visited: k = 1, missed 1.
        person("c", "O5", "schools", "frontline", wants=["Q"]),
    ]
    tables = [table("T1", "A", ["h1"], 3), table("T2", "B", ["h2"], 3), table("T3", "C", ["h3"], 3)]
    assignments = {
        "h1": ["T1", "T1"],
        "h2": ["T2", "T2"],
        "h3": ["T3", "T3"],
        "a": [None, "T1"],
        "b": ["T1", "T2"],
        "c": ["T2", "T3"],
    }

    score = score_plan(instance(tables, people), plan(assignments))

    # a misses C (1), b misses C (1), c misses Q (1): 3.
    assert score.missed_wants == 3


def test_score_plan_cohosts_left_out_of_repeat_and_same_org_pairs():
    tables = [table("T1", "A", ["h1", "h2"], 3)]
    people = [
        person("h1", "O1", "housing", "frontline"),
        person("h2", "O1", "police", "central"),
        person("x", "O1", "fire", "frontline"),
    ]
    assignments = {"h1": ["T1", "T1"], "h2": ["T1", "T1"], "x": ["T1", "T1"]}

    score = score_plan(instance(tables, people, revisits_allowed=True), plan(assignments))

    # h1-h2 are co-hosts: not counted. h1-x and h2-x each meet twice: repeat 1 + 1 = 2.
    # Same organisation pair-rounds: h1-x and h2-x in each of 2 rounds: 4.
    assert (score.repeat_pairs, score.same_org_pairs) == (2, 4)


def test_score_plan_missing_mix_subtracts_unavoidable_tables_per_round():
    tables = [table(f"T{i}", f"C{i}", [], 4) for i in range(3)]
    # Round 0: one central and one frontline. Round 1: three of each.
    people = [person("c0", "O1", "fire", "central"), person("f0", "O2", "police", "frontline")]
    people += [person(f"c{i}", "O1", "fire", "central", present=[1]) for i in (1, 2)]
    people += [person(f"f{i}", "O2", "police", "frontline", present=[1]) for i in (1, 2)]
    assignments = {
        "c0": ["T0", "T0"],
        "f0": ["T0", "T1"],
        "c1": [None, "T0"],
        "c2": [None, "T0"],
        "f1": [None, "T1"],
        "f2": [None, "T2"],
    }

    score = score_plan(instance(tables, people, revisits_allowed=True), plan(assignments))

    # Round 0: T1 and T2 are empty, so 2 unmixed; allowance (3-1) + (3-1) = 4; max(0, -2) = 0.
    # Round 1: T0 is all central, T1 and T2 all frontline: 3 unmixed; allowance 0; 3.
    # The slack of round 0 does not excuse round 1: missing_mix = 0 + 3 = 3.
    assert score.missing_mix == 3


def test_score_plan_missing_mix_allows_too_few_central_people():
    tables = [table(f"T{i}", f"C{i}", [], 3) for i in range(3)]
    people = [person("c", "O1", "fire", "central", present=[0])]
    people += [person(f"f{i}", "O2", "police", "frontline", present=[0]) for i in range(5)]
    assignments = {"c": ["T0"], "f0": ["T0"], "f1": ["T1"], "f2": ["T1"], "f3": ["T2"]}
    assignments["f4"] = ["T2"]

    score = score_plan(instance(tables, people, rounds=1), plan(assignments))

    # T1 and T2 have no central person: 2 unmixed, allowance max(0, 3 - 1) = 2: 0.
    assert score.missing_mix == 0


def test_score_plan_empty_seats_spread_counts_empty_tables():
    tables = [table(f"T{i}", f"C{i}", [], 4) for i in range(3)]
    people = [person(f"p{i}", f"O{i}", f"s{i}", "central", present=[0]) for i in range(4)]
    assignments = {"p0": ["T0"], "p1": ["T0"], "p2": ["T0"], "p3": ["T1"]}

    score = score_plan(instance(tables, people, rounds=1), plan(assignments))

    # Seated 3, 1, 0: spread 3 - 0 = 3. All central: 3 unmixed - allowance (0 + 3) = 0.
    assert (score.empty_seats_spread, score.missing_mix, score.duplicate_sectors) == (3, 0, 0)


def test_score_plan_revisit_allowed_when_instance_allows():
    tables = [table("T1", "A", [], 2), table("T2", "A", [], 2)]
    people = [person("p", "O1", "fire", "central"), person("q", "O2", "police", "frontline")]
    assignments = {"p": ["T1", "T2"], "q": ["T2", "T1"]}

    allowed = score_plan(instance(tables, people, revisits_allowed=True), plan(assignments))
    forbidden = score_plan(instance(tables, people), plan(assignments))

    assert allowed.valid
    assert forbidden.invalid == (
        "Rule 4: p visits case study A 2 times.",
        "Rule 4: q visits case study A 2 times.",
    )


def test_score_plan_rule_1_every_seat_accounted_for():
    broken = {
        "h1": ["T1", "T1"],
        "h2": ["T2", "T2"],
        "a": ["T1"],  # one entry for two rounds
        "b": ["T1", None],  # present in round 1 but not seated
        "c": ["T9", "T1"],  # no table T9
        "ghost": ["T1", "T2"],  # not a participant
    }

    score = score_plan(SMALL, plan(broken))

    assert score.score is None
    assert score.invalid == (
        "Rule 1: ghost is in the plan but not a participant.",
        "Rule 1: a must have exactly 2 entries.",
        "Rule 1: b is present in round 1 but has no table.",
        "Rule 1: c is seated at unknown table 'T9'.",
    )


def test_score_plan_rule_1_absent_person_must_not_be_seated():
    tables = [table("T1", "A", [], 2)]
    people = [person("p", "O1", "fire", "central", present=[0])]

    score = score_plan(instance(tables, people), plan({"p": ["T1", "T1"]}))

    assert score.invalid == ("Rule 1: p is absent in round 1 but is seated.",)


def test_score_plan_rule_2_host_stays_at_own_table():
    moved = {**SMALL_PLAN["assignments"], "h1": ["T1", "T2"], "c": ["T2", "T1"]}

    score = score_plan(SMALL, plan(moved))

    assert score.invalid[0] == "Rule 2: host h1 must sit at T1 in round 1, not T2."


def test_score_plan_rule_3_table_over_its_seats():
    crowded = {**SMALL_PLAN["assignments"], "c": ["T1", "T2"]}

    score = score_plan(SMALL, plan(crowded))

    # Round 0: h1, a, b and c at T1 (3 seats). Round 1: h2, a, b and c at T2.
    assert score.invalid == (
        "Rule 3: table T1 holds 4 people in round 0 but has 3 seats.",
        "Rule 3: table T2 holds 4 people in round 1 but has 3 seats.",
    )


def test_score_plan_rule_4_host_at_own_table_is_not_a_revisit():
    assert score_plan(SMALL, SMALL_PLAN).valid


def test_score_plan_rules_listed_in_rule_order():
    broken = {**SMALL_PLAN["assignments"], "h1": ["T2", "T1"], "b": ["T1", None]}
    broken["a"] = ["T2", "T2"]

    score = score_plan(SMALL, plan(broken))

    # b unseated (1), h1 away from T1 (2), T2 holds h2, c, h1, a in round 0 (3), a sees B
    # twice (4).
    assert [e[:6] for e in score.invalid] == ["Rule 1", "Rule 2", "Rule 3", "Rule 4"]


def test_score_plan_wrong_format_is_invalid():
    score = score_plan(SMALL, {**SMALL_PLAN, "format": "other/1"})

    assert score.invalid == ('Rule 1: the plan format must be "joinedup-cafe-plan/1".',)


def test_lower_bound_counts_wants_beyond_a_case_studys_seats():
    tables = [table("T1", "A", ["h1"], 2), table("T2", "B", ["h2"], 4)]
    people = [person("h1", "O1", "x", "central"), person("h2", "O2", "y", "frontline")]
    people += [person(f"p{i}", f"O{i + 3}", "z", "central", wants=["A"]) for i in range(4)]

    bound = lower_bound(instance(tables, people, revisits_allowed=True))

    # A has one free seat in each of 2 rounds, 4 people want it first: at least 2 miss it.
    assert bound.missed_wants == 2


def test_load_instance_names_every_problem():
    bad = {
        "format": "joinedup-cafe-instance/1",
        "rounds": 0,
        "tables": [{"id": "T1", "case_study": "A", "hosts": [], "seats": "five"}],
        "participants": [
            {"id": "p", "organisation": "O", "sector": "s", "tier": "middle", "wants": []},
            {"id": "p", "organisation": "O", "sector": "s", "tier": "central", "wants": []},
        ],
    }

    with pytest.raises(ValueError) as error:
        load_instance(bad)

    message = str(error.value)
    assert "rounds must be a whole number of at least 1, not 0" in message
    assert "tables[0].seats must be a whole number of at least 1, not 'five'" in message
    assert 'participants[0].tier must be "frontline" or "central", not \'middle\'' in message
    assert "participant id p appears more than once" in message


def test_load_instance_rejects_present_round_out_of_range():
    with pytest.raises(ValueError, match=r"participants\[0\]\.present must list distinct round"):
        instance([table("T1", "A", [], 2)], [person("p", "O", "s", "central", present=[2])])


def test_check_feasible_lists_every_reason():
    tables = [
        table("T1", "A", ["h1", "h2", "h3"], 2),
        table("T2", "B", ["h1", "nobody"], 2),
    ]
    people = [person(f"h{i}", "O", "s", "central") for i in (1, 2, 3)]
    people += [person(f"p{i}", "O", "s", "frontline") for i in range(3)]

    with pytest.raises(Infeasible) as error:
        check_feasible(instance(tables, people, rounds=3))

    assert error.value.reasons == [
        "h1 hosts 2 tables (T1, T2) but can sit at only one at a time.",
        "Table T2 lists host nobody, who is not a participant.",
        "Table T1 has 3 hosts present in round 0 but only 2 seats.",
        "Table T1 has 3 hosts present in round 1 but only 2 seats.",
        "Table T1 has 3 hosts present in round 2 but only 2 seats.",
        "Round 0 has 6 people present but only 4 seats.",
        "Round 1 has 6 people present but only 4 seats.",
        "Round 2 has 6 people present but only 4 seats.",
        "p0 is present in 3 rounds but can see only 1 different case study with a free seat, "
        "and revisits are not allowed.",
        "p1 is present in 3 rounds but can see only 1 different case study with a free seat, "
        "and revisits are not allowed.",
        "p2 is present in 3 rounds but can see only 1 different case study with a free seat, "
        "and revisits are not allowed.",
        # T1 has no free seat at all, so the three rotators need their 6 visits elsewhere.
        "Case studies A have 0 free seats over the day, but without revisits people need at "
        "least 6 visits to them.",
    ]


def test_check_feasible_case_study_capacity_across_the_day():
    # Ten people in both rounds must each see A and B once, but B seats two a round.
    tables = [table("TA", "A", [], 10), table("TB", "B", [], 2)]
    people = [person(f"p{i}", "O", "s", "central") for i in range(10)]

    with pytest.raises(Infeasible) as error:
        check_feasible(instance(tables, people))

    assert error.value.reasons == [
        "Case studies B have 4 free seats over the day, but without revisits people need at "
        "least 10 visits to them."
    ]


def test_check_feasible_passes_small_instance():
    assert check_feasible(SMALL) is None
