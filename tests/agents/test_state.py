"""The state stays JSON; StateView, ShotWork and to_state are the one door between it and models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyreel.agents import state
from storyreel.agents.jobs import shot_jobs
from storyreel.agents.state import (
    RESET,
    ShotWork,
    StateView,
    edition,
    is_reference,
    load,
    merge_by_key,
    shot_task,
    to_state,
)
from storyreel.errors import InputError
from storyreel.models.assets import ShotAssets, StageKeys
from storyreel.models.bible import Bible, Style
from storyreel.models.critique import RevisionRequest, Round, Scores
from storyreel.models.edits import CameraEdit
from storyreel.models.job import ShotJob
from storyreel.models.plan import CameraSpec, Shot, ShotPlan
from storyreel.models.reply import DirectorReply
from storyreel.models.report import ReportEntry
from storyreel.project import Project
from storyreel.tools.screenplay.fountain import parse_fountain

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


def test_a_shot_task_is_plain_data_and_reads_back_as_models(tmp_path, monkeypatch):
    project = Project(tmp_path)
    screenplay = parse_fountain("INT. GARAGE - NIGHT\n\nNell opens the door.\n")
    bible = Bible()
    view = StateView(to_state({"plan": PLAN, "bible": bible, "screenplay": screenplay}, project))
    documents = edition(project, view.references(project))
    sources = {"keyframes_dir": None, "project_dir": str(tmp_path)}
    task = json.loads(json.dumps(shot_task("s1", documents, round_number=1, rounds=[ROUND])))
    monkeypatch.setattr(state, "_LOADED", state._Recent(12))  # read back from the files, as a new process
    work = ShotWork(task, sources)
    job = shot_jobs(PLAN, bible, screenplay, project_dir=str(tmp_path))[0]
    assert work.job == job and work.round == 1 and work.rounds == [ROUND]
    assert work.assets == ShotAssets()  # nothing made before the keyframes
    onward = ShotWork(work.onward(ASSETS), sources)
    assert onward.assets == ASSETS and onward.rounds == [ROUND] and onward.job == job
    assert "round" not in shot_task("s1", documents, ASSETS) and "rounds" not in shot_task("s1", documents)
    assert ShotWork(shot_task("s1", documents, ASSETS), sources).round == 0


def test_a_shot_task_carries_no_document_however_long_the_film(tmp_path):
    """A Send payload is stored in the checkpoint database twice for every shot: its size must
    not grow with the plan (it held the shot's whole job, bible sheets and all)."""
    project = Project(tmp_path)
    screenplay = parse_fountain("INT. GARAGE - NIGHT\n\nNell opens the door.\n")
    sizes = []
    for count in (1, 200):
        shots = [SHOT.model_copy(update={"id": f"s{n}"}) for n in range(1, count + 1)]
        plan = PLAN.model_copy(update={"shots": shots})
        documents = StateView({}).references(project, plan=plan, bible=Bible(), screenplay=screenplay)
        sizes.append(len(json.dumps(shot_task("s1", edition(project, documents), round_number=0))))
    assert sizes[0] == sizes[1] < 120


def test_a_payload_sent_with_its_whole_job_still_reads():
    """A run killed before documents were references resumes with the Sends it had saved."""
    job = ShotJob(
        shot=SHOT,
        scene_heading="INT. GARAGE - NIGHT",
        location=None,
        characters=(),
        style=Style(),
        fps=24,
        seed=3,
    )
    task = json.loads(json.dumps({"shot": "s1", "job": job.to_dict(), "round": 0}))
    assert ShotWork(task).job == job


def test_documents_are_stored_by_content_and_the_state_holds_references(tmp_path):
    project = Project(tmp_path)
    update = json.loads(
        json.dumps(to_state({"plan": PLAN, "bible": Bible(), "assets": {"s1": ASSETS}}, project))
    )
    assert is_reference(update["plan"]) and is_reference(update["bible"])
    assert update["assets"] == {"s1": ASSETS.model_dump(mode="json")}  # not a document: as it was
    assert len(json.dumps(update["plan"])) < 300
    path = Path(update["plan"]["path"])
    assert path.parent == tmp_path / ".storyreel" / "documents" and path.stem == update["plan"]["sha256"]
    view = StateView(update)
    assert view.plan == PLAN and view.data("plan") == PLAN.model_dump(mode="json")
    # the same document again is the same file, never rewritten; another is another file
    assert to_state({"plan": PLAN}, project)["plan"] == update["plan"]
    longer = PLAN.model_copy(update={"shots": [SHOT.model_copy(update={"duration_s": 3.0})]})
    assert to_state({"plan": longer}, project)["plan"]["path"] != update["plan"]["path"]
    assert StateView(update).plan == PLAN  # an old checkpoint's plan still reads as it was


def test_a_changed_document_file_is_refused_in_one_line(tmp_path, monkeypatch):
    project = Project(tmp_path)
    reference = to_state({"plan": PLAN}, project)["plan"]
    monkeypatch.setattr(state, "_LOADED", state._Recent(2))  # as another process reads it
    Path(reference["path"]).write_text("{}")
    with pytest.raises(InputError, match="was changed on disk"):
        load(reference, ShotPlan)
