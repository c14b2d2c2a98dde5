"""The editor: decides how shots hand over, assembles the cut, and writes the project's documents.

plan + ShotAssets -> EditorOutput (transitions) -> Cut (when every shot has a clip)
              -> plan.json, bible.json, screenplay.json, shots.csv, report.json (+ cut.json)
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import opentimelineio as otio
from langgraph.runtime import Runtime

from storyreel import __version__
from storyreel.agents.brains import Task
from storyreel.agents.context import Context
from storyreel.agents.crew import Crew, crew, progress
from storyreel.agents.film_grammar.transitions import script_transition
from storyreel.agents.rendering import restore
from storyreel.agents.schemas import EditDecision, EditorOutput
from storyreel.agents.state import State, StateView, to_state
from storyreel.models.assets import ShotAssets
from storyreel.models.bible import Bible
from storyreel.models.critique import Critique, ShotCritique
from storyreel.models.cut import Cut, CutEntry, Subtitle
from storyreel.models.plan import ShotPlan, Transition
from storyreel.models.report import ReportEntry
from storyreel.models.screenplay import Element, Screenplay
from storyreel.project import Project
from storyreel.redaction import redact_url
from storyreel.render.assemble import assemble, cut_timeline
from storyreel.tools.editorial import shot_list_csv
from storyreel.tools.exports.manifest import build_manifest
from storyreel.tools.exports.storyboard import storyboard_html
from storyreel.tools.exports.subtitles import readable_cues, to_srt, to_vtt
from storyreel.tools.exports.timeline import export_editorial, to_otio

SLATE_SECONDS = 1.5


def editor(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    team = crew(runtime)
    view = StateView(state)
    moved = restore(team, view)  # the cut reads every shot's clip: what the cache lost is drawn again
    progress("editor", 0, 2, "transitions")
    task = editor_task(view.plan)
    answer = team.brain.ask(task)
    plan = apply_decisions(view.plan, answer.value)
    cut = build_cut(plan, view.bible, view.screenplay, {**view.assets, **moved})
    made: dict[str, Any] = {"plan": plan} if cut is None else {"plan": plan, "cut": cut}
    if moved:  # the project was moved or copied: the state names its cache where it is now
        view = StateView({**state, **to_state({"assets": {**view.assets, **moved}})})
    run = view.updated(made)
    progress("editor", 1, 3, "film and exports")
    notes: list[str] = []
    published = publish(team, run, cut, notes)
    report = [answer.report(task), *(ReportEntry(agent="editor", warning=note) for note in notes)]
    progress("editor", 2, 3, "writing documents")
    outputs = {**write_documents(team.project, run, report, team.context.max_rounds), **published}
    progress("editor", 3, 3, "done")
    rebased = {"assets": moved} if moved else {}
    return to_state({**made, **rebased, "outputs": outputs, "report": report}, team.project)


def editor_task(plan: ShotPlan) -> Task[EditorOutput]:
    ids = {shot.id for shot in plan.shots}

    def check(answer: EditorOutput) -> list[str]:
        problems = [f"decisions: no shot {d.after!r}" for d in answer.decisions if d.after not in ids]
        if plan.shots and any(
            d.after == plan.shots[-1].id and d.transition.type == "dissolve" for d in answer.decisions
        ):
            problems.append("decisions: the last shot has nothing to dissolve into")
        return problems

    scene_changes = [b.id for a, b in zip(plan.shots, plan.shots[1:], strict=False) if a.scene != b.scene]
    return Task(
        agent="editor",
        output=EditorOutput,
        inputs={
            "shots": [
                {
                    "id": s.id,
                    "scene": s.scene,
                    "kind": s.kind,
                    "duration_s": s.duration_s,
                    "transition_text": s.transition_out.text or "",
                }
                for s in plan.shots
            ],
            "scene_changes": scene_changes,
        },
        rules=lambda: keep_script_transitions(plan),
        check=check,
        label="cut",
    )


def keep_script_transitions(plan: ShotPlan) -> EditorOutput:
    """The rules editor cuts, except where the script asks for a transition."""
    decisions = []
    for shot in plan.shots:
        out = shot.transition_out
        if out.type == "cut" and out.text:
            out = script_transition(out.text) or out
        if out.type != "cut":
            decisions.append(EditDecision(after=shot.id, transition=out))
    return EditorOutput(decisions=decisions)


def apply_decisions(plan: ShotPlan, decisions: EditorOutput) -> ShotPlan:
    chosen = {d.after: d.transition for d in decisions.decisions}
    shots = [
        s.model_copy(update={"transition_out": chosen[s.id]}) if s.id in chosen else s for s in plan.shots
    ]
    if shots and shots[-1].transition_out.type == "dissolve":  # nothing to dissolve into
        shots[-1] = shots[-1].model_copy(update={"transition_out": Transition()})
    return plan.model_copy(update={"shots": shots})


def build_cut(
    plan: ShotPlan, bible: Bible, screenplay: Screenplay, assets: dict[str, ShotAssets]
) -> Cut | None:
    """The cut, once every shot has its final clip; subtitles spread over each shot by words."""
    finals = {shot_id: shot.final for shot_id, shot in assets.items() if shot.final is not None}
    if not plan.shots or any(s.id not in finals for s in plan.shots):
        return None
    speeches = {e.id: e for e in screenplay.all_elements() if e.type == "dialogue"}
    entries: list[CutEntry] = []
    subtitles: list[Subtitle] = []
    start, total_frames = 0.0, 0
    for index, shot in enumerate(plan.shots):
        clip = Path(finals[shot.id])
        frames = shot.frame_count(plan.fps)
        out = shot.transition_out
        if out.type == "dissolve":  # keep the dissolve shorter than either shot it joins
            nxt = plan.shots[index + 1].frame_count(plan.fps) if index + 1 < len(plan.shots) else 0
            limit = min(frames, nxt) / plan.fps
            if out.duration_s > limit:
                out = out.model_copy(update={"duration_s": round(max(limit - 1 / plan.fps, 1 / plan.fps), 3)})
        entries.append(
            CutEntry(
                shot=shot.id,
                clip=str(clip),
                sha256=hashlib.sha256(clip.read_bytes()).hexdigest(),
                in_frame=0,
                out_frame=frames,
                transition_in=shot.transition_in,
                transition_out=out,
            )
        )
        overlap = math.floor(out.duration_s * plan.fps + 0.5) if out.type == "dissolve" else 0
        # a shot's words stay on screen before the next shot dissolves in, so cues keep their order
        spoken = [speeches[i] for i in shot.covers if i in speeches]
        subtitles.extend(spread_subtitles(spoken, start, (frames - overlap) / plan.fps))
        total_frames += frames - overlap
        start += (frames - overlap) / plan.fps
    duration = total_frames / plan.fps
    return Cut(
        fps=plan.fps,
        resolution=bible.style.resolution,
        entries=entries,
        subtitles=[cue for cue in subtitles if cue.end_s <= duration + 0.5 / plan.fps],
        duration_s=duration,
    )


def spread_subtitles(spoken: list[Element], start: float, length: float) -> list[Subtitle]:
    """The shot's speeches one after another, each on screen for its share of the words."""
    words = sum(len(e.text.split()) for e in spoken) or 1
    cues, cursor = [], start
    for element in spoken:
        share = length * max(len(element.text.split()), 1) / words
        if element.text.strip():
            cues.append(
                Subtitle(
                    start_s=round(cursor, 3),
                    end_s=round(cursor + share, 3),
                    speaker=element.character,
                    text=element.text,
                    element=element.id,
                )
            )
        cursor += share
    return cues


