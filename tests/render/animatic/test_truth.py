"""`AnimaticRenderer.truth()`: the boxes it reports are where the figures were drawn."""

from __future__ import annotations

import numpy as np
import pytest

from storyreel.render.animatic.pipeline import AnimaticRenderer

BEN_HAIR = "#A05020"
SIZE = (320, 180)


def pixel_box(mask: np.ndarray) -> tuple[float, float, float, float]:
    ys, xs = np.nonzero(mask)
    h, w = mask.shape
    return xs.min() / w, ys.min() / h, (xs.max() + 1) / w, (ys.max() + 1) / h


def inside(inner, outer, slack: float) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


@pytest.mark.parametrize(
    ("framing", "angle", "moves"),
    [("full", "eye_level", ("static",)), ("medium", "high", ("dolly_in",)), ("full", "low", ("pan_left",))],
)
def test_the_drawn_head_lies_in_its_box(job_factory, mask_of, render, framing, angle, moves):
    job = job_factory(
        framing=framing, angle=angle, moves=moves, subjects=("ANA", "BEN"), sides=("left", "right"), size=SIZE
    )
    renderer = AnimaticRenderer()
    for index in (0, 6):
        (frame,) = render(job, [index])
        truth = renderer.truth(job, index, *SIZE)
        assert truth.frame == index and truth.angle == angle
        ben = next(f for f in truth.figures if f.character == "BEN")
        hair = mask_of(frame, BEN_HAIR, 10)
        assert hair.sum() > 3
        slack = 2.5 / SIZE[1]
        assert inside(pixel_box(hair), ben.head, slack), (pixel_box(hair), ben.head)
        assert inside(ben.head, ben.body, 1e-6)
        body = mask_of(frame, "#00C8FF", 10)
        assert inside(pixel_box(body), ben.body, slack), (pixel_box(body), ben.body)


def test_the_truth_does_not_depend_on_the_frame_size(job_factory):
    job = job_factory(framing="medium", subjects=("ANA", "BEN"), sides=("left", "right"), size=SIZE)
    renderer = AnimaticRenderer()
    small, large = renderer.truth(job, 3, 160, 90), renderer.truth(job, 3, 640, 360)
    for a, b in zip(small.figures, large.figures, strict=True):
        assert a.character == b.character
        np.testing.assert_allclose(a.head, b.head, atol=1e-6)


def test_a_figure_out_of_frame_has_no_visible_head(job_factory):
    job = job_factory(framing="close_up", subjects=("ANA", "BEN"), sides=("left", "right"), size=SIZE)
    truth = AnimaticRenderer().truth(job, 0, *SIZE)
    assert [f.character for f in truth.figures] and all(0.0 <= f.visible <= 1.0 for f in truth.figures)


@pytest.mark.parametrize(
    ("framing", "angle", "placement"),
    [
        (
            "full",
            "eye_level",
            {"side": "center", "facing": "right", "motion": "walk", "start_x": 0.25, "end_x": 0.75},
        ),
        ("full", "high", {"side": "center", "facing": "left", "pose": "sit"}),
        ("close_up", "overhead", {"side": "center", "facing": "right"}),
        ("medium", "eye_level", {"side": "center", "facing": "camera", "motion": "turn"}),
    ],
)
def test_a_posed_or_moving_head_lies_in_its_box(job_factory, mask_of, render, framing, angle, placement):
    job = job_factory(
        framing=framing, angle=angle, subjects=("BEN",), blocking=(placement,), size=SIZE, duration_s=2.0
    )
    renderer = AnimaticRenderer()
    for index in (0, 7, 23):
        (frame,) = render(job, [index])
        (ben,) = renderer.truth(job, index, *SIZE).figures
        hair = mask_of(frame, BEN_HAIR, 10)
        assert hair.sum() > 3
        assert inside(pixel_box(hair), ben.head, 2.5 / SIZE[1]), (index, pixel_box(hair), ben.head)
