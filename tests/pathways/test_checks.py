"""Alignment checks: each kind found where planted, and nothing else."""

from hypothesis import given, settings

from joinedup.pathways.checks import KINDS, Finding, check_kit, report
from joinedup.pathways.kit import parse_kit
from tests.pathways.kitdata import kit, load, service, step
from tests.pathways.test_kit import kits


def found(data) -> list[tuple]:
    """Return (kind, need, step, service, level) of each finding of the kit data, in order."""
    return [(f.kind, f.need, f.step, f.service, f.level) for f in check_kit(parse_kit(data))]


def test_check_kit_good_kit_has_no_findings():
    assert report(check_kit(parse_kit(load("good")))) == {"findings": [], "counts": {}}


def test_check_kit_planted_kit_finds_each_kind_once_and_nothing_else():
    assert found(load("planted")) == [
        ("bounce", "homelessness", "hl-2", "rough-sleeping-team", None),
        ("escalation_bounce", "mental-health", "mh-2", "community-mh-team", None),
        ("dead_end", "substance-misuse", "sm-2", None, None),
        ("inactive_service", "youth-offending", "yo-3", "old-yot-panel", None),
        ("no_escalation", "exploitation", "ex-3", None, None),
        ("escalation_cycle", "adult-safeguarding", None, None, None),
        ("level_gap", "child-at-risk", None, None, 3),
        ("no_response_target", "domestic-abuse", "da-3", None, None),
        ("slower_when_worse", "purposeful-activity", "pa-2", None, None),
    ]


def test_report_planted_kit_counts_every_kind_once():
    counts = report(check_kit(parse_kit(load("planted"))))["counts"]

    assert counts == dict.fromkeys(KINDS, 1)
    assert list(counts) == list(KINDS)


def test_report_finding_has_the_contract_keys_and_a_plain_message():
    first = report(check_kit(parse_kit(load("planted"))))["findings"][0]

    assert first == {
        "kind": "bounce",
        "need": "homelessness",
        "step": "hl-2",
        "service": "rough-sleeping-team",
        "level": None,
        "message": "Step hl-2 sends people at level 2 to Rough Sleeping Team, "
        "but Rough Sleeping Team takes homelessness only at level 3.",
    }


# bounce: step × service


def test_bounce_each_service_not_accepting_gives_its_own_finding():
    services = [
        service("a", accepts={"dv": [3]}),
        service("b", accepts={"other": [2]}),
        service("c", accepts={"dv": [1, 2]}),
        service("up", accepts={"dv": [3]}),
    ]
    data = kit(services, ("dv", [step("s", 2, ["a", "b", "c"], escalate_to="up")]))

    assert found(data) == [("bounce", "dv", "s", "a", None), ("bounce", "dv", "s", "b", None)]


def test_bounce_service_with_no_accepts_says_no_level():
    data = kit([service("a", accepts={})], ("dv", [step("s", 1, ["a"])]))

    assert [f.message for f in check_kit(parse_kit(data))] == [
        "Step s sends people at level 1 to A, but A takes dv only at no level."
    ]


def test_bounce_same_service_in_two_steps_gives_two_findings():
    data = kit(
        [service("a", accepts={"dv": [1]}), service("up", accepts={"dv": [2, 3]})],
        ("dv", [step("s1", 2, ["a"], escalate_to="up"), step("s2", 3, ["a"], escalate_to="up")]),
    )

    assert found(data) == [("bounce", "dv", "s1", "a", None), ("bounce", "dv", "s2", "a", None)]


# escalation_bounce: step


def test_escalation_bounce_target_accepting_at_the_step_level_is_fine():
    data = kit(
        [service("a", accepts={"dv": [2]}), service("b", accepts={"dv": [2]})],
        ("dv", [step("s", 2, ["a"], escalate_to="b")]),
    )

    assert found(data) == []


def test_escalation_bounce_target_accepting_only_above_is_fine():
    data = kit(
        [service("a", accepts={"dv": [2]}), service("b", accepts={"dv": [4]})],
        ("dv", [step("s", 2, ["a"], escalate_to="b")]),
    )

    assert found(data) == []


def test_escalation_bounce_target_accepting_only_below_is_found():
    data = kit(
        [service("a", accepts={"dv": [3]}), service("b", accepts={"dv": [1, 2]})],
        ("dv", [step("s", 3, ["a"], escalate_to="b")]),
    )

    assert found(data) == [("escalation_bounce", "dv", "s", "b", None)]


