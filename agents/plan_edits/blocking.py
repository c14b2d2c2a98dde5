"""Blocking across structural edits: the placements of shots that a note splits, merges or adds.

A split divides a body's travel at the cut: the first part goes from its start mark to where the
body is at the cut, the second from there on (an entrance whose body is on screen by the cut
walks the rest of the way; an exit not yet off screen walks until the cut). A merge keeps the
first shot's start and the last shot's end for each character, so a body that enters in the
first and stands still after enters over the whole shot. An added shot stands its people on
their scene sides in the pose they were last left in, looking at each other (two of them) or at
whom they looked at in the anchor shot. Facing follows the same rule as the storyboard's
(coverage/staging.py `facing_toward`), so an edited shot reads as a boarded one.
"""

from __future__ import annotations

from storyreel.agents.film_grammar.coverage.staging import INTO_FRAME, facing_toward
from storyreel.models.plan import MOVING, Placement, Shot


def split_blocking(blocking: list[Placement], at: float) -> tuple[list[Placement], list[Placement]]:
    """Each placement divided at `at` (0..1 of the shot) into the two parts' placements."""
    pairs = [_split(p, at) for p in blocking]
    return [first for first, _ in pairs], [second for _, second in pairs]


def _split(placement: Placement, at: float) -> tuple[Placement, Placement]:
    if placement.motion == "turn":
        return placement, placement.model_copy(update={"motion": "still"})
    if placement.motion not in MOVING:
        return placement, placement
    start, end = placement.marks()
    mid = round(start + (end - start) * at, 3)
    on_screen = 0 <= mid <= 1
    first_motion = {"enter": "enter", "exit": "walk" if on_screen else "exit"}.get(
        placement.motion, placement.motion
    )
    second_motion = {"enter": "walk" if on_screen else "enter", "exit": "exit"}.get(
        placement.motion, placement.motion
    )
    first = placement.model_copy(update={"motion": first_motion, "start_x": start, "end_x": mid})
    second = placement.model_copy(update={"motion": second_motion, "start_x": mid, "end_x": end})
    return Placement.model_validate(first.model_dump()), Placement.model_validate(second.model_dump())


def merge_blocking(group: list[Shot], subjects: list[str], kind: str) -> list[Placement]:
    """One placement per subject of the merged shot: the first's start, the last's end."""
    sides = {p.character: p.side for shot in group for p in shot.blocking}
    out = []
    for name in subjects:
        held = [p for shot in group for p in shot.blocking if p.character == name]
        if not held:
            continue
        first, last = held[0], held[-1]
        shoulder = first.foreground and kind == "over_the_shoulder" and len(subjects) == 2
        placement = _travel(first, last).model_copy(update={"foreground": shoulder})
        if (
            placement.motion not in MOVING
            and not shoulder
            and placement.facing == "away"
            and first.foreground
        ):
            placement = placement.model_copy(update={"facing": facing_for(name, first.eyeline, sides)})
        if placement.holding is None and last.holding is not None:
            placement = placement.model_copy(update={"holding": last.holding})
        out.append(Placement.model_validate(placement.model_dump()))
    return out


def _travel(first: Placement, last: Placement) -> Placement:
    """The motion from `first`'s start to `last`'s end."""
    start, end = first.marks()[0], last.marks()[1]
    motions = (first.motion, last.motion)
    if first.motion == "enter":
        motion = "enter"
    elif last.motion == "exit":
        motion = "exit"
    elif any(m in MOVING for m in motions) and start != end:
        motion = "run" if "run" in motions else "walk"
    else:
        return first.model_copy(update={"motion": first.motion if first.motion == "turn" else "still"})
    facing = "right" if end > start else "left"
    return first.model_copy(update={"motion": motion, "start_x": start, "end_x": end, "facing": facing})


def facing_for(name: str, eyeline: str | None, sides: dict[str, str]) -> str:
    """Which way `name` turns to look at `eyeline` (into the frame with no one to look at)."""
    side = sides.get(name, "center")
    if eyeline is None or eyeline not in sides or eyeline == name:
        return INTO_FRAME[side]
    order = list(sides)
    return facing_toward(side, sides[eyeline], order.index(eyeline) > order.index(name))


def added_blocking(subjects: list[str], kind: str, scene: list[Shot], anchor: Shot) -> list[Placement]:
    """Placements for a shot a note adds to `anchor`'s scene (`scene`: its shots, in order)."""
    before = scene[: scene.index(anchor) + 1] if anchor in scene else scene
    last: dict[str, Placement] = {p.character: p for shot in before for p in shot.blocking}
    sides = {p.character: p.side for shot in scene for p in shot.blocking}
    placed = [name for name in subjects if name in sides]
    out = []
    for name in placed:
        others = [n for n in placed if n != name]
        known = last.get(name)
        eyeline = others[0] if others else (known.eyeline if known is not None else None)
        shoulder = kind == "over_the_shoulder" and len(placed) == 2 and name == placed[1]
        out.append(
            Placement(
                character=name,
                side=sides[name],  # type: ignore[arg-type]
                eyeline=eyeline,
                facing="away" if shoulder else facing_for(name, eyeline, sides),  # type: ignore[arg-type]
                pose=_pose_after(known),  # type: ignore[arg-type]
                foreground=shoulder,
            )
        )
    return out


def _pose_after(placement: Placement | None) -> str:
    """The pose a character was left in: where they were, unless they were on the move."""
    if placement is None or placement.motion in MOVING:
        return "stand"
    return placement.pose
