"""What stands on a scene's set: the things its action names, each a `Prop` at one world-fixed
place, the same in every shot of the scene.

Which things: the object words of the lexicon (`lexicon.objects.THINGS`) that have a shape,
named in the scene's action (never in its dialogue: a line about a ship puts no ship on the
set; nor a part of another thing: "its doors"), in the order they are first named, at most
MAX_PROPS a scene and MAX_PER_SHAPE of one shape, what someone sits on or carries first, so a
list of papers in a drawer does not crowd out the car. Something a character sits on is a seat
whatever it is ("an upturned bucket").

Where: a set is laid out the way a designer dresses one around the actors' marks (the screen
sides of the scene, `SIDE_MARKS`). A seat someone sits on stands on their mark, just behind
them; what they carry stands beside their mark; large dressing stands back at the depth its
shape keeps (FOOTPRINTS: a car a few metres back, a door or a shelf against the back wall).
Nothing in front of the back row covers an actor's mark, and no two things overlap: a place
taken is searched outward from the one wanted, then further back. The same scene always gives
the same set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyreel.agents.film_grammar.coverage.bodies import Reader, seat_of, sittings, things
from storyreel.agents.film_grammar.coverage.cast import Cast
from storyreel.agents.film_grammar.coverage.reading import sentences
from storyreel.agents.film_grammar.lexicon import alternation
from storyreel.agents.film_grammar.lexicon.objects import HANDHELD_SHAPES, PART_OF, THINGS
from storyreel.models.plan import SIDE_MARKS, Prop
from storyreel.models.screenplay import Scene

MAX_PROPS = 6  # a handful: the things the action names, not every noun
MAX_PER_SHAPE = 2
IMPROVISED_SEATS = ("bucket", "box", "bag", "table")  # shapes that become a seat when sat on
ACTOR_HALF_WIDTH = 0.1  # of a standing figure, in set units (-1 .. 1 across the master shot)
BACK_ROW = 1.5  # metres behind the actors' line from which a thing may stand behind an actor
DEPTH_APART = 0.75  # things nearer each other in depth than this must not overlap across
SEATED_DEPTH = 0.2  # a seat in use stands just behind its sitter
CARRIED_OFFSET = 0.22  # what someone carries stands this far outward from their mark
STEP = 0.1  # how far apart the places tried for a thing are
MAX_DEPTH = 6.0

_PART_OF = re.compile(rf"\b{alternation(PART_OF)}\s+(?:[\w-]+\s+)?$", re.IGNORECASE)

# Shape -> (half its width across the set, in set units; metres behind the actors' line).
FOOTPRINTS: dict[str, tuple[float, float]] = {
    "vehicle": (0.35, 2.5), "table": (0.18, 0.9), "seat": (0.08, SEATED_DEPTH), "bed": (0.3, 1.5),
    "door": (0.12, 3.5), "window": (0.12, 3.5), "shelf": (0.15, 3.5), "box": (0.08, 0.8),
    "bag": (0.06, 0.6), "bucket": (0.06, 0.6), "bottle": (0.03, 0.6), "cup": (0.03, 0.6),
    "phone": (0.03, 0.6), "screen": (0.1, 1.2), "lamp": (0.05, 1.5), "gun": (0.04, 0.6),
    "knife": (0.03, 0.6), "tool": (0.04, 0.6), "paper": (0.04, 0.6), "plant": (0.1, 2.5),
}  # fmt: skip


@dataclass
class _Named:
    """A thing the scene names, before it is placed."""

    noun: str
    written: str
    shape: str
    element: str
    sitter: str | None = None  # who sits on it
    carrier: str | None = None  # who first has it in hand


def set_x(mark: float) -> float:
    """A screen mark (0 .. 1 across the frame) as a place across the set (-1 .. 1)."""
    return round(2 * mark - 1, 3)


def scene_set(scene: Scene, cast: Cast) -> list[Prop]:
    """The props of `scene`, laid out (see the module docstring)."""
    named = _named(scene, cast)
    marks = {name: set_x(SIDE_MARKS[side]) for name, side in cast.sides.items()}
    placed: list[tuple[Prop, float]] = []  # each prop and its half width
    # Seats in use first (on their sitter's mark), then everything else in the order named.
    for thing in sorted(named, key=lambda t: t.sitter is None):
        half, depth = FOOTPRINTS[thing.shape]
        if thing.sitter in marks:
            x, depth = marks[thing.sitter], SEATED_DEPTH
        elif thing.carrier in marks:
            outward = 1.0 if marks[thing.carrier] >= 0 else -1.0
            x = marks[thing.carrier] + outward * CARRIED_OFFSET
        else:
            x = 0.0
        x, depth = _free(x, depth, half, placed, [] if thing.sitter in marks else list(marks.values()))
        name = f"the {thing.written}"
        placed.append((Prop(name=name, shape=thing.shape, x=x, depth=depth, element=thing.element), half))  # type: ignore[arg-type]
    order = {t.noun: i for i, t in enumerate(named)}
    return [prop for prop, _ in sorted(placed, key=lambda p: order[noun_of(p[0])])]


def noun_of(prop: Prop) -> str:
    """The lexicon's noun for a prop the rules named ('the lanterns' -> 'lantern')."""
    found = things(prop.name)
    return found[0].noun if found else prop.name


