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