def test_escalation_bounce_target_accepting_another_need_only_is_found():
    data = kit(
        [service("a", accepts={"dv": [2]}), service("b", accepts={"child": [2, 3, 4]})],
        ("dv", [step("s", 2, ["a"], escalate_to="b")]),
    )

    assert found(data) == [("escalation_bounce", "dv", "s", "b", None)]


def test_escalation_bounce_inactive_target_that_accepts_gives_no_finding():
    data = kit(
        [
            service("a", accepts={"dv": [2]}),
            service("b", accepts={"dv": [3]}, status="inactive", reachable=False),
        ],
        ("dv", [step("s", 2, ["a"], escalate_to="b")]),
    )

    assert found(data) == []


# dead_end: step


def test_dead_end_step_naming_no_service_is_found():
    data = kit([service("up", accepts={"dv": [2]})], ("dv", [step("s", 2, [], escalate_to="up")]))

    assert found(data) == [("dead_end", "dv", "s", None, None)]
    assert (
        check_kit(parse_kit(data))[0].message
        == "Step s names no service, so nobody can take the person on."
    )


def test_dead_end_active_but_unreachable_service_is_found():
    data = kit([service("a", accepts={"dv": [1]}, reachable=False)], ("dv", [step("s", 1, ["a"])]))

    assert found(data) == [("dead_end", "dv", "s", None, None)]


def test_dead_end_inactive_reachable_service_is_dead_end_and_inactive():
    data = kit(
        [service("a", accepts={"dv": [1]}, status="inactive")], ("dv", [step("s", 1, ["a"])])
    )

    assert found(data) == [
        ("dead_end", "dv", "s", None, None),
        ("inactive_service", "dv", "s", "a", None),
    ]


def test_dead_end_one_active_reachable_service_among_unreachable_ones_is_fine():
    services = [
        service("a", accepts={"dv": [1]}, reachable=False),
        service("b", accepts={"dv": [1]}),
    ]
    data = kit(services, ("dv", [step("s", 1, ["a", "b"])]))

    assert found(data) == []


def test_dead_end_active_unreachable_plus_inactive_reachable_is_dead_end():
    services = [
        service("a", accepts={"dv": [1]}, reachable=False),
        service("b", accepts={"dv": [1]}, status="inactive"),
    ]
    data = kit(services, ("dv", [step("s", 1, ["a", "b"])]))

    assert found(data) == [
        ("dead_end", "dv", "s", None, None),
        ("inactive_service", "dv", "s", "b", None),
    ]


# inactive_service: step × service


def test_inactive_service_each_inactive_service_gives_a_finding_even_beside_a_good_one():
    services = [
        service("x", accepts={"dv": [1]}, status="inactive"),
        service("ok", accepts={"dv": [1]}),
        service("y", accepts={"dv": [1]}, status="inactive", reachable=False),
    ]
    data = kit(services, ("dv", [step("s", 1, ["x", "ok", "y"])]))

    assert found(data) == [
        ("inactive_service", "dv", "s", "x", None),
        ("inactive_service", "dv", "s", "y", None),
    ]


# no_escalation: step at level 2 or above


def test_no_escalation_level_one_step_needs_none():
    data = kit([service("a", accepts={"dv": [1]})], ("dv", [step("s", 1, ["a"])]))

    assert found(data) == []


def test_no_escalation_level_two_step_without_one_is_found():
    data = kit([service("a", accepts={"dv": [2]})], ("dv", [step("s", 2, ["a"])]))

    assert found(data) == [("no_escalation", "dv", "s", None, None)]


def test_no_escalation_absent_field_counts_like_null():
    entry = step("s", 4, ["a"])
    del entry["escalate_to"]
    data = kit([service("a", accepts={"dv": [4]})], ("dv", [entry]))

    assert found(data) == [("no_escalation", "dv", "s", None, None)]


# escalation_cycle: one per pathway with at least one cycle


def test_escalation_cycle_escalating_to_own_service_is_a_cycle():
    data = kit([service("a", accepts={"dv": [2]})], ("dv", [step("s", 2, ["a"], escalate_to="a")]))

    assert found(data) == [("escalation_cycle", "dv", None, None, None)]
    assert (
        check_kit(parse_kit(data))[0].message
        == "Escalation in the dv pathway goes round in a circle: A → A."
    )


