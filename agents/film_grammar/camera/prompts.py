"""The cinematographer's words: image prompts per keyframe, a video prompt in camera language.

An image prompt says what the frame shows, who is in it (from the bible: description, wardrobe,
hair, identity colour), how they are blocked (where each stands, whom they face, their pose and
motion, what they hold: `blocking_words`), the props in view (`props_in_view`), where (the
location's first sentence), the light (from the time of day), the camera, the film's look and
any note the critic added. A video prompt says the camera in words, what happens, the blocking
and the props. A diffusion model draws what the prompt says and nothing it leaves out, so the
blocking the animatic draws from the plan is written out for it too. `camera_words` and
`image_camera_words` are the one way a camera is written, so plan_edits can find and restate
them when a note changes the camera.
"""

from __future__ import annotations

import re
from typing import Protocol

from storyreel.agents.film_grammar.bible import light_of, location_name
from storyreel.agents.film_grammar.camera.moves import Design
from storyreel.agents.film_grammar.coverage.bodies import things
from storyreel.agents.film_grammar.coverage.sets import noun_of, set_x
from storyreel.agents.schemas import CameraChoice, KeyframeChoice
from storyreel.models.bible import Bible
from storyreel.models.camera import LABELS
from storyreel.models.plan import SIDE_MARKS, Placement, Prop, Shot
from storyreel.models.screenplay import Scene

LONG_SHOT_S = 6.0  # shots longer than this get a midway keyframe

WIDE = ("extreme_long", "long", "full")  # framings that hold the whole set
NEAR = 0.4  # in a medium shot, props this near a subject's mark (set units) are in view
POSE_WORDS = {"stand": "", "sit": "sitting", "lie": "lying down", "kneel": "kneeling"}
MOTION_WORDS = {
    "enter": "entering from the {start}",
    "exit": "exiting to the {end}",
    "walk": "walking to the {end}",
    "run": "running to the {end}",
    "turn": "turning round",
}

LIGHT = {
    "night": "night, practical lights and deep shadows",
    "golden": "low golden light, long shadows",
    "day": "soft daylight",
}


class Camera(Protocol):
    """A camera to put in words: a design being made, or a plan's CameraSpec."""

    framing: str
    angle: str
    movements: list[str]
    lens_mm: float
    speed: float


def camera_words(camera: Camera) -> str:
    """The camera in a video prompt's words: 'eye level slow dolly in, 45mm, medium shot'."""
    if list(camera.movements) == ["static"]:
        motion = "locked-off static camera"
    else:
        pace = "slow" if camera.speed < 0.35 else ("fast" if camera.speed >= 0.75 else "steady")
        motion = f"{pace} " + " + ".join(LABELS[m] for m in camera.movements)
    return f"{LABELS[camera.angle]} {motion}, {camera.lens_mm:g}mm, {LABELS[camera.framing]}"


def image_camera_words(camera: Camera) -> str:
    """The camera in an image prompt's words: 'medium shot, eye level, 45mm lens.'"""
    return f"{LABELS[camera.framing]}, {LABELS[camera.angle]}, {camera.lens_mm:g}mm lens."


def _people(shot: Shot, bible: Bible) -> str:
    out = []
    for name in shot.subjects:
        try:
            sheet = bible.character(name)
        except KeyError:
            out.append(name)
            continue
        bits = [b for b in (sheet.description, sheet.wardrobe, sheet.identity.hair) if b]
        out.append(f"{name} ({'; '.join(bits)}; identity colour {sheet.identity.colour})" if bits else name)
    return ", ".join(out)


def _place(scene: Scene, bible: Bible) -> str:
    name = location_name(scene)
    try:
        sheet = bible.location(name)
    except KeyError:
        return name
    first = re.split(r"(?<=[.!?])\s", sheet.description, maxsplit=1)[0] if sheet.description else ""
    first = first.rstrip(" .!?")
    return f"{name}: {first}" if first else name


def _placed(placement: Placement) -> str:
    """One character's blocking in words: 'DANNY (right of frame): sitting, turned left toward NELL'."""
    name = placement.character
    if placement.foreground:
        bits = ["in the foreground at the frame edge, back to the camera, out of focus (over the shoulder)"]
    else:
        start, end = placement.marks()
        travel = {"start": "left" if start < end else "right", "end": "right" if end > start else "left"}
        if placement.facing == "camera":
            face = "facing the camera"
        elif placement.facing == "away":
            face = "with their back to the camera"
        else:
            toward = f" toward {placement.eyeline}" if placement.eyeline else ""
            face = f"turned to the {placement.facing}{toward}"
        motion = MOTION_WORDS.get(placement.motion, "").format(**travel)
        bits = [POSE_WORDS[placement.pose], motion, face]
    if placement.holding:
        bits.append(f"holding {placement.holding}")
    return f"{name} ({placement.side} of frame): " + ", ".join(b for b in bits if b)


