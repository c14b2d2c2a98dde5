"""The critic's revision loop on the animatic with a camera that under-delivers (`damping`).

A video model often makes less of a camera move than it was asked for; the animatic's damping
setting does the same on purpose. The critic must measure the shortfall from the pixels, ask for
a stronger move, and get it within the round budget, or report the shot as failed when no round
can fix it, and still cut the film.
"""

from __future__ import annotations

import json
import math

import pytest

from storyreel.api import Studio
from storyreel.models.critique import Round
from storyreel.render.animatic.pipeline import AnimaticRenderer
from storyreel.tools.composition import FRAMING_BANDS, framing_target

SCRIPT = """EXT. HARBOUR - DAWN

Fog rolls over the empty quay. A lone crane swings above the ships.

MARA walks the length of the pier, searching.

MARA
He said he'd be here.

She turns to the sea.
"""
# Not smaller: Mara now walks through her medium shot as the pan follows her, and against a foggy
# dawn the probe at 128x72 tracks more of her than of the quay, reading the pan at a fifth of its
# size (0.22 delivered); from 320x180 the set has the features to outvote her (0.75).
SMALL = {"scorer": "probe", "resolution": (320, 180), "fps": 8}


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


# -- framing ---------------------------------------------------------------------------------

DIALOGUE = """INT. KITCHEN - NIGHT

ANA waits at the table. BEN leans on the counter.

ANA
You came back.

BEN
I never left.

ANA
Then where were you?
"""


class StandingCamera(AnimaticRenderer):
    """An animatic whose camera stays where a 35 mm lens frames the shot: a longer lens then frames
    tighter and a wider one looser, as a real camera does when nobody moves it. The critic must
    read the wrong framing from the pixels and ask for the lens that frames the plan."""

    name = "standing"

    def _as_drawn(self, job):
        camera = job.shot.camera
        share = framing_target(camera.framing) * camera.lens_mm / 35.0
        drawn = min(FRAMING_BANDS, key=lambda f: abs(math.log(framing_target(f) / share)))
        camera = camera.model_copy(update={"framing": drawn, "lens_mm": 35.0})
        return job.model_copy(update={"shot": job.shot.model_copy(update={"camera": camera})})

    def keyframes(self, job, out_dir):
        return super().keyframes(self._as_drawn(job), out_dir)

    def draft(self, job, keyframes, out):
        return super().draft(self._as_drawn(job), keyframes, out)

    def refine(self, job, draft, keyframes, out):
        return super().refine(self._as_drawn(job), draft, keyframes, out)


def framing_misses(rounds: list[Round]) -> list[str]:
    return [
        reason for reason in rounds[0].reasons if reason.startswith("planned") and "the head fills" in reason
    ]


@pytest.mark.slow
def test_the_loop_repairs_a_mis_framed_shot_with_the_lens(tmp_path, monkeypatch):
    from storyreel.agents.crew import _crew_for
    from storyreel.render import RENDERERS

    monkeypatch.setitem(RENDERERS, "standing", StandingCamera)
    script = tmp_path / "kitchen.fountain"
    script.write_text(DIALOGUE)
    settings = {"scorer": "full", "cameraclip": None, "resolution": (320, 180), "fps": 6}
    try:
        result = Studio(tmp_path / "p", renderer="standing", **settings).make(script)
    finally:
        _crew_for.cache_clear()
    missed = {sid: rounds for sid, rounds in result.critiques.items() if framing_misses(rounds)}
    assert missed, "a standing camera with an 85 mm close-up should mis-frame it"
    for shot_id, rounds in missed.items():
        first, last = rounds[0], rounds[-1]
        assert any(r.field == "camera.lens_mm" and r.value for r in first.revisions), first.revisions
        assert len(rounds) > 1 and any(c.startswith("lens_mm ") for c in rounds[1].changes)
        assert not framing_misses([last]), f"{shot_id} still mis-framed: {last.reasons}"
        assert last.scores.measured_framing == result.plan.shot(shot_id).camera.framing
        assert len(rounds) <= 3
