"""Does the draft's picture say what the plan says? Framing, screen sides, facing and angle,
read from the heads the figure detector finds (tools/figures) in the draft's first frame.

    check_composition(shot, found, frame, sheets) -> Composition

    framing      the main subject's head height, as a share of the frame height, read against
                 FRAMING_BANDS (the main subject: the largest head that is not an over-the-
                 shoulder foreground; the camera frames the tallest subject)
    screen side  a lone character's head centre against SIDE_SPANS of its planned side; a group's
                 order across the frame (GROUPS)
    facing       which way each character's head turns, against the plan's `Placement.facing`
    the line     a character drawn mirrored (on the other side, or turned the other way) with no
                 move to motivate it (an arc, an entrance, an exit or a turn) has crossed the
                 180-degree line
    angle        the camera's tilt read from the set's verticals where enough of them show
                 (tools/tilt.py: low, eye level, high, overhead, dutch, to a degree or two),
                 else the detector's reading of the whole frame

Who is who: the detector finds heads, not people. Each head is matched to a character by the
colours under and on it (the identity colour of the torso, the hair colour; the animatic draws
both from the bible's `Identity`), the assignment with the most matching colour winning; where
colour does not decide, the plan's order across the frame breaks the tie. A draft made from a
model (the diffusers backend) keeps wardrobe colours too, more loosely.

Why the first frame: the planned framing and angle are where the shot starts (a zoom or a dolly
changes them over the shot, and the move check measures that), and one decoded frame keeps the
critic cheap. A character the frame does not hold (an entrance still off screen) is not judged.

Each measure is None, and named with its reason in `skipped`, when it cannot be read: nobody
planned in frame, or the detector found no one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from storyreel.media.camera import focal_px
from storyreel.media.figure import default_sheet, screen_sides
from storyreel.media.paint import rgb
from storyreel.models.bible import CharacterSheet
from storyreel.models.plan import SIDE_MARKS, Placement, Shot
from storyreel.tools.figures.detector import Found
from storyreel.tools.figures.grid import Head
from storyreel.tools.tilt import angle_of, read_tilt

# The main subject's head height as a share of the frame height, per framing: (low, high).
# From the animatic's framing geometry (storyreel/media/camera.py FRAMING_EXTENT: the height of
# the subject a framing holds) and a head a HEAD_SHARE of a person's height: a 1.75 m person's
# head is 0.23 m, so a close-up (0.58 m held) shows it at 0.39 of the frame, a medium (1.1 m) at
# 0.21, a full shot (1.25 x their height) at 0.10, a long (3.2 x) at 0.041, an extreme long
# (11 x) at 0.012. Each band runs to the geometric middle between neighbours, so people from
# 1.5 to 1.95 m stay inside theirs (tests/tools/test_composition.py checks it on the geometry).
FRAMING_BANDS: dict[str, tuple[float, float]] = {
    "extreme_close_up": (0.58, math.inf),
    "close_up": (0.285, 0.58),
    "medium": (0.147, 0.285),
    "full": (0.065, 0.147),
    "long": (0.022, 0.065),
    "extreme_long": (0.0, 0.022),
}
HEAD_SHARE = 0.135  # a head's height over a person's (the animatic's puppet: radius 0.065 h, hair)
# Where a character planned on a side may stand, as fractions of the frame width: around its
# side's mark (`models.plan.SIDE_MARKS`, where a still figure stands), overlapping, since a close
# framing or a turned head moves the head's centre off the mark.
SIDE_SPANS: dict[str, tuple[float, float]] = {
    "left": (0.0, 0.45),
    "center": (0.33, 0.67),
    "right": (0.55, 1.0),
}
# GROUPS: a lone character is held to the span of their side. Sides are the scene's (one per
# character, the 180-degree rule), and a shot of a group is composed on the group (the animatic
# centres it; so does an operator), so what a group shot owes the plan is the order across the
# frame: each stands on the planned side of every other planned on another mark. A pair planned
# left and centre is drawn left and right of the frame's middle; two the scene stands on one side
# are framed side by side with no order planned, and are not judged. Where the group is planned
# on both the left and the right, the left and right ones are also held to their spans, except in
# a long or an extreme long shot: there the people are small and the set wide, and a pair planned
# left and right can stand a stride apart near the centre.
ORDER_FRAMINGS = ("long", "extreme_long")
MIRRORED = {"left": "right", "right": "left"}
MOTIVATING_MOVES = ("arc_left", "arc_right")  # the camera itself crosses the line
# Colour matching: a pixel is a character's colour within this Lab distance (lightness counts
# half: set light and a foreground's shade darken a colour without changing it).
COLOUR_DISTANCE = 28.0
HAIR_WEIGHT = 0.5
ORDER_BONUS = 0.05  # the plan's order across the frame breaks a tie between equal colours


@dataclass
class Composition:
    """The composition read from one frame against the plan."""

    framing: str | None = None
    head_height: float | None = None  # the main subject's, as a share of the frame height
    sides: dict[str, str] = field(default_factory=dict)  # character -> the side found
    side_match: float | None = None  # share of the judged characters on their planned side
    facings: dict[str, str] = field(default_factory=dict)  # character -> the facing found
    facing_match: float | None = None  # share of the judged characters turned as planned
    crossed: list[str] = field(default_factory=list)  # characters mirrored across the line
    angle: str | None = None
    angle_score: float | None = None  # the detector's probability, or the verticals' agreeing share
    skipped: dict[str, str] = field(default_factory=dict)  # check -> why it was not judged


def framing_target(framing: str) -> float:
    """The head height a framing aims at: its band's geometric middle (the open ends: as far
    inside as the next band's middle is from its edge)."""
    low, high = FRAMING_BANDS[framing]
    if high == math.inf:
        return low * 1.5
    if low == 0:
        return high / 1.8
    return math.sqrt(low * high)


