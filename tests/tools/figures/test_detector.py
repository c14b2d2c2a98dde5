"""The shipped detector: small, with a card saying how it was made and measured, read by OpenCV
alone (the light install has no torch), and one line when a model file is broken."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storyreel.errors import InputError
from storyreel.tools.figures import FigureDetector, default_model
from storyreel.tools.figures.detector import card_of

SHIP_LIMIT = 5_000_000

# The full scorer on an animatic close-up, with torch and onnx unimportable: the light install.
LIGHT = r"""
import json, sys
from pathlib import Path
sys.modules["torch"] = None
sys.modules["onnx"] = None
from storyreel.models.bible import CharacterSheet, Identity, LocationSheet, Style
from storyreel.models.job import ShotJob
from storyreel.models.plan import CameraSpec, Placement, Shot
from storyreel.render.animatic.pipeline import AnimaticRenderer
from storyreel.tools.scoring import make_scorer
shot = Shot(id="s1", scene=0, duration_s=1, description="Ana waits.", subjects=["ANA"],
            camera=CameraSpec(framing="close_up", angle="eye_level", movements=["static"]),
            blocking=[Placement(character="ANA", side="center")])
job = ShotJob(shot=shot, scene_heading="INT. KITCHEN - DAY",
              location=LocationSheet(name="KITCHEN", int_ext="INT", times_of_day=["DAY"]),
              characters=(CharacterSheet(name="ANA", identity=Identity(colour="#B03A2E")),),
              style=Style(resolution={"width": 320, "height": 180}, fps=8), fps=8, seed=1)
draft = AnimaticRenderer(draft_scale=1.0).draft(job, [], Path(sys.argv[1]))
scores = make_scorer("full").score(job, draft, [])
print(json.dumps({"framing": scores.measured_framing, "skipped": scores.skipped,
                  "torch": sys.modules.get("torch") is not None}))
"""


def test_the_light_install_runs_the_detector_without_torch(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", LIGHT, str(tmp_path / "draft.mp4")], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["framing"] == "close_up" and result["torch"] is False
    assert "CameraCLIP needs the ml extra" in result["skipped"]["cameraclip"]  # torch really was missing


def test_the_shipped_model_is_small_and_its_card_says_how_it_was_made():
    model = default_model()
    assert model is not None and model.stat().st_size <= SHIP_LIMIT
    card = card_of(model)
    assert card["bytes"] == model.stat().st_size and card["file"] == model.name
    assert card["command"].startswith("python benchmarks/figures.py") and isinstance(card["seed"], int)
    assert (
        card["training_set"]["renderer"].startswith("animatic/")
        and card["heldout_set"]["seed"] != card["seed"]
    )
    measured = card["heldout"]
    for key in ("recall", "precision", "framing", "facing", "angle"):
        assert 0 <= measured[key] <= 1
    assert FigureDetector.load(model).name == card["model"]


def test_a_broken_model_is_one_line(tmp_path):
    with pytest.raises(InputError, match="no such detector model"):
        FigureDetector.load(tmp_path / "missing.onnx")
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"not a network")
    with pytest.raises(InputError, match="card is missing"):
        FigureDetector.load(junk)
    junk.with_suffix(".json").write_text(json.dumps({"grid": {"width": 256, "height": 144, "stride": 4}}))
    with pytest.raises(InputError, match="OpenCV cannot read the model"):
        FigureDetector.load(junk)
