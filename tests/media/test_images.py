"""Image files: one-line refusals, loading as RGB, and fitting to a frame as every renderer does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from storyreel.errors import InputError
from storyreel.media.images import check_image, fit, keyframe_image_path, load_image
from storyreel.media.testing import procedural_image


def test_a_hi_res_keyframe_is_shrunk_by_area_averaging():
    # Each draft pixel is the mean of the 4x4 block of keyframe pixels it covers (no aliasing).
    noise = np.random.default_rng(3).integers(0, 256, (120, 160, 3), dtype=np.uint8)
    block_means = noise.reshape(30, 4, 40, 4, 3).mean(axis=(1, 3))
    assert np.abs(fit(noise, 40, 30).astype(np.float64) - block_means).max() <= 1
    wider = procedural_image(100, 30, seed=3)
    assert fit(wider, 40, 30).shape == (30, 40, 3)  # another aspect: cover, then crop


def test_fit_covers_then_crops_the_centre():
    image = np.zeros((20, 60, 3), np.uint8)
    image[:, 20:40] = 255  # a white middle third
    out = fit(image, 20, 20)  # a square from a 3:1 image: the middle third, whole
    assert out.shape == (20, 20, 3) and out.min() == 255
    same = procedural_image(32, 18, seed=1)
    assert np.array_equal(fit(same, 32, 18), same)  # already the size: untouched


def test_load_image_is_rgb_at_the_asked_size(tmp_path):
    path = tmp_path / "panel.png"
    Image.new("RGBA", (64, 36), (10, 200, 30, 255)).save(path)
    image = load_image(path, 32, 18, "shot 's1' keyframes[0]")
    assert image.shape == (18, 32, 3) and image.dtype == np.uint8
    assert tuple(image[9, 16]) == (10, 200, 30)


@pytest.mark.parametrize("kind", ["missing", "not an image"])
def test_a_bad_image_is_one_line_naming_where_and_the_path(tmp_path, kind):
    path = tmp_path / "drawing.png"
    if kind == "not an image":
        path.write_text("this is not a picture")
    with pytest.raises(InputError) as error:
        check_image(path, "shot 's1' keyframes[1]")
    message = str(error.value)
    assert "\n" not in message and message.startswith("shot 's1' keyframes[1]: ") and str(path) in message


def test_a_keyframe_image_path_expands_the_home_folder():
    assert keyframe_image_path("~/boards/k0.png") == Path.home() / "boards" / "k0.png"
    assert keyframe_image_path("boards/k0.png") == Path("boards/k0.png")
