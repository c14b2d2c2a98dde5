"""The camera in a note: framing (absolute, or tighter / wider), angle (also from a mood:
menacing -> low, vulnerable -> high, uneasy -> dutch), moves (push in = dolly in, pull back =
dolly out; 'add' or 'also' compounds them; 'lose the zoom' drops one), lens (a focal length,
or longer / wider), speed and the pacing curve. Words after 'not', 'no', 'instead of' are what
the director does not want.

`read_camera` reads the parts in order, each blanking the words it used so the next does not
read them again ('wider lens' is a lens, not a framing; 'pull back' is a move, not 'back').
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyreel.agents.film_grammar.lexicon import IC, alternation
from storyreel.agents.film_grammar.lexicon import camera as camera_lexicon
from storyreel.agents.film_grammar.lexicon.action import Cue, cue_pattern
from storyreel.agents.film_grammar.lexicon.camera import (
    ADD_MOVE,
    ANGLES,
    CAMERA_CONTEXT,
    DROPPED_MOVES,
    FRAMINGS,
    LENS_MM,
    LENS_RANGE_MM,
    LENS_SCALE,
    LONGER_LENS,
    PACINGS,
    SPEED_VALUE,
    SPEEDS,
    STEP_INTENSIFIERS,
    TIGHTER,
    WIDER,
    WIDER_LENS,
    Words,
)
from storyreel.agents.film_grammar.lexicon.notes import REMOVE_VERBS
from storyreel.agents.film_grammar.notes.clause import negated, without
from storyreel.agents.film_grammar.notes.film import Ask, Film, Read
from storyreel.agents.film_grammar.notes.references import resolve, scope_of
from storyreel.models.camera import FRAMINGS as SCALE
from storyreel.models.camera import LABELS, OPPOSITE
from storyreel.models.edits import CameraEdit, Edit

_STEPS = rf"(?:({alternation(STEP_INTENSIFIERS)})\s+)?"
_TIGHTER = re.compile(rf"\b{_STEPS}({alternation(TIGHTER)})\b", IC)
_WIDER = re.compile(rf"\b{_STEPS}({alternation(WIDER)})\b", IC)
_LENS_SCALES = (
    (re.compile(rf"\b({alternation(LONGER_LENS)}) lens\b", IC), LENS_SCALE["longer"]),
    (re.compile(rf"\b({alternation(WIDER_LENS)}) lens\b", IC), LENS_SCALE["wider"]),
)
_LOSE_MOVE = re.compile(
    rf"\b{alternation([*REMOVE_VERBS, 'no'])}\s+the\s+({alternation(DROPPED_MOVES)})\b", IC
)
_ADD_MOVE = re.compile(rf"\b({alternation(ADD_MOVE)})\b", IC)
_CAMERA_CONTEXT = re.compile(rf"\b({alternation(CAMERA_CONTEXT)})\b", IC)
# A mood asked for gives an angle when the note names none: (meanings, angle, the mood said).
ANGLE_MOODS = (
    (Cue.POWER | Cue.BIGGER, "low", "power"),
    (Cue.VULNERABLE | Cue.SMALLER, "high", "vulnerability"),
    (Cue.UNEASE, "dutch", "unease"),
)


def find(text: str, table: Words) -> list[tuple[int, int, str]]:
    """(start, end, value) of every term in `text` the note does not reject ('not a zoom');
    where two overlap, the longer phrase wins ('pull back' over 'back')."""
    hits = sorted(
        (m.start(), m.end(), value)
        for pattern, value in table
        for m in pattern.finditer(text)
        if not negated(text, m.start())
    )
    kept: list[tuple[int, int, str]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1]:
            if hit[1] - hit[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


def framing_value(text: str) -> str | None:
    """The one framing `text` asks for (asks when it names two: either is an answer)."""
    hits = find(text, FRAMINGS)
    found = list(dict.fromkeys(v for _, _, v in hits))
    if len(found) > 1:
        raise _which(text, hits, f"Which framing: {' or '.join(LABELS[f] for f in found)}?")
    return found[0] if found else None


def _which(text: str, hits: list[tuple[int, int, str]], question: str) -> Ask:
    """A question between the values `hits` found in `text`: each is an answer, in the words said."""
    said = [text[a:b] for a, b, _ in hits]
    first = {value: text[a:b] for a, b, value in reversed(hits)}
    return Ask(question, said, [first[value] for value in dict.fromkeys(v for _, _, v in hits)])


def angle_values(text: str) -> list[str]:
    return list(dict.fromkeys(v for _, _, v in find(text, ANGLES)))


def move_values(text: str) -> list[str]:
    return list(dict.fromkeys(v for _, _, v in find(text, camera_lexicon.MOVES)))


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


@dataclass
class _Camera:
    """A camera clause as it is read: the text left to read, the fields set, what was said."""

    text: str
    fields: dict[str, object] = field(default_factory=dict)
    said: list[str] = field(default_factory=list)
    lens_scale: float | None = None
    moves: list[str] = field(default_factory=list)
    move_hits: list[tuple[int, int, str]] = field(default_factory=list)  # where each move was said
    relative: str = ""  # 'tighter' or 'wider' as said
    dropped: str | None = None  # 'lose the zoom'

    def take(self, match: re.Match[str]) -> None:
        self.text = _blank(self.text, match.start(), match.end())


def _lens(c: _Camera) -> None:
    """Lens first: 'wider lens' is a lens, not a framing."""
    if mm := LENS_MM.search(c.text):  # out of LENS_RANGE_MM: the edit refuses it, and the user is asked
        c.fields["lens_mm"] = float(mm.group(1))
        c.said.append(f"{float(mm.group(1)):g} mm lens")
        c.take(mm)
        return
    for pattern, scale in _LENS_SCALES:
        if m := pattern.search(c.text):
            c.lens_scale = scale
            c.take(m)
            return


def _moves(c: _Camera) -> None:
    hits = find(c.text, camera_lexicon.MOVES)
    c.moves = list(dict.fromkeys(v for _, _, v in hits))
    c.move_hits = [(a, b, value) for a, b, value in hits if value != "static"]
    if dropped := _LOSE_MOVE.search(c.text):
        c.dropped = dropped.group(1).lower()
    for a, b, _ in hits:
        c.text = _blank(c.text, a, b)


def _framing(c: _Camera) -> None:
    """Relative (tighter, wider), then absolute (close-up)."""
    tighter, wider = _TIGHTER.search(c.text), _WIDER.search(c.text)
    if tighter and wider:
        said = [tighter.group(0), wider.group(0)]
        raise Ask("Tighter or wider?", said, said)
    relative = tighter or wider
    if relative and not negated(c.text, relative.start()):
        steps = 2 if relative.group(1) else 1
        c.relative = relative.group(0)
        c.fields["framing_steps"] = steps if tighter else -steps
        c.said.append(f"{'two steps' if steps == 2 else 'one step'} {'tighter' if tighter else 'wider'}")
        c.take(relative)
    framing = framing_value(c.text)
    if framing:
        c.fields["framing"] = framing
        c.fields.pop("framing_steps", None)
        c.said = [s for s in c.said if "step" not in s] + [LABELS[framing]]


def _angle(c: _Camera) -> None:
    hits = find(c.text, ANGLES)
    angles, mood = list(dict.fromkeys(v for _, _, v in hits)), None
    if not angles:
        angles, mood = next(
            (([angle], why) for cue, angle, why in ANGLE_MOODS if cue_pattern(cue).search(c.text)), ([], None)
        )
    if len(angles) > 1:
        raise _which(c.text, hits, f"Which angle: {' or '.join(LABELS[a] for a in angles)}?")
    if angles:
        c.fields["angle"] = angles[0]
        c.said.append(LABELS[angles[0]] + (f" (for {mood})" if mood else ""))


def _movements(c: _Camera, clause: str) -> None:
    moves = c.moves
    if not moves:
        return
    if "static" in moves and len(moves) > 1:
        moves = [m for m in moves if m != "static"]
    clash = [m for m in moves if OPPOSITE.get(m) in moves]
    if clash:
        pair = (clash[0], OPPOSITE[clash[0]])
        hits = [hit for hit in c.move_hits if hit[2] in pair]
        raise _which(clause, hits, f"{LABELS[pair[0]]} and {LABELS[pair[1]]} cancel out: which one?")
    if _ADD_MOVE.search(clause) and moves != ["static"]:
        c.fields["add_movements"] = moves
        c.said.append("add " + " + ".join(LABELS[m] for m in moves))
    else:
        c.fields["movements"] = moves
        c.said.append(" + ".join(LABELS[m] for m in moves) if moves != ["static"] else "locked off (static)")


def speed(text: str, moving: bool) -> tuple[str, float, str] | None:
    """('speed' or 'speed_scale', value, how to say it) a note asks of the camera's move."""
    if m := SPEED_VALUE.search(text):
        return "speed", float(m.group(1)), f"speed {float(m.group(1)):g}"
    for row in SPEEDS:
        if (moving or not row.moving_only) and row.pattern.search(text):
            return ("speed" if row.kind == "speed" else "speed_scale"), row.value, row.said
    return None


