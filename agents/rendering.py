"""The camera unit: per-shot keyframes, drafts and refinement, fanned out with Send.

    dispatch -> keyframes(shot) -> draft(shot) -> critic(shot)      one Send task per shot
    review   -> refine(shot)                                         approved shots only

Each task gets a `ShotTask` payload naming its shot and the documents its `ShotJob` is built
from, by hash (a Send task does not see the graph state, and every payload is stored in the
checkpoint database), and the assets made so far (`ShotAssets`), and returns its shot's entry
in `assets`.
Every asset comes from the project's content-addressed cache, so an unchanged shot costs a
hash, and a task killed mid-render leaves no half-written file behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command, Send

from storyreel.agents.context import Context
from storyreel.agents.crew import Crew, crew, progress
from storyreel.agents.jobs import shot_jobs, with_keyframe_images
from storyreel.agents.state import ShotTask, ShotWork, State, StateView, edition, shot_task, to_state
from storyreel.models.assets import ShotAssets, StageKeys
from storyreel.models.critique import Round
from storyreel.models.job import ShotJob
from storyreel.render.keys import asset_key
from storyreel.stopping import check


def ready(state: State) -> dict[str, Any]:
    """The step between planning and drawing, whose edge sends the shots (`dispatch`), so a run
    stopped after the cinematographer (`Studio.plan`) has sent nothing: LangGraph prepares
    every Send as the step that makes them ends, and again for `get_state`, and stores each
    twice (68,000 of them for a 10,000-scene script)."""
    return {}


def dispatch(state: State, runtime: Runtime[Context]) -> list[Send] | Literal["editor"]:
    """After the cinematographer: send every shot to be drawn (only revised ones on a revision)."""
    team = crew(runtime)
    if not team.renderer.draws:
        return "editor"
    view = StateView(state)
    wanted = set(view.revise)
    shots = [shot for shot in view.plan.shots if not wanted or shot.id in wanted]
    for shot in shots:  # a plan's image outside the project is refused before any shot is drawn
        if any(keyframe.image for keyframe in shot.keyframes):
            with_keyframe_images(shot, None, team.image_sources["project_dir"])
    documents = edition(team.project, view.references(team.project))
    return send_shots([shot.id for shot in shots], documents, view.critiques, view.round) or "editor"


def send_shots(
    shots: list[str], documents: str, critiques: dict[str, list[Round]], round_number: int
) -> list[Send]:
    """One keyframes task per shot, carrying the `edition` of the documents its job is built
    from and the critic's earlier rounds of its shot."""
    sends = [
        Send("keyframes", shot_task(shot, documents, round_number=round_number, rounds=critiques.get(shot)))
        for shot in shots
    ]
    for stage in ("keyframes", "draft", "critic"):
        progress(stage, 0, len(sends), f"round {round_number}")
    return sends


def keyframes(task: ShotTask, runtime: Runtime[Context]) -> Command[Literal["draft"]]:
    check()  # after Ctrl-C, the queued tasks end at once
    team = crew(runtime)
    work = ShotWork(task, team.image_sources)
    job = work.job
    key = asset_key("keyframes", job, team.renderer)
    images, hit = draw_keyframes(team, job, key)
    assets = ShotAssets(keyframes=images, keys=StageKeys(keyframes=key))
    progress("keyframes", label=job.shot.id, advance=1, cached=hit)
    return Command(
        update=to_state({"assets": {job.shot.id: assets}}),
        goto=Send("draft", work.onward(assets)),
    )


def draft(task: ShotTask, runtime: Runtime[Context]) -> Command[Literal["critic"]]:
    check()  # after Ctrl-C, the queued tasks end at once
    team = crew(runtime)
    work = ShotWork(task, team.image_sources)
    job, assets = work.job, work.assets
    key = asset_key("draft", job, team.renderer, inputs=[assets.keys.keyframes])
    path, hit = draw_draft(team, job, key, assets.keyframes)
    assets = assets.model_copy(
        update={"draft": str(path), "keys": assets.keys.model_copy(update={"draft": key})}
    )
    progress("draft", label=job.shot.id, advance=1, cached=hit)
    return Command(
        update=to_state({"assets": {job.shot.id: assets}}),
        goto=Send("critic", work.onward(assets)),
    )


