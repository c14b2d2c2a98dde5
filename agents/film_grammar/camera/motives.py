"""Reasons to move the camera, read off what a shot shows: one row per motive.

Each row of MOTIVES is a pattern (the action words that give the motive, as a meaning of the
lexicon), a condition (on the shot, and on the motives found before it), and the motive (which
move, how fast, on which pacing curve, and the sentence of reason). Motives are returned in the
order the action gives them: by where their words stand in the text. An establishing shot has
its own rows (ESTABLISHING), of which the first that fits is the whole answer.

To change when the camera moves: add or edit a row. To teach the grammar a new word for a
motive: a row of lexicon/action.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from storyreel.agents.film_grammar.lexicon import words_pattern
from storyreel.agents.film_grammar.lexicon.action import LEFTWARD, RIGHTWARD, SKYLINE, Cue, cue_pattern
from storyreel.models.plan import Shot
from storyreel.models.screenplay import Element

UNSEEN = 10**9  # where a motive whose words are not in the seen text stands: last


@dataclass
class Motive:
    """A reason to move the camera, with the moves it asks for."""

    rule: str
    moves: list[str]
    speed: float
    pacing: str


@dataclass
class Reading:
    """What the motive rows look at: the shot, what it shows, and the motives found so far."""

    shot: Shot
    seen: str  # action and parentheticals: what is on screen
    mood: str  # the seen text and the lines spoken
    fired: set[str] = field(default_factory=set)

    @property
    def framing(self) -> str:
        return self.shot.camera.framing

    @property
    def wide(self) -> bool:
        return self.framing in ("extreme_long", "long", "full")

    @property
    def tight(self) -> bool:
        return self.framing in ("close_up", "extreme_close_up")

    @cached_property
    def direction(self) -> str:
        """Screen direction of motion: explicit words first, else away from the subject's side."""
        if _LEFTWARD.search(self.seen):
            return "left"
        if _RIGHTWARD.search(self.seen):
            return "right"
        return "left" if subject_side(self.shot) == "right" else "right"


@dataclass(frozen=True)
class MotiveRow:
    """When `words` are heard (in `heard_in`) and `when` holds, the shot has this motive."""

    name: str
    words: re.Pattern[str] | None
    when: Callable[[Reading, bool], bool]
    move: Callable[[Reading], str]
    speed: float
    pacing: str
    rule: str
    heard_in: str = "seen"  # 'seen' or 'mood'
    order: int = UNSEEN  # where a row without words stands among the others

    def motive(self, reading: Reading) -> Motive:
        return Motive(self.rule, [self.move(reading)], self.speed, self.pacing)


_LEFTWARD = words_pattern(LEFTWARD)
_RIGHTWARD = words_pattern(RIGHTWARD)


def subject_side(shot: Shot) -> str:
    """The screen side of the shot's first subject ('center' when it has none placed)."""
    for placement in shot.blocking:
        if shot.subjects and placement.character == shot.subjects[0]:
            return placement.side
    return "center"


def text_of(shot: Shot, elements: dict[str, Element], spoken: bool = True) -> str:
    """The words behind a shot: action, parentheticals and (when `spoken`) the lines said.

    Movement reads only what is seen (action and parentheticals): a character who *talks*
    about running does not make the camera run. Mood reads the lines too.
    """
    parts = []
    for element_id in shot.covers:
        element = elements.get(element_id)
        if element is None:
            continue
        parts.extend(element.parentheticals)
        if element.type != "dialogue" or spoken:
            parts.append(element.text)
    text = " ".join(" ".join(parts).split())
    if not text and not shot.covers:
        text = shot.description
    return text


# -- the moves a motive asks for ------------------------------------------------------------------


def _fixed(move: str) -> Callable[[Reading], str]:
    return lambda r: move


def _follow(r: Reading) -> str:
    return f"truck_{r.direction}" if r.wide else f"pan_{r.direction}"


def _pan_with(r: Reading) -> str:
    return f"pan_{r.direction}"


def _meet(r: Reading) -> str:
    return f"pan_{'left' if subject_side(r.shot) == 'left' else 'right'}" if r.wide else "dolly_in"


def _let_go(r: Reading) -> str:
    return "zoom_out" if r.framing in ("long", "extreme_long") else "dolly_out"


def _up(r: Reading) -> str:
    return "crane_up" if r.wide else "tilt_up"


def _down(r: Reading) -> str:
    return "crane_down" if r.wide and not r.tight else "tilt_down"


def _pull_back(r: Reading) -> str:
    return f"pan_{r.direction}" if cue_pattern(Cue.TURN).search(r.seen) else "dolly_out"


# -- the conditions -----------------------------------------------------------------------------


def _heard(r: Reading, heard: bool) -> bool:
    return heard


