"""Directing a made film: `Directing`, which `Studio.direct/history/undo/checkout/diff/export` use.

    studio.direct("shots 3-5 tighter")   # a note on the project's thread -> DirectResult
    studio.history()                     # [Version], oldest first
    studio.undo()                        # back to the version the current one came from
    studio.checkout(2)                   # any version, by number (a branch point)
    studio.diff(1, 3)                    # [Change] between two versions' plans and bibles

A note is a chat message on the project's LangGraph thread: the graph routes it to the director
(agents/director.py), which answers with a question, or edits the plan and sends only the changed
shots to be rendered; the editor re-cuts the film. The note is read by the Studio's brain; every
other setting is the one the film was made with (its run settings, kept in the thread), so
`storyreel direct PROJECT NOTE` needs no options. Each applied note is a version (versions.py).

`Directing` is built with the project, the reader's run settings and a way to open the project's
thread (storyreel/thread.py), so it needs nothing from Studio and Studio needs only to compose it.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from storyreel.agents.state import StateView
from storyreel.errors import InputError, StoryreelError
from storyreel.models.edits import History, Version
from storyreel.models.reply import DirectorReply
from storyreel.plan_diff import Change, diff_documents
from storyreel.project import Project, atomic_write
from storyreel.thread import open_thread, unfinished
from storyreel.tools.exports.portable import portable_storyboard, portable_timeline
from storyreel.versions import find, load_history, now, record_note, record_run, save_history

if TYPE_CHECKING:
    from storyreel.agents.context import Context

log = logging.getLogger(__name__)

Progress = Callable[[dict[str, Any]], None]
Portable = Callable[[str, Path], tuple[str, dict[str, Path]]]
ThreadOpener = Callable[[Project], AbstractContextManager[tuple[Any, dict[str, Any]]]]

RENDER_STAGES = ("keyframes", "draft", "refine")
RECUT = ("editor",)  # what a checkout's fork of a version runs: only the editor
# What `export` copies: the film and what an editor or a producer opens next to it. The timeline
# and the storyboard point at media (each shot's clip, keyframe images): those go beside them.
EXPORTS = ("film", "srt", "vtt", "plan", "bible", "shots_csv", "cut", "otio", "storyboard")
PORTABLE = {"otio": portable_timeline, "storyboard": portable_storyboard}


@dataclass
class DirectResult:
    """What a note did: the director's reply (the record the graph keeps), which shots were
    drawn again, how long it took and the version it made. `to_dict()` is what
    `storyreel direct --json` prints."""

    direction: DirectorReply
    rerendered_shots: list[str] = field(default_factory=list)
    seconds: float = 0.0
    version: int | None = None  # the new version, when the note was applied
    outputs: dict[str, Path] = field(default_factory=dict)

    note = property(lambda self: self.direction.note)
    status = property(lambda self: self.direction.status)  # applied, question or unchanged
    reply = property(lambda self: self.direction.reply)  # the director's answer, as a chat shows it
    reading = property(lambda self: self.direction.reading)  # how the note was read
    question = property(lambda self: self.direction.question)
    choices = property(lambda self: self.direction.choices)  # the question's answers, each a note
    changes = property(lambda self: self.direction.lines)  # one line per changed shot or sheet
    notes = property(lambda self: self.direction.notes)  # what the director wants you to know
    changed_shots = property(lambda self: self.direction.changed_shots)
    removed_shots = property(lambda self: self.direction.removed_shots)
    applied = property(lambda self: self.direction.applied)

    @property
    def edits(self) -> list[dict[str, Any]]:
        return [edit.model_dump(mode="json") for edit in self.direction.edits]

    def to_dict(self) -> dict[str, Any]:
        return {
            "note": self.note,
            "status": self.status,
            "version": self.version,
            "reading": self.reading,
            "question": self.question,
            "choices": self.choices,
            "changed_shots": self.changed_shots,
            "removed_shots": self.removed_shots,
            "rerendered_shots": self.rerendered_shots,
            "seconds": round(self.seconds, 3),
            "changes": self.changes,
            "notes": self.notes,
            "edits": self.edits,
            "reply": self.reply,
        }


class Directing:
    """Directs the film in `project`: notes read with `reader`'s brain, everything else run with
    the settings the film was made with; `open_thread` opens the project's graph, locked."""

    def __init__(self, project: Project, reader: Context, open_thread: ThreadOpener = open_thread):
        self.project = project
        self.reader = reader
        self.open_thread = open_thread

    def direct(
        self, note: str, on_progress: Progress | None = None, focus: str | None = None
    ) -> DirectResult:
        """Apply one note to the film; see the module docstring. `focus` is the id of the shot the
        note is about when the caller knows it (the studio's selected panel): "this shot" then."""
        note = " ".join(note.split())
        if not note:
            raise InputError("the note is empty: say what to change, e.g. 'shot 3 tighter'")
        rendered: list[str] = []

        def watch(event: dict[str, Any]) -> None:
            if event.get("stage") in RENDER_STAGES and event.get("cached") is False:
                rendered.append(str(event.get("label")))
            if on_progress is not None:
                on_progress(event)

        with self._session() as (graph, config, values, history):
            start = time.perf_counter()  # after the session: a killed note it finished is not this one's
            pending = {"pending_note": note, "pending_since": now(precise=True)}
            save_history(self.project, history.model_copy(update=pending))  # if killed: finished later
            if focus is not None and focus not in {shot.id for shot in StateView(values).plan.shots}:
                raise InputError(f"there is no shot {focus!r} in the film to point the note at")
            given: dict[str, Any] = {"messages": [_said("human", note)]}
            if focus is not None:
                given["focus"] = [focus]  # what "this shot" means (agents/state.py InputState)
            self._run_note(graph, config, given, run_context(self.reader, values), history, watch)
            after = graph.get_state(config)
            made = StateView(after.values)
            reply = made.reply or DirectorReply(note=note, status="question", reply="")
            seconds = time.perf_counter() - start
            rerendered = [shot.id for shot in made.plan.shots if shot.id in set(rendered)]
            history = _recorded(history, after, reply, rerendered, seconds)
            save_history(self.project, history)
        return DirectResult(
            direction=reply,
            rerendered_shots=rerendered,
            seconds=seconds,
            version=history.current if reply.applied else None,
            outputs={k: Path(v) for k, v in made.outputs.items()},
        )

    def history(self) -> list[Version]:
        """Every version of the film, oldest first (a run since the last note becomes one)."""
        return list(self._known().versions)

    def current(self) -> Version:
        known = self._known()
        return find(known, known.current or 0)

    def checkout(self, number: int) -> Version:
        """Make version `number` the film again: its checkpoint forked to the thread's head, the
        film and documents re-cut from it (its shots are in the cache)."""
        with self._session() as (graph, config, _values, known):
            version = find(known, number)
            if number == known.current:
                return version
            known = known.model_copy(update={"pending_checkout": number})
            save_history(self.project, known)  # if killed: finished by the next command
            self._fork(graph, config, version)
            self._recut(graph, config)
            self._arrived(graph, config, known)
            return version

    def undo(self) -> Version:
        """Back to the version the current one was made from."""
        here = self.current()
        if here.parent is None:
            raise InputError(f"version {here.number} is a make, not a note: there is nothing to undo")
        return self.checkout(here.parent)

    def diff(self, old: int | None = None, new: int | None = None) -> list[Change]:
        """What changed from version `old` to `new` (default: from the current one's parent to it)."""
        with self._session() as (graph, config, _values, known):
            new_version = find(known, new if new is not None else known.current or 0)
            if old is None:
                if new_version.parent is None:
                    raise InputError(f"version {new_version.number} is a make: name two versions to compare")
                old = new_version.parent
            old_version = find(known, old)
            documents = []
            for version in (old_version, new_version):
                stored = StateView(graph.get_state(_at(config, version)).values)
                documents.append((stored.plan, stored.bible))
        (old_plan, old_bible), (new_plan, new_bible) = documents
        return diff_documents(old_plan, old_bible, new_plan, new_bible)

    def export(self, folder: str | Path | None = None) -> dict[str, Path]:
        """Copy the current version's film and documents to `folder` (default PROJECT/exports/vN);
        film.otio and storyboard.html with their media under `clips/` and `storyboard/` beside
        them, referenced by relative paths, so the folder stands alone (and zips whole)."""
        with self._session() as (_graph, _config, values, known):
            target = Path(folder) if folder else self.project.path("exports") / f"v{known.current}"
            outputs = values.get("outputs") or {}
            copied: dict[str, Path] = {}
            try:
                target.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"{target}: cannot create the folder: {exc.strerror or exc}") from None
            for kind in EXPORTS:
                source = Path(outputs[kind]) if kind in outputs else None
                if source is None or not source.is_file():
                    continue
                name = (
                    source.name
                    if kind != "film"
                    else f"{self.project.root.name}-v{known.current}{source.suffix}"
                )
                if kind in PORTABLE:
                    copied[kind] = _portable(PORTABLE[kind], source, target / name, self.project.root)
                else:
                    copied[kind] = _copy(source, target / name)
            return copied

    # -- the machinery --------------------------------------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[tuple[Any, dict[str, Any], dict[str, Any], History]]:
        """The project locked, its graph open on the thread, a made film checked, the history synced."""
        with self.open_thread(self.project) as (graph, config):
            snapshot, known, worked = self._finish_killed(graph, config)
            values = dict(snapshot.values)
            where = self.project.root
            if "plan" not in values:
                raise InputError(f"{where}: no film here yet: run `storyreel make SCRIPT -o {where}` first")
            if unfinished(snapshot):
                raise InputError(
                    f"{where}: the last run did not finish: run the same `storyreel make` again first"
                )
            if not values.get("outputs"):
                raise InputError(
                    f"{where}: only planned so far: run `storyreel make` to make the film, then direct it"
                )
            if (
                _head(snapshot) != known.head_checkpoint
            ):  # a run not recorded: a killed note finished, or a make
                known = self._record_head(snapshot, known, worked)
            yield graph, config, values, known

    def _finish_killed(self, graph: Any, config: dict[str, Any]) -> tuple[Any, History, float | None]:
        """The thread's head and the history once a killed checkout or note is finished, with the
        seconds a finished note's run worked (before its kill and now; None if none was run)."""
        snapshot = graph.get_state(config)
        known = load_history(self.project)
        if known.pending_checkout is not None:  # a checkout or undo was killed: go where it went
            known = self._finish_checkout(graph, config, snapshot, known)
            return graph.get_state(config), known, None
        if known.pending_note is None:
            return snapshot, known, None
        if unfinished(snapshot):  # a note's run was killed: finish it
            given = None
        elif _head(snapshot) == known.head_checkpoint:  # killed before its run wrote a step: run it
            given = {"messages": [_said("human", known.pending_note)]}
        else:  # its run finished: `_record_head` records it
            return snapshot, known, None
        began, since = time.perf_counter(), known.pending_since
        known = self._finish_note(graph, config, dict(snapshot.values), known, given)
        worked = _between(since, snapshot.created_at) + time.perf_counter() - began
        return graph.get_state(config), known, worked

    def _record_head(self, snapshot: Any, known: History, worked: float | None) -> History:
        """The history with a head it has not seen: the killed note's version (the shots its run
        drew and the seconds it worked, both its own), a refused note's fork (no version), or a
        run of its own (a make)."""
        finished = StateView(snapshot.values).reply
        if known.pending_note is not None and (snapshot.metadata or {}).get("source") == "update":
            # the note's `_abandon` fork, whose history write then failed (a full disk): the
            # note was not applied, and the fork is no version of its own
            forgotten = {"head_checkpoint": _head(snapshot), "pending_note": None, "pending_since": None}
            known = known.model_copy(update=forgotten)
        elif known.pending_note is not None and finished is not None and finished.note == known.pending_note:
            seconds = worked if worked is not None else _between(known.pending_since, snapshot.created_at)
            drawn = self._drawn_since(snapshot.values, known.pending_since)
            known = _recorded(known, snapshot, finished, drawn, seconds)
        else:
            known = record_run(
                known.model_copy(update={"pending_note": None, "pending_since": None}), _head(snapshot)
            )
        save_history(self.project, known)
        return known

    def _drawn_since(self, values: dict[str, Any], since: str | None) -> list[str]:
        """The shots of the plan with a cache file written since `since`: what a note's run drew,
        before its kill and after (the cache keeps a render's own time: it is written once)."""
        if since is None:
            return []
        cutoff = datetime.fromisoformat(since).timestamp()
        view = StateView(values)
        drawn = []
        for shot in view.plan.shots:
            assets = view.assets.get(shot.id)
            files = [*assets.keyframes, assets.draft, assets.final] if assets else []
            if any(_written_at(self.project.root / f) >= cutoff for f in files if f):
                drawn.append(shot.id)
        return drawn

    def _finish_checkout(self, graph: Any, config: dict[str, Any], snapshot: Any, known: History) -> History:
        """Finish a killed checkout or undo: its version's fork made if it was not, the editor run
        on it if it has not, and the history moved there. A run since that made another film (a
        make with another script or settings) leaves it undone: that run is a version of its own."""
        version = find(known, known.pending_checkout or 0)
        if unfinished(snapshot) == RECUT:  # forked, killed before the editor finished
            self._recut(graph, config)
        elif unfinished(snapshot):  # another run was killed since: `make` finishes it
            return known
        elif _head(snapshot) == known.head_checkpoint:  # killed before the fork
            self._fork(graph, config, version)
            self._recut(graph, config)
        elif not _same_film(snapshot.values, graph.get_state(_at(config, version)).values):
            known = known.model_copy(update={"pending_checkout": None})
            save_history(self.project, known)
            return known
        return self._arrived(graph, config, known)

    def _fork(self, graph: Any, config: dict[str, Any], version: Version) -> None:
        """The thread's head moved to a fork of `version`'s checkpoint, with the editor to run."""
        said = {
            "type": "ai",
            "content": f"Back to version {version.number}.",
            "id": f"checkout-{uuid.uuid4().hex[:12]}",
        }
        graph.update_state(_at(config, version), {"messages": [said]}, as_node="refine")

    def _recut(self, graph: Any, config: dict[str, Any]) -> None:
        """Run the editor on the forked head: the film and documents re-cut from its cached shots."""
        context = run_context(self.reader, dict(graph.get_state(config).values))
        for _chunk in graph.stream(None, config, context=context, durability="sync"):
            pass

    def _arrived(self, graph: Any, config: dict[str, Any], known: History) -> History:
        """The history at the checkout's version, its head the re-cut one, nothing pending."""
        moved = {"current": known.pending_checkout, "pending_checkout": None}
        known = known.model_copy(update={**moved, "head_checkpoint": _head(graph.get_state(config))})
        save_history(self.project, known)
        return known

    def _run_note(
        self,
        graph: Any,
        config: dict[str, Any],
        given: dict[str, Any],
        context: Context,
        known: History,
        watch: Progress,
    ) -> None:
        """Run the note in `given` on the thread; a run that fails is abandoned (`_abandon`) and
        refused in one line. A kill, or a bug of ours, leaves it for the next command to finish."""
        try:
            for _mode, chunk in graph.stream(
                given, config, context=context, stream_mode=["custom"], durability="sync"
            ):
                watch(chunk)
        except (StoryreelError, ValidationError) as exc:
            note = str(given["messages"][0]["content"])
            current = self._abandon(graph, config, known, note, exc).current
            raise InputError(
                f"the note was not applied: {_one_line(exc)} (the film is still version {current})"
            ) from None

    def _finish_note(
        self,
        graph: Any,
        config: dict[str, Any],
        values: dict[str, Any],
        known: History,
        given: dict[str, Any] | None,
    ) -> History:
        """Finish the run of a note that was killed (`given`: the note, when its run had not begun);
        a run that fails again is abandoned, so one bad note never blocks every later command."""
        try:
            context = run_context(self.reader, values)
            for _chunk in graph.stream(given, config, context=context, durability="sync"):
                pass
        except (StoryreelError, ValidationError) as exc:
            log.warning("the unfinished note %r was not applied: %s", known.pending_note, _one_line(exc))
            return self._abandon(graph, config, known, known.pending_note or "", exc)
        return known

    def _abandon(
        self, graph: Any, config: dict[str, Any], known: History, note: str, error: BaseException
    ) -> History:
        """Put the thread back where the note found it (`known.head_checkpoint`, the head
        before its run): a fork of that checkpoint, holding the note and why it failed, becomes
        the head, and the history forgets the note. Nothing of its run is recorded."""
        base = known.head_checkpoint or next(
            (v.checkpoint_id for v in known.versions if v.number == known.current), None
        )
        if base is None:  # nothing recorded to go back to: the error stands
            raise InputError(f"the note was not applied: {_one_line(error)}") from None
        before = _at_checkpoint(config, base)
        said = [_said("human", note), _said("ai", f"I could not apply that note: {_one_line(error)}")]
        graph.update_state(before, {"messages": said}, as_node="editor")  # the editor ends the run
        head = graph.get_state(config).config["configurable"]["checkpoint_id"]
        forgotten = {"head_checkpoint": head, "pending_note": None, "pending_since": None}
        known = known.model_copy(update=forgotten)
        save_history(self.project, known)
        return known

    def _known(self) -> History:
        with self._session() as (_graph, _config, _values, known):
            return known