def test_escalation_cycle_escalating_to_another_service_of_the_same_step_is_a_cycle():
    services = [service("a", accepts={"dv": [2]}), service("b", accepts={"dv": [2]})]
    data = kit(services, ("dv", [step("s", 2, ["a", "b"], escalate_to="b")]))

    assert found(data) == [("escalation_cycle", "dv", None, None, None)]


def test_escalation_cycle_three_services_round_is_one_finding():
    services = [service(s, accepts={"dv": [2, 3, 4]}) for s in ("a", "b", "c")]
    steps = [
        step("s2", 2, ["a"], escalate_to="b"),
        step("s3", 3, ["b"], escalate_to="c"),
        step("s4", 4, ["c"], escalate_to="a"),
    ]

    assert found(kit(services, ("dv", steps))) == [("escalation_cycle", "dv", None, None, None)]


def test_escalation_cycle_two_cycles_in_one_pathway_is_one_finding():
    services = [service(s, accepts={"dv": [2]}) for s in ("a", "b", "c", "d")]
    steps = [
        step("s1", 2, ["a"], escalate_to="b"),
        step("s2", 2, ["b"], escalate_to="a"),
        step("s3", 2, ["c"], escalate_to="d"),
        step("s4", 2, ["d"], escalate_to="c"),
    ]

    assert found(kit(services, ("dv", steps))) == [("escalation_cycle", "dv", None, None, None)]


def test_escalation_cycle_chain_without_return_is_fine():
    services = [service(s, accepts={"dv": [2, 3, 4]}) for s in ("a", "b", "c", "d")]
    steps = [
        step("s2", 2, ["a", "b"], escalate_to="c"),
        step("s3", 3, ["c"], escalate_to="d"),
        step("s4", 4, ["a"], escalate_to="d"),
    ]

    assert found(kit(services, ("dv", steps))) == []


def test_escalation_cycle_edges_do_not_cross_pathways():
    services = [service(s, accepts={"dv": [2], "hl": [2]}) for s in ("a", "b")]
    data = kit(
        services,
        ("dv", [step("s", 2, ["a"], escalate_to="b")]),
        ("hl", [step("t", 2, ["b"], escalate_to="a")]),
    )

    assert found(data) == []


def test_escalation_cycle_in_each_of_two_pathways_gives_one_each():
    services = [service(s, accepts={"dv": [2], "hl": [2]}) for s in ("a", "b")]
    data = kit(
        services,
        ("dv", [step("s", 2, ["a"], escalate_to="a")]),
        ("hl", [step("t", 2, ["b"], escalate_to="b")]),
    )

    assert found(data) == [
        ("escalation_cycle", "dv", None, None, None),
        ("escalation_cycle", "hl", None, None, None),
    ]


# level_gap: pathway × missing level


def test_level_gap_each_missing_level_between_gives_a_finding_lowest_first():
    services = [service("a", accepts={"dv": [1, 4]}), service("up", accepts={"dv": [4]})]
    data = kit(
        services, ("dv", [step("s4", 4, ["a"], escalate_to="up", hours=4), step("s1", 1, ["a"])])
    )

    assert found(data) == [("level_gap", "dv", None, None, 2), ("level_gap", "dv", None, None, 3)]


def test_level_gap_levels_below_the_lowest_and_above_the_highest_step_are_not_gaps():
    services = [service("a", accepts={"dv": [2, 3]}), service("up", accepts={"dv": [3, 4]})]
    steps = [step("s2", 2, ["a"], escalate_to="up"), step("s3", 3, ["a"], escalate_to="up")]

    assert found(kit(services, ("dv", steps))) == []


def test_level_gap_several_steps_at_one_level_are_no_gap():
    services = [service("a", accepts={"dv": [3]}), service("up", accepts={"dv": [3]})]
    steps = [step("s1", 3, ["a"], escalate_to="up"), step("s2", 3, ["a"], escalate_to="up")]

    assert found(kit(services, ("dv", steps))) == []


def test_level_gap_counts_only_levels_the_kit_has():
    levels = [{"level": n, "name": f"L{n}", "description": ""} for n in (1, 2, 5, 6)]
    services = [service("a", accepts={"dv": [1, 6]}), service("up", accepts={"dv": [6]})]
    data = kit(
        services,
        ("dv", [step("s1", 1, ["a"]), step("s6", 6, ["a"], escalate_to="up")]),
        levels=levels,
    )

    assert found(data) == [("level_gap", "dv", None, None, 2), ("level_gap", "dv", None, None, 5)]