def blocking_words(shot: Shot) -> str:
    """The shot's blocking in a prompt's words, one clause per character ('' with no one)."""
    return "; ".join(_placed(p) for p in shot.blocking)


def props_in_view(shot: Shot, props: list[Prop]) -> list[Prop]:
    """The set's props the framing holds: all of them in a wide shot; in a medium shot those near
    a subject's mark; in a close one only what is in hand; in an insert what it shows."""
    held = {p.holding for p in shot.blocking if p.holding}
    if shot.kind == "insert" or not shot.subjects:
        named = {m.noun for m in things(shot.description)}
        return [p for p in props if noun_of(p) in named or p.name in held or shot.camera.framing in WIDE]
    if shot.camera.framing in WIDE:
        return list(props)
    if shot.camera.framing == "medium":
        marks = [set_x(SIDE_MARKS[p.side]) for p in shot.blocking]
        return [p for p in props if p.name in held or any(abs(p.x - m) <= NEAR for m in marks)]
    return [p for p in props if p.name in held]


def _staging(shot: Shot, props: list[Prop]) -> list[str]:
    """The blocking and props sentences of a prompt."""
    parts = []
    blocking = blocking_words(shot)
    if blocking:
        parts.append(f"Blocking: {blocking}.")
    seen = props_in_view(shot, props)
    if seen:
        parts.append("In view: " + ", ".join(f"{p.name} ({p.shape})" for p in seen) + ".")
    return parts


def image_prompt(
    description: str, shot: Shot, scene: Scene, bible: Bible, design: Design, props: list[Prop] | None = None
) -> str:
    """The image prompt of one keyframe of the shot."""
    parts = [description.rstrip(".") + "."]
    people = _people(shot, bible)
    if people:
        parts.append(f"Characters: {people}.")
    parts.extend(_staging(shot, props or []))
    parts.append(f"Location: {_place(scene, bible)}.")
    parts.append(f"Light: {LIGHT[light_of(scene.time_of_day)]}.")
    parts.append(image_camera_words(design))
    if bible.style.look:
        parts.append(f"Look: {bible.style.look}.")
    parts.extend(f"Note: {n}." for n in design.prompt_notes)
    return " ".join(parts)


def _marks(shot: Shot, design: Design, fps: int) -> list[tuple[float, str]]:
    """Keyframes as (position 0..1, description): start and end, the storyboard's inner ones,
    or one midway through a compound or long move."""
    start = shot.keyframes[0].description if shot.keyframes else shot.description
    end = shot.keyframes[-1].description if len(shot.keyframes) > 1 else shot.description
    marks: list[tuple[float, str]] = [(0.0, start)]
    inner = list(shot.keyframes[1:-1])
    frames = max(1, shot.frame_count(fps))
    if inner:
        for keyframe in inner:
            at = round(min(0.99, max(0.01, keyframe.frame / max(1, frames - 1))), 3)
            marks.append((at, keyframe.description))
    elif len(design.movements) > 1 or (shot.duration_s > LONG_SHOT_S and design.movements != ["static"]):
        moves = " + ".join(LABELS[m] for m in design.movements)
        marks.append((0.5, f"Midway through the {moves}: {shot.description}"))
    marks.append((1.0, end))
    return marks


def camera_choice(
    shot: Shot, scene: Scene, bible: Bible, design: Design, fps: int, props: list[Prop] | None = None
) -> CameraChoice:
    """The designed camera as the cinematographer's answer, with its keyframes and prompts."""
    keyframes = [
        KeyframeChoice(at=at, description=desc, prompt=image_prompt(desc, shot, scene, bible, design, props))
        for at, desc in _marks(shot, design, fps)
    ]
    prompt = " ".join([f"{camera_words(design)}. {shot.description}", *_staging(shot, props or [])])
    if bible.style.look:
        prompt += f" Look: {bible.style.look}."
    return CameraChoice(
        shot=shot.id,
        framing=design.framing,  # type: ignore[arg-type]
        angle=design.angle,  # type: ignore[arg-type]
        movements=design.movements,  # type: ignore[arg-type]
        lens_mm=design.lens_mm,
        speed=design.speed,
        pacing=design.pacing,  # type: ignore[arg-type]
        keyframes=keyframes,
        prompt=prompt,
        reason=design.reason,
    )
