"""The `network analyse` command line: what it prints, and exit 2 with JSON paths on bad input."""

import json
import subprocess
import sys

from joinedup.network.cli import main

TEAMS = [
    {"id": "housing", "name": "Housing Options", "sector": "housing", "tier": "frontline"},
    {"id": "police", "name": "Neighbourhood Police", "sector": "police", "tier": "frontline"},
    {"id": "dwp", "name": "DWP Strategy", "sector": "dwp", "tier": "central"},
    {"id": "fire", "name": "Fire Safety", "sector": "fire", "tier": "frontline"},
]
TIES = [
    {"a": "housing", "b": "police", "kind": "same_table", "date": "2026-02-01"},
    {"a": "police", "b": "dwp", "kind": "declared", "date": "2026-03-12", "weight": 2},
]


def ties_file(tmp_path, **changes):
    data = {"format": "joinedup-ties/1", "place": "ilford", "teams": TEAMS, "ties": TIES}
    data.update(changes)
    path = tmp_path / "ties.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_main_analyse_prints_one_json_object(tmp_path, capsys):
    code = main(["analyse", ties_file(tmp_path), "--since", "2026-03-12"])
    printed = json.loads(capsys.readouterr().out)

    assert code == 0
    assert list(printed) == [
        "teams", "ties", "components", "isolated", "brokers", "single_points_of_failure",
        "communities", "sector_matrix", "cross_tier_ties", "change", "notes",
    ]  # fmt: skip
    assert (printed["teams"], printed["ties"], printed["isolated"]) == (4, 2, ["fire"])
    assert printed["single_points_of_failure"] == ["police"]
    assert printed["change"]["newly_tied_teams"] == ["dwp"]


def test_main_analyse_until_before_the_second_tie_leaves_dwp_isolated(tmp_path, capsys):
    code = main(["analyse", ties_file(tmp_path), "--until", "2026-03-11"])
    printed = json.loads(capsys.readouterr().out)

    assert (code, printed["ties"], printed["isolated"]) == (0, 1, ["dwp", "fire"])


def test_main_analyse_bad_tie_exits_2_naming_the_path(tmp_path, capsys):
    bad = [*TIES, {"a": "housing", "b": "schools", "kind": "gossip", "date": "2026-13-01"}]
    code = main(["analyse", ties_file(tmp_path, ties=bad)])
    err = capsys.readouterr().err

    assert code == 2
    assert "$.ties[2].b: 'schools' is not the id of a team in $.teams" in err
    assert "$.ties[2].kind: expected one of" in err
    assert "$.ties[2].date: '2026-13-01' is not a date" in err


def test_main_analyse_not_json_exits_2(tmp_path, capsys):
    path = tmp_path / "ties.json"
    path.write_text("{not json")

    assert main(["analyse", str(path)]) == 2
    assert "is not valid JSON" in capsys.readouterr().err


def test_main_analyse_bad_since_exits_2(tmp_path, capsys):
    assert main(["analyse", ties_file(tmp_path), "--since", "12 March"]) == 2
    assert "--since: '12 March' is not a date" in capsys.readouterr().err


def test_main_analyse_since_after_until_exits_2(tmp_path, capsys):
    code = main(["analyse", ties_file(tmp_path), "--since", "2026-04-01", "--until", "2026-03-01"])

    assert code == 2
    assert "--since 2026-04-01 is after --until 2026-03-01" in capsys.readouterr().err


def test_joinedup_network_analyse_runs_as_a_command(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "joinedup", "network", "analyse", ties_file(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert (done.returncode, json.loads(done.stdout)["components"]) == (0, 2)


def test_joinedup_network_analyse_missing_file_exits_2(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "joinedup", "network", "analyse", str(tmp_path / "none.json")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 2
    assert "cannot read" in done.stderr
