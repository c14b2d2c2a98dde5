"""The critic's revision loop on the animatic with a camera that under-delivers (`damping`).

A video model often makes less of a camera move than it was asked for; the animatic's damping
setting does the same on purpose. The critic must measure the shortfall from the pixels, ask for
a stronger move, and get it within the round budget, or report the shot as failed when no round
can fix it, and still cut the film.
"""

from __future__ import annotations

import json

import pytest

from storyreel.api import Studio
from storyreel.models.critique import Round

SCRIPT = """EXT. HARBOUR - DAWN

Fog rolls over the empty quay. A lone crane swings above the ships.

MARA walks the length of the pier, searching.

MARA
He said he'd be here.

She turns to the sea.
"""
SMALL = {"scorer": "probe", "resolution": (128, 72), "fps": 8}


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "harbour.fountain"
    path.write_text(SCRIPT)
    return path


def judged(critiques: dict[str, list[Round]]) -> dict[str, list[Round]]:
    """Shots whose movement the probe could measure (the rest are not judged on it)."""
    return {sid: rounds for sid, rounds in critiques.items() if rounds[0].scores.delivered is not None}


def test_undamped_moves_pass_first_time(tmp_path, script):
    result = Studio(tmp_path / "p", **SMALL).make(script)
    moving = judged(result.critiques)
    assert moving, "the plan should hold at least one measurable move"
    for rounds in result.critiques.values():
        assert len(rounds) == 1 and rounds[0].passed, rounds[0].reasons


def test_the_loop_repairs_under_delivered_moves(tmp_path, script):
    result = Studio(tmp_path / "p", **SMALL, damping=0.25).make(script)
    moving = judged(result.critiques)
    assert moving
    for shot_id, rounds in moving.items():
        first, last = rounds[0], rounds[-1]
        assert not first.passed, f"{shot_id}: a quarter of the move should fail"
        assert first.scores.delivered is not None and first.scores.delivered < 0.5
        assert "delivered" in first.reasons[0]
        assert first.revisions[0].field == "camera.move_gain"
        assert last.passed, f"{shot_id} not repaired: {last.reasons}"
        assert last.camera is not None and last.camera.move_gain > 1.0
        assert any(change.startswith("move_gain 1.0 -> ") for change in last.changes)
        assert len(rounds) <= 3  # round 0 + the default budget of 2
    # only the failed shots were redrawn: a shot that passed has exactly one round
    assert all(len(r) == 1 for sid, r in result.critiques.items() if sid not in moving)
    report = json.loads((tmp_path / "p" / "report.json").read_text())
    assert report["still_failing"] == []
    rounds_in_report = {e["shot"]: e["rounds"] for e in report["critique"]["shots"]}
    assert {sid: len(r) for sid, r in rounds_in_report.items()} == {
        sid: len(r) for sid, r in result.critiques.items()
    }


def test_unfixable_damping_is_reported_and_the_film_is_still_cut(tmp_path, script):
    result = Studio(tmp_path / "p", **SMALL, damping=0.03).make(script)
    moving = judged(result.critiques)
    assert moving
    for rounds in moving.values():
        assert not rounds[-1].passed
        camera = rounds[-1].camera
        assert camera is not None and camera.move_gain == 4.0  # pushed as far as allowed, no further
        assert len(rounds) <= 3
    assert (tmp_path / "p" / "film.mp4").is_file() and result.cut is not None
    report = json.loads((tmp_path / "p" / "report.json").read_text())
    assert sorted(report["still_failing"]) == sorted(moving)
    page = (tmp_path / "p" / "storyboard.html").read_text()
    assert page.count("Critic: FAILED") == len(moving)
    assert "delivered" in page
