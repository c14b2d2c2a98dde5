"""The rasterizer's near-plane clipping."""

from __future__ import annotations

import numpy as np

from storyreel.render.animatic.raster import NEAR_M, Rasterizer, _corners
from storyreel.render.animatic.stage import Layer


def _bare(width: int = 32, height: int = 18) -> Rasterizer:
    raster = Rasterizer.__new__(Rasterizer)  # only what _draw reads: size and the frame
    raster.width, raster.height = width, height
    raster.frame = np.zeros((height, width, 4), np.uint8)
    return raster


def _card(depth: float, slant: float = 0.0) -> Layer:
    """A 4 x 4 texel card whose near edge is at `depth`, its far edge `slant` metres further."""
    return Layer(
        name="card",
        texture=np.full((4, 4, 4), 255, np.uint8),
        origin=np.array([-0.01, -0.01, depth]),
        axis_s=np.array([0.005, 0.0, 0.0]),
        axis_t=np.array([0.0, 0.005, slant / 4]),
    )


K = np.array([[30.0, 0.0, 16.0], [0.0, 30.0, 9.0], [0.0, 0.0, 1.0]])


def test_a_card_just_past_the_near_plane_but_inside_the_clipping_margin_is_not_drawn():
    """Found drawing the figure set: a card a hair beyond NEAR_M clipped to nothing and crashed."""
    raster, card = _bare(), _card(NEAR_M * 0.98, slant=NEAR_M * 0.025)  # 0.98 to 1.005 x NEAR_M
    raster._draw(card, _corners(card), np.eye(3), K, np.zeros(3))
    assert not raster.frame.any()


def test_a_card_well_in_front_of_the_camera_is_drawn():
    raster, card = _bare(), _card(0.5)
    raster._draw(card, _corners(card), np.eye(3), K, np.zeros(3))
    assert raster.frame[..., 3].any()
