"""`storyreel figures`: build a set with the animatic and measure the shipped detector on it;
errors are one line."""

from __future__ import annotations

import json

from storyreel.cli import main


def test_build_then_eval_measures_the_shipped_detector_on_a_set(tmp_path, capsys):
    folder = tmp_path / "set"
    assert main(["figures", "build", str(folder), "--count", "3", "--size", "128x72", "--quiet"]) == 0
    assert "3 clips" in capsys.readouterr().out and (folder / "manifest.json").is_file()
    assert main(["figures", "eval", str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["model"].startswith("figures-tiny@") and report["frames"] >= 3
    assert 0 <= report["recall"] <= 1 and 0 <= report["angle"] <= 1


def test_errors_are_one_line(tmp_path, capsys):
    assert main(["figures", "eval", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip().count("\n") == 0
    assert main(["figures", "build", str(tmp_path / "set"), "--size", "wide"]) == 1
    assert "'wide' is not WIDTHxHEIGHT" in capsys.readouterr().err