def framing_of(head_height: float) -> str:
    """The framing whose band holds a head this tall (a share of the frame height)."""
    return next(name for name, (low, high) in FRAMING_BANDS.items() if low <= head_height < high)


def side_of(x: float) -> str:
    """The side whose mark a head centre at `x` (a fraction of the width) is nearest to."""
    return min(SIDE_MARKS, key=lambda side: abs(SIDE_MARKS[side] - x))


def first_side(placement: Placement) -> str | None:
    """The side a character should be found on in the first frame: their first mark's (None when
    they start off screen, an entrance)."""
    start = placement.marks()[0]
    return side_of(start) if 0 <= start <= 1 else None


def first_facing(placement: Placement) -> str:
    """Which way a character should turn in the first frame: away when they turn during the shot
    (a turn goes from their back to `facing`), else as planned."""
    return "away" if placement.motion == "turn" else placement.facing


def placements(shot: Shot) -> dict[str, Placement]:
    """Each subject's placement: its blocking, else its side as the animatic stands it."""
    placed = {p.character: p for p in shot.blocking}
    return {
        name: placed.get(name) or Placement(character=name, side=side) for name, side in screen_sides(shot)
    }


def check_composition(
    shot: Shot, found: Found, frame: np.ndarray, sheets: Sequence[CharacterSheet] = ()
) -> Composition:
    """Read the frame's composition and compare it with `shot`'s plan."""
    result = Composition(angle=found.angle, angle_score=found.angle_score)
    tilt = read_tilt(frame, focal_px(shot.camera.lens_mm, frame.shape[1]))
    if tilt is not None:
        result.angle, result.angle_score = angle_of(tilt), tilt.share
    planned = placements(shot)
    if not planned:
        why = "no character is planned in frame"
        result.skipped = dict.fromkeys(("framing", "screen side", "facing"), why)
        return result
    if not found.heads:
        why = f"the detector found no one in the first frame ({', '.join(planned)} planned)"
        result.skipped = dict.fromkeys(("framing", "screen side", "facing"), why)
        return result
    # 1. Who is who, by colour, the plan's order breaking ties
    by_name = {sheet.name: sheet for sheet in sheets}
    cast = {name: by_name.get(name) or default_sheet(name) for name in planned}
    matched = identify(frame, list(found.heads), cast, planned)
    # 2. Framing: the main subject's head
    main = _main_subject(found.heads, matched, planned)
    result.head_height = float(main.height)
    result.framing = framing_of(main.height)
    # 3. Sides, facings and the line, per character found
    _sides_and_facings(result, shot, planned, matched)
    return result