def _pacing(c: _Camera) -> None:
    pacings = list(dict.fromkeys(v for _, _, v in find(c.text, PACINGS)))
    if pacings:
        c.fields["pacing"] = pacings[0]
        c.said.append(f"{pacings[0].replace('_', ' ')} pacing")


def _per_shot(c: _Camera, film: Film, targets: list[str], who: str) -> dict[str, dict[str, object]]:
    """Changes that differ shot by shot: a longer lens than each has, a move each loses."""
    per_shot: dict[str, dict[str, object]] = {}
    low, high = LENS_RANGE_MM
    if c.lens_scale is not None:
        for shot_id in targets:
            lens = film.shots[shot_id].camera.lens_mm
            per_shot.setdefault(shot_id, {})["lens_mm"] = round(min(high, max(low, lens * c.lens_scale)), 1)
        c.said.append(f"{'longer' if c.lens_scale > 1 else 'wider'} lens (x{c.lens_scale:g})")
    if c.dropped:
        family = DROPPED_MOVES[c.dropped]
        for shot_id in targets:
            current = film.shots[shot_id].camera.movements
            kept = [m for m in current if not m.startswith(family)]
            if kept != current:
                per_shot.setdefault(shot_id, {})["movements"] = kept or ["static"]
        if not per_shot:
            raise Ask(f"{who} has no {c.dropped} to lose.")
        c.said.append(f"without the {c.dropped}")
    return per_shot


