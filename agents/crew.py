"""What every node needs from the run settings, built once per process: brain, renderer,
scorer and project store. Nodes call `crew(runtime)` instead of building their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from storyreel.agents.brains import Brain, make_brain
from storyreel.agents.context import Context
from storyreel.project import Project
from storyreel.render import Renderer, make_renderer
from storyreel.tools.scoring import Scorer, make_scorer


@dataclass(frozen=True)
class Crew:
    context: Context
    brain: Brain
    renderer: Renderer
    scorer: Scorer
    project: Project

    @property
    def image_sources(self) -> dict[str, str | None]:
        """Where shot jobs find keyframe images (`rendering.shot_jobs`): the user's folder, and
        the project the plan's relative paths start from."""
        return {"keyframes_dir": self.context.keyframes_dir, "project_dir": str(self.project.root)}


def crew(runtime: Runtime[Context] | None) -> Crew:
    context = runtime.context if runtime is not None and runtime.context is not None else Context()
    if isinstance(context, dict):  # LangGraph Studio passes the context as a dict
        context = Context(**context)
    return _crew_for(context)


def crew_for(context: Context) -> Crew:
    """The crew a run with `context` gets, for work outside the graph (restoring the cache)."""
    return _crew_for(context)


@lru_cache(maxsize=8)  # built once per run settings: one model client, one loaded renderer
def _crew_for(context: Context) -> Crew:
    project = Project(context.project_dir).create()
    return Crew(
        context=context,
        brain=make_brain(context, project),
        renderer=make_renderer(context.renderer, **renderer_options(context)),
        scorer=make_scorer(context.scorer, **scorer_options(context)),
        project=project,
    )


def renderer_options(context: Context) -> dict[str, Any]:
    """The run settings a renderer takes, as declared in Context (the `none` renderer takes none).

    The diffusers renderer is handed its CLIPLoRA scorer, the critic's CameraCLIP, rather than the
    checkpoint's name: loaded here from the `cameraclip` setting, and only when its model
    configuration searches camera-LoRA weightings."""
    options = context.options_for(f"renderer:{context.renderer}")
    if context.renderer == "diffusers":
        from storyreel.render.diffusers.config import load_model_config
        from storyreel.tools.cameraclip import load_scorer

        checkpoint = options.pop("cameraclip")
        searches = load_model_config(options["models"]).searches_loras
        options["camera_scorer"] = load_scorer(checkpoint) if searches else None
    return options


def scorer_options(context: Context) -> dict[str, Any]:
    """The run settings a scorer takes, as declared in Context (only the full scorer takes any)."""
    return context.options_for(f"scorer:{context.scorer}")


def progress(
    stage: str, done: int | None = None, total: int | None = None, label: str = "", **extra: Any
) -> None:
    """Tell whoever streams the run (CLI progress bars, the API's callback) how a stage goes.

    Sequential stages send `done` of `total`; per-shot tasks, which run in parallel and cannot
    count each other, send `advance=1` and the stage's total is sent once when it is dispatched.
    """
    try:
        write = get_stream_writer()
    except RuntimeError:  # called outside a graph run (tests of a single node)
        return
    event: dict[str, Any] = {"stage": stage, "label": label, **extra}
    if done is not None:
        event["done"] = done
    if total is not None:
        event["total"] = total
    write(event)
