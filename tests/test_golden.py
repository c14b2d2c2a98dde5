"""Golden outputs: what every example plans and cuts, and what a session of ten directing notes
does, kept byte for byte in tests/baselines/golden/.

They were recorded before the code was reorganised (issue 11) so that a move that is meant to
change no behaviour can show that it did not. A change that is meant to alter what the rules
brain decides updates them on purpose:

    STORYREEL_REGOLD=1 python -m pytest tests/test_golden.py

and the diff of tests/baselines/golden/ is then part of the review.

Clips come from the FakeRenderer (render/testing.py), so cut.json and the subtitles are timed
exactly as the animatic would time them; clip paths keep their cache keys (a key that moves
would re-render every user's film) with the project folder written as <project>. Clip hashes are
left out: they are bytes from whichever ffmpeg encoded them.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from storyreel.api import Studio
from storyreel.cli import main
from storyreel.render import RENDERERS
from storyreel.render.testing import FakeRenderer

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).with_name("baselines") / "golden"
EXAMPLES = ["garage.fountain", "rooftop_chase.fountain", "the_duet.fountain", "the_duet.fdx"]
PLANNED = ("plan.json", "bible.json", "shots.csv")
CUT = (*PLANNED, "cut.json", "film.srt", "film.vtt", "report.json")
TINY = {"renderer": "fake", "resolution": (32, 18), "fps": 8, "scorer": "none"}
NOTES = [
    "shots 3-5 tighter, from below",
    "shot 8 two seconds longer",
    "lose shot 2",
    "add a close-up of Nell's hands on the car after shot 1",
    "split shot 10 in two",
    "merge shots 12 and 13",
    "swap shots 6 and 7",
    "make Danny's jacket red",
    "dissolve from shot 4 into shot 5",
    "shot 99 tighter",
]
REGOLD = bool(os.environ.get("STORYREEL_REGOLD"))


@pytest.fixture(autouse=True)
def fake_renderer(monkeypatch):
    from storyreel.agents.crew import _crew_for

    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)
    yield
    _crew_for.cache_clear()


def normalised(text: str, project: Path) -> str:
    text = text.replace(str(project), "<project>")
    return re.sub(r'"sha256": "[0-9a-f]{64}"', '"sha256": "<sha256>"', text)


def compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGOLD:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no golden {path}: record it with STORYREEL_REGOLD=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden copy"


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_plan_of_every_example_is_unchanged(tmp_path, example, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = tmp_path / "plan"
    assert main(["make", str(ROOT / "examples" / example), "-o", str(project), "--renderer", "none"]) == 0
    for name in PLANNED:
        compare(f"{example}/none/{name}", normalised((project / name).read_text(encoding="utf-8"), project))


@pytest.mark.slow
@pytest.mark.parametrize("example", [e for e in EXAMPLES if e != "garage.fountain"])  # garage: below
def test_the_cut_of_every_example_is_unchanged(tmp_path, example):
    project = tmp_path / "cut"
    Studio(project, **TINY).make(ROOT / "examples" / example)
    for name in CUT:
        compare(f"{example}/cut/{name}", normalised((project / name).read_text(encoding="utf-8"), project))


@pytest.mark.slow
def test_the_garage_cut_and_ten_directing_notes_do_what_they_did(tmp_path):
    project = tmp_path / "directed"
    studio = Studio(project, **TINY)
    studio.make(ROOT / "examples" / "garage.fountain")
    for name in CUT:  # the garage's cut, before any note
        compare(
            f"garage.fountain/cut/{name}", normalised((project / name).read_text(encoding="utf-8"), project)
        )
    said = []
    for note in NOTES:
        result = studio.direct(note).to_dict()
        result.pop("seconds")
        said.append(result)
    said.append(
        {
            "history": [
                v.model_dump(mode="json", exclude={"checkpoint_id", "seconds", "created"})
                for v in studio.history()
            ]
        }
    )
    compare("directed/notes.json", normalised(json.dumps(said, indent=2) + "\n", project))
    for name in CUT:
        compare(f"directed/{name}", normalised((project / name).read_text(encoding="utf-8"), project))
