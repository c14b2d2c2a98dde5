"""What the plan says, drawn: facing, the over-the-shoulder foreground, poses, motion, props,
world-fixed sets and the framing rules, checked from the pixels (the truth says where to look)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from storyreel.media.figure import FIXED
from storyreel.render.animatic.pipeline import AnimaticRenderer
from storyreel.render.animatic.props import PROPS

SIZE = (320, 180)
NOSE, MOUTH = ("#{:02X}{:02X}{:02X}".format(*FIXED[part][:3]) for part in ("nose", "mouth"))
TWO = {"subjects": ("ANA", "BEN"), "sides": ("left", "right")}
FACING = (
    {"side": "left", "facing": "right", "eyeline": "BEN"},
    {"side": "right", "facing": "left", "eyeline": "ANA"},
)
OTS = (
    {"side": "left", "facing": "right", "eyeline": "BEN"},
    {"side": "right", "facing": "away", "eyeline": "ANA", "foreground": True},
)
BUCKET = {"name": "the bucket", "shape": "bucket", "x": 0.35, "depth": 0.1}


def truth(job, index=0):
    return AnimaticRenderer().truth(job, index, *SIZE)


def figure(frame_truth, name):
    return next(f for f in frame_truth.figures if f.character == name)


def crop(frame, box):
    h, w = frame.shape[:2]
    x0, y0 = max(0, int(box[0] * w)), max(0, int(box[1] * h))
    x1, y1 = min(w, int(np.ceil(box[2] * w))), min(h, int(np.ceil(box[3] * h)))
    return frame[y0:y1, x0:x1], (x0, y0)


def face_mask(region, mask_of) -> np.ndarray:
    """The nose and mouth (the eyes are nearly the colour of Ana's hair)."""
    return mask_of(region, NOSE, 6) | mask_of(region, MOUTH, 10)


def feature_offset(frame, box, mask_of) -> float:
    """Where the nose and mouth lie across the head box: -0.5 its left edge, +0.5 its right."""
    region, (x0, _) = crop(frame, box)
    ys, xs = np.nonzero(face_mask(region, mask_of))
    assert xs.size, "no face drawn in the head box"
    width = (box[2] - box[0]) * frame.shape[1]
    return float((xs.mean() + x0 - (box[0] + box[2]) / 2 * frame.shape[1]) / width)


# -- facing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("facing", "sign"), [("left", -1), ("right", 1), ("camera", 0)])
def test_a_single_faces_where_the_plan_says(job_factory, render, mask_of, facing, sign):
    job = job_factory(framing="close_up", size=SIZE, blocking=({"side": "center", "facing": facing},))
    (frame,) = render(job, [0])
    ana = figure(truth(job), "ANA")
    assert ana.facing == facing
    offset = feature_offset(frame, ana.head, mask_of)
    if sign:
        assert offset * sign > 0.1, offset
    else:
        assert abs(offset) < 0.05, offset


def test_a_two_shot_shows_two_people_facing_each_other(job_factory, render, mask_of):
    job = job_factory(framing="medium", kind="two_shot", size=SIZE, blocking=FACING, **TWO)
    (frame,) = render(job, [0])
    t = truth(job)
    ana, ben = figure(t, "ANA"), figure(t, "BEN")
    assert ana.head[2] < ben.head[0]  # Ana on the left ...
    assert (ana.facing, ben.facing) == ("right", "left")
    assert feature_offset(frame, ana.head, mask_of) > 0.1  # ... looking right, at Ben
    assert feature_offset(frame, ben.head, mask_of) < -0.1
    assert all(f.visible == 1.0 for f in t.figures)


def test_a_back_turned_to_us_shows_no_face(job_factory, render, mask_of):
    job = job_factory(framing="close_up", size=SIZE, blocking=({"side": "center", "facing": "away"},))
    (frame,) = render(job, [0])
    region, _ = crop(frame, figure(truth(job), "ANA").head)
    assert not face_mask(region, mask_of).any()
    assert mask_of(region, "#202020", 8).mean() > 0.4  # the back of her head


# -- over the shoulder --------------------------------------------------------------------------


def sharpness(region: np.ndarray) -> float:
    grey = cv2.cvtColor(region, cv2.COLOR_RGB2GRAY)
    return float(np.abs(cv2.Laplacian(grey, cv2.CV_32F)).mean())


def test_an_over_the_shoulder_is_a_dark_soft_back_at_the_frame_edge(job_factory, render, mask_of):
    job = job_factory(framing="medium", kind="over_the_shoulder", size=SIZE, blocking=OTS, **TWO)
    (frame,) = render(job, [0])
    t = truth(job)
    ana, ben = figure(t, "ANA"), figure(t, "BEN")
    assert t.figures[-1] is ben and ben.foreground and ben.facing == "away"  # nearest, from behind
    assert ben.body[2] > 1.0 and (ben.head[0] + ben.head[2]) / 2 > 0.65  # at the right edge, partly out
    assert ben.head[3] - ben.head[1] > 1.5 * (ana.head[3] - ana.head[1])  # nearer the lens
    assert ana.facing == "right" and not ana.foreground and ana.visible == 1.0
    # darker and out of focus: no pixel of Ben's own colour survives, and his region is soft
    assert not mask_of(frame, "#00C8FF", 20).any()
    near, _ = crop(frame, (max(ben.body[0], 0.55), 0.35, 1.0, 1.0))
    far, _ = crop(frame, ana.body)
    assert near.mean() < 0.8 * far.mean()
    assert sharpness(near) < 0.5 * sharpness(far)


def test_an_over_the_shoulder_is_told_apart_from_a_two_shot(job_factory):
    ots = truth(job_factory(framing="medium", kind="over_the_shoulder", size=SIZE, blocking=OTS, **TWO))
    two = truth(job_factory(framing="medium", kind="two_shot", size=SIZE, blocking=FACING, **TWO))
    assert [f.foreground for f in ots.figures] == [False, True]
    assert not any(f.foreground for f in two.figures)


# -- poses --------------------------------------------------------------------------------------


def test_sitting_kneeling_and_lying_lower_the_head(job_factory):
    heads = {}
    for pose in ("stand", "sit", "kneel", "lie"):
        job = job_factory(
            framing="long", size=SIZE, blocking=({"side": "center", "pose": pose, "facing": "right"},)
        )
        heads[pose] = figure(truth(job), "ANA")
    assert heads["stand"].head[3] < heads["sit"].head[3] and heads["stand"].head[3] < heads["kneel"].head[3]
    assert heads["sit"].head[3] < heads["lie"].head[3]
    lie = heads["lie"].body
    assert lie[2] - lie[0] > 2 * (lie[3] - lie[1]) * SIZE[1] / SIZE[0]  # lying: wider than high


def test_a_sitter_sits_on_the_seat_at_hand(job_factory, render, mask_of):
    job = job_factory(
        framing="full",
        size=SIZE,
        subjects=("BEN",),
        blocking=({"side": "right", "pose": "sit", "facing": "left"},),
        props=(BUCKET,),
    )
    (frame,) = render(job, [0])
    ben = figure(truth(job), "BEN")
    bucket = "#{:02X}{:02X}{:02X}".format(*PROPS["bucket"].colour)
    ys, xs = np.nonzero(mask_of(frame, bucket, 10))
    assert xs.size > 20
    x0, y0, x1, y1 = (v * s for v, s in zip(ben.body, SIZE * 2, strict=False))
    assert x0 < xs.mean() < x1 and y0 + 0.5 * (y1 - y0) < ys.mean() < y1  # under his hips


# -- motion -------------------------------------------------------------------------------------


def test_a_walk_goes_from_mark_to_mark_with_alternating_legs(job_factory, render, mask_of):
    job = job_factory(
        framing="long",
        size=SIZE,
        duration_s=2.0,
        blocking=({"side": "center", "facing": "right", "motion": "walk", "start_x": 0.2, "end_x": 0.8},),
    )
    last = job.shot.frame_count(job.fps) - 1
    first, end = figure(truth(job, 0), "ANA"), figure(truth(job, last), "ANA")
    assert (first.body[0] + first.body[2]) / 2 == pytest.approx(0.2, abs=0.04)
    assert (end.body[0] + end.body[2]) / 2 == pytest.approx(0.8, abs=0.04)
    assert first.facing == "right"
    frames = render(job, [0, 3, 6, 9])
    legs = [mask_of(f, "#8C008C", 12) for f in frames]  # her trousers: the identity colour, shaded
    changes = [np.logical_xor(a, b).sum() for a, b in zip(legs, legs[1:], strict=False)]
    assert min(changes) > 0.3 * max(1, legs[0].sum())  # the legs swing, frame to frame


def test_a_run_leans_and_strides_faster_than_a_walk(job_factory):
    tilts = {}
    for motion in ("walk", "run"):
        job = job_factory(
            framing="full",
            size=SIZE,
            duration_s=2.0,
            blocking=({"side": "center", "facing": "right", "motion": motion, "start_x": 0.3, "end_x": 0.7},),
        )
        t = figure(truth(job, 5), "ANA")
        tilts[motion] = (t.head[0] + t.head[2]) / 2 - (t.body[0] + t.body[2]) / 2
    assert tilts["run"] > tilts["walk"]


@pytest.mark.parametrize(("motion", "marks"), [("enter", {"start_x": -0.3}), ("exit", {"end_x": 1.3})])
def test_an_entrance_and_an_exit_cross_the_frame_edge(job_factory, render, mask_of, motion, marks):
    job = job_factory(
        framing="full",
        size=SIZE,
        duration_s=2.0,
        blocking=(
            {"side": "center", "facing": "right" if motion == "exit" else "right", "motion": motion, **marks},
        ),
    )
    last = job.shot.frame_count(job.fps) - 1
    outside, inside = (0, last) if motion == "enter" else (last, 0)
    frames = dict(zip((outside, inside), render(job, [outside, inside]), strict=True))
    assert figure(truth(job, outside), "ANA").visible == 0.0
    assert not mask_of(frames[outside], "#FF00FF").any()
    assert figure(truth(job, inside), "ANA").visible == 1.0
    assert mask_of(frames[inside], "#FF00FF").sum() > 50


def test_a_turn_goes_from_the_back_to_the_planned_facing(job_factory, render, mask_of):
    job = job_factory(
        framing="close_up",
        size=SIZE,
        duration_s=2.0,
        blocking=({"side": "center", "facing": "camera", "motion": "turn"},),
    )
    last = job.shot.frame_count(job.fps) - 1
    assert figure(truth(job, 0), "ANA").facing == "away"
    assert figure(truth(job, last), "ANA").facing == "camera"
    first, end = render(job, [0, last])
    assert not face_mask(first, mask_of).any() and face_mask(end, mask_of).any()
