"""The Python API: a `Studio` runs the director graph on one project directory.

    studio = Studio("out/garage", brain="rules")
    result = studio.plan("examples/garage.fountain")     # plan.json, bible.json, shots.csv
    result = studio.make("examples/garage.fountain")     # ... and everything after

The project is one LangGraph thread with a SQLite checkpointer in PROJECT/.storyreel/, so a
killed run resumes where it stopped when the same call is made again, and a plan made by
`plan()` is continued, not redone, by `make()`. A changed script or changed settings start a new
run on the same thread; unchanged shots then come from the render cache.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyreel.agents.state import StateView
from storyreel.errors import InputError
from storyreel.models.assets import ShotAssets
from storyreel.models.bible import Bible
from storyreel.models.critique import Round
from storyreel.models.cut import Cut
from storyreel.models.plan import ShotPlan
from storyreel.models.report import ReportEntry
from storyreel.models.screenplay import Screenplay
from storyreel.project import Project

if TYPE_CHECKING:
    from storyreel.directing import DirectResult
    from storyreel.models.edits import Version
    from storyreel.plan_diff import Change

THREAD = "main"  # one thread per project: the project is the film
PLANNING = {"writer", "storyboard", "cinematographer"}
Progress = Callable[[dict[str, Any]], None]


@dataclass
class PlanResult:
    """What planning decided, and where it was written."""

    project: Path
    screenplay: Screenplay
    bible: Bible
    plan: ShotPlan
    outputs: dict[str, Path]
    report: list[ReportEntry] = field(default_factory=list)  # the run's log, as in report.json
    resumed: bool = False  # True when this call continued an earlier, unfinished run

    @property
    def fallbacks(self) -> list[ReportEntry]:
        """Brain calls where the model's answer was replaced by the rules answer."""
        return [entry for entry in self.report if entry.fallback]


@dataclass
class MakeResult(PlanResult):
    """A whole run: the plan, every shot's assets, the critic's rounds and the cut."""

    assets: dict[str, ShotAssets] = field(default_factory=dict)
    critiques: dict[str, list[Round]] = field(default_factory=dict)
    cut: Cut | None = None


