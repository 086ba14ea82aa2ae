"""`pathways check`: what it prints and its exit codes, in-process and as a real command."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from joinedup.pathways.cli import main
from tests.pathways.kitdata import KITS

SRC = Path(__file__).resolve().parents[2] / "src"


def test_main_check_good_kit_prints_no_findings_and_exits_0(capsys):
    code = main(["check", str(KITS / "good.json")])

    out, err = capsys.readouterr()
    assert (code, json.loads(out), err) == (0, {"findings": [], "counts": {}}, "")


def test_main_check_planted_kit_prints_each_kind(capsys):
    code = main(["check", str(KITS / "planted.json")])

    printed = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(f["kind"], f["need"]) for f in printed["findings"]] == [
        ("bounce", "homelessness"),
        ("escalation_bounce", "mental-health"),
        ("dead_end", "substance-misuse"),
        ("inactive_service", "youth-offending"),
        ("no_escalation", "exploitation"),
        ("escalation_cycle", "adult-safeguarding"),
        ("level_gap", "child-at-risk"),
        ("no_response_target", "domestic-abuse"),
        ("slower_when_worse", "purposeful-activity"),
    ]
    assert printed["counts"]["level_gap"] == 1


def test_main_check_broken_kit_names_paths_on_stderr_and_exits_2(capsys):
    code = main(["check", str(KITS / "broken.json")])

    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert (code, out) == (2, "")
    assert lines[0] == f"{KITS / 'broken.json'}: not a valid joinedup-pathways/1 kit (16 problems):"
    assert lines[7] == 'pathways[0].steps[0].services[1]: unknown service "yot"'
    assert len(lines) == 17


def test_main_check_missing_file_exits_2(tmp_path, capsys):
    code = main(["check", str(tmp_path / "nope.json")])

    err = capsys.readouterr().err
    assert code == 2
    assert (
        err.splitlines()[1] == f"$: cannot read {tmp_path / 'nope.json'}: No such file or directory"
    )


def test_main_check_not_json_exits_2_with_line_and_column(tmp_path, capsys):
    path = tmp_path / "kit.json"
    path.write_text('{"format": "joinedup-pathways/1",\n  "place": }')

    code = main(["check", str(path)])

    assert code == 2
    assert (
        capsys.readouterr().err.splitlines()[1]
        == f"$: {path} is not valid JSON: Expecting value at line 2 column 12"
    )


def test_call_command_pathways_check_prints_findings(capsys):
    call_command("pathways", "check", str(KITS / "good.json"))

    assert json.loads(capsys.readouterr().out) == {"findings": [], "counts": {}}


def test_call_command_pathways_check_broken_kit_raises_with_code_2(capsys):
    with pytest.raises(CommandError) as caught:
        call_command("pathways", "check", str(KITS / "broken.json"))

    assert caught.value.returncode == 2


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "joinedup.settings"}
    return subprocess.run(
        [sys.executable, "-m", "joinedup", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_command_pathways_check_planted_kit_exits_0_with_json():
    done = run("pathways", "check", str(KITS / "planted.json"))

    assert done.returncode == 0
    assert len(json.loads(done.stdout)["findings"]) == 9


def test_command_pathways_check_broken_kit_exits_2_naming_paths():
    done = run("pathways", "check", str(KITS / "broken.json"))

    assert (done.returncode, done.stdout) == (2, "")
    assert 'pathways[0].steps[0].escalate_to: unknown service "marac"' in done.stderr.splitlines()


def test_command_pathways_without_subcommand_exits_2():
    done = run("pathways")

    assert done.returncode == 2
    assert "required: command" in done.stderr


def test_pure_modules_import_no_django():
    code = (
        "import sys; import joinedup.pathways.kit, joinedup.pathways.checks, "
        "joinedup.pathways.dash, joinedup.pathways.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )

    assert done.stdout.strip() == "[]"


def test_module_cli_runs_without_django(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    done = subprocess.run(
        [sys.executable, "-m", "joinedup.pathways.cli", "check", str(KITS / "good.json")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert (done.returncode, json.loads(done.stdout)) == (0, {"findings": [], "counts": {}})
