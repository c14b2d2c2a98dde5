"""The detector's grid: letterboxing keeps the frame's geometry, and what training encodes
decoding reads back (heads, sizes, facings) in the frame's own fractions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from storyreel.models.truth import FigureTruth, FrameTruth
from storyreel.tools.figures.grid import ANGLE_CLASSES, CHANNELS, FACING, FACINGS, HEAT, Grid


def figure(
    name: str, head: tuple[float, float, float, float], facing: str = "camera", visible: float = 1.0
) -> FigureTruth:
    return FigureTruth(character=name, head=head, body=head, facing=facing, visible=visible)


def perfect(target: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The answer a perfect network gives for these targets: logits of the heat, raw values
    elsewhere, the facing's class a large logit."""
    out = target.copy()
    heat = np.clip(target[HEAT], 1e-4, 1 - 1e-4)
    heat = np.where(heat >= 0.999, 0.999, heat * 0.5)  # only the centre cell peaks above 0.5
    out[HEAT] = np.log(heat / (1 - heat))
    out[FACING] = target[FACING] * 10.0
    return out


@pytest.mark.parametrize("size", [(256, 144), (640, 360), (64, 36), (400, 300), (300, 400)])
def test_letterbox_keeps_the_frame_whole_and_centred(size):
    grid = Grid()
    width, height = size
    frame = np.full((height, width, 3), 200, np.uint8)
    x, fit = grid.letterbox(frame)
    assert x.shape == (3, grid.height, grid.width) and x.dtype == np.float32
    assert math.isclose(fit.scale, min(grid.width / width, grid.height / height))
    inside = x[0] > 150 / 255
    rows, cols = np.nonzero(inside)
    assert abs(rows.min() - fit.dy) <= 1 and abs(cols.min() - fit.dx) <= 1
    assert abs((rows.max() + 1) - (fit.dy + height * fit.scale)) <= 1


@pytest.mark.parametrize("size", [(256, 144), (320, 240)])
def test_decoding_reads_back_what_the_targets_encode(size):
    grid = Grid()
    truth = FrameTruth(
        frame=0,
        angle="low",
        figures=[
            figure("ANA", (0.15, 0.2, 0.3, 0.5), "right"),
            figure("BEN", (0.62, 0.3, 0.7, 0.42), "left"),
            figure("CLEO", (0.48, 0.6, 0.5, 0.63), "away"),
        ],
    )
    fit = grid.fit(*size)
    target, mask, angle = grid.targets(truth, fit)
    assert target.shape == (CHANNELS, grid.rows, grid.cols) and mask.sum() == 3
    assert ANGLE_CLASSES[angle] == "low"
    heads = grid.decode(perfect(target, mask), fit)
    assert len(heads) == 3
    for drawn in truth.figures:
        cx, cy = (drawn.head[0] + drawn.head[2]) / 2, (drawn.head[1] + drawn.head[3]) / 2
        head = min(heads, key=lambda h: abs(h.centre[0] - cx) + abs(h.centre[1] - cy))
        assert head.centre == pytest.approx((cx, cy), abs=1e-4)
        assert head.height == pytest.approx(drawn.head[3] - drawn.head[1], rel=1e-3)
        assert head.facing == drawn.facing


def test_heads_mostly_outside_the_frame_are_no_target():
    grid = Grid()
    truth = FrameTruth(
        frame=0,
        angle="eye_level",
        figures=[figure("ANA", (0.9, 0.1, 1.3, 0.5), visible=0.2), figure("BEN", (0.4, -0.6, 0.6, -0.1))],
    )
    target, mask, _ = grid.targets(truth, grid.fit(256, 144))
    assert mask.sum() == 0 and target[HEAT].max() == 0


def test_a_weak_peak_inside_a_stronger_head_is_one_head():
    grid = Grid()
    fit = grid.fit(256, 144)
    truth = FrameTruth(frame=0, angle="high", figures=[figure("ANA", (0.3, 0.1, 0.6, 0.9))])
    target, mask, _ = grid.targets(truth, fit)
    out = perfect(target, mask)
    row, col = np.argwhere(mask)[0]
    out[HEAT, row + 1, col + 2] = 3.0  # a second, stronger-looking peak a little off the centre
    out[HEAT, row, col] = 4.0
    assert len(grid.decode(out, fit)) == 1


def test_facings_are_the_plans():
    assert FACINGS == ("left", "right", "camera", "away")


def test_decoded_heads_are_plain_python_numbers():
    """Scores are pydantic fields: a numpy scalar in one breaks comparisons downstream."""
    grid = Grid()
    fit = grid.fit(256, 144)
    truth = FrameTruth(frame=0, angle="low", figures=[figure("ANA", (0.4, 0.2, 0.5, 0.4), "left")])
    [head] = grid.decode(perfect(*grid.targets(truth, fit)[:2]), fit)
    assert all(type(v) is float for v in (*head.box, head.score, head.facing_score, head.height))
