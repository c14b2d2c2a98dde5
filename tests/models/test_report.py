import json
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from storyreel.models.report import ReportEntry

BASELINE = Path(__file__).parents[1] / "baselines" / "report_log.json"
LOG = TypeAdapter(list[ReportEntry])


def test_golden_log_round_trips_unchanged():
    text = BASELINE.read_text(encoding="utf-8")
    entries = LOG.validate_json(text)
    assert json.dumps(LOG.dump_python(entries, mode="json"), indent=2) + "\n" == text


def test_each_kind_writes_its_own_fields_in_the_order_report_json_has_them():
    call = ReportEntry(agent="writer", label="bible", brain="rules", attempts=0, fallback=None, notes=[])
    assert list(call.model_dump()) == ["agent", "label", "brain", "attempts", "fallback", "notes"]
    assert call.model_dump()["fallback"] is None  # a brain call says "no fallback"
    warning = ReportEntry(agent="editor", warning="edl not written")
    assert warning.model_dump() == {"agent": "editor", "warning": "edl not written"}
    failing = ReportEntry(agent="critic", still_failing=["s1"], rounds=3)
    assert failing.model_dump_json() == '{"agent":"critic","still_failing":["s1"],"rounds":3}'


def test_a_stored_entry_reads_back_as_it_was():
    stored = {"agent": "cinematographer", "label": "shot s1-9", "applied": ["camera.move_gain = 3.62"]}
    entry = ReportEntry.model_validate(stored)
    assert entry.applied == ["camera.move_gain = 3.62"] and entry.fallback is None
    assert entry.model_dump(mode="json") == stored


def test_a_field_added_to_an_entry_is_written():
    call = ReportEntry(agent="adapter", label="prose", brain="rules", attempts=0, fallback=None, notes=[])
    saved = call.model_copy(update={"saved": "adapted.fountain"})
    assert list(saved.model_dump())[-1] == "saved"


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        ReportEntry.model_validate({"agent": "critic", "stil_failing": ["s1"]})
