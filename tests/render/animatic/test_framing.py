"""The framing rules hold in every shot (render/animatic/blocking.py FRAMING_RULES): a close-up
shows the head and shoulders whatever the angle or pose, a two-shot keeps both heads, an extreme
close-up keeps the eyes, an establishing shot shows the place with no one in front of it."""

from __future__ import annotations

import numpy as np
import pytest

from storyreel.models.bible import CharacterSheet, Identity
from storyreel.render.animatic.pipeline import AnimaticRenderer

SIZE = (320, 180)
SHORT = CharacterSheet(name="ANA", identity=Identity(colour="#FF00FF", height_m=1.5, hair_colour="#202020"))
TALL = CharacterSheet(
    name="BEN", identity=Identity(colour="#00C8FF", height_m=1.98, build="heavy", hair_colour="#A05020")
)


def truth(job, index=0):
    return AnimaticRenderer().truth(job, index, *SIZE)


def inside(box, margin=0.0) -> bool:
    return box[0] >= -margin and box[1] >= -margin and box[2] <= 1 + margin and box[3] <= 1 + margin


def pixels_in(mask: np.ndarray, box) -> float:
    """The share of the mask's pixels that lie in the box (a pixel of slack)."""
    ys, xs = np.nonzero(mask)
    h, w = mask.shape
    keep = (xs >= box[0] * w - 1) & (xs <= box[2] * w + 1) & (ys >= box[1] * h - 1) & (ys <= box[3] * h + 1)
    return float(keep.mean()) if xs.size else 0.0


@pytest.mark.parametrize("angle", ["eye_level", "low", "high", "overhead", "dutch"])
@pytest.mark.parametrize("pose", ["stand", "sit"])
def test_a_close_up_shows_head_and_shoulders_at_any_angle(job_factory, render, mask_of, angle, pose):
    job = job_factory(
        framing="close_up",
        angle=angle,
        size=SIZE,
        subjects=("BEN",),
        blocking=({"side": "center", "pose": pose},),
    )
    (frame,) = render(job, [0])
    ben = truth(job).figures[0]
    height = ben.head[3] - ben.head[1]
    assert inside(ben.head) and 0.3 < height < 0.75, (angle, pose, ben.head)
    assert ben.body[3] > 0.95  # the shoulders go on below the frame
    hair = mask_of(frame, "#A05020", 12)
    assert hair.sum() > 100 and pixels_in(hair, ben.head) > 0.97
    assert not mask_of(frame, "#00C8FF", 10)[: int(ben.head[1] * SIZE[1])].any()  # no body above the head
    legs = mask_of(frame, "#006E8C", 10)  # his trousers: the identity colour, shaded
    assert legs.mean() < 0.01, (angle, pose)  # a close-up shows no legs


@pytest.mark.parametrize(
    ("framing", "moves"), [("close_up", ("static",)), ("medium", ("static",)), ("medium", ("dolly_in",))]
)
def test_a_two_shot_keeps_both_heads_the_shorter_too(job_factory, render, mask_of, framing, moves):
    job = job_factory(
        framing=framing,
        kind="two_shot",
        moves=moves,
        size=SIZE,
        subjects=("ANA", "BEN"),
        sides=("left", "right"),
    )
    job = job.model_copy(update={"characters": (SHORT, TALL)})
    last = job.shot.frame_count(job.fps) - 1
    frames = render(job, [0, last])
    for index, frame in zip((0, last), frames, strict=True):
        t = truth(job, index)
        assert [f.visible for f in t.figures] == [1.0, 1.0], (framing, moves, index)
        for f, hair in zip(sorted(t.figures, key=lambda f: f.character), ("#202020", "#A05020"), strict=True):
            assert inside(f.head)
            assert mask_of(frame, hair, 8).sum() > 20


def test_an_extreme_close_up_keeps_the_eyes(job_factory, render, mask_of):
    for angle in ("eye_level", "overhead", "low"):
        job = job_factory(framing="extreme_close_up", angle=angle, size=SIZE)
        (frame,) = render(job, [0])
        eyes = mask_of(frame, "#1E1E24", 4) & ~mask_of(frame, "#202020", 1)
        ys, xs = np.nonzero(eyes)
        assert xs.size > 4, angle
        assert 0.1 * SIZE[1] < ys.mean() < 0.9 * SIZE[1], angle


def test_a_lying_figure_s_close_up_is_on_its_head(job_factory, render, mask_of):
    job = job_factory(
        framing="close_up", size=SIZE, subjects=("BEN",), blocking=({"side": "center", "pose": "lie"},)
    )
    ben = truth(job).figures[0]
    assert inside(ben.head) and ben.head[3] - ben.head[1] > 0.25


def test_an_establishing_shot_shows_the_place_and_whole_small_people(job_factory):
    job = job_factory(
        framing="long", kind="establishing", size=SIZE, subjects=("ANA", "BEN"), sides=("left", "right")
    )
    for f in truth(job).figures:
        assert inside(f.body, 0.0) and f.head[3] - f.head[1] < 0.1