def _check_steps(c: _Camera, film: Film, targets: list[str], who: str) -> None:
    """Tighter than the tightest framing (or wider than the widest) is asked about."""
    steps = c.fields.get("framing_steps")
    if not steps:
        return
    framing_now = {film.shots[i].camera.framing for i in targets}
    if all(SCALE.index(f) - int(steps) not in range(len(SCALE)) for f in framing_now):  # type: ignore[call-overload]
        tighter = int(steps) > 0  # type: ignore[call-overload]
        instead = ("longer lens", "push in") if tighter else ("wider lens", "pull back")
        raise Ask(
            f"{who} is already the {'tightest' if tighter else 'widest'} framing "
            f"({', '.join(LABELS[f] for f in framing_now)}). A {instead[0]} or a {instead[1]}?",
            [c.relative],
            instead,
        )


def read_camera(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    scope = scope_of(clause, film)
    c = _Camera(without(clause, scope.spans))
    _lens(c)
    _moves(c)
    _framing(c)
    _angle(c)
    _movements(c, clause)
    if said_speed := speed(c.text, bool(c.moves) or bool(_CAMERA_CONTEXT.search(clause))):
        key, value, words = said_speed
        c.fields[key] = value
        c.said.append(words)
    _pacing(c)
    if not c.fields and c.lens_scale is None and not c.dropped:
        if scope.unknown:
            resolve(scope, film, previous)
        return None
    targets, who = resolve(scope, film, previous)
    per_shot = _per_shot(c, film, targets, who)
    edits: list[Edit] = []
    if c.fields:
        edits.append(CameraEdit(shots=targets, **c.fields))  # type: ignore[arg-type]
    for shot_id, fields in per_shot.items():
        edits.append(CameraEdit(shots=[shot_id], **fields))  # type: ignore[arg-type]
    _check_steps(c, film, targets, who)
    return edits, f"{who}: {', '.join(c.said)}", targets