def _heard_unless(*names: str) -> Callable[[Reading, bool], bool]:
    return lambda r, heard: heard and not (r.fired & set(names))


def _pressed(r: Reading, heard: bool) -> bool:
    """A close shot, reaction or insert, on a realisation (a reaction always has one)."""
    return (r.tight or r.shot.kind in ("reaction", "insert")) and (heard or r.shot.kind == "reaction")


# fmt: off
MOTIVES: tuple[MotiveRow, ...] = (
    MotiveRow("chase", cue_pattern(Cue.CHASE), _heard, _follow, 0.85, "ease_in",
              "the camera follows the motion in its screen direction"),
    MotiveRow("toward", cue_pattern(Cue.TOWARD), _heard_unless("chase"), _fixed("dolly_in"), 0.4, "ease_in_out",
              "the camera moves in as the subject approaches"),
    MotiveRow("walk", cue_pattern(Cue.WALK), _heard_unless("chase", "toward"), _pan_with, 0.4, "ease_in_out",
              "the camera pans with a walking subject"),
    MotiveRow("arrive", cue_pattern(Cue.ARRIVE), _heard, _meet, 0.45, "ease_out",
              "an arrival is met by the camera and lands on the subject"),
    MotiveRow("depart", cue_pattern(Cue.DEPART), _heard, _let_go, 0.45, "ease_in_out",
              "a departure is let go as the camera pulls away"),
    MotiveRow("rise", cue_pattern(Cue.RISE), _heard, _up, 0.5, "ease_in_out",
              "rising action is followed upward"),
    MotiveRow("fall", cue_pattern(Cue.FALL), _heard, _down, 0.55, "ease_in",
              "a fall is followed downward"),
    MotiveRow("reveal", cue_pattern(Cue.REVEAL), _heard, _pull_back, 0.35, "ease_in_out",
              "the camera pulls back to reveal"),
    MotiveRow("realise", cue_pattern(Cue.REALISE), _pressed, _fixed("dolly_in"), 0.2, "ease_in_out",
              "a slow push in presses on the realisation", heard_in="mood"),
    MotiveRow("insert", None, lambda r, heard: r.shot.kind == "insert" and "realise" not in r.fired,
              _fixed("dolly_in"), 0.15, "ease_in_out", "an insert creeps in on the detail", order=10**8),
    MotiveRow("chaos", cue_pattern(Cue.CHAOS), lambda r, heard: heard and not r.tight, _fixed("handheld"), 0.6, "linear",
              "handheld energy for chaos"),
)

_SKYLINE = words_pattern(SKYLINE)
_LONG_ENOUGH_S = 4.0  # an establishing shot this long has time to move

ESTABLISHING: tuple[MotiveRow, ...] = (
    MotiveRow("geography", cue_pattern(Cue.GEOGRAPHY), lambda r, heard: heard and r.framing == "extreme_long",
              _fixed("pan_right"), 0.2, "ease_in_out",
              "an establishing shot of a maze of roofs or streets drifts over it from above"),
    MotiveRow("skyline", _SKYLINE, _heard, _fixed("crane_down"), 0.25, "ease_in_out",
              "an establishing shot cranes down from the skyline into the place"),
    MotiveRow("pan across", None, lambda r, heard: r.shot.duration_s >= _LONG_ENOUGH_S and r.framing == "extreme_long",
              _fixed("pan_right"), 0.2, "ease_in_out", "an establishing shot pans slowly across the place"),
    MotiveRow("creep in", None, lambda r, heard: r.shot.duration_s >= _LONG_ENOUGH_S,
              _fixed("dolly_in"), 0.2, "ease_in_out", "an establishing shot creeps slowly into the space"),
    MotiveRow("hold", None, lambda r, heard: True, _fixed("static"), 0.0, "linear",
              "a short establishing shot holds still to show the place"),
)
# fmt: on


def motives(shot: Shot, seen: str, mood: str) -> list[Motive]:
    """Reasons to move, in the order the action gives them; `seen` is what is on screen, `mood`
    adds the spoken lines (a realisation may be in the words)."""
    reading = Reading(shot, seen, mood)
    if shot.kind == "establishing":
        for row in ESTABLISHING:
            if row.when(reading, bool(row.words and row.words.search(seen))):
                return [row.motive(reading)]
    found: list[tuple[int, Motive]] = []
    for row in MOTIVES:
        match = row.words.search(seen) if row.words is not None else None
        heard = bool(match) if row.heard_in == "seen" else bool(row.words and row.words.search(mood))
        if row.when(reading, heard):
            reading.fired.add(row.name)
            found.append((match.start() if match else row.order, row.motive(reading)))
    found.sort(key=lambda pair: pair[0])
    return [motive for _, motive in found]