def publish(team: Crew, run: StateView, cut: Cut | None, notes: list[str]) -> dict[str, str]:
    """film.mp4 and its subtitles, film.otio (+ EDL/FCP XML), storyboard.html, manifest.json.
    What could not be written, and why, goes to `notes`."""
    project = team.project
    plan, screenplay, bible, assets = run.plan, run.screenplay, run.bible, run.assets
    title = screenplay.title_page.get("title", "").strip() or project.root.name
    outputs: dict[str, str] = {}
    film_sha256 = None
    if cut is not None:
        slates = scene_slates(plan, screenplay) if team.context.slates else {}
        film = assemble(
            cut,
            project.path("film.mp4"),
            slates=slates,
            slate_seconds=SLATE_SECONDS,
            root=project.root,
            progress=lambda done, total: progress("film", done, total, "film.mp4"),
        )
        outputs["film"] = str(film)
        film_sha256 = hashlib.sha256(film.read_bytes()).hexdigest()
        cues = shifted_for_slates(readable_cues(cut), cut, slates)
        outputs["srt"] = str(project.write_text("film.srt", to_srt(cues)))
        outputs["vtt"] = str(project.write_text("film.vtt", to_vtt(cues)))
        timeline = to_otio(cut, plan, run.critiques, name=title, project=project.root)
        outputs["otio"] = str(
            project.write_text("film.otio", otio.adapters.write_to_string(timeline, "otio_json"))
        )
        outputs.update(export_editorial(timeline, project.root, notes))
    page = storyboard_html(
        plan, screenplay, cut, assets, project=project.root, title=title, critiques=run.critiques
    )
    outputs["storyboard"] = str(project.write_text("storyboard.html", page))
    renderer = team.renderer
    manifest = build_manifest(
        plan,
        assets,
        renderer={"name": renderer.name, "version": renderer.version, "settings": renderer.settings()},
        brain={
            "name": team.context.brain,
            "model": team.context.model,
            "base_url": team.context.base_url and redact_url(team.context.base_url),
        },
        storyreel_version=__version__,
        cut_path=outputs.get("film"),
        film_sha256=film_sha256,
        project=project.root,
        default_seed=bible.style.seed,
    )
    outputs["manifest"] = str(project.write_json("manifest.json", manifest))
    return outputs


