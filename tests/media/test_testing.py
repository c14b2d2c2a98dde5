"""Synthetic footage with known camera moves: the content moves the way the move says."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from storyreel.errors import InputError
from storyreel.media.testing import SYNTHETIC_MOVES, procedural_image, synthetic_frames, write_synthetic_clip
from storyreel.media.video import probe


def shift(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    ga, gb = (cv2.cvtColor(x, cv2.COLOR_RGB2GRAY).astype(np.float32) for x in (a, b))
    (dx, dy), _ = cv2.phaseCorrelate(ga, gb)
    return dx, dy


def test_a_pan_left_slides_the_picture_right_and_a_tilt_up_slides_it_down():
    first, *_, last = synthetic_frames(["pan_left"], frames=6, noise=0)
    dx, dy = shift(first, last)
    assert dx > 10 and abs(dy) < 2
    first, *_, last = synthetic_frames(["tilt_up"], frames=6, noise=0)
    dx, dy = shift(first, last)
    assert dy > 5 and abs(dx) < 2


def test_the_same_seed_is_the_same_clip_and_unknown_moves_are_refused(tmp_path):
    assert np.array_equal(procedural_image(40, 30, seed=1), procedural_image(40, 30, seed=1))
    assert not np.array_equal(procedural_image(40, 30, seed=1), procedural_image(40, 30, seed=2))
    assert "dolly_in" in SYNTHETIC_MOVES and "static" in SYNTHETIC_MOVES
    with pytest.raises(InputError, match="synthetic move 'swoop'"):
        next(synthetic_frames(["swoop"]))
    clip = write_synthetic_clip(tmp_path / "zoom.mp4", ["zoom_in"], frames=5, size=(64, 36))
    info = probe(clip)
    assert (info.width, info.height, info.frames) == (64, 36, 5)
