"""The edit schema (storyreel/models/edits.py): a golden Direction, write-and-reload, what it refuses,
the strict JSON Schema a model answers against, and the `openai` brain directing through it."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from storyreel.agents.brains.openai import OpenAIBrain, strict_schema
from storyreel.agents.context import Context
from storyreel.agents.director import direction_task
from storyreel.models.edits import CameraEdit, Direction, History, TimingEdit, Version

BASELINE = Path(__file__).parents[1] / "baselines" / "direction.json"


def _load(name: str, path: Path):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


FILM = _load("storyreel_tests_director_film", Path(__file__).with_name("director_film.py"))
FAKE = _load("storyreel_tests_fake_openai", Path(__file__).parent / "brains" / "fake_openai.py")
PLAN, BIBLE, SCREENPLAY = FILM.film()


def test_the_golden_direction_reads_writes_and_reads_back_the_same():
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    direction = Direction.model_validate(data)
    assert [type(e).__name__ for e in direction.edits] == [
        "CameraEdit", "TimingEdit", "TransitionEdit", "CharacterEdit", "AddEdit",
    ]  # fmt: skip
    assert Direction.model_validate_json(direction.to_json()) == direction
    assert json.loads(direction.to_json())["schema_version"] == "Direction.2"


def test_a_direction_1_reads_as_the_same_direction_without_choices():
    """A model's answer in the project's answer cache may be a Direction.1."""
    old = json.loads(BASELINE.with_name("direction.v1.json").read_text(encoding="utf-8"))
    assert old["schema_version"] == "Direction.1" and "choices" not in old
    direction = Direction.model_validate(old)
    assert direction.schema_version == "Direction.2" and direction.choices == []
    assert direction == Direction.model_validate(json.loads(BASELINE.read_text(encoding="utf-8")))


def test_a_newer_direction_and_an_unknown_field_are_refused():
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    with pytest.raises(ValidationError, match="newer storyreel"):
        Direction.model_validate({**data, "schema_version": "Direction.9"})
    with pytest.raises(ValidationError, match="Extra inputs"):
        Direction.model_validate({**data, "mood": "sad"})


@pytest.mark.parametrize(
    "bad, problem",
    [
        ({"op": "camera", "shots": ["g-1"]}, "at least one field"),
        ({"op": "camera", "shots": [], "angle": "low"}, "at least 1 item"),
        ({"op": "camera", "shots": ["g-1"], "angle": "sideways"}, "angle"),
        ({"op": "timing", "shots": ["g-1"], "duration_s": 2, "duration_scale": 2}, "exactly one"),
        ({"op": "split", "shot": "g-1", "at": 1.5}, "less than 1"),
        ({"op": "merge", "shots": ["g-1"]}, "at least 2"),
        ({"op": "character", "name": "NELL", "colour": "red"}, "pattern"),
        ({"op": "teleport", "shots": ["g-1"]}, "op"),
    ],
)
def test_bad_edits_are_refused(bad, problem):
    with pytest.raises(ValidationError, match=problem):
        Direction(note="n", reading="r", edits=[bad])


def test_a_question_comes_without_edits():
    with pytest.raises(ValidationError, match="not both"):
        Direction(note="n", reading="r", question="which?", edits=[CameraEdit(shots=["g-1"], angle="low")])


def test_choices_come_only_with_a_question():
    with pytest.raises(ValidationError, match="choices answer a question"):
        Direction(note="n", reading="r", choices=["shot 3 tighter"])
    asked = Direction(note="n", reading="r", question="Tighter or wider?", choices=["shot 3 tighter"])
    assert Direction.model_validate_json(asked.to_json()) == asked


def test_history_holds_versions_and_finds_them():
    history = History(
        versions=[
            Version(number=1, checkpoint_id="a", created="2026-01-01T00:00:00+00:00"),
            Version(
                number=2,
                parent=1,
                checkpoint_id="b",
                created="2026-01-01T00:01:00+00:00",
                note="shot 2 longer",
                edits=[TimingEdit(shots=["g-2"], duration_delta_s=1)],
            ),
        ],
        current=2,
    )
    again = History.model_validate_json(history.to_json())
    assert again == history and again.version(2).edits[0].op == "timing"
    with pytest.raises(KeyError):
        history.version(3)


def test_the_schema_a_model_answers_is_strict():
    """OpenAI's strict structured outputs: no oneOf, no defaults, every property required."""
    schema = strict_schema(Direction)
    text = json.dumps(schema)
    assert "oneOf" not in text and '"default"' not in text
    edit_types = schema["properties"]["edits"]["items"]["anyOf"]
    assert len(edit_types) == 12
    for branch in edit_types:
        target = schema["$defs"][branch["$ref"].split("/")[-1]] if "$ref" in branch else branch
        assert target["additionalProperties"] is False
        assert set(target["required"]) == set(target["properties"])
    assert "choices" in schema["required"] and schema["properties"]["choices"]["items"]["type"] == "string"


