"""The storyboard artist: breaks every scene into shots, with start and end keyframes, and
stages them: who stands where looking at whom, doing what, among which props.

    Screenplay + Bible -> ShotPlan (shots with their blocking, each scene's set; camera framing
    only: the cinematographer designs the rest)

Scenes are boarded one at a time with the bible and a summary of the previous shots as context,
so a long script never has to fit in one prompt. A board that misses a speech is sent back to
the brain with the problem; the `rules` answer is the fallback.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from pydantic import ValidationError

from storyreel.agents.brains import Answer, Task
from storyreel.agents.context import Context
from storyreel.agents.crew import crew, progress
from storyreel.agents.film_grammar.coverage.boarder import board_scene
from storyreel.agents.film_grammar.coverage.checks import coverage_problems
from storyreel.agents.film_grammar.transitions import is_fade_in, script_transition
from storyreel.agents.schemas import BoardShot, StoryboardOutput
from storyreel.agents.state import State, StateView, to_state
from storyreel.models.bible import Bible
from storyreel.models.plan import CameraSpec, Keyframe, SceneSet, Shot, ShotPlan
from storyreel.models.report import ReportEntry
from storyreel.models.screenplay import Scene

SUMMARY_SHOTS = 6  # how many previous shots the brain sees as context


def storyboard(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    team = crew(runtime)
    view = StateView(state)
    screenplay, bible = view.screenplay, view.bible
    fps = bible.style.fps
    shots: list[Shot] = []
    sets: list[SceneSet] = []
    report: list[ReportEntry] = []
    summaries: list[str] = []
    seen_locations: set[str] = set()
    previous: BoardShot | None = None
    total = len(screenplay.scenes)
    for scene in screenplay.scenes:
        if scene.index == 0 and screenplay.elements:  # a cold open before the first heading
            scene = scene.model_copy(update={"elements": screenplay.elements + scene.elements})
        new_location = scene.location not in seen_locations
        seen_locations.add(scene.location)
        task = storyboard_task(scene, bible, previous, summaries[-SUMMARY_SHOTS:], new_location, team.context)
        answer = team.brain.ask(task)
        scene_shots, answer = shots_for_scene(scene, answer, task, fps)
        report.append(answer.report(task))
        shots.extend(scene_shots)
        if answer.value.props:
            sets.append(SceneSet(scene=scene.index, props=answer.value.props))
        previous = answer.value.shots[-1]
        summaries.extend(f"{s.id}: {s.kind} {s.camera.framing} - {s.description}" for s in scene_shots)
        progress("storyboard", scene.index + 1, total, scene.heading)
    plan = ShotPlan(fps=fps, screenplay_sha256=screenplay.source.sha256, shots=shots, sets=sets)
    return to_state({"plan": plan, "report": report, "revise": [], "round": 0}, team.project)


def storyboard_task(
    scene: Scene,
    bible: Bible,
    previous: BoardShot | None,
    summaries: list[str],
    new_location: bool,
    context: Context,
) -> Task[StoryboardOutput]:
    return Task(
        agent="storyboard",
        output=StoryboardOutput,
        inputs={
            "scene": scene_inputs(scene),
            "characters": [{"name": c.name, "description": c.description} for c in bible.characters],
            "previous": summaries,
            "new_location": new_location,
            "words_per_second": context.words_per_second,
        },
        rules=lambda: board_scene(
            scene,
            bible,
            words_per_second=context.words_per_second,
            previous=previous,
            new_location=new_location,
        ),
        check=lambda board: coverage_problems(board, scene),
        label=f"scene {scene.index + 1}",
    )


def scene_inputs(scene: Scene) -> dict[str, Any]:
    """A scene as plain data for a prompt: ids, types, text and who speaks."""
    return {
        "index": scene.index,
        "heading": scene.heading,
        "location": scene.location,
        "int_ext": scene.int_ext,
        "time_of_day": scene.time_of_day,
        "elements": [
            {
                "id": e.id,
                "type": e.type,
                "text": e.text,
                "character": e.character,
                "parentheticals": e.parentheticals,
            }
            for e in scene.elements
            if e.type not in ("note", "synopsis", "section", "page_break")
        ],
    }


def shots_for_scene(
    scene: Scene, answer: Answer[StoryboardOutput], task: Task[StoryboardOutput], fps: int
) -> tuple[list[Shot], Answer[StoryboardOutput]]:
    """Turn a board into Shots; a model's board that does not make valid shots falls back to rules."""
    try:
        return build_shots(scene, answer.value, fps), answer
    except ValidationError as exc:
        if answer.brain == "rules":
            raise
        reason = f"its board made invalid shots ({exc.error_count()} errors)"
        fallback = Answer(task.rules(), brain="rules", attempts=answer.attempts, fallback=reason)
        return build_shots(scene, fallback.value, fps), fallback


def build_shots(scene: Scene, board: StoryboardOutput, fps: int) -> list[Shot]:
    shots = []
    for number, planned in enumerate(board.shots, start=1):
        shot = Shot(
            id=f"s{scene.index + 1}-{number}",
            scene=scene.index,
            kind=planned.kind,
            duration_s=planned.duration_s,
            description=planned.description,
            camera=CameraSpec(framing=planned.framing, angle="eye_level", movements=["static"]),
            subjects=planned.subjects,
            blocking=planned.blocking,
            covers=planned.covers,
        )
        last = shot.frame_count(fps) - 1
        keyframes = [Keyframe(frame=0, description=planned.start_frame)]
        if last > 0:
            keyframes.append(Keyframe(frame=last, description=planned.end_frame))
        shots.append(shot.model_copy(update={"keyframes": keyframes}))
    return apply_script_transitions(scene, shots)


def apply_script_transitions(scene: Scene, shots: list[Shot]) -> list[Shot]:
    """FADE IN: opens the scene's first shot; any other transition closes the shot before it."""
    if not shots:
        return shots
    shots = list(shots)
    last_covering: dict[str, int] = {}
    for index, shot in enumerate(shots):
        for element_id in shot.covers:
            last_covering[element_id] = index
    current = -1  # the shot covering the latest element seen
    for element in scene.elements:
        if element.id in last_covering:
            current = last_covering[element.id]
        if element.type != "transition":
            continue
        transition = script_transition(element.text)
        if transition is None:
            continue
        if is_fade_in(element.text):
            target = max(current + 1, 0) if current < len(shots) - 1 else current
            shots[target] = shots[target].model_copy(update={"transition_in": transition})
        else:
            target = current if current >= 0 else 0
            shots[target] = shots[target].model_copy(update={"transition_out": transition})
    return shots
