"""The three stages end to end: files, sizes, external keyframes, refine, overlays, errors."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from storyreel.errors import InputError
from storyreel.media.video import probe, read_frames
from storyreel.render.animatic.pipeline import AnimaticRenderer

SIZE = (192, 108)
BENCHMARK = Path(__file__).resolve().parents[3] / "benchmarks" / "render.py"


def refine_psnr_report(job):
    """The render benchmark's measure of the anchored refine (benchmarks/render.py)."""
    spec = importlib.util.spec_from_file_location("benchmark_render", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.refine_psnr_report(job)


def run_stages(renderer: AnimaticRenderer, job, folder: Path) -> tuple[list[Path], Path, Path]:
    keyframes = renderer.keyframes(job, folder / "keyframes")
    draft = renderer.draft(job, keyframes, folder / "draft.mp4")
    refined = renderer.refine(job, draft, keyframes, folder / "refined.mp4")
    return keyframes, draft, refined


def test_stages_write_the_planned_sizes_and_frame_counts(job_factory, tmp_path):
    job = job_factory(
        moves=("dolly_in",),
        size=SIZE,
        keyframes=[
            {"frame": 0, "description": "a"},
            {"frame": 5, "description": "b"},
            {"frame": 11, "description": "c"},
        ],
    )
    keyframes, draft, refined = run_stages(AnimaticRenderer(), job, tmp_path)
    assert [p.name for p in keyframes] == ["00-frame00000.png", "01-frame00005.png", "02-frame00011.png"]
    for path in keyframes:
        with Image.open(path) as image:
            assert image.size == SIZE
    low = probe(draft)
    assert (low.width, low.height, low.frames, low.fps) == (96, 54, 12, 12.0)
    full = probe(refined)
    assert (full.width, full.height, full.frames) == (*SIZE, 12)


def test_keyframes_are_the_frames_at_their_indices(job_factory, tmp_path, render):
    job = job_factory(moves=("pan_right",), size=SIZE)
    keyframes = AnimaticRenderer().keyframes(job, tmp_path)
    first, last = render(job, [0, 11])
    for path, frame in zip(keyframes, (first, last), strict=True):
        with Image.open(path) as image:
            assert np.array_equal(np.asarray(image.convert("RGB")), frame)


def test_same_job_same_frames(job_factory, tmp_path):
    job = job_factory(moves=("handheld",), size=SIZE)
    renderer = AnimaticRenderer()
    runs = [run_stages(renderer, job, tmp_path / name) for name in ("a", "b")]
    for a, b in zip(runs[0][0], runs[1][0], strict=True):
        assert a.read_bytes() == b.read_bytes()
    for x, y in zip(read_frames(runs[0][1]), read_frames(runs[1][1]), strict=True):
        assert np.array_equal(x, y)
    assert renderer.settings() == AnimaticRenderer().settings()
    assert renderer.settings() != AnimaticRenderer(draft_scale=0.25).settings()


def _pattern(colour: tuple[int, int, int], seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    base = np.zeros((216, 384, 3), np.float32) + colour
    blocks = rng.integers(-40, 40, size=(6, 12, 1)).repeat(36, axis=0).repeat(32, axis=1)
    return Image.fromarray(np.clip(base + blocks, 0, 255).astype(np.uint8))


def test_draft_interpolates_between_given_images(job_factory, tmp_path):
    first, second = tmp_path / "a.png", tmp_path / "b.jpg"
    _pattern((200, 60, 40), 1).save(first)
    _pattern((40, 80, 200), 2).save(second)
    job = job_factory(
        moves=("zoom_in",),
        speed=0.3,
        size=SIZE,
        keyframes=[
            {"frame": 0, "description": "a", "image": str(first)},
            {"frame": 11, "description": "b", "image": str(second)},
        ],
    )
    renderer = AnimaticRenderer()
    keyframes, draft, refined = run_stages(renderer, job, tmp_path / "out")
    frames = list(read_frames(draft))
    assert len(frames) == 12
    start = np.asarray(_pattern((200, 60, 40), 1).resize((96, 54), Image.BILINEAR), np.int16)
    end = np.asarray(_pattern((40, 80, 200), 2).resize((96, 54), Image.BILINEAR), np.int16)
    assert np.abs(frames[0] - start).mean() < 8
    assert np.abs(frames[-1] - end).mean() < 8
    middle = frames[6].astype(np.int16).mean(axis=(0, 1))
    assert 60 < middle[0] < 180 and 60 < middle[2] < 180  # a cross-blend of the two
    assert probe(refined).frames == 12


@pytest.mark.parametrize("kind", ["missing", "not an image"])
def test_bad_keyframe_image_is_one_line_naming_shot_keyframe_and_path(job_factory, tmp_path, kind):
    path = tmp_path / "drawing.png"
    if kind == "not an image":
        path.write_text("this is not a picture")
    job = job_factory(
        size=SIZE,
        keyframes=[{"frame": 0, "description": "a"}, {"frame": 11, "description": "b", "image": str(path)}],
    )
    with pytest.raises(InputError) as error:
        AnimaticRenderer().keyframes(job, tmp_path / "out")
    message = str(error.value)
    assert "\n" not in message
    assert "'t1'" in message and "keyframes[1]" in message and str(path) in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_check_inputs_refuses_a_bad_frame_rate(job_factory):
    job = job_factory(size=SIZE)
    broken = job.model_copy(update={"fps": 0})
    with pytest.raises(InputError, match="fps"):
        AnimaticRenderer().check_inputs(broken)


def test_anchored_refine_beats_bicubic(job_factory):
    job = job_factory(
        framing="full",
        moves=("pan_left",),
        speed=0.3,
        size=SIZE,
        keyframes=[
            {"frame": 0, "description": "a"},
            {"frame": 6, "description": "b"},
            {"frame": 11, "description": "c"},
        ],
    )
    report = refine_psnr_report(job)
    assert report["frames"] == 12
    assert report["psnr_refine"] > report["psnr_bicubic"] + 1.0, report