# -- the openai brain directs through the same schema ----------------------------------------------------


@pytest.fixture
def fake_openai():
    server = FAKE.FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


def openai_brain(fake) -> OpenAIBrain:
    context = Context(brain="openai", model="fake-model", base_url=fake.base_url, max_reasks=1)
    return OpenAIBrain.from_context(context)


def test_a_model_direction_is_used_when_it_applies(monkeypatch, fake_openai):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    answer = {
        "schema_version": "Direction.2",
        "note": "make the kitchen argument feel tense",
        "reading": "shots 10-12: dutch angle",
        "edits": [{"op": "camera", "shots": ["k-1", "k-2", "k-3"], "angle": "dutch"}],
        "question": None,
        "choices": [],
        "focus": ["k-1", "k-2", "k-3"],
    }
    fake_openai.ok(json.dumps(answer))
    task = direction_task("make the kitchen argument feel tense", PLAN, BIBLE, SCREENPLAY, ["g-2"])
    got = openai_brain(fake_openai).ask(task)
    assert got.brain == "openai" and got.fallback is None
    assert got.value.edits[0].angle == "dutch"
    prompt = fake_openai.requests[0]["messages"][-1]["content"]
    assert "10. k-1 | scene 3 | establishing" in prompt and "shot 2 (g-2)" in prompt


def test_a_model_direction_naming_a_missing_shot_is_reasked_then_replaced_by_the_rules(
    monkeypatch, fake_openai
):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    wrong = {
        "schema_version": "Direction.2",
        "note": "shot 3 tighter",
        "reading": "shot 3 tighter",
        "edits": [{"op": "camera", "shots": ["s3"], "framing_steps": 1}],
        "question": None,
        "choices": [],
        "focus": ["s3"],
    }
    fake_openai.otherwise = FAKE.Reply.completion(json.dumps(wrong))
    got = openai_brain(fake_openai).ask(direction_task("shot 3 tighter", PLAN, BIBLE, SCREENPLAY, []))
    assert got.brain == "rules" and "no shot 's3'" in got.fallback
    assert "no shot 's3'" in fake_openai.requests[1]["messages"][-1]["content"]  # the re-ask quotes it
    assert got.value.edits[0].shots == ["g-3"]


def test_a_model_question_keeps_its_choices(monkeypatch, fake_openai):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    asked = {
        "schema_version": "Direction.2",
        "note": "shot 3 tighter or wider",
        "reading": "a question",
        "edits": [],
        "question": "Tighter or wider?",
        "choices": ["shot 3 tighter", "shot 3 wider"],
        "focus": [],
    }
    fake_openai.ok(json.dumps(asked))
    got = openai_brain(fake_openai).ask(
        direction_task("shot 3 tighter or wider", PLAN, BIBLE, SCREENPLAY, [])
    )
    assert got.brain == "openai" and got.fallback is None
    assert got.value.choices == ["shot 3 tighter", "shot 3 wider"]
