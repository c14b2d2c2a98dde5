"""The animatic's camera from its pixels: framing, angle, movement direction, parallax, pacing,
blocking (the camera's geometry alone: tests/media/test_camera.py)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

ANA = "#FF00FF"


def figure_height(mask: np.ndarray) -> int:
    rows = np.flatnonzero(mask.any(axis=1))
    return int(rows[-1] - rows[0] + 1) if rows.size else 0


def centroid(mask: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(mask)
    return np.array([xs.mean(), ys.mean()])


def sky_fraction(frame: np.ndarray) -> float:
    r, g, b = (frame[..., i].astype(int) for i in range(3))
    return float(((b > r + 25) & (b > g) & (b > 170)).mean())  # the DAY sky, not blue set pieces


def shift(a: np.ndarray, b: np.ndarray, rows: slice = slice(None)) -> tuple[float, float]:
    """Global translation of the content from a to b (phase correlation), + = right / down."""
    ga = cv2.cvtColor(a[rows], cv2.COLOR_RGB2GRAY).astype(np.float32)
    gb = cv2.cvtColor(b[rows], cv2.COLOR_RGB2GRAY).astype(np.float32)
    (dx, dy), _ = cv2.phaseCorrelate(ga, gb)
    return dx, dy


def test_framing_sets_the_subject_size(job_factory, render, mask_of):
    heights = []
    for framing in ("extreme_long", "long", "full", "medium"):
        (frame,) = render(job_factory(framing=framing), [0])
        heights.append(figure_height(mask_of(frame, ANA)))
    assert heights == sorted(heights) and heights[0] < heights[-1] / 4
    assert heights[0] > 0  # tiny but there
    # full shot: the figure (torso, not the head) spans a good part of the frame
    assert 0.15 * 90 < heights[2] < 0.6 * 90
    # close-ups: the head fills the frame (skin tone covers much of it)
    (close,) = render(job_factory(framing="close_up"), [0])
    (extreme,) = render(job_factory(framing="extreme_close_up"), [0])
    skin_close = mask_of(close, "#E0B896", 8).mean()
    skin_extreme = mask_of(extreme, "#E0B896", 8).mean()
    assert skin_extreme > 0.15 and skin_extreme > skin_close


def test_angles(job_factory, render, mask_of):
    (eye,) = render(job_factory(subjects=(), framing="long"), [0])
    (low,) = render(job_factory(subjects=(), framing="long", angle="low"), [0])
    (high,) = render(job_factory(subjects=(), framing="long", angle="high"), [0])
    (overhead,) = render(job_factory(subjects=(), framing="long", angle="overhead"), [0])
    assert sky_fraction(low) > sky_fraction(eye) > sky_fraction(high)
    assert sky_fraction(overhead) == 0.0  # straight down: ground only
    # dutch: the horizon is tilted (sky reaches lower on one side than on the other)
    (dutch,) = render(job_factory(subjects=(), framing="long", angle="dutch"), [0])
    sky = dutch[..., 2].astype(int) > dutch[..., 0].astype(int) + 25
    third = sky.shape[1] // 3
    left, right = sky[:, :third].mean(axis=1).sum(), sky[:, -third:].mean(axis=1).sum()
    assert abs(float(left) - float(right)) > 12
    # low angle: the figure is seen from below, its head nearer the top of the frame
    (fig_eye,) = render(job_factory(framing="full"), [0])
    (fig_low,) = render(job_factory(framing="full", angle="low"), [0])
    assert sky_fraction(fig_low) > sky_fraction(fig_eye)


@pytest.mark.parametrize(
    ("move", "axis", "sign"),
    [("pan_left", 0, +1), ("pan_right", 0, -1), ("tilt_up", 1, +1), ("tilt_down", 1, -1)],
)
def test_rotation_moves_slide_the_content(job_factory, render, move, axis, sign):
    job = job_factory(framing="long", moves=(move,), speed=0.3, size=(192, 108))
    a, b = render(job, [0, 3])
    moved = shift(a, b)[axis]
    assert moved * sign > 1.0, (move, shift(a, b))


def _scale_about_centre(frame: np.ndarray, scale: float) -> np.ndarray:
    h, w = frame.shape[:2]
    m = np.array([[scale, 0, (1 - scale) * w / 2], [0, scale, (1 - scale) * h / 2]])
    return cv2.warpAffine(frame, m, (w, h), flags=cv2.INTER_LINEAR)


def test_zoom_is_a_pure_scale_and_dolly_has_parallax(job_factory, render, mask_of):
    errors = {}
    for move in ("zoom_in", "dolly_in"):
        job = job_factory(framing="long", moves=(move,), speed=1.0, duration_s=1.0, size=(192, 108))
        first, last = render(job, [0, 11])
        grown = figure_height(mask_of(last, ANA)) / figure_height(mask_of(first, ANA))
        assert grown > 1.15, move  # content grows either way
        # the best single scale of the first frame about the centre, as a prediction of the last:
        # exact for a zoom, not for a dolly (near and far things grow by different amounts)
        inner = (slice(20, -20), slice(30, -30))
        errors[move] = min(
            float(
                np.abs(_scale_about_centre(first, scale)[inner].astype(int) - last[inner].astype(int)).mean()
            )
            for scale in np.linspace(1.0, 2.5, 61)
        )
    assert errors["zoom_in"] * 2 < errors["dolly_in"], errors


def test_truck_has_parallax_and_pan_does_not(job_factory, render, mask_of):
    ratios = {}
    for move in ("truck_left", "pan_left"):
        job = job_factory(framing="full", moves=(move,), speed=0.5, size=(192, 108))
        a, b = render(job, [0, 4])
        figure_dx = centroid(mask_of(b, ANA))[0] - centroid(mask_of(a, ANA))[0]
        far_dx, _ = shift(a, b, rows=slice(0, 30))  # the skyline above the figure
        assert figure_dx > 0.5, move  # content moves right for both
        ratios[move] = figure_dx / max(abs(far_dx), 0.05)
    assert ratios["truck_left"] > 3 * ratios["pan_left"], ratios
    assert 0.5 < ratios["pan_left"] < 2.0, ratios


def test_ease_in_moves_little_early_and_much_late(job_factory, render, mask_of):
    job = job_factory(
        framing="long", moves=("pan_left",), speed=0.4, pacing="ease_in", duration_s=1.0, size=(192, 108)
    )
    start, middle, end = (centroid(mask_of(f, ANA))[0] for f in render(job, [0, 5, 11]))
    assert 0 <= middle - start < (end - middle) / 2


def test_blocking_sides(job_factory, render, mask_of):
    job = job_factory(framing="full", subjects=("ANA", "BEN"), sides=("left", "right"), size=(192, 108))
    (frame,) = render(job, [0])
    ana_x = centroid(mask_of(frame, ANA))[0]
    ben_x = centroid(mask_of(frame, "#00C8FF"))[0]
    assert ana_x < 96 < ben_x


def test_a_character_looks_the_same_in_every_shot(job_factory, render, mask_of):
    (wide,) = render(job_factory(framing="long", angle="high"), [0])
    (medium,) = render(job_factory(framing="medium", subjects=("BEN", "ANA"), sides=("left", "right")), [0])
    for frame in (wide, medium):
        assert mask_of(frame, ANA, tolerance=0).sum() > 5


def test_handheld_and_arc_and_crane_move_the_picture(job_factory, render):
    for move in ("handheld", "arc_left", "crane_up", "pedestal_up"):
        a, b = render(job_factory(framing="full", moves=(move,), speed=0.6), [0, 11])
        assert np.abs(a.astype(int) - b.astype(int)).mean() > 1.0, move
