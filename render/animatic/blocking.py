"""Blocking one shot: where each figure stands, which way it turns and what its body does in
every frame, and where the scene's world-fixed set stands under this shot's camera.

Geometry only (no pixels): the stage paints from it and `truth()` reports from it, so the boxes
the critic learns from are where the pixels are. Scene coordinates are the set's: x right as the
scene's master shot sees it, y up, z away from that camera, the characters' line at z = 0; a
left mark stands at -CAST_X, a right one at +CAST_X, a prop at `Prop.x` x SET_HALF_WIDTH and
`Prop.depth` behind the line. The camera path (storyreel/media/camera.py, shared with the critic)
always looks at its target from -z; each shot maps the scene under it by a turn and a shift
(`SceneFrame`), so every shot of a scene sees the same set from its own camera.

Why the set turns no further than HEADINGS: a 2.5D stage is a theatre set, one back wall and
cards facing the audience. A true reverse angle (the camera swung 180 degrees to look at the
other wall) would see the cards edge-on or from behind. So every camera of a scene stays on the
audience's side of the action line (the 180-degree rule, which the plan keeps anyway) and swings
at most a few tens of degrees towards the eyeline partner for singles, reactions and
over-the-shoulders: the reverse shot of a conversation sees the same back wall from the other
side, the part of it behind the character it looks at, as a real camera on that side of the
line would.

What is cheated, as on a real set: characters keep their marks in wide shots, but a tight
two-shot brings them together until both heads fit (a seat travels with its sitter), and the
over-the-shoulder's foreground character is placed at the lens's edge rather than at its mark.
The set, its pieces and the props never move.

The framing rules (where the camera's look lands on the subjects, what stays in frame) are in
render/animatic/framing.py; the records this module fills are in world.py.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from storyreel.media.camera import CameraPath, Pose
from storyreel.media.figure import MOVING_TURNS, TURNS, card_shape, default_sheet, screen_sides
from storyreel.media.puppet import Posture
from storyreel.models.bible import CharacterSheet
from storyreel.models.job import ShotJob
from storyreel.models.plan import SIDE_MARKS, Placement, Prop
from storyreel.render.animatic.framing import (
    FRAMING_RULES,
    MARGIN,
    framing_shift,
    insert_focus,
    level_heads,
)
from storyreel.render.animatic.props import PROPS, SURFACES, drawn_size
from storyreel.render.animatic.world import Blocking, Card, Figure, PlacedProp, SceneFrame

CAST_X = 0.875  # metres from the set's centre a left or right mark stands
SET_HALF_WIDTH = 2.5  # metres: Prop.x = +-1
SIDE_SIGN = {"left": -1.0, "center": 0.0, "right": 1.0}
REPEAT = (0.6, 0.5)  # a second figure on one side: this much further out and behind (metres)
GROUP_SPREAD = 0.45  # a group all blocked centre stands within this share of the half-width
SEAT_REACH = 1.6  # metres: a sitter (or lier) takes a seat (or bed) prop this near its mark
SURFACE_REACH = (1.0, 0.8)  # metres across and deep: a small prop stands on a surface this near
FG_DEPTH = 0.5  # the over-the-shoulder foreground stands at this share of the subject distance
FG_SCREEN_X = 0.88  # ... its centre this far across the frame on its side
FG_HEAD_Y = 0.3  # ... and its head's middle this far down the frame
OVERHEAD_LEAN = 72.0  # degrees an overhead shot lays the cards back, so they stay visible
# kind -> degrees the camera swings towards the eyeline partner's side
HEADINGS = {"single": 14.0, "reaction": 14.0, "over_the_shoulder": 24.0}


# -- the steps ---------------------------------------------------------------------------------


def block(job: ShotJob, path: CameraPath, width: int, height: int) -> Blocking:
    """Where everything in `job`'s shot stands under the camera `path` (frames width x height)."""
    shot = job.shot
    lean = OVERHEAD_LEAN if path.start.pitch <= -60.0 else 0.0
    card = Card.facing(path.start.yaw, lean)
    # 1. Everyone's mark on the set, and the props where the set puts them
    cast = _cast(job)
    marks = _marks(cast)
    props = {p.name: p for p in job.props}
    held = {pl.holding for _, pl in cast if pl.holding in props}
    scene_props = {name: _rest(prop, job.props) for name, prop in props.items() if name not in held}
    seats = _take_seats(cast, marks, job.props, scene_props)
    # 2. The principal subjects (all but an over-the-shoulder foreground) composed in the frame
    principals = [i for i, (_, pl) in enumerate(cast) if not pl.foreground]
    feet = _compose(shot.kind, cast, marks, principals, path, width, height)
    # 3. The set's turn and origin: the camera swings to the eyeline partner's side
    heading = _heading(shot.kind, cast, marks, principals)
    if principals:
        origin = np.mean([marks[i] for i in principals], axis=0)
        at = np.mean([feet[i] for i in principals], axis=0)
    else:
        focus = insert_focus(shot.covers, job.props)
        origin = (
            scene_props[focus.name] * np.array([1.0, 0.0, 1.0])
            if focus and focus.name in scene_props
            else np.zeros(3)
        )
        at = np.zeros(3)
    frame = SceneFrame(heading, origin, at)
    figures = [_figure(cast[i], feet[i], props) for i in range(len(cast))]
    rule = FRAMING_RULES[shot.camera.framing]
    if shot.kind != "establishing":
        figures = level_heads(figures, principals, rule, card, path.start, width, height)
    # 4. The framing rule: shift everything so the framed point is where the camera looks and
    #    what the framing keeps is inside the frame
    shift = framing_shift(job, path, card, figures, principals, scene_props, frame, width, height)
    figures = [replace(f, start=f.start + shift, end=f.end + shift) for f in figures]
    frame = replace(frame, at=frame.at + shift)
    # 5. Moving figures go between their marks; the foreground stands at the lens's edge
    figures = [
        _moving(f, cast[i][1], path, width, height) if f.moves and f.motion != "turn" else f
        for i, f in enumerate(figures)
    ]
    figures = [
        _foreground(f, float(np.sign(marks[i][0] - origin[0]) or 1.0), path, card, width, height)
        if f.foreground
        else f
        for i, f in enumerate(figures)
    ]
    placed = [
        PlacedProp(p, frame.to_world(scene_props[n]), scene_props[n])
        for n, p in props.items()
        if n in scene_props
    ]
    placed = [p for p in (_under_sitter(p, seats, figures) for p in placed) if p is not None]
    return Blocking(path, frame, card, lean, tuple(figures), tuple(placed))


