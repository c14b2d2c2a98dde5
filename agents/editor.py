"""The editor: decides how shots hand over, assembles the cut, and writes the project's documents.

plan + assets -> EditorOutput (transitions) -> Cut (when every shot has a clip)
              -> plan.json, bible.json, screenplay.json, shots.csv, report.json (+ cut.json)
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime

from storyreel.agents.brains import Task
from storyreel.agents.context import Context
from storyreel.agents.crew import crew, progress
from storyreel.agents.film_grammar.transitions import script_transition
from storyreel.agents.schemas import EditDecision, EditorOutput
from storyreel.agents.state import State
from storyreel.models.bible import Bible
from storyreel.models.cut import Cut, CutEntry, Subtitle
from storyreel.models.plan import ShotPlan, Transition
from storyreel.models.screenplay import Element, Screenplay
from storyreel.project import Project
from storyreel.tools.editorial import shot_list_csv


def editor(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    team = crew(runtime)
    plan = ShotPlan.model_validate(state["plan"])
    progress("editor", 0, 2, "transitions")
    task = editor_task(plan)
    answer = team.brain.ask(task)
    plan = apply_decisions(plan, answer.value)
    values = {**state, "plan": plan.model_dump(mode="json")}
    cut = build_cut(
        plan,
        Bible.model_validate(state["bible"]),
        Screenplay.model_validate(state["screenplay"]),
        state.get("assets") or {},
    )
    if cut is not None:
        values["cut"] = cut.model_dump(mode="json")
    progress("editor", 1, 2, "writing documents")
    report = [answer.report(task)]
    outputs = write_documents(team.project, values, report)
    progress("editor", 2, 2, "done")
    update: dict[str, Any] = {"plan": values["plan"], "outputs": outputs, "report": report}
    if cut is not None:
        update["cut"] = values["cut"]
    return update


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


def build_cut(plan: ShotPlan, bible: Bible, screenplay: Screenplay, assets: dict[str, Any]) -> Cut | None:
    """The cut, once every shot has its final clip; subtitles spread over each shot by words."""
    if not plan.shots or any("final" not in assets.get(s.id, {}) for s in plan.shots):
        return None
    speeches = {e.id: e for e in screenplay.all_elements() if e.type == "dialogue"}
    entries: list[CutEntry] = []
    subtitles: list[Subtitle] = []
    start, total_frames = 0.0, 0
    for index, shot in enumerate(plan.shots):
        clip = Path(assets[shot.id]["final"])
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
        subtitles.extend(
            spread_subtitles([speeches[i] for i in shot.covers if i in speeches], start, frames / plan.fps)
        )
        overlap = math.floor(out.duration_s * plan.fps + 0.5) if out.type == "dissolve" else 0
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


def write_documents(
    project: Project, values: dict[str, Any], report: list[dict[str, Any]] | None = None
) -> dict[str, str]:
    """Write what the run decided into the project, atomically; return the paths by kind."""
    outputs: dict[str, str] = {}
    screenplay = Screenplay.model_validate(values["screenplay"])
    plan = ShotPlan.model_validate(values["plan"])
    outputs["screenplay"] = str(project.write_json("screenplay.json", values["screenplay"]))
    outputs["bible"] = str(project.write_json("bible.json", values["bible"]))
    outputs["plan"] = str(project.write_json("plan.json", values["plan"]))
    outputs["shots_csv"] = str(project.write_text("shots.csv", shot_list_csv(plan, screenplay)))
    outputs["report"] = str(
        project.write_json("report.json", list(values.get("report") or []) + list(report or []))
    )
    if values.get("cut"):
        outputs["cut"] = str(project.write_json("cut.json", values["cut"]))
    return outputs