def _main_subject(heads: Sequence[Head], matched: dict[str, Head], planned: dict[str, Placement]) -> Head:
    """The largest head of a subject that is not an over-the-shoulder foreground (else the
    largest head not turned away, else the largest)."""
    subjects = [head for name, head in matched.items() if not planned[name].foreground]
    pool = subjects or [h for h in heads if h.facing != "away"] or list(heads)
    return max(pool, key=lambda head: head.height)


def _sides_and_facings(
    result: Composition, shot: Shot, planned: dict[str, Placement], matched: dict[str, Head]
) -> None:
    """Each character found: on the side of their first mark (a walker is judged where the walk
    starts), turned as planned, and not mirrored across the line without a move to motivate it."""
    missing = [name for name in planned if name not in matched]
    sides_judged = sides_right = facings_right = 0
    starts = {name: planned[name].marks()[0] for name in matched if first_side(planned[name]) is not None}
    found_x = {name: matched[name].centre[0] for name in starts}
    planned_sides = {first_side(planned[name]) for name in starts}
    spans_hold = shot.camera.framing not in ORDER_FRAMINGS and {"left", "right"} <= planned_sides
    motivated = any(m in MOTIVATING_MOVES for m in shot.camera.movements)
    for name, head in matched.items():
        placement = planned[name]
        x = head.centre[0]
        result.sides[name] = side_of(x)
        result.facings[name] = head.facing
        side = first_side(placement)
        on_side = None if side is None else on_planned_side(name, side, x, starts, found_x, spans_hold)
        if on_side is not None:
            sides_judged += 1
            sides_right += on_side
        facings_right += head.facing == first_facing(placement)
        mirrored = result.sides[name] == MIRRORED.get(placement.side) or len(starts) > 1
        flipped_side = placement.motion == "still" and on_side is False and mirrored
        flipped_facing = placement.motion in ("still", "walk", "run") and head.facing == MIRRORED.get(
            placement.facing
        )
        if (flipped_side or flipped_facing) and not motivated:
            result.crossed.append(name)
    if sides_judged:
        result.side_match = sides_right / sides_judged
    else:
        result.skipped["screen side"] = (
            "every character found starts off screen"
            if not starts
            else "everyone found is planned on one mark: the frame centres them, and the plan gives no order"
        )
    result.facing_match = facings_right / len(matched)
    if missing:
        result.skipped["characters"] = f"not found in the first frame: {', '.join(missing)}"


def on_planned_side(
    name: str, side: str, x: float, starts: dict[str, float], found_x: dict[str, float], spans_hold: bool
) -> bool | None:
    """Whether `name`, planned on `side` and found at `x`, stands where the plan puts them (see
    GROUPS); None when the plan cannot say (everyone judged is planned on one mark)."""
    if len(starts) < 2:
        low, high = SIDE_SPANS[side]
        return low <= x <= high
    in_order = in_planned_order(name, starts, found_x)
    if in_order is None:
        return None
    if spans_hold and side != "center":
        low, high = SIDE_SPANS[side]
        return in_order and low <= x <= high
    return in_order


