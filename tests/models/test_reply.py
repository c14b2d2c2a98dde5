import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from storyreel.models.edits import CameraEdit
from storyreel.models.reply import DirectorReply

BASELINE = Path(__file__).parents[1] / "baselines" / "director_reply.json"
BEFORE_CHOICES = BASELINE.with_name("director_reply.before_choices.json")  # as checkpoints hold it
KEYS = [
    "note",
    "status",
    "reply",
    "reading",
    "question",
    "choices",
    "edits",
    "changes",
    "lines",
    "notes",
    "changed_shots",
    "removed_shots",
    "render_shots",
]


def test_golden_round_trips_unchanged():
    text = BASELINE.read_text(encoding="utf-8")
    reply = DirectorReply.model_validate_json(text)
    assert reply.applied and isinstance(reply.edits[0], CameraEdit)
    assert reply.model_dump_json(indent=2) + "\n" == text


def test_a_question_writes_every_field_as_the_state_always_held_them():
    asked = DirectorReply(
        note="shot 99 tighter", status="question", reply="Which shot?", question="Which shot?"
    )
    dumped = asked.model_dump(mode="json")
    assert list(dumped) == KEYS
    assert dumped["edits"] == [] and dumped["render_shots"] == [] and not asked.applied


def test_a_reply_from_before_choices_reads_with_none():
    """A thread's checkpoints hold the reply as JSON: one written before `choices` still reads."""
    old = json.loads(BEFORE_CHOICES.read_text(encoding="utf-8"))
    assert "choices" not in old
    reply = DirectorReply.model_validate(old)
    assert reply.choices == []
    assert reply == DirectorReply.model_validate_json(BASELINE.read_text(encoding="utf-8"))


def test_a_question_keeps_its_choices():
    asked = DirectorReply(
        note="shot 3 tighter or wider",
        status="question",
        reply="Tighter or wider?",
        question="Tighter or wider?",
        choices=["shot 3 tighter", "shot 3 wider"],
    )
    assert DirectorReply.model_validate_json(asked.model_dump_json()).choices == asked.choices


def test_status_is_one_of_three():
    with pytest.raises(ValidationError):
        DirectorReply(note="n", status="done", reply="r")  # type: ignore[arg-type]
