"""The full scorer runs the composition checks with the shipped figure detector, and says why
when it cannot: turned off, none shipped, or nobody in frame."""

from __future__ import annotations

import pytest

from storyreel.models.bible import CharacterSheet, Identity, LocationSheet, Style
from storyreel.models.job import ShotJob
from storyreel.models.plan import CameraSpec, Placement, Shot
from storyreel.render.animatic.pipeline import AnimaticRenderer
from storyreel.tools import scoring
from storyreel.tools.scoring import FullScorer, make_scorer

COMPOSITION = ("framing", "screen side", "facing", "angle")


def job(framing: str = "close_up", subjects: tuple[str, ...] = ("ANA",)) -> ShotJob:
    shot = Shot(
        id="s1",
        scene=0,
        duration_s=1,
        description="Ana waits.",
        camera=CameraSpec(framing=framing, angle="eye_level", movements=["static"]),
        subjects=list(subjects),
        blocking=[Placement(character=name, side="center") for name in subjects],
    )
    return ShotJob(
        shot=shot,
        scene_heading="INT. KITCHEN - DAY",
        location=LocationSheet(name="KITCHEN", int_ext="INT", times_of_day=["DAY"]),
        characters=(CharacterSheet(name="ANA", identity=Identity(colour="#B03A2E")),),
        style=Style(resolution={"width": 320, "height": 180}, fps=8),
        fps=8,
        seed=1,
    )


@pytest.fixture(scope="module")
def close_up(tmp_path_factory):
    out = tmp_path_factory.mktemp("draft") / "draft.mp4"
    return AnimaticRenderer(draft_scale=1.0, subtitles=False).draft(job(), [], out)


def test_the_detector_turned_off_skips_the_composition_with_the_reason(close_up):
    scores = FullScorer(cameraclip=None, figures=None).score(job(), close_up, [])
    assert scores.measured_framing is None and scores.measured_angle is None
    assert {scores.skipped[k] for k in COMPOSITION} == {"the figure detector was turned off"}


def test_an_install_without_a_detector_says_so(close_up, monkeypatch):
    monkeypatch.setattr("storyreel.tools.figures.default_model", lambda: None)
    scores = FullScorer(cameraclip=None).score(job(), close_up, [])
    assert "no figure detector ships" in scores.skipped["framing"]
    assert FullScorer(cameraclip=None).describe()["figures"] is None


def test_the_shipped_detector_reads_a_close_up(close_up):
    scorer = make_scorer("full", cameraclip=None)
    scores = scorer.score(job(), close_up, [])
    assert scores.measured_framing == "close_up", scores
    assert scores.measured_sides == {"ANA": "center"} and scores.side_match == 1.0
    assert scores.measured_facings == {"ANA": "camera"} and scores.measured_angle == "eye_level"
    assert not set(COMPOSITION) & set(scores.skipped)
    assert scorer.describe()["figures"].startswith("figures-tiny@")


def test_the_probe_scorer_stays_as_it_was(close_up):
    scores = make_scorer("probe").score(job(), close_up, [])
    assert scores.measured_framing is None and "framing" not in scores.skipped
    assert scoring.SCORERS.keys() == {"none", "probe", "full"}
