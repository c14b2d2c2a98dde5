from pathlib import Path

import pytest
from pydantic import ValidationError

from storyreel.models.assets import ShotAssets, StageKeys

BASELINE = Path(__file__).parents[1] / "baselines" / "shot_assets.json"


def test_golden_round_trips_unchanged():
    text = BASELINE.read_text(encoding="utf-8")
    assert ShotAssets.model_validate_json(text).model_dump_json(indent=2) + "\n" == text


def test_a_stage_not_made_yet_is_not_written():
    made = ShotAssets(keyframes=["a.png"], keys=StageKeys(keyframes="k1"))
    assert made.model_dump(mode="json") == {"keyframes": ["a.png"], "keys": {"keyframes": "k1"}}
    drawn = made.model_copy(update={"draft": "d.mp4", "keys": made.keys.model_copy(update={"draft": "k2"})})
    assert list(drawn.model_dump(mode="json")) == ["keyframes", "keys", "draft"]
    assert drawn.model_dump(mode="json")["keys"] == {"keyframes": "k1", "draft": "k2"}


def test_what_a_stage_wrote_reads_back_as_it_was():
    # the dict the rendering nodes wrote into the state before the record was typed
    stored = {
        "keyframes": ["k/00.png", "k/01.png"],
        "keys": {"keyframes": "k1", "draft": "k2", "refine": "k3"},
        "draft": "d.mp4",
        "final": "f.mp4",
    }
    assets = ShotAssets.model_validate(stored)
    assert assets.final == "f.mp4" and assets.keys.refine == "k3"
    assert assets.model_dump(mode="json") == stored
    assert list(assets.model_dump(mode="json")) == list(stored)


def test_unknown_stages_are_refused():
    with pytest.raises(ValidationError, match="extra_forbidden|Extra inputs"):
        ShotAssets.model_validate({"keyframes": [], "finale": "f.mp4"})
    with pytest.raises(ValidationError):
        StageKeys.model_validate({"final": "k"})  # the refined clip's key is "refine"