def handheld(props: list[Prop]) -> set[str]:
    """The nouns of the props on a set that a character can hold."""
    return {noun_of(p) for p in props if p.shape in HANDHELD_SHAPES}


def _named(scene: Scene, cast: Cast) -> list[_Named]:
    """The things the scene's action names, in order, with who sits on or carries each."""
    named: dict[str, _Named] = {}
    reader = Reader(cast)
    for element in scene.elements:
        if element.type != "action":
            continue
        for mention in things(element.text):
            shape = THINGS[mention.noun].shape
            part = _PART_OF.search(element.text[: mention.start])
            if shape is not None and mention.noun not in named and not part:
                named[mention.noun] = _Named(mention.noun, mention.text, shape, element.id)
        carried = {noun for noun, thing in named.items() if thing.shape in HANDHELD_SHAPES}
        for sentence in sentences(element.text):
            for sitting in sittings(sentence):
                seat = seat_of(sentence, sitting.end())
                if seat is not None and seat.noun in named:
                    _sit(named[seat.noun], reader.actors_at(sentence, sitting.start()))
            for name, body in reader.read(sentence, [], held=carried).items():
                if body.holding in named and named[body.holding].carrier is None:
                    named[body.holding].carrier = name
    return _capped(list(named.values()))


def _sit(thing: _Named, sitters: list[str]) -> None:
    """Someone sits on `thing`: it is a seat now (a bed stays a bed), where its first sitter sits."""
    if thing.shape in IMPROVISED_SEATS:
        thing.shape = "seat"
    if thing.sitter is None and thing.shape in ("seat", "bed") and sitters:
        thing.sitter = sitters[0]


def _capped(named: list[_Named]) -> list[_Named]:
    """At most MAX_PER_SHAPE of a shape and MAX_PROPS in all: what someone sits on or carries
    first, then the first named; in the order named."""
    kept: list[_Named] = []
    for thing in sorted(named, key=lambda t: t.sitter is None and t.carrier is None):
        if sum(t.shape == thing.shape for t in kept) < MAX_PER_SHAPE and len(kept) < MAX_PROPS:
            kept.append(thing)
    return [thing for thing in named if thing in kept]


def _free(
    want: float, depth: float, half: float, placed: list[tuple[Prop, float]], marks: list[float]
) -> tuple[float, float]:
    """The place nearest `want` (then further back) where a thing `half` wide overlaps no placed
    thing at about its depth, nor, in front of the back row, an actor's mark."""
    limit = 1.0 - half
    while True:
        for step in range(int(2 * 2 / STEP) + 1):
            offset = (step + 1) // 2 * STEP * (1 if step % 2 else -1)
            x = round(min(limit, max(-limit, want + offset)), 3)
            if _fits(x, depth, half, placed, marks):
                return x, depth
        if depth >= MAX_DEPTH:
            return round(min(limit, max(-limit, want)), 3), depth
        depth = min(MAX_DEPTH, depth + 1.0)


def _fits(x: float, depth: float, half: float, placed: list[tuple[Prop, float]], marks: list[float]) -> bool:
    for prop, other in placed:
        if abs(prop.depth - depth) < DEPTH_APART and abs(prop.x - x) < half + other:
            return False
    return depth >= BACK_ROW or all(abs(mark - x) >= half + ACTOR_HALF_WIDTH for mark in marks)