def scene_slates(plan: ShotPlan, screenplay: Screenplay) -> dict[int, str]:
    """A slate card before the first shot of each scene: its number and heading."""
    slates, seen = {}, set()
    for index, shot in enumerate(plan.shots):
        if shot.scene not in seen:
            seen.add(shot.scene)
            scene = screenplay.scenes[shot.scene]
            slates[index] = f"SCENE {scene.number or scene.index + 1}\n{scene.heading}"
    return slates


def shifted_for_slates(cues: list[Subtitle], cut: Cut, slates: dict[int, str]) -> list[Subtitle]:
    """Subtitles are timed on the cut; slate cards push each entry later in the film."""
    if not slates:
        return cues
    plain = cut_timeline(cut)
    slated = cut_timeline(cut, slates=slates, slate_seconds=SLATE_SECONDS)
    starts = [start / cut.fps for start, _ in plain]
    shifted = []
    for cue in cues:
        index = max(bisect.bisect_right(starts, cue.start_s + 1e-9) - 1, 0)
        delay = (slated[index][0] - plain[index][0]) / cut.fps
        shifted.append(cue.model_copy(update={"start_s": cue.start_s + delay, "end_s": cue.end_s + delay}))
    return shifted


def run_report(run: StateView, report: list[ReportEntry] | None, max_rounds: int) -> dict[str, Any]:
    """report.json: the critic's every round per shot (scores, reasons, what changed), the shots
    still failing, and the log of what each agent's brain did."""
    critiques = run.critiques
    critique = Critique(
        max_rounds=max_rounds,
        shots=[
            ShotCritique(shot=shot.id, rounds=critiques[shot.id])
            for shot in run.plan.shots
            if critiques.get(shot.id)
        ],
    )
    return {
        "critique": critique.model_dump(mode="json"),
        "still_failing": [entry.shot for entry in critique.shots if not entry.passed],
        "log": [entry.model_dump(mode="json") for entry in [*run.report, *(report or [])]],
    }


def write_documents(
    project: Project,
    values: Mapping[str, Any] | StateView,
    report: list[ReportEntry] | None = None,
    max_rounds: int = 2,
) -> dict[str, str]:
    """Write what the run decided (the state, or a view of it) into the project, atomically;
    return the paths by kind. The documents are written as the state holds them."""
    run = values if isinstance(values, StateView) else StateView(values)
    state = run.state
    outputs: dict[str, str] = {}
    outputs["screenplay"] = str(project.write_json("screenplay.json", run.data("screenplay")))
    outputs["bible"] = str(project.write_json("bible.json", run.data("bible")))
    outputs["plan"] = str(project.write_json("plan.json", run.data("plan")))
    outputs["shots_csv"] = str(project.write_text("shots.csv", shot_list_csv(run.plan, run.screenplay)))
    outputs["report"] = str(project.write_json("report.json", run_report(run, report, max_rounds)))
    if state.get("cut"):
        outputs["cut"] = str(project.write_json("cut.json", run.data("cut")))
    return outputs
