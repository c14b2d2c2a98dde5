import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from storyreel.models.critique import Critique
from storyreel.models.cut import Cut

BASELINES = Path(__file__).parents[1] / "baselines"


def golden(name: str) -> dict:
    return json.loads((BASELINES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, cls", [("critique", Critique), ("cut", Cut)])
def test_golden_round_trips_unchanged(name, cls):
    text = (BASELINES / f"{name}.json").read_text(encoding="utf-8")
    document = cls.from_json(text)
    assert document.to_json() + "\n" == text


# -- critique -----------------------------------------------------------------------------------


def test_rounds_keep_history_and_the_latest_decides():
    entry = Critique.model_validate(golden("critique")).shot("s2")
    assert [r.passed for r in entry.rounds] == [False, True]
    assert entry.passed and entry.latest.round == 1
    assert entry.rounds[0].revisions[0].field == "camera.movements"
    assert entry.rounds[0].scores.cameraclip is None  # skipped in round 0


def test_rounds_are_numbered_in_order():
    data = golden("critique")
    data["shots"][0]["rounds"][1]["round"] = 3
    with pytest.raises(ValidationError, match=r"numbered 0, 1, 2 \.\.\. in order, got \[0, 3\]"):
        Critique.model_validate(data)


def test_one_entry_per_shot():
    data = golden("critique")
    data["shots"].append(data["shots"][0])
    with pytest.raises(ValidationError, match="shot 's2' has two entries"):
        Critique.model_validate(data)


def test_scores_are_bounded_and_movements_known():
    data = golden("critique")
    data["shots"][0]["rounds"][0]["scores"]["movement_match"] = 1.5
    with pytest.raises(ValidationError):
        Critique.model_validate(data)
    data = golden("critique")
    data["shots"][0]["rounds"][0]["scores"]["measured_movements"] = ["push"]
    with pytest.raises(ValidationError):
        Critique.model_validate(data)


# -- cut ----------------------------------------------------------------------------------------


def test_cut_duration_is_entries_less_dissolves():
    cut = Cut.model_validate(golden("cut"))
    assert cut.total_frames == 96 + 84 + 60 + 120 - 12  # a 0.5 s dissolve at 24 fps
    assert cut.duration_s == pytest.approx(cut.total_frames / cut.fps)
    assert cut.overlap_frames(2) == 12 and cut.overlap_frames(3) == 0  # a fade overlaps nothing


def test_cut_duration_must_add_up():
    data = golden("cut")
    data["duration_s"] = 15.0
    with pytest.raises(ValidationError, match=r"duration_s 15.0 does not match the entries \(14.500 s\)"):
        Cut.model_validate(data)


def test_out_frame_after_in_frame():
    data = golden("cut")
    data["entries"][0]["in_frame"] = 96
    with pytest.raises(ValidationError, match="out_frame 96 must be after in_frame 96"):
        Cut.model_validate(data)


def test_last_entry_cannot_dissolve():
    data = golden("cut")
    data["entries"][3]["transition_out"] = {"type": "dissolve", "duration_s": 0.5}
    with pytest.raises(ValidationError, match="last entry has nothing to dissolve into"):
        Cut.model_validate(data)


def test_dissolve_cannot_outlast_an_entry():
    data = golden("cut")
    data["entries"][2]["transition_out"]["duration_s"] = 3.0  # 72 frames > s3's 60
    with pytest.raises(ValidationError, match="72-frame dissolve is longer"):
        Cut.model_validate(data)


def test_subtitles_are_timed_sensibly():
    data = golden("cut")
    data["subtitles"][0]["end_s"] = 5.0
    with pytest.raises(ValidationError, match="end_s 5.0 must be after start_s 5.2"):
        Cut.model_validate(data)
    data = golden("cut")
    data["subtitles"].reverse()
    with pytest.raises(ValidationError, match="cues must be in order of start_s"):
        Cut.model_validate(data)
    data = golden("cut")
    data["subtitles"][1]["end_s"] = 20.0
    with pytest.raises(ValidationError, match=r"subtitles\[1\] end_s: 20.0 is after the end"):
        Cut.model_validate(data)


def test_clip_hash_is_pinned():
    data = golden("cut")
    data["entries"][0]["sha256"] = "abc"
    with pytest.raises(ValidationError):
        Cut.model_validate(data)