def refine(task: ShotTask, runtime: Runtime[Context]) -> dict[str, Any]:
    check()  # after Ctrl-C, the queued tasks end at once
    team = crew(runtime)
    work = ShotWork(task, team.image_sources)
    job, assets = work.job, work.assets
    key = asset_key("refine", job, team.renderer, inputs=[assets.keys.draft])
    path, hit = draw_refine(team, job, key, assets)
    assets = assets.model_copy(
        update={"final": str(path), "keys": assets.keys.model_copy(update={"refine": key})}
    )
    progress("refine", label=job.shot.id, advance=1, cached=hit)
    return to_state({"assets": {job.shot.id: assets}})


# -- the stages' cache entries, shared by the tasks and by `restore` -------------------------
def draw_keyframes(team: Crew, job: ShotJob, key: str) -> tuple[list[str], bool]:
    def make(folder: Path) -> None:
        folder.mkdir(parents=True)
        team.renderer.keyframes(job, folder)

    folder, hit = team.project.cached("keyframes", key, "", make)
    return sorted(str(p) for p in folder.iterdir() if not p.name.startswith(".")), hit


def draw_draft(team: Crew, job: ShotJob, key: str, keyframes: list[str]) -> tuple[Path, bool]:
    images = [Path(p) for p in keyframes]
    return team.project.cached(
        "draft", key, team.renderer.video_suffix, lambda out: team.renderer.draft(job, images, out)
    )


def draw_refine(team: Crew, job: ShotJob, key: str, assets: ShotAssets) -> tuple[Path, bool]:
    images = [Path(p) for p in assets.keyframes]
    return team.project.cached(
        "refine",
        key,
        team.renderer.video_suffix,
        lambda out: team.renderer.refine(job, Path(assets.draft or ""), images, out),
    )


def asset_paths(assets: ShotAssets) -> list[str | None]:
    """The cache assets a shot's entry points at: its keyframes' folder, draft and final clip."""
    folder = str(Path(assets.keyframes[0]).parent) if assets.keyframes else None
    return [folder, assets.draft, assets.final]


def restore(team: Crew, view: StateView) -> dict[str, ShotAssets]:
    """Draw again, at the keys the state holds, every shot asset that is missing or damaged in
    the cache (truncated, deleted, `rm -rf cache`), so the state's paths point at good files
    again. Intact stages are cache hits: only what was damaged is rendered. Returns the assets
    whose paths are not the state's: a state written before the project was moved or copied
    names the old folder, and its cache is read where the project is now."""
    here = {
        shot_id: at_home(team.project.cache_dir, a) for shot_id, a in view.assets.items() if a is not None
    }
    broken = {shot_id: a for shot_id, a in here.items() if team.project.damaged(asset_paths(a))}
    for job in shot_jobs(view.plan, view.bible, view.screenplay, set(broken), **team.image_sources):
        assets, keys = broken[job.shot.id], broken[job.shot.id].keys
        if keys.keyframes:
            draw_keyframes(team, job, keys.keyframes)
        if keys.draft:
            draw_draft(team, job, keys.draft, assets.keyframes)
        if keys.refine:
            draw_refine(team, job, keys.refine, assets)
    return {shot_id: a for shot_id, a in here.items() if a != view.assets[shot_id]}


def at_home(cache_dir: Path, assets: ShotAssets) -> ShotAssets:
    """`assets` with each path in `cache_dir`: cache/<stage>/<file> of another folder (where
    the project was when the path was written) becomes the same file here."""

    def moved(path: str | None) -> str | None:
        if path is None or Path(path).is_relative_to(cache_dir):
            return path
        parts = Path(path).parts
        if "cache" not in parts:
            return path
        inside = parts[len(parts) - parts[::-1].index("cache") :]
        return str(cache_dir.joinpath(*inside))

    return assets.model_copy(
        update={
            "keyframes": [moved(p) for p in assets.keyframes],
            "draft": moved(assets.draft),
            "final": moved(assets.final),
        }
    )
