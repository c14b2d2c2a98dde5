"""Directing a made film through the graph: a note renders only what it changes, re-cuts the film,
and is a version; questions change nothing; undo, checkout and diff travel the versions; notes
arrive as chat messages. Renders are counted on the FakeRenderer (render/testing.py)."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from storyreel.api import Studio
from storyreel.errors import InputError
from storyreel.models.critique import Scores
from storyreel.render import RENDERERS
from storyreel.render.testing import FakeRenderer
from storyreel.thread import open_graph, thread_config
from storyreel.tools.scoring import SCORERS, Scorer

TINY = {"resolution": (32, 18), "fps": 8, "scorer": "none", "renderer": "fake"}


def _helper():
    name = "storyreel_tests_director_film"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("director_film.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(autouse=True)
def fake_renderer(monkeypatch):
    from storyreel.agents.crew import _crew_for

    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)
    FakeRenderer.calls.clear()
    yield
    _crew_for.cache_clear()  # no test's renderer outlives it in the crew cache


@pytest.fixture
def script(tmp_path) -> Path:
    path = tmp_path / "film.fountain"
    path.write_text(_helper().SCRIPT, encoding="utf-8")
    return path


@pytest.fixture
def made(tmp_path, script):
    """A made film: the Studio and its MakeResult; render counts start from zero."""
    studio = Studio(tmp_path / "p", **TINY)
    result = studio.make(script)
    FakeRenderer.calls.clear()
    return studio, result


def cut_entries(studio) -> dict[str, dict]:
    cut = json.loads(studio.project.path("cut.json").read_text())
    return {entry["shot"]: entry for entry in cut["entries"]}


def test_a_note_renders_only_the_shot_it_changes_and_recuts_the_film(made):
    studio, result = made
    second = result.plan.shots[1]
    before = cut_entries(studio)
    film_before = studio.project.path("film.mp4").stat().st_mtime_ns

    done = studio.direct("shot 2 from below")

    assert done.status == "applied" and done.version == 2
    assert done.changed_shots == [second.id] and done.rerendered_shots == [second.id]
    assert FakeRenderer.calls == {"keyframes": 1, "draft": 1, "refine": 1}
    after = cut_entries(studio)
    assert after[second.id]["clip"] != before[second.id]["clip"]
    assert {k: v["clip"] for k, v in after.items() if k != second.id} == {
        k: v["clip"] for k, v in before.items() if k != second.id
    }
    assert (
        studio.project.path("film.mp4").stat().st_mtime_ns != film_before
    )  # re-cut (the fake's pixels ignore the camera)
    plan = json.loads(studio.project.path("plan.json").read_text())
    assert plan["shots"][1]["camera"]["angle"] == "low"
    assert done.seconds > 0 and "angle" in done.changes[0]


def test_a_transition_renders_nothing_and_only_recuts(made):
    studio, result = made
    a, b = result.plan.shots[0].id, result.plan.shots[1].id
    done = studio.direct("dissolve from shot 1 into shot 2")
    assert done.applied and done.rerendered_shots == [] and FakeRenderer.calls == {}
    assert cut_entries(studio)[a]["transition_out"]["type"] == "dissolve"
    assert done.changed_shots == [a] and b not in done.changed_shots


def test_a_look_renders_every_shot_that_shows_the_character_and_no_other(made):
    studio, result = made
    showing = [s.id for s in result.plan.shots if "STEEL" in s.subjects]
    assert showing
    done = studio.direct("make Steel's jacket red")
    assert done.rerendered_shots == showing
    assert FakeRenderer.calls["keyframes"] == len(showing)
    bible = json.loads(studio.project.path("bible.json").read_text())
    steel = next(c for c in bible["characters"] if c["name"] == "STEEL")
    assert steel["identity"]["colour"] == "#C0392B" and "red jacket" in steel["wardrobe"]


def test_removing_and_adding_shots(made):
    studio, result = made
    count = len(result.plan.shots)
    removed = studio.direct("lose shot 2")
    assert removed.removed_shots == [result.plan.shots[1].id] and FakeRenderer.calls == {}
    assert len(cut_entries(studio)) == count - 1
    added = studio.direct("add a close-up of Nell's hands on the car after shot 1")
    assert added.applied and len(added.rerendered_shots) == 1
    new_id = added.rerendered_shots[0]
    plan = json.loads(studio.project.path("plan.json").read_text())
    assert [s["id"] for s in plan["shots"]][1] == new_id
    new = plan["shots"][1]
    assert new["camera"]["framing"] == "close_up" and new["keyframes"][0]["prompt"]  # designed


def test_a_question_offers_its_choices_and_a_choice_sent_back_is_applied(made):
    studio, _ = made
    asked = studio.direct("shot 2 tighter or wider")
    assert asked.status == "question" and asked.choices == ["shot 2 tighter", "shot 2 wider"]
    assert asked.to_dict()["choices"] == asked.choices and studio.direct("shot 99 tighter").choices == []
    answered = studio.direct(asked.choices[1])
    assert answered.applied and answered.choices == [] and answered.to_dict()["choices"] == []
    assert [v.note for v in studio.history()] == [None, "shot 2 wider"]


def test_a_question_changes_nothing_and_is_no_version(made):
    studio, result = made
    plan_before = studio.project.path("plan.json").read_text()
    done = studio.direct("shot 99 tighter")
    assert done.status == "question" and "no shot 99" in done.question
    assert done.version is None and done.changed_shots == [] and FakeRenderer.calls == {}
    assert studio.project.path("plan.json").read_text() == plan_before
    assert [v.number for v in studio.history()] == [1]
    unchanged = studio.direct("shot 1 from below")
    assert unchanged.applied and [v.number for v in studio.history()] == [1, 2]
    again = studio.direct("shot 1 from below")
    assert again.status == "unchanged" and [v.number for v in studio.history()] == [1, 2]
    assert again.reply == "Nothing to change: shot 1: low angle, as it already is."


def test_this_shot_follows_the_conversation(made):
    studio, result = made
    studio.direct("shot 3 tighter")
    done = studio.direct("and from below")
    assert done.changed_shots == [result.plan.shots[2].id]


@pytest.mark.slow
def test_undo_checkout_and_diff_travel_the_versions_without_rendering(made):
    studio, result = made
    original = studio.project.path("plan.json").read_text()
    first = studio.direct("shot 2 from below")
    second = studio.direct("shot 3 wider")
    assert (first.version, second.version) == (2, 3)
    v3 = studio.project.path("plan.json").read_text()
    FakeRenderer.calls.clear()

    assert studio.undo().number == 2
    plan = json.loads(studio.project.path("plan.json").read_text())
    assert (
        plan["shots"][1]["camera"]["angle"] == "low" and plan["shots"][2] == json.loads(original)["shots"][2]
    )
    assert studio.checkout(1).number == 1
    assert studio.project.path("plan.json").read_text() == original
    assert FakeRenderer.calls == {}  # every version's shots are in the cache
    assert studio.project.path("film.mp4").is_file()

    branch = studio.direct("shot 4 from below")  # a branch from version 1
    history = studio.history()
    assert [(v.number, v.parent) for v in history] == [(1, None), (2, 1), (3, 2), (4, 1)]
    assert branch.version == 4
    changes = studio.diff(1, 3)
    assert {(c.subject, c.field) for c in changes} >= {
        (result.plan.shots[1].id, "camera.angle"),
        (result.plan.shots[2].id, "camera.framing"),
    }
    assert [(c.subject, c.field) for c in studio.diff() if c.field == "camera.angle"] == [
        (result.plan.shots[3].id, "camera.angle")
    ]
    studio.checkout(3)
    assert studio.project.path("plan.json").read_text() == v3


def test_undo_of_a_make_and_unknown_versions_are_one_line_errors(made):
    studio, _ = made
    with pytest.raises(InputError, match="nothing to undo"):
        studio.undo()
    with pytest.raises(InputError, match=r"there is no version 7 \(versions: 1\)"):
        studio.checkout(7)


def test_directing_needs_a_made_film(tmp_path, script):
    with pytest.raises(InputError, match="no film here yet"):
        Studio(tmp_path / "empty").direct("shot 1 tighter")
    planned = Studio(tmp_path / "planned", **TINY)
    planned.plan(script)
    with pytest.raises(InputError, match="the last run did not finish|only planned"):
        planned.direct("shot 1 tighter")


def test_make_again_keeps_the_directed_film_and_a_new_run_is_a_version(made, script):
    studio, _ = made
    studio.direct("shot 2 from below")
    again = Studio(studio.project.root, **TINY).make(script)
    assert again.plan.shots[1].camera.angle == "low" and FakeRenderer.calls["keyframes"] == 1
    Studio(studio.project.root, **{**TINY, "max_rounds": 1}).make(script)  # new settings: a new run
    history = studio.history()
    assert [(v.number, v.note) for v in history][-1] == (3, None)


def test_a_critic_round_keeps_what_the_director_set(made, monkeypatch):
    studio, result = made
    target = result.plan.shots[3]

    class FailDutchOnce(Scorer):
        """The first draft with the directed dutch angle 'misses its move': the critic sends it
        back for another round, which must keep the dutch angle the note asked for."""

        name = "fail-dutch-once"
        failed: list[str] = []

        def score(self, job, draft, keyframes):
            if job.shot.camera.angle == "dutch" and not self.failed:
                self.failed.append(job.shot.id)
                return Scores(movement_match=0.0, measured_movements=["static"])
            return Scores(movement_match=1.0, measured_movements=list(job.shot.camera.movements))

    monkeypatch.setitem(SCORERS, "fail-dutch-once", FailDutchOnce)
    from storyreel import directing

    made_with = directing.run_context  # a note runs with the film's settings: swap its scorer here

    def with_scorer(studio_, values):
        settings = {**values.get("settings", {}), "scorer": "fail-dutch-once"}
        return made_with(studio_, {**values, "settings": settings})

    monkeypatch.setattr(directing, "run_context", with_scorer)
    done = studio.direct("shot 4 dutch angle")
    assert done.applied and FailDutchOnce.failed == [target.id]
    assert FakeRenderer.calls["draft"] >= 1
    plan = json.loads(studio.project.path("plan.json").read_text())
    assert plan["shots"][3]["camera"]["angle"] == "dutch"  # the redesign kept the note's angle


def test_notes_are_chat_messages_on_the_thread(made):
    studio, _ = made
    studio.direct("shot 2 from below")
    studio.direct("shot 99 tighter")
    with open_graph(studio.project) as graph:
        values = graph.get_state(thread_config()).values
    kinds = [(m["type"], m["content"].split("\n")[0]) for m in values["messages"]]
    assert kinds[0] == ("human", "shot 2 from below") and kinds[1][0] == "ai"
    assert kinds[2] == ("human", "shot 99 tighter") and kinds[3][1].startswith("There is no shot 99")


def test_checkpoints_stay_plain_data(made):
    studio, _ = made
    studio.direct("shot 2 from below")
    with sqlite3.connect(studio.project.checkpoints) as db:
        blobs = b"".join(row[0] or b"" for row in db.execute("select checkpoint from checkpoints"))
        blobs += b"".join(row[0] or b"" for row in db.execute("select value from writes"))
    assert b"langchain" not in blobs and b"pydantic" not in blobs and b"storyreel.models" not in blobs


def test_progress_reaches_the_callback(tmp_path, script):
    events: list[dict] = []
    studio = Studio(tmp_path / "p", **TINY, on_progress=events.append)
    studio.make(script)
    events.clear()
    studio.direct("shot 2 from below")
    stages = {e["stage"] for e in events}
    assert {"director", "keyframes", "draft", "refine", "editor"} <= stages


def test_messages_are_kept_as_plain_chat_dicts_whatever_shape_they_come_in():
    from langchain_core.messages import HumanMessage

    from storyreel.agents.state import add_messages

    merged = add_messages(None, {"role": "user", "content": "shot 1 wider"})
    merged = add_messages(merged, [HumanMessage(content="shot 2 tighter", id="m2"), "shot 3 low"])
    merged = add_messages(
        merged, {"type": "human", "content": [{"type": "text", "text": "fixed"}], "id": "m2"}
    )
    assert [(m["type"], m["content"]) for m in merged] == [
        ("human", "shot 1 wider"),
        ("human", "fixed"),  # the same id replaces
        ("human", "shot 3 low"),
    ]
    assert all(isinstance(m["id"], str) and m["id"] for m in merged)


@pytest.mark.slow
def test_a_note_whose_run_died_is_finished_and_recorded_by_the_next_command(made, monkeypatch):
    studio, result = made

    class DiesOnce(FakeRenderer):
        died: list[str] = []

        def draft(self, job, keyframes, out):
            if not self.died:
                self.died.append(job.shot.id)
                raise RuntimeError("the render machine went away")
            return super().draft(job, keyframes, out)

    from storyreel.agents.crew import _crew_for

    monkeypatch.setitem(RENDERERS, "fake", DiesOnce)
    _crew_for.cache_clear()  # the crew of these settings was built with the plain fake
    with pytest.raises(RuntimeError, match="went away"):
        studio.direct("shot 2 from below")
    assert [v.number for v in studio.history()] == [1, 2]  # history finished the note's run first
    assert studio.history()[-1].note == "shot 2 from below"
    plan = json.loads(studio.project.path("plan.json").read_text())
    assert plan["shots"][1]["camera"]["angle"] == "low"
    assert studio.direct("shot 3 from below").version == 3


def test_a_redesign_keeps_the_values_a_note_set_unless_the_plan_moved_on():
    """keep_direction wraps the cinematographer: a redesign in words (a model critic's request)
    would recompute the angle from film grammar; the note's angle stays."""
    from storyreel.agents.director import keep_direction

    plan, _, _ = _helper().film()

    def redesign(state, runtime):  # what a redesign does to the revised shots: its own angle
        shots = [
            s.model_copy(update={"camera": s.camera.model_copy(update={"angle": "high"})}) for s in plan.shots
        ]
        return {"plan": plan.model_copy(update={"shots": shots}).model_dump(mode="json")}

    directed_plan = plan.model_copy(
        update={
            "shots": [
                s.model_copy(update={"camera": s.camera.model_copy(update={"angle": "dutch"})})
                if s.id == "g-2"
                else s
                for s in plan.shots
            ]
        }
    )
    state = {
        "plan": directed_plan.model_dump(mode="json"),
        "directed": {"g-2": {"angle": "dutch"}, "g-4": {"angle": "low"}},  # g-4 is not low any more
        "revise": ["g-2", "g-4"],
    }
    out = keep_direction(redesign)(state, None)["plan"]["shots"]
    angles = {s["id"]: s["camera"]["angle"] for s in out}
    assert angles["g-2"] == "dutch"  # held
    assert angles["g-4"] == "high"  # the plan had moved on since that note: not held
    assert angles["g-3"] == "high"