def subject_sheets(job: ShotJob) -> list[CharacterSheet]:
    """The sheet of each subject, in order (a stable stand-in for one the bible lacks)."""
    return [sheet for sheet, _ in _cast(job)]


def _cast(job: ShotJob) -> list[tuple[CharacterSheet, Placement]]:
    """Each subject's sheet (or a stable stand-in) and placement (its side when the plan has none)."""
    by_name = {sheet.name: sheet for sheet in job.characters}
    placed = {p.character: p for p in job.shot.blocking}
    return [
        (by_name.get(name) or default_sheet(name), placed.get(name) or Placement(character=name, side=side))
        for name, side in screen_sides(job.shot)
    ]


def _marks(cast: list[tuple[CharacterSheet, Placement]]) -> list[np.ndarray]:
    """Scene marks by side; a second figure on one side stands further out and behind."""
    used: dict[str, int] = {}
    out = []
    for _, placement in cast:
        side = SIDE_SIGN[placement.side]
        n = used.get(placement.side, 0)
        used[placement.side] = n + 1
        outwards = side or (1.0 if n % 2 else -1.0)  # a second centre figure: left, then right
        out.append(np.array([side * CAST_X + outwards * n * REPEAT[0], 0.0, n * REPEAT[1]]))
    return out


def _rest(prop: Prop, props: tuple[Prop, ...]) -> np.ndarray:
    """Where a prop stands in the scene: on the floor, on a surface at hand, or on a wall's sill."""
    x, z = prop.x * SET_HALF_WIDTH, prop.depth
    kind = PROPS[prop.shape]
    if kind.rests == "wall":
        return np.array([x, 0.9, z])
    if kind.rests == "surface":
        for other in props:
            near = (
                abs(other.x * SET_HALF_WIDTH - x) < SURFACE_REACH[0]
                and abs(other.depth - z) < SURFACE_REACH[1]
            )
            if other.shape in SURFACES and near:
                top = PROPS[other.shape].seat or drawn_size(other.shape)[1]
                return np.array(
                    [other.x * SET_HALF_WIDTH + (x - other.x * SET_HALF_WIDTH) * 0.5, top, other.depth - 0.05]
                )
    return np.array([x, 0.0, z])


