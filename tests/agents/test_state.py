"""The state stays JSON; StateView, ShotWork and to_state are the one door between it and models."""

from __future__ import annotations

import json

import pytest

from storyreel.agents.state import RESET, ShotWork, StateView, merge_by_key, shot_task, to_state
from storyreel.models.assets import ShotAssets, StageKeys
from storyreel.models.bible import Bible, Style
from storyreel.models.critique import RevisionRequest, Round, Scores
from storyreel.models.edits import CameraEdit
from storyreel.models.job import ShotJob
from storyreel.models.plan import CameraSpec, Shot, ShotPlan
from storyreel.models.reply import DirectorReply
from storyreel.models.report import ReportEntry

SHOT = Shot(
    id="s1",
    scene=0,
    duration_s=2,
    description="Nell opens the door.",
    camera=CameraSpec(framing="medium", angle="eye_level", movements=["dolly_in"]),
)
PLAN = ShotPlan(fps=24, shots=[SHOT])
ASSETS = ShotAssets(keyframes=["k/00.png"], keys=StageKeys(keyframes="k1", draft="k2"), draft="d.mp4")
ROUND = Round(
    round=0,
    clip="d.mp4",
    camera=SHOT.camera,
    seed=3,
    scores=Scores(delivered=0.3),
    passed=False,
    reasons=["the draft delivered 0.30 of the move"],
    revisions=[RevisionRequest(field="camera.move_gain", value=2.0, note="push the move 2.0x")],
)
REPLY = DirectorReply(
    note="shot 1 from below",
    status="applied",
    reply="Read as: shot 1: low angle.",
    edits=[CameraEdit(shots=["s1"], angle="low")],
    render_shots=["s1"],
)
ENTRY = ReportEntry(agent="critic", still_failing=["s1"], rounds=2)


def stored() -> dict:
    """A state as a checkpoint holds it: what to_state made, through JSON and back."""
    update = to_state(
        {
            "plan": PLAN,
            "bible": Bible(),
            "assets": {"s1": ASSETS},
            "critiques": {"s1": [ROUND]},
            "report": [ENTRY],
            "direction": REPLY,
            "revise": ["s1"],
            "round": 1,
        }
    )
    return json.loads(json.dumps(update))


def test_an_update_is_plain_json_and_reads_back_as_the_same_models():
    view = StateView(stored())
    assert view.plan == PLAN and view.bible == Bible()
    assert view.assets == {"s1": ASSETS}
    assert view.critiques == {"s1": [ROUND]}
    assert view.report == [ENTRY]
    assert view.reply == REPLY
    assert view.revise == ["s1"] and view.round == 1 and view.has_film


def test_each_part_is_read_once():
    view = StateView(stored())
    assert view.plan is view.plan and view.critiques is view.critiques


def test_an_empty_state_reads_as_nothing_made():
    view = StateView({})
    assert not view.has_film
    assert view.assets == {} and view.critiques == {} and view.report == []
    assert view.reply is None and view.cut is None and view.round == 0 and view.revise == []


def test_reducer_markers_and_deletions_pass_through_untouched():
    update = to_state({"assets": {RESET: True, "s1": ASSETS, "s2": None}, "report": [{RESET: True}, ENTRY]})
    assert update["assets"] == {RESET: True, "s1": ASSETS.model_dump(mode="json"), "s2": None}
    assert update["report"] == [{RESET: True}, {"agent": "critic", "still_failing": ["s1"], "rounds": 2}]
    assert merge_by_key({"s2": {}, "s3": {}}, update["assets"]) == {"s1": ASSETS.model_dump(mode="json")}


def test_updated_documents_are_written_and_already_read():
    view = StateView(stored())
    longer = PLAN.model_copy(update={"shots": [SHOT.model_copy(update={"duration_s": 3.0})]})
    after = view.updated({"plan": longer})
    assert after.plan is longer
    assert (
        after.state["plan"] == longer.model_dump(mode="json") and after.state["bible"] == view.state["bible"]
    )
    with pytest.raises(ValueError, match="not documents of the state: \\['assets'\\]"):
        view.updated({"assets": ASSETS})


def test_a_shot_task_is_plain_data_and_reads_back_as_models():
    job = ShotJob(
        shot=SHOT,
        scene_heading="INT. GARAGE - NIGHT",
        location=None,
        characters=(),
        style=Style(),
        fps=24,
        seed=3,
    )
    task = json.loads(json.dumps(shot_task(job, round_number=1, rounds=[ROUND])))
    work = ShotWork(task)
    assert work.job == job and work.round == 1 and work.rounds == [ROUND]
    assert work.assets == ShotAssets()  # nothing made before the keyframes
    onward = ShotWork(work.onward(ASSETS))
    assert onward.assets == ASSETS and onward.rounds == [ROUND] and onward.job == job
    assert "round" not in shot_task(job, ASSETS) and ShotWork(shot_task(job, ASSETS)).round == 0
