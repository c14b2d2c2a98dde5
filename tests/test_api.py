"""The Python API beyond plan and make: handing the cut to moviepy."""

from __future__ import annotations

import pytest

from storyreel.api import Studio
from storyreel.errors import InputError
from storyreel.render import RENDERERS
from storyreel.render.testing import FakeRenderer

SCRIPT = """INT. GARAGE - NIGHT

NELL hauls the sheet off the car.

NELL
It was his car.

DANNY
Then drive it.

FADE OUT.
"""


@pytest.fixture
def made(tmp_path, monkeypatch):
    from storyreel.agents.crew import _crew_for

    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)
    script = tmp_path / "garage.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    studio = Studio(tmp_path / "p", renderer="fake", resolution=(32, 18), fps=8, scorer="none")
    yield studio, studio.make(script)
    _crew_for.cache_clear()


def test_the_made_cut_goes_to_moviepy_shot_by_shot(made):
    pytest.importorskip("moviepy")
    studio, result = made
    with studio.to_moviepy() as film:
        assert film.shots == [shot.id for shot in result.plan.shots]
        assert film.duration == pytest.approx(result.cut.duration_s)
        assert film.get_frame(film.duration / 2).shape == (18, 32, 3)


def test_a_project_without_a_cut_says_so_in_one_line(tmp_path):
    with pytest.raises(InputError, match="no cut here yet"):
        Studio(tmp_path / "empty").to_moviepy()
