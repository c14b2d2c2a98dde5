from pathlib import Path

import pytest
from pydantic import ValidationError

from storyreel.models.edits import CameraEdit
from storyreel.models.reply import DirectorReply

BASELINE = Path(__file__).parents[1] / "baselines" / "director_reply.json"
KEYS = [
    "note",
    "status",
    "reply",
    "reading",
    "question",
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


def test_status_is_one_of_three():
    with pytest.raises(ValidationError):
        DirectorReply(note="n", status="done", reply="r")  # type: ignore[arg-type]