def _take_seats(cast, marks, props, scene_props) -> dict[int, str]:
    """A sitter takes the nearest seat prop within SEAT_REACH (a lier the nearest bed): their mark
    moves onto it. Returns figure index -> the prop's name."""
    seats: dict[int, str] = {}
    for i, (_, placement) in enumerate(cast):
        wanted = {"sit": [k for k, v in PROPS.items() if v.seat], "lie": ["bed"]}.get(placement.pose)
        if not wanted or placement.motion != "still":
            continue
        near = [
            (float(np.hypot(*(scene_props[p.name] - marks[i])[[0, 2]])), p.name)
            for p in props
            if p.shape in wanted and p.name in scene_props and p.name not in seats.values()
        ]
        near = [n for n in near if n[0] <= SEAT_REACH]
        if near:
            name = min(near)[1]
            seats[i] = name
            marks[i] = scene_props[name] * np.array([1.0, 0.0, 1.0]) - np.array([0.0, 0.0, 0.04])
    return seats


def _half_widths(path: CameraPath, width: int) -> tuple[float, float]:
    """The half-width (metres) the frame holds at the subjects' distance at the start, and the
    least along the path (a dolly or zoom in ends tighter)."""
    target = np.array(path.target)
    widths = []
    for f in np.linspace(0, path.frames - 1, 7):
        pose = path.pose(float(f))
        depth = float(pose.rotation()[2] @ (target - np.array(pose.position)))
        widths.append(max(depth, 0.05) * width / 2 / pose.focal_px(width))
    return widths[0], min(widths)


def _compose(kind, cast, marks, principals, path, width, height) -> list[np.ndarray]:
    """World feet of the principals around the look target: a lone one on its side's mark
    (`SIDE_MARKS`, the plan's word for where a still figure stands); a group at their set marks,
    brought together where the frame is tighter than that, until none stands beyond its side's
    mark and their heads stay in frame to the end of a move in. Others stand at their marks
    relative to the principals (the foreground is placed later)."""
    hw, least = _half_widths(path, width)
    feet = [np.zeros(3) for _ in cast]
    if not principals:
        return feet
    centre = np.mean([marks[i] for i in principals], axis=0)
    if len(principals) == 1:
        i = principals[0]
        feet[i] = np.array([(SIDE_MARKS[cast[i][1].side] - 0.5) * 2 * hw, 0.0, 0.0])
    else:
        rel = {i: marks[i] - centre for i in principals}
        head = max(card_shape(cast[i][0].identity).head[2] for i in principals)
        caps = [
            abs(SIDE_MARKS[cast[i][1].side] - 0.5) * 2 * hw / abs(rel[i][0])
            for i in principals
            if abs(rel[i][0]) > 1e-6 and cast[i][1].side != "center"
        ]
        spread = max(abs(r[0]) for r in rel.values())
        fits = ((1 - 2 * MARGIN) * least - head) / max(spread, 1e-6)
        squeeze = (
            1.0
            if kind == "establishing"
            else max(0.15, min([1.0, fits, *(caps or [GROUP_SPREAD * hw / max(spread, 1e-6)])]))
        )
        for i, r in rel.items():
            feet[i] = np.array([r[0] * squeeze, 0.0, r[2]])
    for i in range(len(cast)):
        if i not in principals:
            feet[i] = marks[i] - centre
    return feet


