"""`storyreel make`: a watchable film with every export, and bad formats refused before work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyreel.cli import main
from storyreel.media.video import probe

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(
    "args, problem",
    [
        (["--resolution", "641x360"], "needs even width and height"),
        (["--resolution", "0x360"], "must be positive"),
        (["--fps", "0"], "fps 0"),
        (["--fps", "-24"], "fps -24"),
        (["--keyframes", "no-such-folder"], "keyframe folder does not exist"),
        (["--cameraclip", "no-such.pt"], "no such CameraCLIP checkpoint"),
    ],
)
def test_bad_formats_are_refused_before_any_work(tmp_path, capsys, args, problem):
    project = tmp_path / "p"
    code = main(["make", str(EXAMPLES / "garage.fountain"), "-o", str(project), "--quiet", *args])
    err = capsys.readouterr().err
    assert code == 1 and problem in err and err.count("\n") == 1
    assert not project.exists()  # nothing was started


def test_a_keyframe_file_that_is_not_an_image_is_refused_before_any_work(tmp_path, capsys):
    panels = tmp_path / "panels"
    panels.mkdir()
    (panels / "s1-1_0.png").write_text("not a picture")
    project = tmp_path / "p"
    args = ["make", str(EXAMPLES / "garage.fountain"), "-o", str(project), "--keyframes", str(panels)]
    assert main([*args, "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "s1-1_0.png' is not an image" in err and err.count("\n") == 1
    assert not project.exists()


def test_a_malformed_resolution_is_a_usage_error(tmp_path, capsys):
    code = main(["make", str(EXAMPLES / "garage.fountain"), "-o", str(tmp_path / "p"), "--resolution", "big"])
    assert code == 1 and "WIDTHxHEIGHT" in capsys.readouterr().err


@pytest.mark.slow
def test_make_gives_a_film_and_every_export(tmp_path, capsys):
    project = tmp_path / "duet"
    args = ["make", str(EXAMPLES / "the_duet.fountain"), "-o", str(project), "--quiet"]
    # The probe alone: the full scorer's own checks have their tests, and the README's make runs it in CI
    assert (
        main([*args, "--resolution", "320x180", "--fps", "12", "--slates", "--json", "--scorer", "probe"])
        == 0
    )
    outputs = json.loads(capsys.readouterr().out)["outputs"]
    for kind in (
        "film",
        "srt",
        "vtt",
        "otio",
        "storyboard",
        "manifest",
        "plan",
        "bible",
        "shots_csv",
        "report",
    ):
        assert Path(outputs[kind]).is_file(), kind
    film = probe(outputs["film"])
    assert (film.width, film.height, film.fps) == (320, 180, 12.0)
    cut = json.loads((project / "cut.json").read_text())
    assert film.frames >= round(cut["duration_s"] * 12)  # the cut, plus a slate per scene
    assert "-->" in Path(outputs["srt"]).read_text()
    assert not list(project.glob(".tmp-*")) and not list(project.glob("*.tmp"))


@pytest.mark.slow
def test_make_into_a_relative_project_path(tmp_path, monkeypatch, capsys):
    """The README's own command uses `-o out/garage`: clip paths must not depend on the cwd."""
    monkeypatch.chdir(tmp_path)
    args = ["make", str(EXAMPLES / "the_duet.fountain"), "-o", "out/duet", "--quiet", "--resolution", "64x36"]
    assert main([*args, "--fps", "4", "--renderer", "animatic", "--scorer", "probe"]) == 0, (
        capsys.readouterr().err
    )
    assert (tmp_path / "out" / "duet" / "film.mp4").is_file()


@pytest.mark.ml
def test_a_cameraclip_file_that_is_not_a_checkpoint_is_refused_before_any_work(tmp_path, capsys):
    pytest.importorskip("torch")
    junk = tmp_path / "junk.pt"
    junk.write_bytes(bytes(range(256)) * 8)
    project = tmp_path / "p"
    code = main(
        ["make", str(EXAMPLES / "garage.fountain"), "-o", str(project), "--quiet", "--cameraclip", str(junk)]
    )
    err = capsys.readouterr().err
    assert code == 1 and "not a readable CameraCLIP checkpoint" in err and err.count("\n") == 1
    assert not project.exists()
