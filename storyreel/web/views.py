"""What the pages show, read from the projects: the served projects, and each one's current
version as panels, scenes, shot details and the notes that changed each shot.

    Catalog: id -> Served(project, JobQueue)      ids are slugs of folder names, never paths
    Served.snapshot() -> Snapshot of the current version's state (plan, bible, screenplay, assets,
        critiques, cut, settings), read from its checkpoint without the lock, and its panels

A version's checkpoint never changes, so its snapshot is built once (a 2,000-shot plan takes a
second to read and lay out) and kept until the project has a new current version; a job running
on the project never shows half-done, because pages see the current version's checkpoint, not the
thread's moving head. Files are named by opaque keys (`t-<hash>.jpg` thumbnails, `k-<hash>.<ext>`
keyframes) registered here when panels are built: a request can only name a file on this list.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyreel.agents.state import StateView
from storyreel.errors import InputError, StoryreelError
from storyreel.models.critique import Round
from storyreel.models.edits import History, Version
from storyreel.models.plan import Shot
from storyreel.models.reply import DirectorReply
from storyreel.models.screenplay import Screenplay
from storyreel.project import Project
from storyreel.thread import read_values
from storyreel.versions import find, load_history
from storyreel.web.jobs import JobQueue, Jobs
from storyreel.web.schemas import (
    ChangedEvent,
    ChangeItem,
    CriticRound,
    DialogueLine,
    DiffView,
    Panel,
    ProjectSummary,
    ProjectView,
    SceneGroup,
    ShotChange,
    ShotDetail,
)
from storyreel.web.thumbs import file_key, thumbnail

KEPT_SNAPSHOTS = 3  # per project: the current version, and the two a diff compares


class NotFound(StoryreelError):
    """No such project, shot, version or file (the route answers 404 with the message)."""


@dataclass
class Snapshot:
    """One version's state, read as models, and its panels laid out."""

    key: str
    version: int | None
    view: StateView
    settings: dict[str, Any]
    panels: list[Panel] = field(default_factory=list)
    by_id: dict[str, int] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # opaque name -> file in the project
    keyframes: dict[str, list[str]] = field(default_factory=dict)  # shot id -> full-image names

    @property
    def made(self) -> bool:
        film = self.film
        return film is not None and film.is_file()

    @property
    def film(self) -> Path | None:
        path = self.view.outputs.get("film")
        return Path(path) if path else None


