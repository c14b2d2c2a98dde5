"""Blocking: in every shot, where each character stands, whom they look at, which way they turn,
what their body does and what is in their hands (`Placement`).

The staging of a scene, shot by shot in screen order:

1. Sides are the cast's (cast.py): one per character for the whole scene, the 180-degree rule.
2. Eyelines by the kind of shot (EYELINES): whoever speaks looks at the one they speak to and
   everyone else in frame at the speaker; a reaction looks at the speaker off frame; a two-shot
   of people not talking has them look at each other; a single looks at their scene partner.
   An over-the-shoulder shot holds two: the listener nearest the lens, seen from behind
   (`foreground`, facing away), and the speaker turned toward them.
3. What the text says wins (bodies.py): a look or a turn to someone else, or to something (no
   eyeline; they face the prop when the set has it), away, with their back to us, or into the
   lens (facing the camera: only then).
4. Facing follows from the sides: someone on the left looking at someone on the right faces
   right (`facing_toward`). With no one to look at they face into the frame.
5. Motion from the text: an entrance starts off screen on the side they come from and ends on
   their mark (`SIDE_MARKS`); an exit leaves their mark for the edge they go to; a walk or a run
   passes through their mark in the direction of travel (the text's screen direction, toward
   whom they approach, else away from their side, as the camera's follow move assumes). A body
   on the move stands and faces where it goes.
6. Poses persist: sitting, lying or kneeling holds from the shot whose action says so until the
   action gets them up (or moves them).
7. Hands: a prop of the set the text has them take stays in their hands in the following shots
   until they let it go or someone else takes it ("Danny holds out the beer. She takes it").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from storyreel.agents.film_grammar.coverage.bodies import Body, Reader
from storyreel.agents.film_grammar.coverage.cast import Cast
from storyreel.agents.film_grammar.coverage.sets import handheld, noun_of, set_x
from storyreel.models.plan import MOVING, SIDE_MARKS, Placement, Prop

OFF_SCREEN = 0.15  # how far past the frame edge an entrance starts and an exit ends
SPANS = {"walk": 0.3, "run": 0.5}  # how much of the frame a walk or a run crosses
EDGE = 0.05  # an on-screen mark keeps this far inside the frame
ORDER = {"left": 0, "center": 1, "right": 2}
INTO_FRAME = {"left": "right", "right": "left", "center": "camera"}  # facing with no one to face
OPPOSITE = {"left": "right", "right": "left", "camera": "away", "away": "camera"}


def facing_toward(side: str, other: str, further_right: bool = False) -> str:
    """Which way someone on `side` turns to look at someone on `other`; two on one side stand
    side by side, and `further_right` says the other stands to their right."""
    if ORDER[other] != ORDER[side]:
        return "right" if ORDER[other] > ORDER[side] else "left"
    return "right" if further_right else "left"


def travel_marks(side: str, motion: str, direction: str) -> tuple[float | None, float | None]:
    """(start_x, end_x) of a body on `side` doing `motion` toward screen `direction`."""
    home = SIDE_MARKS[side]
    sign = 1.0 if direction == "right" else -1.0
    if motion == "enter":
        return (-OFF_SCREEN if sign > 0 else 1 + OFF_SCREEN), home
    if motion == "exit":
        return home, (1 + OFF_SCREEN if sign > 0 else -OFF_SCREEN)
    if motion in SPANS:
        half = SPANS[motion] / 2
        start = round(min(1 - EDGE, max(EDGE, home - sign * half)), 3)
        end = round(min(1 - EDGE, max(EDGE, home + sign * half)), 3)
        return start, end
    return None, None


def in_scene(blocking: list[Placement], people: set[str]) -> list[Placement]:
    """`blocking` with no eyeline to anyone outside `people` (the scene's: who is in its shots)."""
    return [
        p if p.eyeline in people or p.eyeline is None else p.model_copy(update={"eyeline": None})
        for p in blocking
    ]


def default_direction(side: str, motion: str) -> str:
    """Screen direction of travel when nothing says: an entrance comes in from the edge of their
    own side, an exit goes out by it; a walk or a run goes away from their side."""
    if motion == "exit":
        return "left" if side == "left" else "right"
    return "left" if side == "right" else "right"


# -- eyelines by the kind of shot -------------------------------------------------------------


class Drafted(Protocol):
    """What the staging reads of a drafted shot (coverage/drafts.py `Draft`)."""

    kind: str
    subjects: list[str]
    speaker: str | None  # who speaks in it (on screen, or heard off frame in a reaction)
    partner: str | None  # whom the speaker, or a lone subject, plays the scene to
    action: str  # the action it shows
    manner: dict[str, str]  # speaker -> the parentheticals of their line


def _conversation(shot: Drafted) -> tuple[dict[str, str | None], str | None]:
    subjects = shot.subjects
    talker = shot.speaker if shot.speaker in subjects else None
    if talker is not None:
        partner = shot.partner if shot.partner != talker else None
        return {s: (partner if s == talker else talker) for s in subjects}, None
    if len(subjects) >= 2:
        return {s: (subjects[1] if s == subjects[0] else subjects[0]) for s in subjects}, None
    return {s: shot.partner for s in subjects}, None


def _reaction(shot: Drafted) -> tuple[dict[str, str | None], str | None]:
    if shot.speaker is None or shot.speaker in shot.subjects:
        return _conversation(shot)
    return {s: shot.speaker for s in shot.subjects}, None


def _over_the_shoulder(shot: Drafted) -> tuple[dict[str, str | None], str | None]:
    if len(shot.subjects) != 2:
        return _conversation(shot)
    first, second = shot.subjects
    shoulder = first if shot.speaker == second else second
    return {first: second, second: first}, shoulder


# Kind of shot -> (eyeline of each subject, whose shoulder is in the foreground); others converse.
EYELINES: dict[str, Callable[[Drafted], tuple[dict[str, str | None], str | None]]] = {
    "over_the_shoulder": _over_the_shoulder,
    "reaction": _reaction,
}


# -- the scene's staging ------------------------------------------------------------------------


@dataclass
class Stager:
    """Stages a scene's shots in screen order, keeping poses and hands from shot to shot."""

    cast: Cast
    props: list[Prop]
    poses: dict[str, str] = field(default_factory=dict)  # character -> the pose they are left in
    reader: Reader = field(init=False)
    held: set[str] = field(init=False)  # nouns of the props that can be held
    props_by_noun: dict[str, Prop] = field(init=False)
    prop_names: dict[str, str] = field(init=False)  # noun -> the prop's name
    hands: dict[str, str] = field(default_factory=dict)  # character -> the noun they hold
    left: list[str] = field(default_factory=list)  # who the last shot staged saw exit

    def __post_init__(self) -> None:
        self.reader = Reader(self.cast)
        self.held = handheld(self.props)
        self.props_by_noun = {noun_of(p): p for p in self.props}
        self.prop_names = {noun: p.name for noun, p in self.props_by_noun.items()}

    def stage(self, shot: Drafted) -> list[Placement]:
        """The placements of one shot, subjects in order (see the module docstring); `left` says
        who the shot's text takes off the set."""
        if shot.speaker is not None:
            self.reader.saw(shot.speaker)
        bodies = self.reader.read(shot.action, shot.subjects, shot.manner, self.held)
        self.left = [name for name, body in bodies.items() if body.motion == "exit"]
        for name, body in sorted(bodies.items(), key=lambda item: item[1].gripped):
            self._hands(name, body)  # hands first: a shot shows what is in hand by its end
        eyelines, shoulder = EYELINES.get(shot.kind, _conversation)(shot)
        placements = [
            self._place(shot, name, eyelines.get(name), name == shoulder, bodies.get(name, Body()))
            for name in shot.subjects
        ]
        for name, body in bodies.items():  # poses persist, seen or not
            if body.pose is not None:
                self.poses[name] = body.pose
            elif body.motion in MOVING:
                self.poses[name] = "stand"
        return placements

    def _hands(self, name: str, body: Body) -> None:
        """What `name` holds from this shot on: what they took (out of anyone else's hands), until
        they let go of it."""
        if body.holding is not None:
            for other, noun in list(self.hands.items()):
                if noun == body.holding:
                    del self.hands[other]
            self.hands[name] = body.holding
        elif body.released:
            self.hands.pop(name, None)

    def _place(self, shot: Drafted, name: str, eyeline: str | None, shoulder: bool, body: Body) -> Placement:
        side = self.cast.side(name)
        eyeline = eyeline if eyeline != name else None
        facing = self._facing(shot, name, eyeline)
        if body.look in ("gaze", "turn") and (body.at is not None or body.look == "gaze"):
            eyeline = body.at
            facing = self._facing(shot, name, body.at, body.at_thing)
        elif body.look == "turn" and body.at_thing is not None:
            eyeline, facing = None, self._facing(shot, name, None, body.at_thing)
        elif body.look == "averted":
            facing = OPPOSITE.get(facing, facing) if eyeline is not None else facing
            eyeline = None
        elif body.look in ("away", "camera"):
            eyeline, facing = None, body.look
        motion = body.motion if not shoulder else "still"
        start_x = end_x = None
        if motion in MOVING:
            direction = body.direction or self._toward(side, body.toward) or default_direction(side, motion)
            start_x, end_x = travel_marks(side, motion, direction)
            if facing != direction:  # a body on the move faces where it goes
                eyeline, facing = None, direction
        pose = "stand" if motion in MOVING else (body.pose or self.poses.get(name, "stand"))
        return Placement(
            character=name,
            side=side,  # type: ignore[arg-type]
            eyeline=eyeline,
            facing="away" if shoulder else facing,  # type: ignore[arg-type]
            pose=pose,  # type: ignore[arg-type]
            motion=motion,  # type: ignore[arg-type]
            start_x=start_x,
            end_x=end_x,
            foreground=shoulder,
            holding=self.prop_names.get(self.hands.get(name, "")),
        )

    def _facing(self, shot: Drafted, name: str, other: str | None, thing: str | None = None) -> str:
        """Toward `other` (a person) or `thing` (a prop of the set), else into the frame."""
        side = self.cast.side(name)
        if other is not None and other in self.cast.sides:
            order = [*shot.subjects, *self.cast.sides]
            return facing_toward(side, self.cast.sides[other], order.index(other) > order.index(name))
        prop = self.props_by_noun.get(thing or "")
        if prop is not None and abs(prop.x - set_x(SIDE_MARKS[side])) > 0.05:
            return "right" if prop.x > set_x(SIDE_MARKS[side]) else "left"
        return INTO_FRAME[side]

    def _toward(self, side: str, other: str | None) -> str | None:
        if other is None or other not in self.cast.sides or self.cast.sides[other] == side:
            return None
        return facing_toward(side, self.cast.sides[other])