def in_planned_order(name: str, starts: dict[str, float], found_x: dict[str, float]) -> bool | None:
    """Whether `name` is found on the planned side of every other character judged (their first
    marks, `starts`, against the head centres found); None when no other is planned apart from them."""
    pairs = [
        (starts[name] - starts[other], found_x[name] - found_x[other])
        for other in starts
        if other != name and starts[other] != starts[name]
    ]
    return all(planned * found > 0 for planned, found in pairs) if pairs else None


# -- who is who ------------------------------------------------------------------------------


def identify(
    frame: np.ndarray, heads: list[Head], cast: dict[str, CharacterSheet], planned: dict[str, Placement]
) -> dict[str, Head]:
    """Each character's head: the assignment of heads to characters whose colours match best."""
    names = list(cast)
    lab = cv2.cvtColor(frame, cv2.COLOR_RGB2LAB).astype(np.float32)
    score = np.array([[colour_match(lab, head, cast[name]) for name in names] for head in heads])
    order = sorted(range(len(heads)), key=lambda i: heads[i].centre[0])
    rank = {i: order.index(i) for i in range(len(heads))}
    planned_order = sorted(names, key=lambda n: planned[n].marks()[0])
    best: tuple[float, tuple[int | None, ...]] = (-1.0, ())
    slots = list(range(len(heads))) + [None] * len(names)
    for pick in set(itertools.permutations(slots, len(names))):
        total = 0.0
        used = [(names[k], i) for k, i in enumerate(pick) if i is not None]
        total += sum(score[i, names.index(n)] for n, i in used)
        total += len(used)  # finding a character beats leaving them out
        by_x = sorted(used, key=lambda pair: rank[pair[1]])
        total += ORDER_BONUS * sum(
            a == b for (a, _), b in zip(by_x, [n for n in planned_order if n in dict(used)], strict=True)
        )
        if total > best[0]:
            best = (total, pick)
    return {names[k]: heads[i] for k, i in enumerate(best[1]) if i is not None}


def colour_match(lab: np.ndarray, head: Head, sheet: CharacterSheet) -> float:
    """How much of the torso under `head` is the character's colour, and of its hair the
    character's hair colour (0..1 each, hair weighing HAIR_WEIGHT)."""
    h, w = lab.shape[:2]
    x0, y0, x1, y1 = head.box
    size = (y1 - y0) * h
    cx = (x0 + x1) / 2 * w
    torso = _patch(lab, cx - 0.5 * size, y1 * h + 0.25 * size, cx + 0.5 * size, y1 * h + 1.25 * size)
    hair = _patch(lab, cx - 0.3 * size, y0 * h, cx + 0.3 * size, y0 * h + 0.2 * size)
    identity = sheet.identity
    body = _share(torso, identity.colour)
    hair_share = _share(hair, identity.hair_colour or "#3B2416")
    return (body + HAIR_WEIGHT * hair_share) / (1 + HAIR_WEIGHT)


def _patch(lab: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    h, w = lab.shape[:2]
    c0, c1 = max(0, int(x0)), min(w, int(math.ceil(x1)))
    r0, r1 = max(0, int(y0)), min(h, int(math.ceil(y1)))
    return lab[r0:r1, c0:c1].reshape(-1, 3) if c1 > c0 and r1 > r0 else np.zeros((0, 3), np.float32)


def _share(pixels: np.ndarray, colour: str) -> float:
    """Share of `pixels` (Lab) within COLOUR_DISTANCE of `colour`, lightness counting half."""
    if not len(pixels):
        return 0.0
    target = cv2.cvtColor(np.array([[rgb(colour)]], np.uint8), cv2.COLOR_RGB2LAB).astype(np.float32)[0, 0]
    d = pixels - target
    distance = np.sqrt((0.5 * d[:, 0]) ** 2 + d[:, 1] ** 2 + d[:, 2] ** 2)
    return float(np.mean(distance < COLOUR_DISTANCE))
