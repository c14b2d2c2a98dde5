"""The director: a note on the film becomes plan edits, and only what changed goes back through the crew.

    messages[-1] "shots 3-5 tighter"  (a chat message, on the project's thread after a make)
      -> brain: Direction (rules: film_grammar/notes/; openai: the same schema)
      -> a question back, and the run ends            (nothing was clear enough to change)
      -> apply_edits (plan_edits/) -> new plan and bible; added shots designed by the
         cinematographer's task; changed shots (render jobs that differ) sent to keyframes ->
         draft -> critic -> review -> refine (unchanged shots: cache hits) -> editor
      -> only the plan changed for the cut (a transition, an order): straight to the editor

Every answer is a chat message in `messages` (so LangGraph's chat UIs can direct a film) and a
record in `direction` (what the API and CLI print). What a note set on a camera is kept in
`directed`, so a critic's revision round does not undo the director's choice
(`keep_direction` wraps the cinematographer).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from itertools import groupby
from typing import Any, Literal

from langgraph.graph import END
from langgraph.runtime import Runtime
from langgraph.types import Command

from storyreel.agents.brains import Task
from storyreel.agents.cinematographer import apply_choices, camera_task
from storyreel.agents.context import Context
from storyreel.agents.crew import Crew, crew, progress
from storyreel.agents.film_grammar.notes.film import shots_label
from storyreel.agents.film_grammar.notes.reader import read_note
from storyreel.agents.jobs import shot_jobs
from storyreel.agents.plan_edits import Applied, EditError, apply_edits
from storyreel.agents.plan_edits.camera import restate_camera
from storyreel.agents.rendering import send_shots
from storyreel.agents.state import State, StateView, edition, is_reference, to_state
from storyreel.models.bible import Bible
from storyreel.models.edits import CameraEdit, Direction
from storyreel.models.plan import Shot, ShotPlan
from storyreel.models.reply import DirectorReply, Status
from storyreel.models.report import ReportEntry
from storyreel.models.screenplay import Screenplay
from storyreel.plan_diff import Change, changed_shot_ids, describe, diff_documents
from storyreel.render.keys import job_fingerprint

CAMERA_FIELDS = ("framing", "angle", "movements", "lens_mm", "speed")
MAX_SHOTS_IN_PROMPT = 400  # a feature's worth; the rest of a longer film is summarised by scene


# -- routing ----------------------------------------------------------------------------------------


def entry(state: State) -> Literal["writer", "director"]:
    """From START: a note waiting for an answer goes to the director, anything else is a run."""
    return "director" if pending_note(state) is not None else "writer"


def pending_note(state: State) -> str | None:
    """The text of the last message when it is the director's (a human's) and not yet answered."""
    messages = state.get("messages") or []
    if messages and messages[-1].get("type") == "human":
        return str(messages[-1].get("content") or "")
    return None


# -- the node -------------------------------------------------------------------------------------


def director(state: State, runtime: Runtime[Context]) -> Command[Literal["keyframes", "editor", "__end__"]]:
    team = crew(runtime)
    view = StateView(state)
    note = pending_note(state) or ""
    if not view.has_film:
        return _ended(note, "question", "There is no film yet: give me a script to make first.")
    plan, bible, screenplay = view.plan, view.bible, view.screenplay
    focus = [s for s in view.focus if s in {shot.id for shot in plan.shots}]
    progress("director", 0, 2, note[:40])

    # 1. Read the note.
    task = direction_task(note, plan, bible, screenplay, focus)
    answer = team.brain.ask(task)
    direction = answer.value.model_copy(update={"note": note})
    report = [answer.report(task)]
    if direction.question:
        return _ended(note, "question", direction.question, direction, report=report)

    # 2. Apply it; design the shots it adds.
    try:
        applied = apply_edits(plan, bible, direction.edits, screenplay)  # a model's are checked by the task
    except EditError as exc:
        asked = f"I could not apply that: {exc}. What should change?"
        return _ended(note, "question", asked, direction, report=report)
    designed, design_reports = design_new_shots(team, applied, screenplay)
    report += design_reports
    changes = diff_documents(plan, bible, designed, applied.bible)
    if not changes:
        told = "; ".join(applied.notes) or f"{direction.reading}, as it already is"
        said = f"Nothing to change: {told}."
        return _ended(note, "unchanged", said, direction, report=report, focus=applied.focus)

    # 3. Send what must be rendered again: shots whose render job is new or different.
    return rerender(team, view, direction, applied, designed, changes, report)


def rerender(
    team: Crew,
    view: StateView,
    direction: Direction,
    applied: Applied,
    plan: ShotPlan,
    changes: list[Change],
    report: list[ReportEntry],
) -> Command[Literal["keyframes", "editor", "__end__"]]:
    """The edited `plan` (its added shots designed) and bible into the state; shots whose render
    job changed are drawn again (the rest are cache hits), and the editor re-cuts the film."""
    before = fingerprints(view.plan, view.bible, view.screenplay, team)
    after = fingerprints(plan, applied.bible, view.screenplay, team)
    render = [shot_id for shot_id, fingerprint in after.items() if before.get(shot_id) != fingerprint]
    removed = [shot_id for shot_id in before if shot_id not in after]
    changed = changed_shot_ids(changes)
    changed += [s for s in render if s not in changed]
    lines = describe(changes)
    reply = DirectorReply(
        note=direction.note,
        status="applied",
        reply=applied_text(direction, lines, applied.notes, render, plan),
        reading=direction.reading,
        edits=direction.edits,
        changes=[c.to_dict() for c in changes],
        lines=lines,
        notes=applied.notes,
        changed_shots=changed,
        removed_shots=removed,
        render_shots=render,
    )
    update = {
        **_answer(reply, direction, report, applied.focus),
        "plan": plan,
        "bible": applied.bible,
        "directed": {**held_fields(direction, plan, applied), **dict.fromkeys(removed)},
        "assets": dict.fromkeys(removed),
        "critiques": dict.fromkeys([*removed, *render]),
        "revise": render,
        "round": 0,
    }
    progress("director", 2, 2, f"{len(render)} to render")
    if not render or not team.renderer.draws:
        return Command(update=to_state(update, team.project), goto="editor")
    documents = view.references(team.project, plan=plan, bible=applied.bible)
    update.update(plan=documents["plan"], bible=documents["bible"])
    redraw = set(render)
    shots = [shot.id for shot in plan.shots if shot.id in redraw]
    sends = send_shots(shots, edition(team.project, documents), {}, 0)  # earlier rounds: the old job
    return Command(update=to_state(update, team.project), goto=sends or "editor")


def applied_text(
    direction: Direction, lines: list[str], notes: list[str], render: list[str], plan: ShotPlan
) -> str:
    """The director's answer to an applied note: the reading, each change, and what is redrawn."""
    numbers = {shot.id: n for n, shot in enumerate(plan.shots, start=1)}
    again = (
        f"Rendering {shots_label([numbers[s] for s in render])} again."
        if render
        else "No shot needs rendering again: re-cutting the film."
    )
    return "\n".join([f"Read as: {direction.reading}.", *lines, *(f"Note: {n}." for n in notes), again])