# no_response_target: step


def test_no_response_target_null_and_absent_are_both_found():
    absent = step("s2", 1, ["a"])
    del absent["response_hours"]
    data = kit(
        [service("a", accepts={"dv": [1]})], ("dv", [step("s1", 1, ["a"], hours=None), absent])
    )

    assert found(data) == [
        ("no_response_target", "dv", "s1", None, None),
        ("no_response_target", "dv", "s2", None, None),
    ]


def test_no_response_target_zero_hours_is_a_target():
    data = kit([service("a", accepts={"dv": [1]})], ("dv", [step("s", 1, ["a"], hours=0)]))

    assert found(data) == []


# slower_when_worse: one per higher step


def escalating(levels_hours):
    """Return a kit with a step per (level, hours), each escalating to a service taking level 4."""
    services = [service("a", accepts={"dv": [1, 2, 3, 4]}), service("up", accepts={"dv": [4]})]
    steps = [
        step(f"s{n}", level, ["a"], hours=hours, escalate_to="up")
        for n, (level, hours) in enumerate(levels_hours)
    ]
    return kit(services, ("dv", steps))


def test_slower_when_worse_equal_times_are_fine():
    assert found(escalating([(1, 24), (2, 24), (3, 24)])) == []


def test_slower_when_worse_higher_step_slower_is_found_once_even_with_several_faster_lower_steps():
    data = escalating([(1, 24), (2, 12), (3, 48)])

    assert found(data) == [("slower_when_worse", "dv", "s2", None, None)]
    assert check_kit(parse_kit(data))[0].message == (
        "Step s2 at level 3 expects a reply within 48 hours, slower than 12 hours "
        "at level 2 (step s1)."
    )


def test_slower_when_worse_each_slower_higher_step_gives_a_finding():
    assert found(escalating([(1, 4), (2, 12), (3, 8)])) == [
        ("slower_when_worse", "dv", "s1", None, None),
        ("slower_when_worse", "dv", "s2", None, None),
    ]


def test_slower_when_worse_steps_at_the_same_level_are_not_compared():
    assert found(escalating([(2, 4), (2, 72)])) == []


def test_slower_when_worse_lower_step_without_a_time_is_not_compared():
    assert found(escalating([(1, None), (2, 72)])) == [
        ("no_response_target", "dv", "s0", None, None)
    ]


def test_slower_when_worse_higher_step_without_a_time_is_only_no_response_target():
    assert found(escalating([(1, 24), (2, None)])) == [
        ("no_response_target", "dv", "s1", None, None)
    ]


def test_slower_when_worse_compares_fractions_of_hours():
    assert found(escalating([(3, 0.5), (4, 1.5)])) == [
        ("slower_when_worse", "dv", "s1", None, None)
    ]


# order and report


def test_check_kit_orders_a_step_findings_by_kind_then_pathway_findings():
    services = [service("a", accepts={}, status="inactive"), service("b", accepts={})]
    steps = [step("s1", 1, ["a"], hours=None), step("s3", 3, ["b"], escalate_to="b", hours=None)]

    assert found(kit(services, ("dv", steps))) == [
        ("bounce", "dv", "s1", "a", None),
        ("dead_end", "dv", "s1", None, None),
        ("inactive_service", "dv", "s1", "a", None),
        ("no_response_target", "dv", "s1", None, None),
        ("bounce", "dv", "s3", "b", None),
        ("escalation_bounce", "dv", "s3", "b", None),
        ("no_response_target", "dv", "s3", None, None),
        ("escalation_cycle", "dv", None, None, None),
        ("level_gap", "dv", None, None, 2),
    ]


def test_report_counts_only_kinds_found():
    findings = [
        Finding("level_gap", "dv", None, None, 2, "x"),
        Finding("bounce", "dv", "s", "a", None, "y"),
        Finding("level_gap", "dv", None, None, 3, "z"),
    ]

    assert report(findings)["counts"] == {"bounce": 1, "level_gap": 2}


@settings(max_examples=150, deadline=None)
@given(kits())
def test_check_kit_any_valid_kit_gives_known_kinds_the_same_way_twice(data):
    parsed = parse_kit(data)

    first = check_kit(parsed)

    assert first == check_kit(parse_kit(data))
    assert {f.kind for f in first} <= set(KINDS)
    assert sum(report(first)["counts"].values()) == len(first)
