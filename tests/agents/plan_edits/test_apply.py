"""Plan edits applied as pure functions, and the diff between two versions, on the hand-made film
of director_film.py (12 shots: g-1..g-5 in the garage, r-1..r-4 on the roof, k-1..k-3 in the kitchen)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from storyreel.agents.plan_edits import EditError, apply_edits
from storyreel.agents.plan_edits.camera import step_framing
from storyreel.agents.plan_edits.timing import spread_keyframes
from storyreel.agents.rendering import shot_jobs
from storyreel.models.edits import (
    AddEdit,
    CameraEdit,
    CharacterEdit,
    LocationEdit,
    MergeEdit,
    MoveEdit,
    RemoveEdit,
    ReseedEdit,
    SplitEdit,
    StyleEdit,
    TimingEdit,
    TransitionEdit,
)
from storyreel.models.plan import FrameRef, Keyframe
from storyreel.plan_diff import changed_shot_ids, describe, diff_documents
from storyreel.render.keys import job_fingerprint


def _helper():
    name = "storyreel_tests_director_film"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[1] / "director_film.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


PLAN, BIBLE, SCREENPLAY = _helper().film()


def apply(*edits):
    return apply_edits(PLAN, BIBLE, list(edits), SCREENPLAY)


def shot(plan, shot_id):
    return plan.shot(shot_id)


def fingerprints(plan, bible):
    return {job.shot.id: job_fingerprint(job) for job in shot_jobs(plan, bible, SCREENPLAY)}


def rendered_again(applied) -> set[str]:
    before, after = fingerprints(PLAN, BIBLE), fingerprints(applied.plan, applied.bible)
    return {s for s, f in after.items() if before.get(s) != f}


# -- camera -------------------------------------------------------------------------------------------


def test_tighter_steps_the_framing_the_lens_follows_and_the_prompts_say_so():
    applied = apply(CameraEdit(shots=["g-2"], framing_steps=1))
    new = shot(applied.plan, "g-2")
    assert (new.camera.framing, new.camera.lens_mm) == ("close_up", 85.0)
    assert all("close-up, eye level, 85mm lens." in k.prompt for k in new.keyframes)
    assert rendered_again(applied) == {"g-2"}
    assert shot(PLAN, "g-2").camera.framing == "medium"  # the input is untouched


def test_a_chosen_lens_stays_when_the_framing_changes():
    custom = apply(CameraEdit(shots=["g-2"], lens_mm=60))
    again = apply_edits(custom.plan, custom.bible, [CameraEdit(shots=["g-2"], framing="close_up")])
    assert shot(again.plan, "g-2").camera.lens_mm == 60


def test_tighter_than_an_extreme_close_up_is_said_not_done():
    applied = apply(CameraEdit(shots=["g-4", "g-5"], framing_steps=1))
    assert shot(applied.plan, "g-4").camera.framing == "extreme_close_up"
    assert shot(applied.plan, "g-5").camera.framing == "extreme_close_up"
    assert any("already a extreme close-up" in n or "already" in n for n in applied.notes)


def test_framing_steps_stop_at_either_end():
    assert step_framing("medium", 1) == "close_up"
    assert step_framing("medium", -2) == "long"
    assert step_framing("extreme_long", -1) == "extreme_long"


def test_an_added_move_compounds_and_replaces_its_opposite():
    applied = apply(CameraEdit(shots=["g-4"], add_movements=["pan_right", "tilt_up"]))
    assert shot(applied.plan, "g-4").camera.movements == ["pan_right", "tilt_up"]
    static = apply(CameraEdit(shots=["g-3"], add_movements=["dolly_in"]))
    camera = shot(static.plan, "g-3").camera
    assert camera.movements == ["dolly_in"] and camera.speed == 0.5  # a static shot starts moving


def test_moves_that_cancel_out_are_an_edit_error():
    with pytest.raises(EditError, match="cancel out"):
        apply(CameraEdit(shots=["g-3"], movements=["pan_left", "pan_right"]))


def test_an_unknown_shot_is_an_edit_error_naming_the_edit():
    with pytest.raises(EditError, match=r"edit 2 \(remove\): no shot 'zz' in the plan"):
        apply(CameraEdit(shots=["g-3"], angle="high"), RemoveEdit(shots=["zz"]))


# -- timing --------------------------------------------------------------------------------------------


def test_a_new_length_keeps_keyframes_at_their_places_in_the_shot():
    applied = apply(TimingEdit(shots=["g-2"], duration_s=2.5))
    new = shot(applied.plan, "g-2")
    assert new.duration_s == 2.5
    assert [k.frame for k in new.keyframes] == [0, new.frame_count(24) - 1]


def test_spreading_keyframes_keeps_order_and_ends():
    keys = [Keyframe(frame=f, description=str(f)) for f in (0, 30, 60, 119)]
    shorter = spread_keyframes(keys, 119, 11)
    assert [k.frame for k in shorter] == [0, 3, 6, 11]
    tiny = spread_keyframes(keys, 119, 2)
    assert [k.frame for k in tiny][0] == 0 and tiny[-1].frame == 2 and tiny[-1].description == "119"


def test_scaling_a_scene_changes_only_its_shots():
    applied = apply(TimingEdit(shots=["k-1", "k-2", "k-3"], duration_scale=0.5))
    assert [shot(applied.plan, s).duration_s for s in ("k-1", "k-2", "k-3")] == [1.5, 2.0, 1.0]
    assert rendered_again(applied) == {"k-1", "k-2", "k-3"}


def test_memory_of_a_shot_made_shorter_is_clamped():
    with_memory = PLAN.model_copy(
        update={
            "shots": [
                s.model_copy(update={"memory": [FrameRef(shot="g-2", frame=100)]}) if s.id == "g-3" else s
                for s in PLAN.shots
            ]
        }
    )
    applied = apply_edits(with_memory, BIBLE, [TimingEdit(shots=["g-2"], duration_s=1.0)], SCREENPLAY)
    assert shot(applied.plan, "g-3").memory == [FrameRef(shot="g-2", frame=23)]


# -- structure ---------------------------------------------------------------------------------------


def test_removing_a_shot_says_which_line_the_film_loses_and_hands_on_its_fade():
    applied = apply(RemoveEdit(shots=["k-3"]))
    assert [s.id for s in applied.plan.shots][-1] == "k-2"
    assert shot(applied.plan, "k-2").transition_out.type == "fade"  # FADE OUT. is kept
    spoken = apply(RemoveEdit(shots=["g-2"]))
    assert any("NELL's line" in note for note in spoken.notes)


def test_a_film_keeps_at_least_one_shot():
    with pytest.raises(EditError, match="at least one shot"):
        apply(RemoveEdit(shots=[s.id for s in PLAN.shots]))


def test_an_added_shot_joins_the_anchor_scene_with_a_new_id_and_keeps_screen_sides():
    edit = AddEdit(
        position="after",
        anchor="g-3",
        kind="insert",
        framing="close_up",
        duration_s=2,
        subjects=["DANNY"],
        description="Danny's hand on the bonnet.",
    )
    applied = apply(edit)
    ids = [s.id for s in applied.plan.shots]
    assert ids[2:5] == ["g-3", "g-3a", "g-4"]
    new = shot(applied.plan, "g-3a")
    assert new.scene == 0 and new.blocking[0].side == "right"  # Danny stands right in the garage
    assert applied.designs == {"g-3a": {"angle": None, "movements": None}}
    assert rendered_again(applied) == {"g-3a"}


def test_an_added_shot_of_an_unknown_character_is_refused():
    edit = AddEdit(
        position="before",
        anchor="g-1",
        kind="single",
        framing="medium",
        duration_s=2,
        subjects=["BOB"],
        description="Bob.",
    )
    with pytest.raises(EditError, match="no character 'BOB'"):
        apply(edit)


def test_a_split_shot_keeps_every_frame_and_its_ending():
    applied = apply(SplitEdit(shot="k-2", at=0.25))
    first, second = shot(applied.plan, "k-2"), shot(applied.plan, "k-2a")
    assert first.frame_count(24) + second.frame_count(24) == shot(PLAN, "k-2").frame_count(24)
    assert first.frame_count(24) == 24
    assert first.keyframes[0].frame == 0 and first.keyframes[-1].frame == 23
    assert second.keyframes[0].frame == 0 and second.keyframes[-1].frame == second.frame_count(24) - 1
    assert first.transition_out.type == "cut"
    assert sorted(first.covers + second.covers) == sorted(shot(PLAN, "k-2").covers)
    assert applied.focus == ["k-2", "k-2a"]


def test_merging_joins_length_lines_and_people_into_the_first_shot():
    applied = apply(MergeEdit(shots=["g-3", "g-4"]))
    merged = shot(applied.plan, "g-3")
    assert "g-4" not in [s.id for s in applied.plan.shots]
    assert merged.duration_s == 6.0 and merged.subjects == ["NELL", "DANNY"] and merged.kind == "two_shot"
    assert merged.covers == shot(PLAN, "g-3").covers + shot(PLAN, "g-4").covers
    assert merged.keyframes[-1].frame == merged.frame_count(24) - 1


def test_only_consecutive_shots_of_one_scene_merge():
    with pytest.raises(EditError, match="consecutive"):
        apply(MergeEdit(shots=["g-1", "g-3"]))
    with pytest.raises(EditError, match="different scenes"):
        apply(MergeEdit(shots=["g-5", "r-1"]))


def test_a_moved_shot_renders_nothing_and_a_move_across_scenes_is_said():
    applied = apply(MoveEdit(shot="r-3", position="before", anchor="g-2"))
    assert [s.id for s in applied.plan.shots][:3] == ["g-1", "r-3", "g-2"]
    assert rendered_again(applied) == set()
    assert any("still belongs to scene 2" in n for n in applied.notes)


# -- looks, takes and transitions ------------------------------------------------------------------------


def test_a_character_look_changes_every_shot_that_shows_them_and_no_other():
    applied = apply(CharacterEdit(name="STEEL", wardrobe="a red leather jacket", colour="#C0392B"))
    assert applied.bible.character("STEEL").identity.colour == "#C0392B"
    assert rendered_again(applied) == {"r-2", "r-4", "k-2"}
    assert "a red leather jacket" in shot(applied.plan, "k-2").keyframes[0].prompt


def test_a_location_look_changes_its_scenes_only():
    applied = apply(LocationEdit(name="KITCHEN", palette=["#112233"]))
    assert rendered_again(applied) == {"k-1", "k-2", "k-3"}


def test_a_style_changes_every_shot_and_says_the_look_in_prompts():
    applied = apply(StyleEdit(look="grainy 16mm"))
    assert rendered_again(applied) == {s.id for s in PLAN.shots}
    assert all(s.prompt.endswith("Look: grainy 16mm.") for s in applied.plan.shots)


def test_another_take_takes_the_next_seed_each_time():
    once = apply(ReseedEdit(shots=["g-4"]))
    twice = apply_edits(once.plan, once.bible, [ReseedEdit(shots=["g-4"])])
    assert shot(once.plan, "g-4").seed == 1 and shot(twice.plan, "g-4").seed == 2
    assert rendered_again(once) == {"g-4"}


def test_a_transition_renders_nothing_and_keeps_no_script_text():
    applied = apply(TransitionEdit(shot="g-4", side="out", type="dissolve", duration_s=0.5))
    assert shot(applied.plan, "g-4").transition_out.model_dump() == {
        "type": "dissolve", "duration_s": 0.5, "colour": None, "text": None,
    }  # fmt: skip
    assert rendered_again(applied) == set()
    cut = apply(TransitionEdit(shot="k-3", side="out", type="cut"))
    assert shot(cut.plan, "k-3").transition_out.text is None  # the editor must not read FADE OUT. back


def test_the_last_shot_has_nothing_to_dissolve_into():
    with pytest.raises(EditError, match="last shot"):
        apply(TransitionEdit(shot="k-3", side="out", type="dissolve"))


# -- the diff --------------------------------------------------------------------------------------------


def test_the_diff_names_shots_by_number_and_fields_in_words():
    applied = apply(
        CameraEdit(shots=["g-2"], framing_steps=1, angle="low"),
        RemoveEdit(shots=["g-5"]),
        MoveEdit(shot="k-1", position="before", anchor="r-1"),
        CharacterEdit(name="NELL", wardrobe="a green coat"),
    )
    changes = diff_documents(PLAN, BIBLE, applied.plan, applied.bible)
    lines = describe(changes)
    assert (
        "shot 2 (g-2): framing medium shot -> close-up; angle eye level -> low angle; lens 45 mm -> 85 mm; prompts follow"
        in lines
    )
    assert any(line.startswith("shot 5 (g-5): removed") for line in lines)
    assert any(line.startswith("shot 5 (k-1): moved from 10 to 5") for line in lines)
    assert "character NELL: wardrobe 'a work blazer' -> 'a green coat'" in lines
    assert set(changed_shot_ids(changes)) >= {"g-2", "k-1"}


def test_no_edit_no_change():
    assert diff_documents(PLAN, BIBLE, PLAN, BIBLE) == []


def test_a_description_that_names_the_framing_follows_it():
    worded = PLAN.model_copy(
        update={
            "shots": [
                s.model_copy(update={"description": "Two-shot, medium shot: they argue."})
                if s.id == "g-2"
                else s
                for s in PLAN.shots
            ]
        }
    )
    applied = apply_edits(worded, BIBLE, [CameraEdit(shots=["g-2"], framing_steps=1)])
    assert shot(applied.plan, "g-2").description == "Two-shot, close-up: they argue."