def _ended(
    note: str,
    status: Status,
    text: str,
    direction: Direction | None = None,
    *,
    report: list[ReportEntry] | None = None,
    focus: list[str] | None = None,
) -> Command[Literal["keyframes", "editor", "__end__"]]:
    """A question or no change: the director's answer, and the run ends."""
    reply = DirectorReply(
        note=note,
        status=status,
        reply=text,
        reading=direction.reading if direction else "",
        question=text if status == "question" else None,
        choices=direction.choices if direction and status == "question" else [],
    )
    return Command(update=to_state(_answer(reply, direction, report or [], focus)), goto=END)


def _answer(
    reply: DirectorReply, direction: Direction | None, report: list[ReportEntry], focus: list[str] | None
) -> dict[str, Any]:
    """The answer as state: a chat message, the reply, the report, and what 'this shot' now means."""
    message = {
        "type": "ai",
        "content": reply.reply,
        "id": f"director-{uuid.uuid4().hex[:12]}",
        "name": "director",
    }
    update: dict[str, Any] = {"messages": [message], "direction": reply}
    if report:
        update["report"] = report
    if focus is not None:
        update["focus"] = focus
    elif direction and direction.focus:
        update["focus"] = direction.focus
    return update


# -- the question to the brain ------------------------------------------------------------------------


