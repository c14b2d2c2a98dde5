"""`storyreel plan` and `storyreel make` from the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from storyreel.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "garage.fountain"


def test_plan_prints_the_shot_list_and_writes_the_documents(tmp_path, capsys):
    project = tmp_path / "garage"
    assert main(["plan", str(EXAMPLE), "-o", str(project), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Shots (" in out and "plan.json" in out and "shots.csv" in out
    plan = json.loads((project / "plan.json").read_text())
    with open(project / "shots.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [s["id"] for s in plan["shots"]]
    assert rows[0]["number"] == "1" and rows[0]["framing"] == plan["shots"][0]["camera"]["framing"]
    bible = json.loads((project / "bible.json").read_text())
    assert {"NELL", "DANNY"} <= {c["name"] for c in bible["characters"]}


def test_make_json_summary(tmp_path, capsys):
    args = ["make", str(EXAMPLE), "-o", str(tmp_path / "p"), "--json", "--quiet", "--renderer", "none"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["shots"] > 5 and data["fallbacks"] == []
    assert Path(data["outputs"]["plan"]).is_file()


def test_plan_of_a_bad_script_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.fountain"
    bad.write_bytes(b"\x00\x01binary")
    assert main(["plan", str(bad), "-o", str(tmp_path / "p"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.fountain: is a binary file" in err


def test_project_path_that_is_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["plan", str(EXAMPLE), "-o", str(target), "--quiet"]) == 1
    assert "exists and is not a directory" in capsys.readouterr().err
