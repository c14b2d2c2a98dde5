"""Length and pace in a note: a length in seconds, longer or shorter (by seconds, a beat, or a
factor), twice or half as long, a faster or slower pace.

TIMINGS is the table: the first row that reads the clause gives the edit. 'Faster' of a single
moving shot is asked about (the move or the cut?), never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storyreel.agents.film_grammar.lexicon import IC, alternation
from storyreel.agents.film_grammar.lexicon.camera import CAMERA_CONTEXT
from storyreel.agents.film_grammar.lexicon.notes import (
    A_BEAT_LONGER,
    A_BEAT_SHORTER,
    ABOUT_THE_CUT,
    AMOUNTS,
    FASTER_PACE,
    HALF,
    LONGER,
    PACE_AMOUNTS,
    SHORTER,
    SLOWER_PACE,
    TIGHTEN,
    TWICE,
)
from storyreel.agents.film_grammar.notes.clause import seconds, without
from storyreel.agents.film_grammar.notes.film import Ask, Film, Read
from storyreel.agents.film_grammar.notes.references import Scope, resolve, scope_of
from storyreel.models.edits import TimingEdit

Timing = tuple[dict[str, float], str]  # TimingEdit fields, and how the reply says it

_AMOUNT = rf"(?:({alternation(AMOUNTS)})\s+)?"
_FASTER = re.compile(rf"\b{_AMOUNT}({alternation(FASTER_PACE)})\b", IC)
_SLOWER = re.compile(rf"\b{_AMOUNT}({alternation(SLOWER_PACE)})\b", IC)
_CAMERA_CONTEXT = re.compile(rf"\b({alternation(CAMERA_CONTEXT)})\b", IC)
_LONGER = re.compile(rf"\b({alternation(LONGER)})\b", IC)
_SHORTER = re.compile(rf"\b({alternation(SHORTER)})\b", IC)
_RELATIVE = re.compile(rf"\b{_AMOUNT}(longer|shorter)\b(?!\s+lens)", IC)
_ABOUT_THE_CUT = re.compile(rf"\b({alternation(ABOUT_THE_CUT)})\b", IC)
BEAT_S = 1.0  # 'a beat longer'
TIGHTER_CUTTING = 0.8  # 'trim', 'tighten the pace'


def _phrase(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b{alternation(words)}\b", IC)


def _by_seconds(text: str) -> Timing | None:
    said = seconds(text)
    if said is None or _CAMERA_CONTEXT.search(text):
        return None
    if _LONGER.search(text):
        return {"duration_delta_s": said}, f"{said:g} s longer"
    if _SHORTER.search(text):
        return {"duration_delta_s": -said}, f"{said:g} s shorter"
    return {"duration_s": said}, f"{said:g} s long"


def _relative(text: str) -> Timing | None:
    m = _RELATIVE.search(text)
    if not m:
        return None
    scale = AMOUNTS.get((m.group(1) or "").lower(), 1.5)
    if m.group(2).lower() == "longer":
        return {"duration_scale": scale}, f"longer (x{scale:g})"
    return {"duration_scale": round(1 / scale, 3)}, f"shorter (x{round(1 / scale, 2):g})"


def _when(words: tuple[str, ...], timing: Timing) -> Callable[[str], Timing | None]:
    pattern = _phrase(words)
    return lambda text: timing if pattern.search(text) else None


# The first row that reads the clause's text (references blanked) gives the edit.
TIMINGS: tuple[Callable[[str], Timing | None], ...] = (
    _by_seconds,
    _when(TWICE, ({"duration_scale": 2.0}, "twice as long")),
    _when(HALF, ({"duration_scale": 0.5}, "half as long")),
    _when(A_BEAT_LONGER, ({"duration_delta_s": BEAT_S}, "a beat (1 s) longer")),
    _when(A_BEAT_SHORTER, ({"duration_delta_s": -BEAT_S}, "a beat (1 s) shorter")),
    _relative,
    _when(TIGHTEN, ({"duration_scale": TIGHTER_CUTTING}, "tighter cutting (x0.8 length)")),
)


def _pace(text: str, scope: Scope, film: Film, previous: list[str] | None) -> Timing | None:
    """A faster or slower pace: the length scaled (asks whether 'faster' of one moving shot
    means its move or its cut)."""
    m = None if _CAMERA_CONTEXT.search(text) else (_FASTER.search(text) or _SLOWER.search(text))
    if not m:
        return None
    faster = bool(_FASTER.fullmatch(m.group(0)))
    targets = (
        resolve(scope, film, previous)[0] if (scope.named or scope.unknown) else (previous or film.focus)
    )
    moving = targets and len(targets) == 1 and not film.shots[targets[0]].camera.is_static
    if moving and not _ABOUT_THE_CUT.search(text):
        move, shot = ("faster move", "shorter") if faster else ("slower move", "longer")
        raise Ask(
            f"{move.split()[0].capitalize()} how: a {'quicker' if faster else 'slower'} camera move on "
            f"{film.label(targets)}, or a {shot} shot? Say '{move}' or '{shot}'.",
            [m.group(0)],
            [move, shot],
        )
    factor = PACE_AMOUNTS.get((m.group(1) or "").lower(), 0.8)
    scale = factor if faster else round(1 / factor, 3)
    return {"duration_scale": scale}, f"{'faster' if faster else 'slower'} pace (x{scale:g} length)"


def read_timing(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    scope = scope_of(clause, film)
    text = without(clause, scope.spans)
    timing = next((t for row in TIMINGS if (t := row(text)) is not None), None) or _pace(
        text, scope, film, previous
    )
    if timing is None:
        return None
    fields, how = timing
    targets, said = resolve(scope, film, previous)
    return [TimingEdit(shots=targets, **fields)], f"{said}: {how}", targets
