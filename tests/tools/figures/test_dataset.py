"""The figure set: planned as a pure function of its arguments, varied where the critic needs it,
drawn by whatever renderer is handed in with what it knows it drew, resumable."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from storyreel.errors import InputError
from storyreel.models.truth import FrameTruth
from storyreel.tools.figures.dataset import (
    build_dataset,
    iter_frames,
    load_manifest,
    plan_shots,
    shot_job,
)


def test_plans_are_a_pure_function_of_their_arguments():
    assert plan_shots(20, 3) == plan_shots(20, 3)
    assert plan_shots(20, 3) != plan_shots(20, 4)
    assert [s.relative_path for s in plan_shots(5, 0)] == [s.relative_path for s in plan_shots(8, 0)[:5]]


def test_plans_cover_every_framing_angle_facing_and_coverage():
    specs = plan_shots(400, 0)
    assert {s.framing for s in specs} == {
        "extreme_close_up",
        "close_up",
        "medium",
        "full",
        "long",
        "extreme_long",
    }
    assert {s.angle for s in specs} == {"eye_level", "high", "low", "overhead", "dutch"}
    assert set(Counter(s.coverage for s in specs)) == {
        "nobody",
        "single",
        "two_shot",
        "over_the_shoulder",
        "group",
    }
    placed = [p for s in specs for p in s.blocking]
    assert {p.get("facing", "camera") for p in placed} == {"left", "right", "camera", "away"}
    assert any(p.get("foreground") for p in placed) and any(p.get("motion") == "enter" for p in placed)
    for spec in specs[:60]:
        job = shot_job(spec)  # every plan is a valid job
        assert len(job.shot.subjects) == len(spec.characters)


def test_a_set_is_drawn_with_its_truth_and_a_rebuild_reuses_it(tmp_path, sketch):
    result = build_dataset(tmp_path / "set", sketch, count=6, seed=1, size=(96, 54))
    assert (result.clips, result.rendered, result.reused) == (6, 6, 0)
    manifest = load_manifest(tmp_path / "set")
    assert manifest.params.renderer == "sketch/1" and manifest.params.size == (96, 54)
    frames = list(iter_frames(tmp_path / "set", manifest.clips))
    assert len(frames) == result.frames
    for image, truth in frames:
        assert image.shape == (54, 96, 3) and isinstance(truth, FrameTruth)
    again = build_dataset(tmp_path / "set", sketch, count=6, seed=1, size=(96, 54))
    assert (again.rendered, again.reused) == (0, 6)


def test_a_renderer_that_cannot_say_what_it_drew_is_refused(tmp_path, sketch):
    class Blind(type(sketch)):
        def truth(self, job, frame, width, height):
            return None

    with pytest.raises(InputError, match="cannot say what it drew"):
        build_dataset(tmp_path / "set", Blind(), count=2, size=(64, 36))
    assert not (tmp_path / "set" / "manifest.json").exists()


def test_a_broken_manifest_is_one_line(tmp_path):
    with pytest.raises(InputError, match="no manifest"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"schema_version": "CameraClipSet.1", "clips": [{}]}))
    with pytest.raises(InputError, match="is not a FigureSet"):
        load_manifest(tmp_path)


def test_decoded_frames_are_kept_for_the_next_training(tmp_path, sketch):
    from storyreel.tools.figures.dataset import load_frames

    build_dataset(tmp_path / "set", sketch, count=3, seed=2, size=(64, 36))
    entries = load_manifest(tmp_path / "set").clips
    images, truths = load_frames(tmp_path / "set", entries)
    for clip in (tmp_path / "set" / "clips").iterdir():
        clip.unlink()  # decoding again would now fail: only the cache can answer
    again, truths_again = load_frames(tmp_path / "set", entries)
    assert truths_again == truths and all((a == b).all() for a, b in zip(images, again, strict=True))