def direction_task(
    note: str, plan: ShotPlan, bible: Bible, screenplay: Screenplay, focus: list[str]
) -> Task[Direction]:
    numbers = {shot.id: n for n, shot in enumerate(plan.shots, start=1)}

    def check(direction: Direction) -> list[str]:
        return direction_problems(direction, plan, bible, screenplay)

    return Task(
        agent="director",
        output=Direction,
        inputs={
            "note": note,
            "shots": [shot_row(n, shot) for n, shot in enumerate(plan.shots[:MAX_SHOTS_IN_PROMPT], start=1)],
            "more_shots": max(0, len(plan.shots) - MAX_SHOTS_IN_PROMPT),
            "scenes": [
                {"number": s.index + 1, "heading": s.heading, "location": s.location}
                for s in screenplay.scenes
            ],
            "characters": [
                {"name": c.name, "wardrobe": c.wardrobe, "colour": c.identity.colour, "hair": c.identity.hair}
                for c in bible.characters
            ],
            "locations": [{"name": loc.name, "palette": loc.palette} for loc in bible.locations],
            "look": bible.style.look,
            "focus": [{"number": numbers[s], "id": s} for s in focus if s in numbers],
        },
        rules=lambda: read_note(note, plan, bible, screenplay, focus),
        check=check,
        label=f"note {note[:40]!r}",
    )


def shot_row(number: int, shot: Shot) -> dict[str, Any]:
    """A shot as the director's prompt lists it: the number people say and the id edits use."""
    return {
        "number": number,
        "id": shot.id,
        "scene": shot.scene + 1,
        "kind": shot.kind,
        "framing": shot.camera.framing,
        "angle": shot.camera.angle,
        "movements": shot.camera.movements,
        "lens_mm": shot.camera.lens_mm,
        "speed": shot.camera.speed,
        "pacing": shot.pacing,
        "duration_s": shot.duration_s,
        "subjects": shot.subjects,
        "description": shot.description[:120],
        "transition_in": shot.transition_in.type,
        "transition_out": shot.transition_out.type,
    }


def direction_problems(
    direction: Direction, plan: ShotPlan, bible: Bible, screenplay: Screenplay
) -> list[str]:
    """What makes a model's direction unusable: it must apply cleanly to this plan."""
    if direction.question:
        return []
    if not direction.edits:
        return ["edits: empty; give the edits the note asks for, or a question"]
    try:
        apply_edits(plan, bible, direction.edits, screenplay)
    except EditError as exc:
        return [str(exc)]
    return []


# -- shots a note adds --------------------------------------------------------------------------------


def design_new_shots(
    team: Crew, applied: Applied, screenplay: Screenplay
) -> tuple[ShotPlan, list[ReportEntry]]:
    """The cinematographer designs the added shots (keyframes, prompts, whatever camera the note
    left open); what the note did set stays."""
    plan = applied.plan
    if not applied.designs:
        return plan, []
    targets = [shot for shot in plan.shots if shot.id in applied.designs]
    designed: dict[str, Shot] = {}
    reports = []
    for scene_index, group in groupby(targets, key=lambda shot: shot.scene):
        shots = list(group)
        task = camera_task(
            screenplay.scenes[scene_index], shots, applied.bible, None, {}, plan.fps, plan.props(scene_index)
        )
        answer = team.brain.ask(task)
        result, answer = apply_choices(shots, answer, task, plan.fps)
        reports.append(answer.report(task))
        for original, shot in zip(shots, result, strict=True):
            keep = {"framing": original.camera.framing}
            keep.update({k: v for k, v in applied.designs[original.id].items() if v is not None})
            camera = shot.camera.model_copy(update=keep)
            designed[shot.id] = restate_camera(
                shot.model_copy(update={"camera": camera}), shot.camera, camera
            )
    shots = [designed.get(shot.id, shot) for shot in plan.shots]
    return plan.model_copy(update={"shots": shots}), reports


