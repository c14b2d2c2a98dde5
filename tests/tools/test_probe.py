"""The geometric camera probe on clips with a known camera: a virtual camera over procedural
textures (always) and over real photographs (when scikit-image is installed), encoded as H.264,
and on the animatic's own drafts."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from storyreel.errors import InputError
from storyreel.media.testing import SYNTHETIC_MOVES, synthetic_frames, write_synthetic_clip
from storyreel.models.camera import BASE_MOVEMENTS
from storyreel.tools.probe import PARALLAX_THRESHOLD, ProbeResult, probe_frames, probe_video

BASE = BASE_MOVEMENTS


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probe")

    def _clip(moves: tuple[str, ...], seed: int = 0, **kw) -> Path:
        name = "+".join(moves) + f"-{seed}-{len(kw)}.mp4"
        path = folder / name
        if not path.exists():
            write_synthetic_clip(path, moves, seed=seed, **kw)
        return path

    return _clip


@pytest.mark.parametrize("move", SYNTHETIC_MOVES)
def test_each_movement_on_procedural_texture(clips, move):
    result = probe_video(clips((move,)))
    assert result.movements == [move], result.to_dict()
    assert 0.5 <= result.confidence[move] <= 1.0


@pytest.mark.parametrize("move", SYNTHETIC_MOVES)
def test_each_movement_on_photographs(clips, move):
    data = pytest.importorskip("skimage.data")
    result = probe_video(clips((move,), seed=1, background=data.astronaut(), foreground=data.rocket()))
    assert result.movements == [move], result.to_dict()


def test_zoom_and_dolly_are_told_apart_by_parallax(clips):
    zoom, dolly = probe_video(clips(("zoom_in",))), probe_video(clips(("dolly_in",)))
    assert zoom.movements == ["zoom_in"] and dolly.movements == ["dolly_in"]
    assert zoom.parallax < PARALLAX_THRESHOLD / 2 and dolly.parallax > 3 * PARALLAX_THRESHOLD
    assert zoom.rates["zoom"] > 0 and dolly.rates["zoom"] > 0


def test_pan_and_truck_are_told_apart_by_parallax(clips):
    pan, truck = probe_video(clips(("pan_left",))), probe_video(clips(("truck_left",)))
    assert pan.movements == ["pan_left"] and truck.movements == ["truck_left"]
    assert pan.parallax < PARALLAX_THRESHOLD / 2 and truck.parallax > 3 * PARALLAX_THRESHOLD
    assert pan.radial < 0.1 and truck.radial < 0.3


def test_rates_follow_the_camera_sign_convention(clips):
    pan = probe_video(clips(("pan_left",)))  # content slides right by 15% of the frame over 1 s
    assert pan.rates["pan"] == pytest.approx(-0.15 * 24 / 23, abs=0.02)
    assert abs(pan.rates["tilt"]) < 0.01 and abs(pan.rates["zoom"]) < 0.02
    tilt = probe_video(clips(("tilt_up",)))
    assert tilt.rates["tilt"] > 0.1
    zoom = probe_video(clips(("zoom_out",)))
    assert zoom.totals["zoom"] == pytest.approx(-np.log(1.3), abs=0.03)


def test_static_is_just_static(clips):
    result = probe_video(clips(("static",), seed=2))
    assert result.movements == ["static"]
    assert result.confidence["static"] > 0.9
    assert result.frames == 24


def test_compound_zoom_in_and_tilt_up(clips):
    result = probe_video(clips(("zoom_in", "tilt_up")))
    assert sorted(result.movements) == ["tilt_up", "zoom_in"], result.to_dict()


def test_to_dict_is_json(clips):
    data = probe_video(clips(("pan_right",))).to_dict()
    assert {"movements", "rates", "confidence", "parallax", "frames"} <= set(data)
    assert set(data["rates"]) == {"pan", "tilt", "zoom", "roll"}
    assert json.loads(json.dumps(data)) == data


def test_probe_frames_takes_arrays_and_grey():
    frames = (f.mean(axis=2).astype(np.uint8) for f in synthetic_frames(["tilt_down"], frames=16))
    result = probe_frames(frames, fps=12)
    assert isinstance(result, ProbeResult) and result.movements == ["tilt_down"]
    assert result.frames == 16


def test_featureless_frames_are_static_with_no_confidence():
    result = probe_frames([np.full((72, 128, 3), 90, np.uint8)] * 5, fps=24)
    assert result.movements == ["static"] and result.confidence["static"] == 0.0


@pytest.mark.parametrize("content", [b"", b"not a video at all\n" * 50])
def test_a_non_video_is_an_input_error_on_one_line(tmp_path, content):
    path = tmp_path / "notes.mp4"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        probe_video(path)
    assert "\n" not in str(error.value) and str(path) in str(error.value)
    with pytest.raises(InputError):
        probe_video(tmp_path / "missing.mp4")


def test_accuracy_report_counts_a_confusion_matrix(clips):
    accuracy_report = _load(Path(__file__).parents[2] / "benchmarks" / "probe.py").accuracy_report
    labelled = [(m, clips((m,))) for m in ("static", "pan_left", "zoom_in")]
    labelled.append(("zoom_in+tilt_up", clips(("zoom_in", "tilt_up"))))
    labelled.append(("dolly_in", clips(("zoom_in",))))  # deliberately mislabelled
    report = accuracy_report(labelled)
    assert report["n"] == 5 and report["correct"] == 4
    assert report["confusion"]["dolly_in"] == {"zoom_in": 1}
    assert report["per_class"]["pan_left"]["accuracy"] == 1.0


def _load(path: Path):
    """A module that is not installed (a benchmark, another folder's conftest), by its path."""
    spec = importlib.util.spec_from_file_location(f"_{path.parent.name}_{path.stem}_for_probe", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _make_job():
    return _load(Path(__file__).parents[1] / "render" / "animatic" / "conftest.py").make_job


@pytest.mark.slow
@pytest.mark.parametrize("move", BASE)
def test_animatic_drafts(tmp_path, move):
    from storyreel.render.animatic.pipeline import AnimaticRenderer

    job = _make_job()(framing="medium", moves=(move,), duration_s=1.5, fps=12, size=(320, 180))
    renderer = AnimaticRenderer()
    keys = renderer.keyframes(job, tmp_path / "keys")
    draft = renderer.draft(job, keys, tmp_path / "draft.mp4")
    result = probe_video(draft)
    assert result.movements == [move], result.to_dict()
