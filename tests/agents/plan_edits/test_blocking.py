"""Blocking across structural edits: a split divides a body's travel, a merge keeps the first
start and the last end, an added shot stands its people as the scene left them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from storyreel.agents.plan_edits import apply_edits
from storyreel.agents.plan_edits.blocking import added_blocking, merge_blocking, split_blocking
from storyreel.checks import plan_problems
from storyreel.models.edits import AddEdit, MergeEdit, SplitEdit
from storyreel.models.plan import SIDE_MARKS, Placement


def _helper():
    name = "storyreel_tests_director_film"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[1] / "director_film.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


PLAN, BIBLE, SCREENPLAY = _helper().film()

ENTER = Placement(character="NELL", side="left", facing="right", motion="enter", start_x=-0.2, end_x=0.3)
EXIT = Placement(character="DANNY", side="right", facing="right", motion="exit", start_x=0.7, end_x=1.2)
RUN = Placement(character="DANNY", side="right", facing="left", motion="run", start_x=0.9, end_x=0.4)


def blocked(shot_id: str, blocking: list[Placement]):
    """The hand-made film with `shot_id` blocked as given."""
    shots = [s.model_copy(update={"blocking": blocking}) if s.id == shot_id else s for s in PLAN.shots]
    return PLAN.model_copy(update={"shots": shots})


@pytest.mark.parametrize(
    ("placement", "at", "first", "second"),
    [
        (RUN, 0.5, ("run", 0.9, 0.65), ("run", 0.65, 0.4)),
        (ENTER, 0.25, ("enter", -0.2, -0.075), ("enter", -0.075, 0.3)),  # still off screen at the cut
        (ENTER, 0.75, ("enter", -0.2, 0.175), ("walk", 0.175, 0.3)),  # on screen by the cut: walks on
        (EXIT, 0.25, ("walk", 0.7, 0.825), ("exit", 0.825, 1.2)),
    ],
)
def test_a_split_divides_the_travel_at_the_cut(placement, at, first, second):
    (a,), (b,) = split_blocking([placement], at)
    assert (a.motion, a.start_x, a.end_x) == pytest.approx(first)
    assert (b.motion, b.start_x, b.end_x) == pytest.approx(second)


def test_a_still_figure_is_the_same_in_both_parts_and_a_turn_happens_in_the_first():
    still = Placement(character="NELL", side="left", eyeline="DANNY", facing="right", pose="sit")
    turn = still.model_copy(update={"motion": "turn"})
    assert split_blocking([still, turn], 0.5) == ([still, turn], [still, still])


def test_splitting_a_shot_splits_its_blocking():
    applied = apply_edits(blocked("g-2", [ENTER, RUN]), BIBLE, [SplitEdit(shot="g-2", at=0.5)], SCREENPLAY)
    first, second = applied.plan.shot("g-2"), applied.plan.shot("g-2a")
    assert first.blocking[0].start_x == ENTER.start_x and second.blocking[0].end_x == ENTER.end_x
    assert first.blocking[1].end_x == second.blocking[1].start_x
    assert plan_problems(applied.plan, SCREENPLAY, BIBLE) == []


def test_a_merge_keeps_the_first_start_and_the_last_end():
    plan = blocked("g-3", [ENTER])
    nell_later = Placement(character="NELL", side="left", eyeline="DANNY", facing="right", pose="sit")
    shots = [
        s.model_copy(update={"subjects": ["NELL"], "blocking": [nell_later]}) if s.id == "g-4" else s
        for s in plan.shots
    ]
    applied = apply_edits(plan.model_copy(update={"shots": shots}), BIBLE, [MergeEdit(shots=["g-3", "g-4"])])
    (nell,) = applied.plan.shot("g-3").blocking
    assert (nell.motion, nell.start_x, nell.end_x) == ("enter", ENTER.start_x, ENTER.end_x)


def test_merged_walks_join_into_one_and_a_merge_into_a_two_shot_has_no_shoulder():
    walk_a = Placement(character="DANNY", side="right", facing="left", motion="walk", start_x=0.9, end_x=0.7)
    walk_b = walk_a.model_copy(update={"start_x": 0.7, "end_x": 0.5})
    shoulder = Placement(character="NELL", side="left", eyeline="DANNY", facing="away", foreground=True)
    plan = blocked("g-3", [walk_a, shoulder])
    shots = [
        s.model_copy(update={"subjects": ["DANNY"], "blocking": [walk_b]}) if s.id == "g-4" else s
        for s in plan.shots
    ]
    shots = [s.model_copy(update={"subjects": ["DANNY", "NELL"]}) if s.id == "g-3" else s for s in shots]
    group = [s for s in shots if s.id in ("g-3", "g-4")]
    danny, nell = merge_blocking(group, ["DANNY", "NELL"], "two_shot")
    assert (danny.motion, danny.start_x, danny.end_x) == ("walk", 0.9, 0.5)
    assert not nell.foreground and nell.facing == "right"  # toward Danny now the shoulder is gone
    kept = merge_blocking(group, ["DANNY", "NELL"], "over_the_shoulder")
    assert kept[1].foreground and kept[1].facing == "away"


def test_an_added_shot_stands_its_people_as_the_scene_left_them():
    sitting = Placement(character="DANNY", side="right", eyeline="NELL", facing="left", pose="sit")
    plan = blocked("g-4", [sitting])
    edit = AddEdit(
        position="after", anchor="g-4", kind="two_shot", framing="medium", duration_s=2,
        subjects=["NELL", "DANNY"], description="The two of them.",
    )  # fmt: skip
    applied = apply_edits(plan, BIBLE, [edit], SCREENPLAY)
    nell, danny = applied.plan.shot("g-4a").blocking
    assert (nell.eyeline, nell.facing) == ("DANNY", "right") and (danny.eyeline, danny.facing) == (
        "NELL",
        "left",
    )
    assert danny.pose == "sit" and nell.pose == "stand"


def test_an_added_over_the_shoulder_has_its_second_subject_in_the_foreground():
    scene = [s for s in PLAN.shots if s.scene == 0]
    speaker, shoulder = added_blocking(["NELL", "DANNY"], "over_the_shoulder", scene, scene[-1])
    assert shoulder.foreground and shoulder.facing == "away" and shoulder.eyeline == "NELL"
    assert speaker.facing == "right" and speaker.side == "left" and SIDE_MARKS[speaker.side] < 0.5