class Studio:
    """Runs the crew on one project directory. Components are chosen by name."""

    def __init__(
        self,
        project_dir: str | Path,
        *,
        brain: str = "rules",
        renderer: str = "animatic",
        models: str | None = None,
        scorer: str = "full",
        cameraclip: str | None = "default",
        damping: float = 1.0,
        thresholds: dict[str, float] | None = None,
        max_rounds: int = 2,
        resolution: tuple[int, int] | None = None,
        fps: int | None = None,
        slates: bool = False,
        captions: bool = False,
        keyframes_dir: str | None = None,
        prompts_dir: str | None = None,
        model: str | None = None,
        base_url: str | None = None,
        on_progress: Progress | None = None,
    ):
        from storyreel.agents.context import Context
        from storyreel.render.encoder import check_format

        if keyframes_dir is not None:
            check_keyframe_folder(Path(keyframes_dir))
        if scorer == "full" and cameraclip not in (None, "default"):
            if not Path(cameraclip).is_file():
                raise InputError(
                    f"{cameraclip}: no such CameraCLIP checkpoint (--cameraclip takes a .pt file)"
                )
            from storyreel.tools.cameraclip.model import read_checkpoint

            read_checkpoint(Path(cameraclip))  # a bad file is refused now, not at the first critic call
        if renderer == "diffusers":  # the ml extra and the model configuration, before any work
            from storyreel.render.diffusers.config import check_available

            check_available(models)
        if resolution is not None or fps is not None:  # refuse a bad format before any work
            width, height = resolution or (1280, 720)
            check_format(width, height, fps if fps is not None else 24)
        self.project = Project(project_dir)
        overrides = {k: v for k, v in {"model": model, "base_url": base_url}.items() if v is not None}
        self.context = Context(
            project_dir=str(self.project.root),
            brain=brain,
            renderer=renderer,
            models=models,
            scorer=scorer,
            cameraclip=cameraclip,
            damping=damping,
            max_rounds=max_rounds,
            width=resolution[0] if resolution else None,
            height=resolution[1] if resolution else None,
            fps=fps,
            slates=slates,
            captions=captions,
            keyframes_dir=str(Path(keyframes_dir).resolve()) if keyframes_dir else None,
            prompts_dir=prompts_dir,
            **overrides,
            **critic_thresholds(thresholds or {}),
        )
        self.on_progress = on_progress

    # -- the two runs ---------------------------------------------------------------------
    def plan(self, script: str | Path) -> PlanResult:
        """Plan the film: bible, shots and cameras. Writes plan.json, bible.json, shots.csv."""
        values, resumed = self._run(script, stop_after_planning=True)
        from storyreel.agents.editor import write_documents

        outputs = (
            write_documents(self.project, values, max_rounds=self.context.max_rounds)
            if "plan" in values
            else {}
        )
        return self._result(PlanResult, values, outputs, resumed)

    def make(self, script: str | Path) -> MakeResult:
        """Run the whole graph: plan, draw, critique, refine and edit."""
        values, resumed = self._run(script, stop_after_planning=False)
        result = self._result(MakeResult, values, values.get("outputs") or {}, resumed)
        view = StateView(values)
        result.assets, result.critiques, result.cut = view.assets, view.critiques, view.cut
        return result

    # -- directing a made film (storyreel/directing.py) -------------------------------------
    def direct(self, note: str) -> DirectResult:
        """Apply a note ("shots 3-5 tighter"): changed shots re-render, the film is re-cut, and
        the result is a new version; an unclear note gets a question back and changes nothing."""
        from storyreel.directing import direct

        return direct(self, note)

    def history(self) -> list[Version]:
        """Every version of the film (the make, then one per applied note), oldest first."""
        from storyreel.directing import history

        return history(self)

    def undo(self) -> Version:
        """Back to the version the current one was made from."""
        from storyreel.directing import undo

        return undo(self)

    def checkout(self, number: int) -> Version:
        """Make version `number` the film again (later notes branch from it)."""
        from storyreel.directing import checkout

        return checkout(self, number)

    def diff(self, old: int | None = None, new: int | None = None) -> list[Change]:
        """What changed in the plan and bible from version `old` to `new` (default: the last note)."""
        from storyreel.directing import diff

        return diff(self, old, new)

    def export(self, folder: str | Path | None = None) -> dict[str, Path]:
        """Copy the current version's film and documents into `folder` (default PROJECT/exports/vN)."""
        from storyreel.directing import export

        return export(self, folder)

    # -- the machinery --------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """What shapes a run's results (no secrets, no paths)."""
        from storyreel.agents.critic import Thresholds

        keys = ("brain", "renderer", "models", "scorer", "max_rounds", "prompts_dir", "model", "base_url")
        keys += ("width", "height", "fps", "slates", "captions", "keyframes_dir", "cameraclip", "damping")
        keys += tuple(f.name for f in fields(Thresholds))
        return {k: getattr(self.context, k) for k in keys}

    @contextmanager
    def _graph(self) -> Iterator[Any]:
        from langgraph.checkpoint.sqlite import SqliteSaver

        from storyreel.agents.graph import compile_graph

        connection = sqlite3.connect(self.project.checkpoints, check_same_thread=False)
        try:
            yield compile_graph(SqliteSaver(connection))
        finally:
            connection.close()

    def _run(self, script: str | Path, stop_after_planning: bool) -> tuple[dict[str, Any], bool]:
        script = Path(script)
        settings = {**self.settings(), "script_sha256": _file_sha256(script)}
        if self.context.keyframes_dir:  # a redrawn panel is a new run (its shot alone re-renders)
            settings["keyframes_sha256"] = _folder_sha256(Path(self.context.keyframes_dir))
        with self.project.lock(), self._graph() as graph:
            self.project.sweep_temporaries()
            config = {"configurable": {"thread_id": THREAD}}
            snapshot = graph.get_state(config)
            values, pending = dict(snapshot.values), set(snapshot.next)
            same = values.get("script") == str(script) and values.get("settings") == settings
            finished = same and not pending and bool(values.get("outputs"))
            planned = same and "plan" in values and not pending & PLANNING
            if finished or (stop_after_planning and planned):
                return values, False
            resumed = same and bool(pending)
            start = None if resumed else {"script": str(script), "settings": settings}
            for mode, chunk in graph.stream(
                start,
                config,
                context=self.context,
                stream_mode=["custom", "updates"],
                durability="sync",  # each step is on disk before the next starts: kill-safe
                interrupt_after=["cinematographer"] if stop_after_planning else None,
            ):
                if mode == "custom" and self.on_progress is not None:
                    self.on_progress(chunk)
            return dict(graph.get_state(config).values), resumed

    def _result(self, kind: type, values: dict[str, Any], outputs: dict[str, Any], resumed: bool) -> Any:
        if "plan" not in values:
            raise InputError(f"{self.project.root}: the run stopped before a plan was made")
        view = StateView(values)
        return kind(
            project=self.project.root,
            screenplay=view.screenplay,
            bible=view.bible,
            plan=view.plan,
            outputs={k: Path(v) for k, v in outputs.items()},
            report=view.report,
            resumed=resumed,
        )


def critic_thresholds(given: dict[str, float]) -> dict[str, float]:
    """The critic's thresholds by name (agents/critic.py Thresholds); unknown names are refused."""
    from storyreel.agents.critic import Thresholds

    known = {f.name for f in fields(Thresholds)}
    unknown = sorted(set(given) - known)
    if unknown:
        raise InputError(
            f"unknown critic threshold(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    return {name: float(value) for name, value in given.items()}


def check_keyframe_folder(folder: Path) -> None:
    """Every image in a --keyframes folder must open, before any work starts."""
    from PIL import Image, UnidentifiedImageError

    from storyreel.agents.rendering import IMAGE_SUFFIXES

    if not folder.is_dir():
        raise InputError(f"{folder}: keyframe folder does not exist")
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        try:
            with Image.open(path) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            reason = "not an image" if isinstance(exc, UnidentifiedImageError) else f"unreadable ({exc})"
            raise InputError(f"{path}: keyframe image is {reason}") from None


def _folder_sha256(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + _file_sha256(path).encode())
    return digest.hexdigest()


def _file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a screenplay file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror}") from None