def _heading(kind, cast, marks, principals) -> float:
    """The camera's heading in the scene: towards the subject from its eyeline partner's side."""
    swing = HEADINGS.get(kind)
    if not swing or len(principals) != 1:
        return 0.0
    subject = principals[0]
    partner = cast[subject][1].eyeline
    others = [
        i for i, (sheet, _) in enumerate(cast) if i != subject and (partner is None or sheet.name == partner)
    ]
    if others:
        dx = marks[others[0]][0] - marks[subject][0]
    else:  # the partner is off screen: their side is where the subject faces
        dx = {"left": -1.0, "right": 1.0}.get(cast[subject][1].facing, 0.0)
    return -swing * float(np.sign(dx))


def _figure(member, foot: np.ndarray, props: dict[str, Prop]) -> Figure:
    sheet, placement = member
    moving = placement.motion in ("walk", "run", "enter", "exit")
    turns = MOVING_TURNS if moving else TURNS
    held = props[placement.holding].shape if placement.holding in props else None
    gait = ("run" if placement.motion == "run" else "walk") if moving else None
    posture = Posture(
        turn=turns[placement.facing],
        pose="stand" if moving else placement.pose,
        gait=gait,
        holding=held is not None and PROPS[held].held is not None,
    )
    turn_from = 180.0 if posture.turn >= 0 else -180.0
    return Figure(
        sheet.name, sheet, foot, foot.copy(), posture, placement.motion, turn_from, placement.foreground, held
    )


def _screen_x(pose: Pose, mark: float, depth_z: float, width: int, height: int) -> float:
    """The world x where a point on the line z = `depth_z` (at the frame's middle row) crosses the
    screen at `mark` (a share of the width)."""
    k = pose.intrinsics(width, height)
    ray = pose.rotation().T @ np.linalg.solve(k, np.array([mark * width, height / 2, 1.0]))
    eye = np.asarray(pose.position)
    if abs(ray[2]) < 1e-6:
        return float(eye[0] + ray[0])
    return float(eye[0] + ray[0] * (depth_z - eye[2]) / ray[2])


def _moving(figure: Figure, placement: Placement, path: CameraPath, width: int, height: int) -> Figure:
    """A walk, run, entrance or exit from its start mark to its end mark (screen shares at the
    first and last frame; no mark: its side's, `Placement.marks`)."""
    first, last = path.pose(0), path.pose(path.frames - 1)
    start, end = figure.start.copy(), figure.end.copy()
    start_x, end_x = placement.marks()
    start[0] = _screen_x(first, start_x, start[2], width, height)
    end[0] = _screen_x(last, end_x, end[2], width, height)
    return replace(figure, start=start, end=end)


def _foreground(figure: Figure, side: float, path: CameraPath, card: Card, width: int, height: int) -> Figure:
    """The over-the-shoulder foreground: at FG_DEPTH of the way to the subjects, at the frame
    edge on its `side` (-1 left, +1 right), its head high in the frame (its feet are far below
    it: where they stand is never seen)."""
    pose = path.start
    rot = pose.rotation()
    focal = pose.focal_px(width)
    depth = FG_DEPTH * path.subject_distance
    x0, y0, x1, y1 = card_shape(figure.sheet.identity, figure.posture, tag=False).head
    head = np.asarray(pose.position) + depth * (
        rot[2]
        + rot[0] * (FG_SCREEN_X - 0.5) * side * width / focal
        + rot[1] * (FG_HEAD_Y - 0.5) * height / focal
    )
    foot = head - card.point(np.zeros(3), (x0 + x1) / 2, (y0 + y1) / 2)
    return replace(figure, start=foot, end=foot.copy())


def _under_sitter(placed: PlacedProp, seats: dict[int, str], figures: list[Figure]) -> PlacedProp | None:
    """A seat or bed travels with its sitter when a tight shot cheats them together; under an
    over-the-shoulder foreground it is below the frame (None: not drawn)."""
    for i, name in seats.items():
        if name == placed.prop.name:
            if figures[i].foreground:
                return None
            return replace(placed, foot=figures[i].start + np.array([0.0, 0.0, 0.06]))
    return placed