def run_context(reader: Context, values: dict[str, Any]) -> Context:
    """The run settings the film was made with (kept in the thread), with the reader's brain and
    project: the settings agents/context.py declares as taken by the brain, where given."""
    made = type(reader)
    made_with = {k: v for k, v in (values.get("settings") or {}).items() if k in made.model_fields}
    brain = {k: v for k, v in reader.options_for("brain").items() if v is not None}
    return made(**{**made_with, **brain, "project_dir": reader.project_dir})


def _recorded(
    history: History, snapshot: Any, reply: DirectorReply, rerendered: list[str], seconds: float
) -> History:
    """The history after a note's run: a new version if it was applied; the head moves anyway."""
    head = snapshot.config["configurable"]["checkpoint_id"]
    if reply.applied:
        history = record_note(history, head, reply, rerendered, seconds)
    return history.model_copy(update={"head_checkpoint": head, "pending_note": None, "pending_since": None})


def _head(snapshot: Any) -> str:
    """The id of a state snapshot's checkpoint."""
    return str(snapshot.config["configurable"]["checkpoint_id"])


def _same_film(values: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether two states are runs of one script with one set of settings (`make` resumes only such a run)."""
    return values.get("script") == other.get("script") and values.get("settings") == other.get("settings")


def _between(start: str | None, end: str | None) -> float:
    """Seconds from one ISO 8601 time to a later one; 0 when either is unknown or they are out of order."""
    if start is None or end is None:
        return 0.0
    return max(0.0, (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds())


def _written_at(path: Path) -> float:
    """When a file was last written (0 for one that is gone)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _at(config: dict[str, Any], version: Version) -> dict[str, Any]:
    """The thread's config pinned to a version's checkpoint (LangGraph time travel)."""
    return _at_checkpoint(config, version.checkpoint_id)


def _at_checkpoint(config: dict[str, Any], checkpoint_id: str) -> dict[str, Any]:
    return {"configurable": {**config["configurable"], "checkpoint_ns": "", "checkpoint_id": checkpoint_id}}


def _said(kind: str, text: str) -> dict[str, Any]:
    """A chat message on the thread: the director's note ('human') or an answer ('ai')."""
    message = {
        "type": kind,
        "content": text,
        "id": f"{'note' if kind == 'human' else 'director'}-{uuid.uuid4().hex[:12]}",
    }
    return message if kind == "human" else {**message, "name": "director"}


def _one_line(error: BaseException) -> str:
    """What went wrong, in one line: a pydantic error's first place and message."""
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{error.title}: {where + ': ' if where else ''}{first['msg']}"
    return (str(error).splitlines() or [type(error).__name__])[0]


def _portable(make: Portable, source: Path, destination: Path, root: Path) -> Path:
    """`source` (film.otio, storyboard.html) written to `destination` with its media copied
    beside it and its references rewritten to them (tools/exports/portable.py)."""
    text, media = make(source.read_text(encoding="utf-8"), root)
    for name, file in media.items():
        placed = destination.parent / name
        try:
            placed.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{placed.parent}: cannot create the folder: {exc.strerror or exc}") from None
        _copy(file, placed)
    return atomic_write(destination, text.encode("utf-8"))


def _copy(source: Path, destination: Path) -> Path:
    """Copy under a temporary name and rename: a reader never sees half a film."""
    tmp = destination.with_name(f".tmp-{os.getpid()}-{destination.name}")
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, destination)
    except OSError as exc:
        raise InputError(f"{destination}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return destination
