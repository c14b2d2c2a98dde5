"""The project's one LangGraph thread: the compiled graph opened on its SQLite checkpointer.

A project is one film and one thread (THREAD), checkpointed in PROJECT/.storyreel/. Studio's runs
(`plan`, `make`) and directing (notes, versions) both open it here, so neither reaches into the
other and each run holds the project's lock while the graph is open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from storyreel import runs
from storyreel.disk import no_space, out_of_space
from storyreel.errors import InputError, StoryreelError
from storyreel.project import Project, remember_opened

THREAD = "main"  # one thread per project: the project is the film
WAL_LIMIT = 4 << 20  # bytes of write-ahead log kept after a checkpoint of it


def thread_config() -> dict[str, Any]:
    """The config that names the project's thread (a fresh dict: LangGraph calls may extend it)."""
    return {"configurable": {"thread_id": THREAD}}


@contextmanager
def checkpoint_database(project: Project) -> Iterator[sqlite3.Connection]:
    """The project's checkpoint database, open; any error of SQLite's while it is in use (a
    damaged or foreign file, a directory in its place) becomes one line naming it; a full disk
    says so (SQLite rolls the failed write back, so the next run resumes from the last
    checkpoint once space is freed)."""
    remember_opened(project.root)  # the documents its checkpoints name are found here, if moved
    try:
        connection = sqlite3.connect(project.checkpoints, check_same_thread=False)
    except sqlite3.Error as exc:
        raise _unusable(project, exc) from None
    try:
        connection.execute("PRAGMA schema_version")  # reads the header: "file is not a database"
        # The write-ahead log grows to the largest transaction (a dispatch of every shot) and
        # keeps that size: cut it back once SQLite has copied it into the database.
        connection.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
        yield connection
    except sqlite3.DatabaseError as exc:
        raise _unusable(project, exc) from None
    finally:
        connection.close()


def _unusable(project: Project, exc: sqlite3.Error) -> StoryreelError:
    if out_of_space(exc):
        return no_space(project.state_dir)
    return InputError(
        f"{project.checkpoints}: the project's checkpoint database cannot be used ({exc}); "
        "restore it, or move it aside and run make again (the cache keeps every rendered shot)"
    )


@contextmanager
def open_graph(project: Project) -> Iterator[Any]:
    """The director graph compiled with the project's checkpointer (no lock: for reading)."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    from storyreel.agents.graph import compile_graph

    with checkpoint_database(project) as connection:
        yield compile_graph(SqliteSaver(connection))


@contextmanager
def open_thread(project: Project) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The project locked, the temporaries of killed renders swept, and the graph open on the
    thread: `(graph, config)` for a run."""
    with project.lock(), open_graph(project) as graph:
        project.sweep_temporaries()
        runs.begin()
        yield graph, thread_config()


def unfinished(snapshot: Any) -> tuple[str, ...]:
    """The tasks a run left to do at the thread's head (a StateSnapshot): LangGraph's `next`,
    and also a task whose writes were saved while the checkpoint after it was not (a full disk
    or a kill between the two): `next` leaves those out, yet the run did not finish."""
    return tuple(dict.fromkeys([*snapshot.next, *(task.name for task in snapshot.tasks)]))


def read_values(project: Project, checkpoint_id: str | None = None) -> tuple[str | None, dict[str, Any]]:
    """The state saved at a checkpoint of the thread (default: its head), and that checkpoint's
    id, read from the checkpointer alone: no lock, no graph compiled (so none of the crew's
    imports), for readers such as the web studio. A checkpoint a run finished at is its whole
    state (less channels never written, which the graph would show empty); a run still going
    shows what it has saved so far. (None, {}) when nothing is saved."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    config = thread_config()
    if checkpoint_id is not None:
        config["configurable"].update(checkpoint_ns="", checkpoint_id=checkpoint_id)
    with checkpoint_database(project) as connection:
        saved = SqliteSaver(connection).get_tuple(config)
    if saved is None:
        return None, {}
    values = {k: v for k, v in saved.checkpoint["channel_values"].items() if not k.startswith("__")}
    return saved.config["configurable"]["checkpoint_id"], values
