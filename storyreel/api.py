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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyreel.agents.crew import crew_for
from storyreel.agents.rendering import restore
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
from storyreel.thread import open_thread, unfinished

if TYPE_CHECKING:
    from storyreel.agents.context import Context
    from storyreel.directing import DirectResult
    from storyreel.models.edits import Version
    from storyreel.plan_diff import Change

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
    """Runs the crew on one project directory. Components are chosen by name.

    Its keywords are the run settings, declared with their help in agents/context.py and listed
    by `storyreel.settings.keywords()`: each by its name (`brain="openai"`, `max_rounds=3`) but
    `resolution=(width, height)` and `thresholds={name: value}` (the critic's). An unknown keyword
    or a bad value is refused in one line, before any work.
    """

    def __init__(self, project_dir: str | Path, *, on_progress: Progress | None = None, **settings: Any):
        from storyreel.directing import Directing
        from storyreel.settings import context_for

        # 1. Check inputs: the keywords and their values, then what would fail later, before any work
        self.project = Project(project_dir)
        context = context_for(str(self.project.root), settings)
        check_inputs(context)
        if context.keyframes_dir is not None:  # the run reads it wherever it is started from
            context = context.model_copy(update={"keyframes_dir": str(Path(context.keyframes_dir).resolve())})
        # 2. The run settings, and directing composed on the same project
        self.context = context
        self.on_progress = on_progress
        self.directing = Directing(self.project, self.context)

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
    def direct(self, note: str, focus: str | None = None) -> DirectResult:
        """Apply a note ("shots 3-5 tighter"): changed shots re-render, the film is re-cut, and
        the result is a new version; an unclear note gets a question back and changes nothing.
        `focus` is a shot id: what "this shot" in the note means (a selected panel)."""
        return self.directing.direct(note, on_progress=self.on_progress, focus=focus)

    def history(self) -> list[Version]:
        """Every version of the film (the make, then one per applied note), oldest first."""
        return self.directing.history()

    def undo(self) -> Version:
        """Back to the version the current one was made from."""
        return self.directing.undo()

    def checkout(self, number: int) -> Version:
        """Make version `number` the film again (later notes branch from it)."""
        return self.directing.checkout(number)

    def diff(self, old: int | None = None, new: int | None = None) -> list[Change]:
        """What changed in the plan and bible from version `old` to `new` (default: the last note)."""
        return self.directing.diff(old, new)

    def export(self, folder: str | Path | None = None) -> dict[str, Path]:
        """Copy the current version's film and documents into `folder` (default PROJECT/exports/vN),
        film.otio's clips and storyboard.html's images beside them, so the folder stands alone."""
        return self.directing.export(folder)

    def to_moviepy(self) -> Any:
        """The current version's cut as a moviepy CompositeVideoClip, one subclip per shot, for
        your own titles, music or encode (tools/exports/moviepy_cut.py; the moviepy extra)."""
        from storyreel.documents import load_document
        from storyreel.tools.exports.moviepy_cut import to_moviepy

        path = self.project.path("cut.json")
        if not path.is_file():
            raise InputError(
                f"{self.project.root}: no cut here yet: run `storyreel make SCRIPT -o ...` first"
            )
        return to_moviepy(load_document(path, Cut), root=self.project.root)

    # -- the machinery --------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """What shapes a run's results, as agents/context.py declares it (no secrets)."""
        from storyreel.settings import identity

        return identity(self.context)

    def _run(self, script: str | Path, stop_after_planning: bool) -> tuple[dict[str, Any], bool]:
        script = Path(script)
        settings = {**self.settings(), "script_sha256": _file_sha256(script)}
        if self.context.keyframes_dir:  # a redrawn panel is a new run (its shot alone re-renders)
            settings["keyframes_sha256"] = _folder_sha256(Path(self.context.keyframes_dir))
        with open_thread(self.project) as (graph, config):
            snapshot = graph.get_state(config)
            values, pending = dict(snapshot.values), set(unfinished(snapshot))
            same = values.get("script") == str(script) and values.get("settings") == settings
            finished = same and not pending and bool(values.get("outputs"))
            planned = same and "plan" in values and not pending & PLANNING
            if finished:  # done, but what the film is cut from must still be in the cache
                restore(crew_for(self.context), StateView(values))
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


def check_inputs(context: Context) -> None:
    """Refuse, before any work, what would fail later: a keyframe folder with a bad image, a prompt
    folder that is not one, a file that is not a CameraCLIP checkpoint, the diffusers renderer
    without the ml extra or its model configuration, a frame size or rate the encoder cannot take."""
    from storyreel.media.video import check_format

    if context.keyframes_dir is not None:
        check_keyframe_folder(Path(context.keyframes_dir))
    if context.prompts_dir is not None:
        from storyreel.agents.prompting import check_prompts_dir

        check_prompts_dir(context.prompts_dir)
    if context.scorer == "full" and context.cameraclip not in (None, "default"):
        if not Path(context.cameraclip).is_file():
            raise InputError(
                f"{context.cameraclip}: no such CameraCLIP checkpoint (--cameraclip takes a .pt file)"
            )
        from storyreel.tools.cameraclip.model import read_checkpoint

        read_checkpoint(Path(context.cameraclip))  # a bad file is refused now, not at the first critic call
    if context.renderer == "diffusers":  # the ml extra and the model configuration
        from storyreel.render.diffusers.config import check_available

        check_available(context.models)
    if context.width is not None or context.fps is not None:
        width, height = (context.width, context.height) if context.width is not None else (1280, 720)
        check_format(width, height, context.fps if context.fps is not None else 24)


def check_keyframe_folder(folder: Path) -> None:
    """Every image in a --keyframes folder must open, before any work starts."""
    from storyreel.agents.jobs import IMAGE_SUFFIXES
    from storyreel.media.images import check_image

    if not folder.exists():
        raise InputError(f"{folder}: keyframe folder does not exist")
    if not folder.is_dir():
        raise InputError(
            f"{folder}: is a file; --keyframes takes a folder of images named <shot id>_<index>.png"
        )
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in IMAGE_SUFFIXES:
            check_image(path, "--keyframes")


def _folder_sha256(folder: Path) -> str:
    from storyreel.media.images import MAX_BYTES
    from storyreel.reading import read_regular

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        image_sha256 = hashlib.sha256(read_regular(path, MAX_BYTES)).hexdigest()
        digest.update(path.name.encode() + b"\0" + image_sha256.encode())
    return digest.hexdigest()


def _file_sha256(path: Path) -> str:
    """The script's hash, read as the screenplay reader reads it (a regular file, within its limit)."""
    from storyreel.tools.screenplay.source import open_source

    return open_source(path).sha256
