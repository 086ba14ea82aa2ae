"""The café command line: plan and score files, exit codes and what it prints."""

import json

import pytest

from joinedup.cafe.cli import main

TABLES = [
    {"id": "T1", "case_study": "A", "hosts": ["h1"], "seats": 3},
    {"id": "T2", "case_study": "B", "hosts": ["h2"], "seats": 3},
]
PEOPLE = [
    {"id": "h1", "organisation": "O1", "sector": "housing", "tier": "frontline", "wants": []},
    {"id": "h2", "organisation": "O2", "sector": "police", "tier": "central", "wants": []},
    {"id": "a", "organisation": "O1", "sector": "fire", "tier": "central", "wants": ["B"]},
    {"id": "b", "organisation": "O3", "sector": "police", "tier": "frontline", "wants": ["A"]},
]


def write(path, data):
    path.write_text(json.dumps(data))
    return str(path)


def instance_file(tmp_path, *, tables=TABLES, people=PEOPLE):
    data = {
        "format": "joinedup-cafe-instance/1",
        "name": "tiny",
        "rounds": 2,
        "revisits_allowed": False,
        "tables": tables,
        "participants": people,
    }
    return write(tmp_path / "instance.json", data)


def test_main_plan_prints_valid_plan_json(tmp_path, capsys):
    code = main(["plan", instance_file(tmp_path), "--seconds", "0.2", "--seed", "3"])

    out, err = capsys.readouterr()
    plan = json.loads(out)
    assert code == 0
    assert (plan["format"], plan["instance"]) == ("joinedup-cafe-plan/1", "tiny")
    assert plan["assignments"]["h1"] == ["T1", "T1"]
    assert sorted(plan["assignments"]["a"]) == ["T1", "T2"]
    assert "Planning tiny: 4 people, 2 tables, 2 rounds" in err
    assert "repeat_pairs: " in err
    assert "score: " in err


def test_main_plan_then_score_round_trip(tmp_path, capsys):
    instance = instance_file(tmp_path)
    main(["plan", instance, "--max-iterations", "50"])
    plan = tmp_path / "plan.json"
    plan.write_text(capsys.readouterr().out)

    code = main(["score", instance, str(plan)])

    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert [line.split(":")[0] for line in out] == [
        "repeat_pairs",
        "missing_mix",
        "missed_wants",
        "same_org_pairs",
        "duplicate_sectors",
        "empty_seats_spread",
        "score",
    ]


def test_main_score_hand_made_plan_prints_measures(tmp_path, capsys):
    plan = {
        "format": "joinedup-cafe-plan/1",
        "instance": "tiny",
        "assignments": {"h1": ["T1", "T1"], "h2": ["T2", "T2"], "a": ["T1", "T2"]},
    }
    plan["assignments"]["b"] = ["T2", "T1"]

    code = main(["score", instance_file(tmp_path), write(tmp_path / "plan.json", plan)])

    # Round 0: T1 = h1 a (both O1: same_org 1), T2 = h2 b (both police: duplicate 1).
    # Round 1: T1 = h1 b (both frontline), T2 = h2 a (both central): 2 unmixed, and with two
    # of each tier present the allowance is 0. Wants are met, no pair meets twice, spread 0.
    # score = 40*2 + 10*1 + 3*1 = 93.
    assert code == 0
    assert capsys.readouterr().out.splitlines() == [
        "repeat_pairs: 0",
        "missing_mix: 2",
        "missed_wants: 0",
        "same_org_pairs: 1",
        "duplicate_sectors: 1",
        "empty_seats_spread: 0",
        "score: 93",
    ]


def test_main_score_invalid_plan_exits_1_with_first_rules(tmp_path, capsys):
    plan = {
        "format": "joinedup-cafe-plan/1",
        "instance": "tiny",
        "assignments": {
            "h1": ["T2", "T1"],
            "h2": ["T2", "T2"],
            "a": ["T2", "T2"],
            "b": ["T2", None],
        },
    }

    code = main(["score", instance_file(tmp_path), write(tmp_path / "plan.json", plan)])

    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines() == [
        "The plan is invalid: it breaks 4 hard rule(s). First ones:",
        "- Rule 1: b is present in round 1 but has no table.",
        "- Rule 2: host h1 must sit at T1 in round 0, not T2.",
        "- Rule 3: table T2 holds 4 people in round 0 but has 3 seats.",
        "- Rule 4: a visits case study B 2 times.",
    ]


def test_main_plan_infeasible_exits_2_with_reasons(tmp_path, capsys):
    crowd = [
        {"id": f"p{i}", "organisation": "O", "sector": "s", "tier": "central", "wants": []}
        for i in range(5)
    ]

    code = main(["plan", instance_file(tmp_path, people=PEOPLE + crowd)])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert "No valid plan is possible:" in captured.err
    assert "- Round 0 has 9 people present but only 6 seats." in captured.err


def test_main_plan_bad_instance_exits_2_naming_problem(tmp_path, capsys):
    bad_tables = [{**TABLES[0], "seats": 0}, TABLES[1]]

    code = main(["plan", instance_file(tmp_path, tables=bad_tables)])

    err = capsys.readouterr().err
    assert code == 2
    assert "tables[0].seats must be a whole number of at least 1, not 0" in err


def test_main_plan_missing_file_exits_2(tmp_path, capsys):
    code = main(["plan", str(tmp_path / "nope.json")])

    assert code == 2
    assert "cannot read" in capsys.readouterr().err


def test_main_plan_not_json_exits_2(tmp_path, capsys):
    (tmp_path / "x.json").write_text("{not json")

    code = main(["plan", str(tmp_path / "x.json")])

    assert code == 2
    assert "is not valid JSON" in capsys.readouterr().err


def test_main_unknown_command_exits_2(capsys):
    code = main(["dance"])

    assert code == 2
    assert "invalid choice: 'dance'" in capsys.readouterr().err


def test_cafe_command_forwards_argv_and_exit_code(tmp_path, capsys):
    from joinedup.cafe.management.commands.cafe import Command

    with pytest.raises(SystemExit) as stop:
        Command().run_from_argv(
            ["joinedup", "cafe", "plan", instance_file(tmp_path), "--seed", "1"]
        )

    assert stop.value.code == 0
    assert json.loads(capsys.readouterr().out)["instance"] == "tiny"