class Served:
    """One project the studio serves: its folder, its job queue and its snapshots."""

    def __init__(self, project_id: str, root: Path, jobs: Jobs):
        self.id = project_id
        self.project = Project(root)
        self.root = self.project.root
        self.queue = JobQueue(project_id, self.root, jobs)
        self._snapshots: OrderedDict[str, Snapshot] = OrderedDict()
        self._replies: dict[str, DirectorReply | None] = {}
        self._lock = threading.Lock()
        self._warming = threading.Lock()
        self._history, self._history_seen = History(), None

    @property
    def name(self) -> str:
        return self.root.name

    # -- the versions ------------------------------------------------------------------------------
    def history(self) -> History:
        """versions.json, read again only when it changed (every file a page asks for needs it)."""
        try:
            stat = self.project.path("versions.json").stat()
            seen: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            seen = None
        if seen is None or seen != self._history_seen:
            self._history, self._history_seen = load_history(self.project), seen
        return self._history

    def version(self, number: int) -> Version:
        try:
            return find(self.history(), number)
        except InputError as exc:
            raise NotFound(str(exc)) from None

    def sync(self) -> bool:
        """A film made by `storyreel make` and never directed becomes version 1 now (what
        `storyreel history` does), so its pages show a version; a busy or unmade project waits.
        True when a version was recorded."""
        if self.project.path("versions.json").exists() or not self.project.checkpoints.is_file():
            return False
        from storyreel.api import Studio

        try:
            Studio(self.root).history()
        except StoryreelError:
            return False
        return self.history().current is not None

    def diff(self, old: int | None, new: int | None) -> DiffView:
        """What changed from version `old` to `new` (default: the current one's parent to it)."""
        from storyreel.plan_diff import describe, diff_documents

        history = self.history()
        if new is None and history.current is None:
            raise NotFound(f"{self.name}: no versions yet")
        newer = self.version(new if new is not None else history.current or 0)
        if old is None:
            if newer.parent is None:
                raise InputError(f"version {newer.number} is a make: name two versions to compare")
            old = newer.parent
        older = self.version(old)
        a, b = self.snapshot(older.number).view, self.snapshot(newer.number).view
        changes = diff_documents(a.plan, a.bible, b.plan, b.bible)
        return DiffView(changes=[ChangeItem(**c.to_dict()) for c in changes], lines=describe(changes))

    # -- snapshots -----------------------------------------------------------------------------------
    def snapshot(self, number: int | None = None) -> Snapshot:
        """Version `number` (default: the current one); a project never directed: the thread's head."""
        history = self.history()
        number = history.current if number is None else number
        if number is not None:
            version = self.version(number)
            return self._cached(version.checkpoint_id, version.number)
        if not self.project.checkpoints.is_file():
            raise NotFound(f"{self.name}: nothing planned here yet")
        stat = self.project.checkpoints.stat()
        wal = self.project.checkpoints.with_name(self.project.checkpoints.name + "-wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
        return self._cached(f"head-{stat.st_mtime_ns}-{stat.st_size}-{wal_size}", None)

    def _cached(self, key: str, version: int | None) -> Snapshot:
        with self._lock:
            if key in self._snapshots:
                self._snapshots.move_to_end(key)
                known = self._snapshots[key]
                known.version = version if version is not None else known.version  # a head recorded
                return known
            checkpoint, values = read_values(self.project, None if key.startswith("head-") else key)
            if "plan" not in values:
                raise NotFound(f"{self.name}: nothing planned here yet")
            if checkpoint in self._snapshots:  # the head read before, or the head became a version
                snapshot = self._snapshots[checkpoint]
                snapshot.version = version if version is not None else snapshot.version
            else:
                snapshot = build_snapshot(self, checkpoint or key, version, values)
            self._snapshots[key] = self._snapshots[snapshot.key] = snapshot
            while len({id(kept) for kept in self._snapshots.values()}) > KEPT_SNAPSHOTS:
                self._snapshots.popitem(last=False)  # a snapshot may be kept under two keys
        threading.Thread(target=self._warm_thumbs, name=f"storyreel-thumbs-{self.id}", daemon=True).start()
        return snapshot

    def _warm_thumbs(self) -> None:
        """Read what each note on the current line changed, then make the shown version's
        thumbnails in board order, on a thread, so the inspector and the scrolling board find them
        ready (a cached thumbnail costs a stat; after a note only the changed shots' are new). One
        warmer per project: when another version is shown meanwhile, it starts over on that one."""
        if not self._warming.acquire(blocking=False):
            return
        try:
            for version in lineage(self.history()):  # what the inspector says of each shot
                if version.note is not None:
                    with contextlib.suppress(StoryreelError, sqlite3.Error):
                        self.reply(version)
            done: set[str] = set()
            while (snapshot := self._latest()) is not None and snapshot.key not in done:
                for name, source in list(snapshot.files.items()):
                    if self._latest() is not snapshot:
                        break
                    if name.startswith("t-"):
                        with contextlib.suppress(StoryreelError, OSError):
                            thumbnail(self.root, source)
                else:
                    done.add(snapshot.key)
        finally:
            self._warming.release()

    def _latest(self) -> Snapshot | None:
        with self._lock:
            return next(reversed(self._snapshots.values()), None)

    def reply(self, version: Version) -> DirectorReply | None:
        """What the note of `version` became (its change lines), read once from its checkpoint."""
        if version.checkpoint_id not in self._replies:
            self._replies[version.checkpoint_id] = StateView(
                read_values(self.project, version.checkpoint_id)[1]
            ).reply
        return self._replies[version.checkpoint_id]

    # -- what the pages ask ----------------------------------------------------------------------------
    def summary(self) -> ProjectSummary:
        """The project in the list; one that cannot be read (being made, a damaged versions.json)
        is listed as not made rather than failing the whole list."""
        try:
            snapshot = self.snapshot()
            shots, made, current = len(snapshot.panels), snapshot.made, snapshot.version
        except StoryreelError:
            shots, made, current = 0, False, None
        return ProjectSummary(
            id=self.id, name=self.name, made=made, shots=shots, current_version=current, busy=self.queue.busy
        )

    def view(self) -> ProjectView:
        snapshot = self.snapshot()
        plan, screenplay = snapshot.view.plan, snapshot.view.screenplay
        scenes: list[SceneGroup] = []
        for index, shot in enumerate(plan.shots):
            if scenes and plan.shots[index - 1].scene == shot.scene:
                scenes[-1].shots += 1
                continue
            scene = screenplay.scenes[shot.scene] if shot.scene < len(screenplay.scenes) else None
            scenes.append(
                SceneGroup(
                    number=(scene.number if scene and scene.number else str(shot.scene + 1)),
                    heading=scene.heading if scene else "",
                    first_shot_index=index,
                    shots=1,
                )
            )
        cut = snapshot.view.cut
        duration = (
            snapshot.panels[-1].start_s + snapshot.panels[-1].duration_s
            if snapshot.panels and cut is None
            else (cut.duration_s if cut is not None else 0.0)
        )
        if cut is not None and snapshot.panels:  # slates lengthen the film beyond the cut
            duration = max(duration, snapshot.panels[-1].start_s + snapshot.panels[-1].duration_s)
        tag = snapshot.version if snapshot.version is not None else snapshot.key[-12:]
        return ProjectView(
            id=self.id,
            name=self.name,
            settings=snapshot.settings,
            current_version=snapshot.version,
            film_url=f"/api/projects/{self.id}/film?v={tag}" if snapshot.made else None,
            duration_s=round(duration, 3),
            shots_total=len(snapshot.panels),
            scenes=scenes,
            shot_starts=[panel.start_s for panel in snapshot.panels],
            job=self.queue.current(),
        )

    def shot(self, shot_id: str) -> ShotDetail:
        snapshot = self.snapshot()
        if shot_id not in snapshot.by_id:
            raise NotFound(f"there is no shot {shot_id!r} in the film")
        index = snapshot.by_id[shot_id]
        shot = snapshot.view.plan.shots[index]
        rounds = snapshot.view.critiques.get(shot_id, [])
        return ShotDetail(
            panel=snapshot.panels[index],
            camera=shot.camera.model_dump(mode="json"),
            lens=shot.camera.lens_mm,
            pacing=shot.pacing,
            description=shot.description,
            keyframes=[self.file_url(name) for name in snapshot.keyframes.get(shot_id, [])],
            rounds=[critic_round(r) for r in rounds],
            changes=self.changes(shot_id),
        )

    def changes(self, shot_id: str) -> list[ShotChange]:
        """The notes that made this shot what it is now, oldest first, each with its lines about
        the shot: those on the current version's line of descent (an undone note is not one)."""
        said: list[ShotChange] = []
        for version in lineage(self.history()):
            if version.note is None or shot_id not in version.changed_shots:
                continue
            reply = self.reply(version)
            lines = [] if reply is None else [line for line in reply.lines if _about(line, shot_id)]
            said.append(ShotChange(version=version.number, note=version.note, lines=lines))
        return said

    def file(self, name: str) -> Path:
        snapshot = self.snapshot()
        if name not in snapshot.files:
            raise NotFound(f"no file {name!r} here")
        return snapshot.files[name]

    def file_url(self, name: str) -> str:
        return f"/api/projects/{self.id}/files/{name}"


def lineage(history: History) -> list[Version]:
    """The current version and the versions it was made from, oldest first."""
    by_number = {v.number: v for v in history.versions}
    line: list[Version] = []
    number = history.current
    while number is not None and number in by_number and len(line) < len(by_number):
        line.append(by_number[number])
        number = by_number[number].parent
    return line[::-1]


def _about(line: str, shot_id: str) -> bool:
    """A change line about this shot ('shot 3 (s1-3): ...'), or about a sheet it shows."""
    return f"({shot_id})" in line.split(":", 1)[0] or not line.startswith("shot ")


def critic_round(r: Round) -> CriticRound:
    """One critic round as the inspector shows it: verdict, reasons, scores, what changed since the
    round before and what the critic asked for."""
    scores = r.scores.model_dump(mode="json", exclude_none=True)
    return CriticRound(
        round=r.round,
        passed=r.passed,
        reasons=list(r.reasons),
        scores=scores,
        changes=list(r.changes),
        revisions=[f"{ask.note} ({ask.field})" for ask in r.revisions],
    )


# -- laying out a snapshot ---------------------------------------------------------------------------


def build_snapshot(served: Served, key: str, version: int | None, values: dict[str, Any]) -> Snapshot:
    from storyreel.tools.exports.storyboard import camera_words

    view = StateView(values)
    snapshot = Snapshot(key=key, version=version, view=view, settings=dict(values.get("settings") or {}))
    plan, screenplay = view.plan, view.screenplay
    starts = _starts(view, bool(snapshot.settings.get("slates")))
    speeches = _speeches(screenplay)
    assets, critiques = view.assets, view.critiques
    for index, shot in enumerate(plan.shots):
        rounds = critiques.get(shot.id, [])
        last = rounds[-1] if rounds else None
        full, thumbs = _pictures(served, snapshot, shot, assets.get(shot.id))
        snapshot.keyframes[shot.id] = full
        snapshot.by_id[shot.id] = index
        snapshot.panels.append(
            Panel(
                id=shot.id,
                index=index,
                number=index + 1,
                scene=shot.scene,
                start_s=round(starts.get(shot.id, 0.0), 3),
                duration_s=shot.duration_s,
                camera_words=camera_words(shot.camera),
                dialogue=[speeches[e] for e in shot.covers if e in speeches],
                passed=None if last is None or (last.passed and not last.scores.measured) else last.passed,
                reasons=list(last.reasons) if last else [],
                thumbs=[served.file_url(name) for name in thumbs],
            )
        )
    return snapshot


def _starts(view: StateView, slates: bool) -> dict[str, float]:
    """Where each shot starts in the film: the cut's timeline (with scene slates when the film has
    them), else the plan's running time."""
    plan, cut = view.plan, view.cut
    starts: dict[str, float] = {}
    if cut is not None:
        from storyreel.render.assemble import cut_timeline

        cards: dict[int, str] = {}
        seconds = 0.0
        if slates:  # the editor's cards (imported only then: it brings the whole crew)
            from storyreel.agents.editor import SLATE_SECONDS, scene_slates

            cards, seconds = scene_slates(plan, view.screenplay), SLATE_SECONDS
        for entry, (first, _end) in zip(
            cut.entries, cut_timeline(cut, slates=cards, slate_seconds=seconds), strict=True
        ):
            starts.setdefault(entry.shot, first / cut.fps)
    clock = 0.0
    for shot in plan.shots:
        starts.setdefault(shot.id, clock)
        clock += shot.duration_s
    return starts


def _speeches(screenplay: Screenplay) -> dict[str, DialogueLine]:
    return {
        e.id: DialogueLine(character=e.cue or e.character or "", text=e.text)
        for e in screenplay.all_elements()
        if e.type == "dialogue"
    }


def _pictures(served: Served, snapshot: Snapshot, shot: Shot, assets: Any) -> tuple[list[str], list[str]]:
    """The shot's keyframes (rendered, else given in the plan; else its clip's first frame for a
    thumbnail), registered by opaque names: (full-image names, thumbnail names)."""
    given = list(assets.keyframes) if assets is not None else []
    if not given:
        given = [k.image for k in shot.keyframes if k.image]
    found = _keyed(served.root, given)
    full, thumbs = [], []
    for path, key in found:
        name = f"k-{key}{path.suffix.lower()}"
        snapshot.files[name] = path
        full.append(name)
    if not found and assets is not None and (assets.final or assets.draft):
        found = _keyed(served.root, [assets.final or assets.draft])
    for path, key in found[:2]:
        name = f"t-{key}.jpg"
        snapshot.files[name] = path
        thumbs.append(name)
    return full, thumbs


def _keyed(root: Path, paths: list[str]) -> list[tuple[Path, str]]:
    """The files among `paths` (absolute, or relative to the project) that exist, with their keys."""
    keyed = []
    for text in paths:
        path = Path(text) if os.path.isabs(text) else root / text
        key = file_key(path)
        if key is not None:
            keyed.append((path, key))
    return keyed


# -- the catalog ----------------------------------------------------------------------------------------

_SLUG = re.compile(r"[^a-z0-9]+")


class Catalog:
    """The projects the studio serves, by id; new films go under `root`."""

    def __init__(self, folders: list[Path], root: Path | None, jobs: Jobs):
        self.root = root.absolute() if root is not None else None
        self.jobs = jobs
        self._served: dict[str, Served] = {}
        self._lock = threading.Lock()
        found = list(folders)
        if self.root is not None and self.root.is_dir():
            found += sorted(p for p in self.root.iterdir() if (p / ".storyreel").is_dir())
        for folder in found:
            self.add(folder)

    def add(self, folder: Path) -> Served:
        root = Project(folder).root
        with self._lock:
            for served in self._served.values():
                if served.root == root:
                    return served
            project_id = self.free_id(root.name)
            served = self._served[project_id] = Served(project_id, root, self.jobs)
            return served

    def free_id(self, name: str) -> str:
        base = _SLUG.sub("-", name.lower()).strip("-") or "film"
        project_id, n = base, 1
        while project_id in self._served:
            n += 1
            project_id = f"{base}-{n}"
        return project_id

    def warm(self) -> None:
        """On a thread at start-up: read every project's current version, so the first page does
        not wait for a feature's plan to be read; then record a film never directed as version 1
        (which needs the whole graph imported: seconds), and say so to the open pages."""
        for served in self.all():
            with contextlib.suppress(StoryreelError):
                served.snapshot()
        for served in self.all():
            if served.sync():
                current = served.history().current
                self.jobs.hub.publish(served.id, "changed", ChangedEvent(project=served.id, version=current))

    def get(self, project_id: str) -> Served:
        served = self._served.get(project_id)
        if served is None:
            raise NotFound(f"no project {project_id!r} in this studio")
        return served

    def all(self) -> list[Served]:
        with self._lock:
            return list(self._served.values())
