"""The critic's revision requests, read into the design they name.

A request names a field (`camera.movements`, `camera.speed`, `camera.angle`, `camera.framing`,
`camera.lens_mm`, `camera.pacing`, a keyframe's prompt, or the whole `camera`) and says in words
what to do ("slower push in", "not a zoom in: pan left with her"). The words are the director's
camera words (lexicon/camera.py): what a note to the director means, a note from the critic
means too. Words after 'make it', 'use', 'switch to' are what is wanted; words after 'not' or
'reads as' are what is not.
"""

from __future__ import annotations

import re

from storyreel.agents.film_grammar.camera.moves import Design, coherent
from storyreel.agents.film_grammar.lexicon import IC, alternation
from storyreel.agents.film_grammar.lexicon import camera as camera_lexicon
from storyreel.agents.film_grammar.lexicon.camera import (
    ANGLES,
    FRAMINGS,
    INSTRUCTION,
    LENS_MM,
    LENS_RANGE_MM,
    LENS_SCALE,
    LENSES,
    LONGER_LENS,
    NEGATION,
    PACINGS,
    SPEED_VALUE,
    SPEEDS,
    TIGHTER,
    WIDER,
    WIDER_LENS,
    Words,
)
from storyreel.models.critique import RevisionRequest

# A critic asking for 'tighter' or 'wider' gets the framing at that end of a conversation.
_RELATIVE_FRAMINGS: Words = (
    (re.compile(rf"\b{alternation(TIGHTER)}\b", IC), "close_up"),
    (re.compile(rf"\b{alternation(WIDER)}\b", IC), "long"),
)
_LONGER = re.compile(rf"\b{alternation(LONGER_LENS)}\b", IC)
_WIDER = re.compile(rf"\b{alternation(WIDER_LENS)}\b", IC)
_SLOWEST, _FASTEST = 0.05, 1.0
_SLOWEST_BASE = 0.3  # a faster move starts from at least this speed


def requested(note: str, table: Words) -> list[str]:
    """Ids a note asks for, in note order, skipping ones it rejects ('not a zoom in')."""
    instruction = INSTRUCTION.search(note)
    scopes = [note[instruction.end() :], note] if instruction else [note]
    for scope in scopes:
        hits: list[tuple[int, str]] = []
        for pattern, value in table:
            for match in pattern.finditer(scope):
                if NEGATION.search(scope[max(0, match.start() - 20) : match.start()]):
                    continue
                hits.append((match.start(), value))
        if hits:
            hits.sort()
            return list(dict.fromkeys(v for _, v in hits))
    return []


def speed_from(note: str, speed: float) -> float | None:
    """The speed a note asks of a move going at `speed`, or None when it asks none."""
    number = SPEED_VALUE.search(note)
    if number:
        return float(number.group(1))
    for row in SPEEDS:
        if row.pattern.search(note):
            if row.kind == "speed":
                return row.value
            if row.value < 1:
                return round(max(_SLOWEST, speed * row.value), 2)
            return round(min(_FASTEST, max(speed, _SLOWEST_BASE) * row.value), 2)
    return None


def _target(field: str) -> str:
    """The part of the design a request's field names ('camera' for the whole camera)."""
    return field.split(".")[-1] if field.startswith("camera") and field != "camera" else field


def _movements(design: Design, note: str) -> list[str]:
    moves = requested(note, camera_lexicon.MOVES)
    if not moves:
        return []
    design.movements = ["static"] if moves[0] == "static" else coherent(moves)
    return [f"movements {design.movements}"]


def _speed(design: Design, note: str) -> list[str]:
    if design.movements == ["static"]:
        return []
    speed = speed_from(note, design.speed if design.speed > 0 else 0.3)
    if speed is None:
        if design.speed == 0:
            design.speed = 0.3
        return []
    design.speed = speed
    return [f"speed {speed}"]


def _angle(design: Design, note: str) -> list[str]:
    angles = requested(note, ANGLES)
    if not angles:
        return []
    design.angle = angles[0]
    return [f"angle {angles[0]}"]


def _framing(design: Design, note: str) -> list[str]:
    framings = requested(note, (*FRAMINGS, *_RELATIVE_FRAMINGS))
    if not framings:
        return []
    design.framing = framings[0]
    design.lens_mm = LENSES[framings[0]][0]
    return [f"framing {framings[0]}"]


def _lens(design: Design, note: str, whole_camera: bool) -> list[str]:
    low, high = LENS_RANGE_MM
    mm = LENS_MM.search(note)
    if mm:
        design.lens_mm = min(high, max(low, float(mm.group(1))))
    elif _LONGER.search(note):
        design.lens_mm = min(high, round(design.lens_mm * LENS_SCALE["longer"], 1))
    elif _WIDER.search(note):
        design.lens_mm = max(low, round(design.lens_mm * LENS_SCALE["wider"], 1))
    return [f"lens {design.lens_mm:g}mm"] if mm or not whole_camera else []


def _pacing(design: Design, note: str) -> list[str]:
    pacings = requested(note, PACINGS)
    if not pacings:
        return []
    design.pacing = pacings[0]
    return [f"pacing {pacings[0]}"]


def apply_revisions(design: Design, requests: list[RevisionRequest]) -> list[str]:
    """Apply each request to the field it names; return one phrase per request saying what changed."""
    done: list[str] = []
    for request in requests:
        field, note = request.field.strip(), request.note
        target = _target(field)
        whole = target == "camera"
        changed: list[str] = []
        if target in ("movements", "camera"):
            changed += _movements(design, note)
        if target in ("movements", "speed", "camera"):
            changed += _speed(design, note)
        if target in ("angle", "camera"):
            changed += _angle(design, note)
        if target in ("framing", "camera"):
            changed += _framing(design, note)
        if target in ("lens_mm", "lens", "camera"):
            changed += _lens(design, note, whole)
        if target in ("pacing", "camera"):
            changed += _pacing(design, note)
        if "prompt" in field or field.startswith("keyframes"):
            design.prompt_notes.append(note)
            changed.append("prompts")
        if design.movements == ["static"]:
            design.speed = 0.0
        done.append(f"{field} ({note!r}) -> {', '.join(changed) if changed else 'no camera change'}")
    return done
