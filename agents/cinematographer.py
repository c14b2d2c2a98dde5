"""The cinematographer: designs the camera of every shot (angle, moves, lens, pacing, keyframes).

    ShotPlan (framings, blocking, sets) -> ShotPlan (full CameraSpec, keyframes with prompts, pacing)

The prompts say the storyboard's blocking and the props in view, so a diffusion backend draws
who faces whom, sitting or entering, among the set's things, as the animatic does.

On a revision round only the shots the critic sent back are touched: requests with a value (a
stronger move, a lens that frames as planned, another seed) are applied as they are; requests in words go to the brain with
the shot, which designs its camera again. Every other shot keeps its camera (and so its cached
render).
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from langgraph.runtime import Runtime
from pydantic import ValidationError

from storyreel.agents.brains import Answer, Task
from storyreel.agents.context import Context
from storyreel.agents.crew import crew, progress
from storyreel.agents.film_grammar.camera.design import design_camera
from storyreel.agents.film_grammar.camera.prompts import blocking_words, props_in_view
from storyreel.agents.schemas import CameraChoice, CinematographerOutput
from storyreel.agents.state import State, StateView, to_state
from storyreel.agents.storyboard import scene_inputs
from storyreel.models.bible import Bible
from storyreel.models.critique import RevisionRequest, Round
from storyreel.models.plan import CameraSpec, Keyframe, Prop, Shot
from storyreel.models.report import ReportEntry
from storyreel.models.screenplay import Scene


def cinematographer(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    team = crew(runtime)
    view = StateView(state)
    screenplay, bible, plan = view.screenplay, view.bible, view.plan
    wanted = set(view.revise or [shot.id for shot in plan.shots])
    revisions = pending_revisions(view.critiques, wanted)
    designed: dict[str, Shot] = {}
    report: list[ReportEntry] = []
    previous: CameraChoice | None = None
    targets = [shot for shot in plan.shots if shot.id in wanted]
    # Requests that carry their value (a stronger move, a lens, another seed) are measurements: they are
    # applied to the shot as it stands, so nothing else about it changes. Only requests in words
    # need the camera designed again.
    for shot in targets:
        requests = revisions.get(shot.id, [])
        if requests and all(r.value is not None for r in requests):
            designed[shot.id] = keep_compensation(shot, shot, requests)
            applied = [f"{r.field} = {r.value:g}" for r in requests]
            report.append(ReportEntry(agent="cinematographer", label=f"shot {shot.id}", applied=applied))
    redesign = [shot for shot in targets if shot.id not in designed]
    done = len(designed)
    props: dict[int, list[Prop]] = {}
    for scene_set in reversed(plan.sets):  # the first set of a scene wins, as `ShotPlan.props` reads
        props[scene_set.scene] = scene_set.props
    for scene_index, group in groupby(redesign, key=lambda shot: shot.scene):
        shots = list(group)
        scene = screenplay.scenes[scene_index]
        task = camera_task(scene, shots, bible, previous, revisions, plan.fps, props.get(scene_index, []))
        answer = team.brain.ask(task)
        result, answer = apply_choices(shots, answer, task, plan.fps)
        result = [
            keep_compensation(before, after, revisions.get(before.id, []))
            for before, after in zip(shots, result, strict=True)
        ]
        report.append(answer.report(task))
        designed.update((shot.id, shot) for shot in result)
        previous = answer.value.shots[-1]
        done += len(shots)
        progress("cinematographer", done, len(targets), scene.heading)
    shots = [designed.get(shot.id, shot) for shot in plan.shots]
    return to_state({"plan": plan.model_copy(update={"shots": shots}), "report": report}, team.project)


def pending_revisions(
    critiques: dict[str, list[Round]], wanted: set[str]
) -> dict[str, list[RevisionRequest]]:
    """The critic's requests from the latest round of each shot being redesigned."""
    return {
        shot_id: list(rounds[-1].revisions)
        for shot_id, rounds in critiques.items()
        if shot_id in wanted and rounds and not rounds[-1].passed
    }


def keep_compensation(before: Shot, after: Shot, requests: list[RevisionRequest]) -> Shot:
    """Carry what the critic measured across a redesign: the move gain that makes up for a
    renderer's damping, and the seed; requests with a value set them, and the lens that frames
    the planned framing, whatever brain designed the camera (they are measurements, not
    creative choices). A value the shot cannot take is not applied: the critic's check refuses
    it (`revision_problems`), and a round recorded before that check must not stop the run."""
    camera = after.camera.model_copy(update={"move_gain": before.camera.move_gain})
    shot = after.model_copy(update={"camera": camera, "seed": before.seed})
    for request in requests:
        try:
            shot = with_request(shot, request)
        except ValueError:  # pydantic's ValidationError included
            continue
    return shot


# The fields a revision request may set by value, and where on the shot each goes.
VALUED_FIELDS = {"camera.move_gain": "move_gain", "camera.lens_mm": "lens_mm", "seed": "seed"}


def with_request(shot: Shot, request: RevisionRequest) -> Shot:
    """`shot` with a request's value set, checked against the plan's own limits: ValueError (or
    pydantic's ValidationError) names a value the shot cannot take. Requests in words: unchanged."""
    value = request.value
    if value is None:
        return shot
    if request.field not in VALUED_FIELDS:
        raise ValueError(f"only {', '.join(VALUED_FIELDS)} take a value")
    if request.field == "seed":
        if not float(value).is_integer():
            raise ValueError(f"a seed is a whole number, not {value:g}")
        return Shot.model_validate({**shot.model_dump(), "seed": int(value)})
    camera = CameraSpec.model_validate({**shot.camera.model_dump(), VALUED_FIELDS[request.field]: value})
    return shot.model_copy(update={"camera": camera})


