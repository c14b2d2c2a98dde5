"""The `storyreel` command: a thin layer that prints results on stdout and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

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


def test_usage_errors_exit_2(capsys):
    assert main(["parse"]) == 2
    assert "Missing argument" in capsys.readouterr().err


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
    assert main(["schema", "plans"]) == 2
    assert "Invalid value" in capsys.readouterr().err
