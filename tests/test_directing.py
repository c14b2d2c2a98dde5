"""Directing as a part Studio composes (storyreel/directing.py): built with a project, the
reader's settings and a thread opener, it directs a made film without Studio."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from storyreel.agents.context import Context
from storyreel.api import Studio
from storyreel.directing import Directing, run_context
from storyreel.errors import InputError
from storyreel.project import Project
from storyreel.render import RENDERERS
from storyreel.render.testing import FakeRenderer
from storyreel.thread import open_thread

SCRIPT = "INT. DINER - DAY\n\nMARA pours coffee. JON waits.\n\nMARA\nSame as always?\n\nJON\nNever.\n"


@pytest.fixture
def made(tmp_path, monkeypatch) -> Path:
    """A film made with the fake renderer, tiny; its crew forgotten afterwards."""
    from storyreel.agents.crew import _crew_for

    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)
    (tmp_path / "diner.fountain").write_text(SCRIPT, encoding="utf-8")
    studio = Studio(tmp_path / "p", renderer="fake", scorer="none", resolution=(32, 18), fps=8)
    studio.make(tmp_path / "diner.fountain")
    FakeRenderer.calls.clear()
    yield studio.project.root
    _crew_for.cache_clear()


def test_directing_runs_a_note_with_the_films_settings_through_its_opener(made):
    opened: list[Project] = []

    @contextmanager
    def opener(project):
        opened.append(project)
        with open_thread(project) as thread:
            yield thread

    project = Project(made)
    directing = Directing(project, Context(project_dir=str(project.root)), open_thread=opener)
    assert [v.number for v in directing.history()] == [1]
    events: list[dict] = []
    result = directing.direct("shot 2 from below", on_progress=events.append)
    assert result.applied and result.version == 2
    # read with the reader's brain, rendered with the film's renderer (the reader's is `none`)
    assert result.rerendered_shots == result.changed_shots and FakeRenderer.calls["draft"] >= 1
    assert {"director", "editor"} <= {e["stage"] for e in events}
    assert opened and all(p is project for p in opened)
    assert directing.current().number == 2 and directing.undo().number == 1


def test_studio_delegates_to_its_directing(made):
    studio = Studio(made)
    assert studio.directing.project is studio.project and studio.directing.reader is studio.context
    assert [v.number for v in studio.history()] == [v.number for v in studio.directing.history()]


def test_a_note_can_say_which_shot_this_shot_is(made):
    """The studio's selected panel: `focus` goes into the graph's input, not into the note's words."""
    from storyreel.documents import load_plan

    studio = Studio(made)
    first, *_, chosen = [shot.id for shot in load_plan(made / "plan.json").shots]
    assert studio.direct("shot 1 wider").changed_shots == [first]  # the director's focus: shot 1
    result = studio.direct("this shot from below", focus=chosen)
    assert result.applied and result.changed_shots == [chosen]
    assert studio.direct("this shot tighter").changed_shots == [chosen]  # and the focus carries on
    with pytest.raises(InputError, match="there is no shot 's99' in the film"):
        studio.direct("this shot tighter", focus="s99")


def test_run_context_is_the_films_settings_with_the_readers_brain(monkeypatch):
    monkeypatch.delenv("STORYREEL_MODEL", raising=False)
    film = {
        "settings": {"renderer": "fake", "fps": 8, "brain": "rules", "model": "m0", "script_sha256": "ab"}
    }
    reader = Context(project_dir="/films/p", brain="openai", model="m1", timeout_s=5)
    context = run_context(reader, film)
    assert (context.renderer, context.fps, context.project_dir) == ("fake", 8, "/films/p")
    assert (context.brain, context.model, context.timeout_s) == ("openai", "m1", 5.0)
    assert run_context(Context(project_dir="/films/p"), film).model == "m0"  # none given: the film's
