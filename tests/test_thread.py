"""The project's thread (storyreel/thread.py): one graph, one checkpointer, one writer at a time."""

from __future__ import annotations

import pytest

from storyreel.errors import InputError
from storyreel.project import Project
from storyreel.thread import THREAD, open_graph, open_thread, thread_config


def test_open_thread_holds_the_project_and_sweeps_what_a_killed_run_left(tmp_path):
    project = Project(tmp_path / "p").create()
    leftover = project.path(".tmp-123-film.mp4")
    leftover.write_bytes(b"half a film")
    with open_thread(project) as (graph, config):
        assert config == {"configurable": {"thread_id": THREAD}}
        assert not leftover.exists()
        assert graph.get_state(config).values == {}  # a new project: nothing on the thread yet
        with pytest.raises(InputError, match="in use by another storyreel run"), open_thread(project):
            pass
    with open_thread(project):  # released on leaving
        pass


def test_open_graph_reads_without_the_lock(tmp_path):
    project = Project(tmp_path / "p").create()
    with open_thread(project) as (_graph, config), open_graph(project) as reader:
        assert reader.get_state(config).values == {}
    assert project.checkpoints.is_file()


def test_each_config_is_a_fresh_dict():
    first = thread_config()
    first["configurable"]["checkpoint_id"] = "x"
    assert thread_config() == {"configurable": {"thread_id": THREAD}}


def test_read_values_is_what_the_graph_saw_at_a_checkpoint_without_the_lock(tmp_path, monkeypatch):
    from storyreel.api import Studio
    from storyreel.render import RENDERERS
    from storyreel.render.testing import FakeRenderer
    from storyreel.thread import read_values

    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)
    script = tmp_path / "diner.fountain"
    script.write_text("INT. DINER - DAY\n\nMARA pours coffee.\n", encoding="utf-8")
    studio = Studio(tmp_path / "p", renderer="fake", scorer="none", resolution=(32, 18), fps=8)
    project = studio.project
    assert read_values(Project(tmp_path / "empty").create()) == (None, {})
    studio.make(script)
    with project.lock(), open_graph(project) as graph:  # held by another run: reading still works
        head = graph.get_state(thread_config())
        checkpoint, values = read_values(project)
        assert checkpoint == head.config["configurable"]["checkpoint_id"]
        assert written(values) == written(head.values)
        earlier = list(graph.get_state_history(thread_config(), limit=3))[-1]
        _id, before = read_values(project, earlier.config["configurable"]["checkpoint_id"])
        assert written(before) == written(earlier.values)


def written(values) -> dict:
    """The graph's view of a state less the channels never written (it shows those empty)."""
    return {k: v for k, v in values.items() if v not in ({}, [])}


def test_checkpoints_hold_references_not_documents(tmp_path):
    """SQLite stores the whole state at every superstep and every Send payload: neither may
    hold a document, or a long film's database grows by its plan at every step (1.6 GB for
    a 10,000-scene script's plan before). The documents lie in .storyreel/documents."""
    import sqlite3
    from pathlib import Path

    from storyreel.agents.state import is_reference
    from storyreel.api import Studio
    from storyreel.thread import read_values

    script = Path(__file__).resolve().parents[1] / "examples" / "rooftop_chase.fountain"
    result = Studio(tmp_path / "p", renderer="animatic").plan(script)
    plan_bytes = result.outputs["plan"].stat().st_size
    project = Project(tmp_path / "p")
    with sqlite3.connect(project.checkpoints) as db:
        checkpoints = [len(c) for (c,) in db.execute("select checkpoint from checkpoints")]
        sends = [len(v) for (v,) in db.execute("select value from writes where channel = '__pregel_tasks'")]
    assert sends == []  # a plan stops before the shots are sent (each Send is stored twice)
    assert max(checkpoints) < plan_bytes / 10
    _, values = read_values(project)
    assert all(is_reference(values[name]) for name in ("screenplay", "bible", "plan"))
    assert Path(values["plan"]["path"]).parent == project.state_dir / "documents"


def test_the_write_ahead_log_is_cut_back_after_a_big_transaction(tmp_path):
    """Dispatching every shot of a long film is one large transaction; SQLite keeps its log
    file at that size unless told to cut it back once copied into the database."""
    from storyreel.thread import WAL_LIMIT, checkpoint_database

    project = Project(tmp_path / "p").create()
    with checkpoint_database(project) as connection:
        assert connection.execute("PRAGMA journal_size_limit").fetchone()[0] == WAL_LIMIT
