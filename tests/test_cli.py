"""The `storyreel` command: a thin layer that prints results on stdout and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyreel.cli import main

SCRIPT = """Title: The Test
Author: Someone

INT. BRICK'S GARAGE - NIGHT #3#

BRICK BRADDOCK, sixties, fixes a lawnmower.

BRICK
It's broken.

STEEL (O.S.)
So are we.

CUT TO:

EXT. ROOFTOP - DAY

/* an idea for later

"""


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "test.fountain"
    path.write_text(SCRIPT)
    return path


def test_parse_prints_a_summary(script, capsys):
    assert main(["parse", str(script)]) == 0
    captured = capsys.readouterr()
    out = captured.out
    for expected in ("The Test", "BRICK'S GARAGE", "NIGHT", "ROOFTOP", "BRICK", "STEEL", "runtime"):
        assert expected in out
    # the unclosed boneyard is a warning on stderr naming its line
    assert f"{script}:18: warning: boneyard '/*' opened here is never closed" in captured.err


def test_parse_json_follows_the_contract(script, capsys):
    assert main(["parse", str(script), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title_page"] == {"title": "The Test", "author": "Someone"}
    first = data["scenes"][0]
    assert (first["index"], first["heading"], first["number"]) == (0, "INT. BRICK'S GARAGE - NIGHT", "3")
    types = [e["type"] for e in first["elements"]]
    assert types == ["action", "dialogue", "dialogue", "transition"]
    speech = first["elements"][2]
    assert speech["character"] == "STEEL" and speech["extension"] == "O.S." and speech["dual"] is False
    assert all({"id", "type", "text", "line"} <= e.keys() for e in first["elements"])
    assert data["characters"][0]["first_appearance"]["line"] == 6


def test_internal_errors_are_one_line_unless_debugging(script, capsys, monkeypatch):
    import storyreel.tools.screenplay as screenplay_tools

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(screenplay_tools, "read_screenplay", broken)
    assert main(["parse", str(script)]) == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err
    monkeypatch.setenv("STORYREEL_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["parse", str(script)])


def test_usage_errors_are_one_line_and_exit_1_like_every_error(capsys):
    assert main(["parse"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("storyreel: error: Missing argument 'SCRIPT'") and err.count("\n") == 1
    assert "(see storyreel parse --help)" in err


def test_installed_command_runs(script):
    result = subprocess.run(
        [sys.executable, "-m", "storyreel", "parse", str(script), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scenes"][1]["location"] == "ROOFTOP"


def test_schema_prints_the_plan_schema_by_default(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "ShotPlan"
    camera = schema["$defs"]["CameraSpec"]["properties"]
    assert "close_up" in json.dumps(camera["framing"]) and "dolly_in" in json.dumps(camera["movements"])


def test_schema_of_every_document_and_a_wrong_name(capsys):
    for name in ("bible", "screenplay", "critique", "cut"):
        assert main(["schema", name]) == 0
        assert json.loads(capsys.readouterr().out)["type"] == "object"
    assert main(["schema", "plans"]) == 1
    assert "Invalid value" in capsys.readouterr().err


BASELINE_PLAN = Path(__file__).parent / "baselines" / "plan.json"


def test_check_accepts_a_valid_plan(capsys):
    assert main(["check", str(BASELINE_PLAN)]) == 0
    assert "valid" in capsys.readouterr().out


def test_check_names_the_shot_and_field_of_a_bad_plan(tmp_path, capsys):
    plan = json.loads(BASELINE_PLAN.read_text())
    plan["shots"][1]["camera"]["framing"] = "closeup"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    shot_id = plan["shots"][1]["id"]
    assert f"shot '{shot_id}' (shots[1]) camera.framing" in err and "closeup" in err
    assert err.count("\n") == 1


def test_check_against_a_screenplay_lists_every_problem(capsys):
    script = Path(__file__).parents[1] / "examples" / "garage.fountain"
    assert main(["check", str(BASELINE_PLAN), "--script", str(script)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) > 2
    assert all(line.startswith(str(BASELINE_PLAN)) for line in lines[:-1])
    assert "no element" in lines[0]
    assert lines[-1] == f"storyreel: error: {BASELINE_PLAN}: {len(lines) - 1} problem(s) against {script}"


def test_probe_prints_the_measured_movement(tmp_path, capsys):
    from storyreel.media.testing import write_synthetic_clip

    clip = write_synthetic_clip(tmp_path / "zoom.mp4", ["zoom_in"])
    assert main(["probe", str(clip), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["movements"] == ["zoom_in"]
    assert main(["probe", str(clip)]) == 0
    assert "zoom_in" in capsys.readouterr().out
    assert main(["probe", str(tmp_path / "missing.mp4")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