def revision_problems(shot: Shot, requests: list[RevisionRequest]) -> list[str]:
    """What makes a verdict's revisions unusable for `shot`: values the plan's limits refuse
    (a move gain of 100, a seed of -7.5), or a value for a field that takes none."""
    problems = []
    for index, request in enumerate(requests):
        try:
            with_request(shot, request)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            problems.append(f"revisions[{index}] {request.field} = {request.value:g}: {error['msg']}")
        except ValueError as exc:
            problems.append(f"revisions[{index}] {request.field} = {request.value:g}: {exc}")
    return problems


def camera_task(
    scene: Scene,
    shots: list[Shot],
    bible: Bible,
    previous: CameraChoice | None,
    revisions: dict[str, list[RevisionRequest]],
    fps: int,
    props: list[Prop] | None = None,
) -> Task[CinematographerOutput]:
    texts = {e.id: (f"{e.character}: {e.text}" if e.character else e.text) for e in scene.elements}
    location = next((sheet for sheet in bible.locations if sheet.name == scene.location), None)
    subjects = {name for shot in shots for name in shot.subjects}
    ours = {shot.id: revisions[shot.id] for shot in shots if shot.id in revisions}
    return Task(
        agent="cinematographer",
        output=CinematographerOutput,
        inputs={
            "scene": scene_inputs(scene),
            "shots": [
                {
                    "id": shot.id,
                    "kind": shot.kind,
                    "framing": shot.camera.framing,
                    "subjects": shot.subjects,
                    "description": shot.description,
                    "duration_s": shot.duration_s,
                    "start_frame": shot.keyframes[0].description if shot.keyframes else "",
                    "end_frame": shot.keyframes[-1].description if shot.keyframes else "",
                    "covers_text": [texts[c] for c in shot.covers if c in texts],
                    "blocking": blocking_words(shot),
                    "in_view": [p.name for p in props_in_view(shot, props or [])],
                }
                for shot in shots
            ],
            "characters": [
                {"name": c.name, "description": c.description, "wardrobe": c.wardrobe}
                for c in bible.characters
                if c.name in subjects
            ],
            "location": {"name": location.name, "description": location.description} if location else None,
            "props": [{"name": p.name, "shape": p.shape} for p in props or []],
            "previous_camera": previous.prompt if previous else None,
            "revisions": {k: [r.model_dump(mode="json") for r in v] for k, v in ours.items()},
            "fps": fps,
        },
        rules=lambda: design_camera(
            shots, scene, bible, fps=fps, previous=previous, revisions=ours, props=props
        ),
        check=lambda answer: choice_problems(answer, shots),
        label=f"scene {scene.index + 1}",
    )


def choice_problems(answer: CinematographerOutput, shots: list[Shot]) -> list[str]:
    """One valid choice per shot, in order: what a model's answer must get right."""
    expected = [shot.id for shot in shots]
    got = [choice.shot for choice in answer.shots]
    if got != expected:
        return [f"shots: expected one choice for each of {expected} in that order, got {got}"]
    problems = []
    for choice in answer.shots:
        try:
            camera_spec(choice)
        except ValidationError as exc:
            problems.append(f"shot {choice.shot!r}: {exc.errors()[0]['msg']}")
        ats = [k.at for k in choice.keyframes]
        if ats[0] != 0 or ats[-1] != 1 or ats != sorted(ats):
            problems.append(f"shot {choice.shot!r} keyframes: need at=0 first and at=1 last, increasing")
    return problems


def camera_spec(choice: CameraChoice) -> CameraSpec:
    return CameraSpec(
        framing=choice.framing,
        angle=choice.angle,
        movements=choice.movements,
        lens_mm=choice.lens_mm,
        speed=choice.speed,
    )


def apply_choices(
    shots: list[Shot], answer: Answer[CinematographerOutput], task: Task[CinematographerOutput], fps: int
) -> tuple[list[Shot], Answer[CinematographerOutput]]:
    try:
        return [apply_choice(s, c, fps) for s, c in zip(shots, answer.value.shots, strict=True)], answer
    except (ValidationError, ValueError) as exc:
        if answer.brain == "rules":
            raise
        fallback = Answer(
            task.rules(), brain="rules", attempts=answer.attempts, fallback=f"invalid camera: {exc}"
        )
        return [apply_choice(s, c, fps) for s, c in zip(shots, fallback.value.shots, strict=True)], fallback


def apply_choice(shot: Shot, choice: CameraChoice, fps: int) -> Shot:
    """Put a camera choice on a shot; keyframe positions become frame indices."""
    last = shot.frame_count(fps) - 1
    keyframes: list[Keyframe] = []
    for planned in choice.keyframes:
        frame = round(planned.at * last)
        if keyframes and frame <= keyframes[-1].frame:
            continue  # too close to the previous one at this frame rate
        keyframes.append(Keyframe(frame=frame, description=planned.description, prompt=planned.prompt))
    return shot.model_copy(
        update={
            "camera": camera_spec(choice),
            "pacing": choice.pacing,
            "keyframes": keyframes,
            "prompt": choice.prompt,
        }
    )
