"""Camera edits: framing (absolute or by steps), angle, moves (replaced or added), lens, speed
and pacing; the shot's prompts restated in the new camera's words."""

from __future__ import annotations

import re

from storyreel.agents.film_grammar.camera.prompts import camera_words, image_camera_words
from storyreel.agents.film_grammar.lexicon.camera import LENSES
from storyreel.agents.plan_edits.working import MOVING_SPEED, Working
from storyreel.models.camera import FRAMINGS, LABELS, OPPOSITE
from storyreel.models.edits import CameraEdit
from storyreel.models.plan import CameraSpec, Shot


def apply_camera(state: Working, edit: CameraEdit) -> None:
    for shot_id in edit.shots:
        shot = state.shots[state.index(shot_id)]
        old = shot.camera
        framing = edit.framing or old.framing
        if edit.framing is None and edit.framing_steps:
            framing = step_framing(old.framing, edit.framing_steps)
            if framing == old.framing:
                state.notes.append(f"{state.number(shot_id)} is already a {LABELS[old.framing]}")
        moves = list(old.movements)
        if edit.movements is not None:
            moves = list(dict.fromkeys(edit.movements))
        if edit.add_movements:
            moves = combine_moves(moves, edit.add_movements)
        lens = old.lens_mm
        if edit.lens_mm is not None:
            lens = edit.lens_mm
        elif framing != old.framing and old.lens_mm in LENSES[old.framing]:
            lens = LENSES[framing][0]  # the lens went with the framing: it follows it
        speed = old.speed
        if edit.speed is not None:
            speed = edit.speed
        elif edit.speed_scale is not None:
            speed = round(min(1.0, max(0.05, (old.speed or MOVING_SPEED) * edit.speed_scale)), 2)
        if moves == ["static"]:
            speed = 0.0
        elif speed == 0:
            speed = MOVING_SPEED
        camera = old.model_copy(
            update={
                "framing": framing,
                "angle": edit.angle or old.angle,
                "movements": moves,
                "lens_mm": lens,
                "speed": speed,
            }
        )
        camera = CameraSpec.model_validate(camera.model_dump())  # moves that cancel out are refused
        updated = shot.model_copy(update={"camera": camera, "pacing": edit.pacing or shot.pacing})
        state.replace(restate_camera(updated, old, camera))
        state.focus.append(shot_id)


def step_framing(framing: str, steps: int) -> str:
    """`steps` tighter (positive) or wider (negative), stopping at either end of the scale."""
    index = FRAMINGS.index(framing) - steps  # FRAMINGS runs from tightest to widest
    return FRAMINGS[min(len(FRAMINGS) - 1, max(0, index))]


def combine_moves(moves: list[str], added: list[str]) -> list[str]:
    """`moves` plus `added`: a static shot takes just the new moves; an added move replaces the
    shot's opposite one (a pan right told to pan left pans left)."""
    combined = [] if moves == ["static"] else list(moves)
    for move in added:
        if move == "static":
            return ["static"]
        combined = [m for m in combined if m != OPPOSITE.get(move)]
        if move not in combined:
            combined.append(move)
    return combined or ["static"]


def restate_camera(shot: Shot, old: CameraSpec, new: CameraSpec) -> Shot:
    """The shot with its prompts saying the new camera: the old camera words replaced where
    the prompt has them, a 'Camera: ...' sentence otherwise."""
    if old == new:
        return shot

    def restate(prompt: str | None, before: str, after: str) -> str | None:
        if not prompt:
            return prompt
        if before in prompt:
            return prompt.replace(before, after)
        head, marker, _ = prompt.partition(" Camera: ")
        return f"{head if marker else prompt.rstrip()} Camera: {camera_words(new)}."

    keyframes = [
        k.model_copy(update={"prompt": restate(k.prompt, image_camera_words(old), image_camera_words(new))})
        for k in shot.keyframes
    ]
    prompt = restate(shot.prompt, camera_words(old), camera_words(new))
    description = shot.description
    if old.framing != new.framing:  # "Two-shot, long shot: ..." says the framing in words too
        label = re.escape(LABELS[old.framing])
        description = re.sub(rf"(?<!extreme ){label}", LABELS[new.framing], description, flags=re.IGNORECASE)
    return shot.model_copy(update={"keyframes": keyframes, "prompt": prompt, "description": description})
