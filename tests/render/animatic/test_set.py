"""The set is world-fixed: every shot of a scene sees the same pieces and props in the same places
from its own camera; props stand where the plan puts them, small ones on a surface at hand."""

from __future__ import annotations

import numpy as np
import pytest

from storyreel.models.bible import LocationSheet
from storyreel.render.animatic.pipeline import AnimaticRenderer
from storyreel.render.animatic.props import PROPS

SIZE = (320, 180)
CAR = {"name": "the car", "shape": "vehicle", "x": 0.0, "depth": 1.5}
TABLE = {"name": "the table", "shape": "table", "x": -0.6, "depth": 1.0}
CUP = {"name": "a cup", "shape": "cup", "x": -0.55, "depth": 1.0}


def hex_of(shape: str) -> str:
    return "#{:02X}{:02X}{:02X}".format(*PROPS[shape].colour)


def stage(job):
    setup = AnimaticRenderer().setup(job, *SIZE)
    return setup.stage


def scene_foot(st, name: str) -> np.ndarray:
    """Where a card stands on the set: the middle of its bottom edge, in scene coordinates."""
    layer = next(layer for layer in st.layers if layer.name == name)
    return st.blocking.frame.to_scene(layer.corners()[2:].mean(axis=0))


def test_a_prop_stands_where_the_plan_puts_it_in_every_shot(job_factory, render, mask_of):
    """A car behind the middle of the line: right of Ana in her single, left of Ben in his."""
    common = {
        "framing": "long",
        "size": SIZE,
        "props": (CAR,),
        "subjects": ("ANA", "BEN"),
        "sides": ("left", "right"),
    }
    xs = {}
    for kind, subjects, blocking in (
        ("single", ("ANA",), ({"side": "left", "facing": "right", "eyeline": "BEN"},)),
        ("single", ("BEN",), ({"side": "right", "facing": "left", "eyeline": "ANA"},)),
        ("two_shot", ("ANA", "BEN"), None),
    ):
        job = job_factory(
            **{**common, "kind": kind, "subjects": subjects, "blocking": blocking, "sides": None}
        )
        (frame,) = render(job, [0])
        car = mask_of(frame, hex_of("vehicle"), 12)
        assert car.sum() > 30, subjects
        figure = mask_of(frame, "#FF00FF" if subjects[0] == "ANA" else "#00C8FF", 10)
        xs[subjects] = (np.nonzero(car)[1].mean(), np.nonzero(figure)[1].mean())
    assert xs[("ANA",)][0] > xs[("ANA",)][1]  # the car is right of Ana
    assert xs[("BEN",)][0] < xs[("BEN",)][1]  # and left of Ben


def test_the_set_is_the_same_in_every_shot_of_a_place(job_factory):
    """Pieces and props keep their scene coordinates whatever the camera, its side or the seed."""
    shots = [
        job_factory(framing="long", kind="establishing", subjects=(), size=SIZE, props=(CAR, TABLE)),
        job_factory(
            framing="medium",
            kind="two_shot",
            size=SIZE,
            props=(CAR, TABLE),
            subjects=("ANA", "BEN"),
            sides=("left", "right"),
        ),
        job_factory(
            framing="close_up",
            kind="over_the_shoulder",
            subjects=("ANA", "BEN"),
            size=SIZE,
            props=(CAR, TABLE),
            seed=99,
            blocking=(
                {"side": "left", "facing": "right", "eyeline": "BEN"},
                {"side": "right", "facing": "away", "foreground": True},
            ),
        ),
    ]
    stages = [stage(job) for job in shots]
    assert len({st.blocking.frame.heading for st in stages}) == 2  # the over-the-shoulder swings
    for prefix in ("prop:", "mid:"):
        seen = [
            {layer.name: scene_foot(st, layer.name) for layer in st.layers if layer.name.startswith(prefix)}
            for st in stages
        ]
        for x, y in ((0, 1), (0, 2), (1, 2)):
            shared = set(seen[x]) & set(seen[y])
            assert shared, (prefix, x, y)
            for name in shared:
                np.testing.assert_allclose(seen[x][name], seen[y][name], atol=1e-6)


def test_a_shot_s_seed_does_not_move_the_set(job_factory, render):
    a, b = (
        render(job_factory(framing="long", subjects=(), size=SIZE, seed=s, props=(CAR,)), [0])[0]
        for s in (3, 99)
    )
    np.testing.assert_array_equal(a, b)


def test_small_props_stand_on_the_table_at_hand(job_factory):
    st = stage(job_factory(framing="full", kind="establishing", subjects=(), size=SIZE, props=(TABLE, CUP)))
    cup = next(p for p in st.blocking.props if p.prop.name == "a cup")
    assert cup.scene[1] == pytest.approx(PROPS["table"].size[1])
    floor = stage(job_factory(framing="full", subjects=(), size=SIZE, props=(CUP,)))
    assert floor.blocking.props[0].scene[1] == 0.0


def test_a_held_prop_is_in_the_hand_not_on_the_set(job_factory, render, mask_of):
    job = job_factory(
        framing="medium",
        size=SIZE,
        subjects=("BEN",),
        props=(CUP,),
        blocking=({"side": "center", "facing": "right", "holding": "a cup"},),
    )
    (frame,) = render(job, [0])
    assert not any(p.prop.name == "a cup" for p in stage(job).blocking.props)
    cup = mask_of(frame, hex_of("cup"), 10)
    ys, xs = np.nonzero(cup)
    body = mask_of(frame, "#00C8FF", 10)
    assert xs.size > 5 and xs.mean() > np.nonzero(body)[1].mean()  # held out in front, to the right


@pytest.mark.parametrize("int_ext", ["EXT", "INT"])
def test_an_establishing_shot_has_nothing_between_the_lens_and_the_line(job_factory, int_ext):
    """No set piece stands in front of the cast's line: nothing to hide a face, no half a head."""
    place = LocationSheet(name="YARD", int_ext=int_ext, times_of_day=["DAY"])
    for framing in ("long", "extreme_long", "full"):
        job = job_factory(
            framing=framing, kind="establishing", subjects=(), size=SIZE, location=place, props=(CAR,)
        )
        setup = AnimaticRenderer().setup(job, *SIZE)
        pose = setup.path.start
        for layer in setup.stage.layers:
            depth = (layer.corners() - np.asarray(pose.position)) @ pose.rotation()[2]
            assert depth.min() > 0.9 * setup.path.subject_distance, (framing, layer.name)


def test_a_seat_goes_with_its_sitter_but_not_under_a_foreground(job_factory):
    seat = {"name": "the stool", "shape": "seat", "x": 0.35, "depth": 0.1}
    sitter = {"side": "right", "facing": "left", "pose": "sit", "eyeline": "ANA"}
    two = job_factory(
        framing="close_up",
        kind="two_shot",
        size=SIZE,
        subjects=("ANA", "BEN"),
        props=(seat,),
        blocking=({"side": "left", "facing": "right"}, sitter),
    )
    placed = stage(two).blocking
    ben = next(f for f in placed.figures if f.character == "BEN")
    (stool,) = placed.props
    np.testing.assert_allclose(stool.foot[[0, 1]], ben.start[[0, 1]], atol=1e-6)  # cheated in with him
    ots = job_factory(
        framing="medium",
        kind="over_the_shoulder",
        size=SIZE,
        subjects=("ANA", "BEN"),
        props=(seat,),
        blocking=({"side": "left", "facing": "right"}, {**sitter, "facing": "away", "foreground": True}),
    )
    assert not stage(ots).blocking.props  # under the shoulder, below the frame