def fingerprints(plan: ShotPlan, bible: Bible, screenplay: Screenplay, team: Crew) -> dict[str, Any]:
    """Each shot's render job as the cache key sees it: what must be drawn again differs here."""
    jobs = shot_jobs(plan, bible, screenplay, **team.image_sources)
    return {job.shot.id: job_fingerprint(job) for job in jobs}


def held_fields(direction: Direction, plan: ShotPlan, applied: Applied) -> dict[str, dict[str, Any]]:
    """Per shot, the camera values the note set, as they now are in the plan."""
    shots = {shot.id: shot for shot in plan.shots}
    held: dict[str, dict[str, Any]] = {}
    for edit in direction.edits:
        if not isinstance(edit, CameraEdit):
            continue
        fields = set()
        if edit.framing or edit.framing_steps:
            fields |= {"framing", "lens_mm"}
        if edit.angle:
            fields.add("angle")
        if edit.movements or edit.add_movements:
            fields |= {"movements", "speed"}
        if edit.lens_mm is not None:
            fields.add("lens_mm")
        if edit.speed is not None or edit.speed_scale is not None:
            fields.add("speed")
        if edit.pacing:
            fields.add("pacing")
        for shot_id in edit.shots:
            if shot_id in shots:
                held.setdefault(shot_id, {}).update(_values(shots[shot_id], fields))
    for shot_id, given in applied.designs.items():  # added shots: what the note said of them
        if shot_id in shots:
            fields = {"framing"} | {k for k, v in given.items() if v is not None}
            held.setdefault(shot_id, {}).update(_values(shots[shot_id], fields))
    return held


def _values(shot: Shot, fields: set[str]) -> dict[str, Any]:
    camera = shot.camera.model_dump(mode="json")
    out = {f: camera[f] for f in fields if f in camera}
    if "pacing" in fields:
        out["pacing"] = shot.pacing
    return out


# -- the cinematographer keeps what was directed ------------------------------------------------------


def keep_direction(
    node: Callable[[State, Runtime[Context]], dict[str, Any]],
) -> Callable[..., dict[str, Any]]:
    """Wrap the cinematographer so that, on a critic's revision round, a shot keeps the camera
    values a note set. Only shots that still carried those values before the redesign are held:
    a new run with a new plan is not bound by old notes."""

    def cinematographer(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        update = node(state, runtime)
        view = StateView(state)
        directed = view.directed
        if not directed or "plan" not in update or not view.revise:
            return update
        before = {shot.id: shot for shot in view.plan.shots}
        plan = StateView(update).plan
        shots = [hold(before.get(shot.id), shot, directed.get(shot.id)) for shot in plan.shots]
        project = crew(runtime).project if is_reference(update["plan"]) else None  # as the node wrote it
        return {**update, **to_state({"plan": plan.model_copy(update={"shots": shots})}, project)}

    return cinematographer


def hold(before: Shot | None, after: Shot, held: dict[str, Any] | None) -> Shot:
    if before is None or not held or before == after:
        return after
    if _values(before, set(held)) != held:
        return after  # the plan moved on since the note: nothing to hold
    camera_values = {k: v for k, v in held.items() if k in CAMERA_FIELDS}
    camera = after.camera.model_copy(update=camera_values)
    shot = after.model_copy(
        update={"camera": camera, **({"pacing": held["pacing"]} if "pacing" in held else {})}
    )
    return restate_camera(shot, after.camera, camera)
