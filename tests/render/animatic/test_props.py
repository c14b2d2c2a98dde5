"""The props' stand-ins: one drawing per shape, each labelled, small ones grown to be read."""

from __future__ import annotations

import typing

import cv2
import numpy as np
import pytest

from storyreel.models.plan import PropShape
from storyreel.render.animatic.props import MIN_SIDE, PROPS, drawn_size, held_texture, prop_texture


def test_every_shape_of_the_plan_has_a_drawing():
    assert set(PROPS) == set(typing.get_args(PropShape))


@pytest.mark.parametrize("shape", sorted(PROPS))
def test_a_stand_in_is_its_drawing_under_its_name(shape):
    card, ppm = prop_texture(shape, "the thing", 200, 1.0, 1024)
    w, h = drawn_size(shape)
    assert max(w, h) >= MIN_SIDE
    left = (card.shape[1] - int(w * ppm)) // 2
    body = card[-int(h * ppm) :, left : left + int(w * ppm)]
    assert (body[..., 3] > 0).mean() > 0.2  # the drawing fills a good part of its box
    paper = (card[..., 3] == 235).sum(axis=1) > 10  # the label's paper, above the drawing
    assert paper.any() and np.flatnonzero(paper).max() < card.shape[0] - int(h * ppm) + 2


def test_the_drawings_are_told_apart():
    def silhouette(shape: str) -> np.ndarray:
        card, ppm = prop_texture(shape, "x", 120, 1.0, 1024)
        w, h = drawn_size(shape)
        alpha = card[-int(h * ppm) :, :, 3].astype(np.float32) / 255
        rgb = card[-int(h * ppm) :, :, :3].astype(np.float32) / 255
        return cv2.resize(np.dstack([alpha, rgb]), (24, 24), interpolation=cv2.INTER_AREA)

    looks = {shape: silhouette(shape) for shape in PROPS}
    shapes = sorted(looks)
    for i, a in enumerate(shapes):
        for b in shapes[i + 1 :]:
            assert np.abs(looks[a] - looks[b]).mean() > 0.04, (a, b)


def test_small_things_can_be_held_and_big_ones_not():
    assert held_texture("phone", 400, 1.0, mirror=False) is not None
    assert held_texture("vehicle", 400, 1.0, mirror=False) is None
    gun = held_texture("gun", 400, 1.0, mirror=False)
    flipped = held_texture("gun", 400, 1.0, mirror=True)
    np.testing.assert_array_equal(gun[:, ::-1], flipped)  # pointing the way the figure faces
