"""Canvas geometry (model strides vs the film's aspect) and frame plans (stride * k + 1); no torch needed."""

from __future__ import annotations

import numpy as np
import pytest

from storyreel.render.diffusers.frames import Canvas, cover, plan_frames


def test_the_canvas_pads_the_exact_aspect_view_to_the_models_multiple():
    canvas = Canvas.fit((1280, 720), 768, 32)
    assert (canvas.view_width, canvas.view_height) == (768, 432)
    assert (canvas.width, canvas.height) == (768, 448)
    assert canvas.scaled(2) == Canvas(1536, 896, 1536, 864)
    portrait = Canvas.fit((720, 1280), 1344, 8)
    assert (portrait.view_width, portrait.view_height) == (756, 1344)
    assert portrait.width % 8 == 0 and portrait.height % 8 == 0


def test_what_goes_in_comes_back_out_pixel_for_pixel():
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (50, 90, 3), dtype=np.uint8)
    canvas = Canvas.fit((16, 9), 96, 32)
    padded = np.asarray(canvas.put(image))
    assert padded.shape == (canvas.height, canvas.width, 3)
    assert np.array_equal(canvas.take(padded), cover(image, canvas.view_width, canvas.view_height))


@pytest.mark.parametrize(
    ("frames", "stride", "expected"),
    [(25, 8, 25), (24, 8, 25), (26, 8, 33), (12, 4, 13), (1, 8, 1), (81, 4, 81)],
)
def test_a_shot_is_rounded_up_to_the_models_count_and_trimmed(frames, stride, expected):
    plan = plan_frames(frames, 24, stride, 257)
    assert plan.model_frames == expected and (expected - 1) % stride == 0
    assert not plan.time_scaled and plan.fps == 24
    assert plan.model_index(frames - 1) == frames - 1
    shot = plan.to_shot([np.full((2, 2, 3), i, np.uint8) for i in range(plan.model_frames)])
    assert [int(f[0, 0, 0]) for f in shot] == list(range(frames))
    assert len(plan.to_model(shot)) == expected


def test_a_shot_longer_than_the_model_makes_is_time_scaled():
    plan = plan_frames(480, 24, 8, 257)  # 20 s at 24 fps
    assert plan.model_frames == 257 and plan.time_scaled
    assert plan.fps == pytest.approx(24 * 256 / 479)
    assert plan.model_index(0) == 0 and plan.model_index(479) == 256
    model = [np.full((1, 1, 3), i % 256, np.uint8) for i in range(257)]
    assert len(plan.to_shot(model)) == 480
    assert "blended back" in plan.describe()


def test_a_first_last_frame_model_ends_on_the_shots_last_frame():
    plan = plan_frames(12, 8, 4, 81, fit_ends=True)
    assert plan.model_frames == 13 and plan.time_scaled
    assert plan.model_index(11) == 12
