"""Keyframe adherence: SSIM against scikit-image on real photographs, PSNR's cap, and drafts of
the animatic against their own keyframes (in place, swapped, past the end, missing)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from storyreel.errors import InputError
from storyreel.media.testing import procedural_image
from storyreel.media.video import VideoWriter, read_frames
from storyreel.models.bible import CharacterSheet, Identity, LocationSheet, Style
from storyreel.models.job import ShotJob
from storyreel.models.plan import CameraSpec, Keyframe, Shot
from storyreel.render.animatic.pipeline import AnimaticRenderer
from storyreel.tools.adherence import (
    PSNR_CAP_DB,
    Adherence,
    frames_at,
    keyframe_adherence,
    psnr,
    ssim,
)

ANA = CharacterSheet(name="ANA", identity=Identity(colour="#FF00FF", hair_colour="#202020"))
PARK = LocationSheet(name="PARK", int_ext="EXT", times_of_day=["DAY"], palette=["#808070", "#A09070"])


def distortions(image: np.ndarray) -> list[np.ndarray]:
    """Noise, blur and heavy JPEG: structure lost in three different ways."""
    rng = np.random.default_rng(0)
    noisy = np.clip(image + rng.normal(0, 12, image.shape), 0, 255).astype(np.uint8)
    blurred = cv2.GaussianBlur(image, (7, 7), 2)
    _, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 15])
    compressed = cv2.imdecode(jpeg, cv2.IMREAD_UNCHANGED).reshape(image.shape)
    return [noisy, blurred, compressed]


@pytest.mark.parametrize("name", ["camera", "astronaut", "coffee"])
def test_ssim_is_wang_2004_as_scikit_image_computes_it(name):
    data = pytest.importorskip("skimage.data")
    metrics = pytest.importorskip("skimage.metrics")
    image = np.ascontiguousarray(getattr(data, name)()[100:292, 100:292])  # 192 x 192: fast
    luma = [0.299, 0.587, 0.114]

    def grey(x: np.ndarray) -> np.ndarray:  # ours compares RGB on its BT.601 luma
        return x.astype(np.float64) @ luma if x.ndim == 3 else x.astype(np.float64)

    for distorted in distortions(image):
        expected = metrics.structural_similarity(
            grey(image),
            grey(distorted),
            gaussian_weights=True,
            sigma=1.5,
            use_sample_covariance=False,
            data_range=255,
        )
        assert ssim(image, distorted) == pytest.approx(expected, abs=1e-3)
        assert 0.3 < expected < 0.95  # a real range of similarity, not only near 1
        assert psnr(image, distorted) == pytest.approx(
            metrics.peak_signal_noise_ratio(image, distorted, data_range=255), abs=1e-6
        )


def test_identical_images_are_finite_and_perfect():
    image = procedural_image(64, 48, seed=1)
    assert ssim(image, image) == pytest.approx(1.0)
    assert psnr(image, image) == PSNR_CAP_DB
    other = procedural_image(64, 48, seed=2)
    assert ssim(image, other) < 0.5 and psnr(image, other) < 20
    with pytest.raises(ValueError, match="different shapes"):
        ssim(image, other[:40])


def render_shot(folder: Path, moves: tuple[str, ...], frames: list[int]) -> tuple[Path, list[Path]]:
    """An animatic shot: hi-res keyframes (192x108) and its half-size draft (96x54), 12 frames."""
    shot = Shot(
        id="s1",
        scene=0,
        duration_s=1.0,
        description="Ana crosses the park.",
        camera=CameraSpec(framing="full", angle="eye_level", movements=list(moves)),
        subjects=["ANA"],
        keyframes=[Keyframe(frame=f, description=f"frame {f}") for f in frames],
    )
    style = Style(resolution={"width": 192, "height": 108}, aspect_ratio="16:9", fps=12)
    job = ShotJob(
        shot=shot,
        scene_heading="EXT. PARK - DAY",
        location=PARK,
        characters=(ANA,),
        style=style,
        fps=12,
        seed=1,
    )
    renderer = AnimaticRenderer(draft_scale=0.5, preset="veryfast")
    keyframes = renderer.keyframes(job, folder / "keyframes")
    return renderer.draft(job, keyframes, folder / "draft.mp4"), keyframes


@pytest.fixture(scope="module")
def pan(tmp_path_factory):
    return render_shot(tmp_path_factory.mktemp("pan"), ("pan_right",), [0, 6, 11])


def test_a_draft_adheres_to_its_keyframes_and_not_to_swapped_ones(pan):
    draft, (first, middle, last) = pan
    kept = keyframe_adherence(draft, [(0, first), (6, middle), (11, last)])
    swapped = keyframe_adherence(draft, [(0, last), (6, middle), (11, first)])
    # Drawn at half size rather than shrunk, and through H.264: close, not identical.
    assert kept.ssim > 0.8 and kept.psnr > 20
    assert swapped.ssim < kept.ssim - 0.3 and swapped.psnr < kept.psnr - 5
    assert [(k["index"], k["frame"], k["clip_frame"], k["past_end"]) for k in kept.per_keyframe] == [
        (0, 0, 0, False),
        (1, 6, 6, False),
        (2, 11, 11, False),
    ]
    assert kept.ssim == pytest.approx(np.mean([k["ssim"] for k in kept.per_keyframe]))
    assert swapped.per_keyframe[1]["ssim"] == pytest.approx(kept.per_keyframe[1]["ssim"])


def test_an_index_past_the_end_compares_with_the_last_frame_and_says_so(pan):
    draft, (_, _, last) = pan
    result = keyframe_adherence(draft, [(11, last), (40, last)])
    at_end, past = result.per_keyframe
    assert (past["clip_frame"], past["past_end"]) == (11, True)
    assert past["ssim"] == pytest.approx(at_end["ssim"]) and past["psnr"] == pytest.approx(at_end["psnr"])


def test_frames_at_streams_the_frames_asked_for(pan):
    draft, _ = pan
    every = list(read_frames(draft))
    found = frames_at(draft, [3, 0, 7])
    assert sorted(found) == [0, 3, 7]
    for index, (clip_frame, frame) in found.items():
        assert clip_frame == index and np.array_equal(frame, every[index])
    assert frames_at(draft, [99])[99][0] == len(every) - 1


def test_no_keyframes_measures_nothing(pan):
    draft, _ = pan
    assert keyframe_adherence(draft, []) == Adherence(ssim=None, psnr=None, per_keyframe=[])


def test_identical_frames_score_the_cap(tmp_path):
    frame = procedural_image(64, 48, seed=4)
    video = tmp_path / "still.mp4"
    with VideoWriter(video, 64, 48, 12, crf=0) as writer:  # CRF 0: lossless luma, 4:2:0 chroma
        for _ in range(3):
            writer.write(frame)
    decoded = next(iter(read_frames(video)))
    key = tmp_path / "key.png"
    Image.fromarray(decoded).save(key)
    result = keyframe_adherence(video, [(2, key)])
    assert result.psnr == PSNR_CAP_DB and result.ssim == pytest.approx(1.0)


def test_bad_inputs_are_one_line_naming_the_file(pan, tmp_path):
    draft, (first, *_) = pan
    missing = tmp_path / "nope.png"
    with pytest.raises(InputError, match="keyframe: image '.*nope.png': no such file"):
        keyframe_adherence(draft, [(0, missing)])
    broken = tmp_path / "broken.png"
    broken.write_text("not a picture")
    with pytest.raises(InputError, match="keyframe: '.*broken.png' is not an image"):
        keyframe_adherence(draft, [(0, broken)])
    with pytest.raises(InputError, match="gone.mp4: no such video"):
        keyframe_adherence(tmp_path / "gone.mp4", [(0, first)])
    not_video = tmp_path / "text.mp4"
    not_video.write_text("hello")
    with pytest.raises(InputError, match="text.mp4: not a video"):
        keyframe_adherence(not_video, [(0, first)])
