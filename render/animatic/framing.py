"""The framing rules that hold in every shot, whatever the angle, the pose or the lean.

The principal subjects (all but an over-the-shoulder foreground) have a framed point, which
is brought to where the camera looks (`framing_shift` moves the shot's whole world, set
included, so nothing moves relative to anything else), and what the framing keeps is then
moved into the frame at the first pose and, for a move in, the last:

| framing          | framed point                          | kept in frame                 |
|------------------|---------------------------------------|-------------------------------|
| extreme_close_up | the eyes' height, from the head       | the eyes                      |
| close_up         | the chin, from the head               | every principal head, whole   |
| medium           | the chest, from the head              | every principal head, whole   |
| full             | the middle of the figure as posed     | every principal figure, whole |
| long             | the middle of the figure as posed     | every principal head          |
| extreme_long     | the middle of the figure as posed     | nothing (the place)           |
| establishing     | the set's centre, nothing shifted     | no one nearer than the line   |
| insert           | the prop the shot covers, if any      | that prop                     |

A tight shot of a tall and a short character raises the short one (`level_heads`, the apple box
of a real set) until both heads fit. A keep that cannot fit (a move in that ends tighter than
two heads) is centred: the compromise is the middle, never one head dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from storyreel.media.camera import FRAMING_TARGET, CameraPath, Pose
from storyreel.media.figure import card_shape
from storyreel.media.puppet import STANDING
from storyreel.models.plan import Prop
from storyreel.render.animatic.props import drawn_size
from storyreel.render.animatic.world import Card, Figure

MARGIN = 0.04  # frame share kept clear around what a framing keeps


@dataclass(frozen=True)
class FramingRule:
    """anchor "head": the framed point keeps a standing figure's offset from the head; "figure":
    it is a share of the figure as posed. keep: what must stay in frame."""

    anchor: str
    keep: str


FRAMING_RULES = {
    "extreme_close_up": FramingRule("head", "eyes"),
    "close_up": FramingRule("head", "head"),
    "medium": FramingRule("head", "head"),
    "full": FramingRule("figure", "body"),
    "long": FramingRule("figure", "head"),
    "extreme_long": FramingRule("figure", "nothing"),
}


def insert_focus(covers: list[str], props: tuple[Prop, ...]) -> Prop | None:
    """The prop an insert (a shot of no one) shows: the first one its elements introduced."""
    return next((p for p in props if p.element and p.element in covers), None)


def _framed_point(
    figure: Figure, rule: FramingRule, card: Card, reference: tuple[float, float]
) -> np.ndarray:
    """The point of the figure as drawn that the framing looks at (see the table); `reference` is
    (the height the camera looks at, the tallest subject's height)."""
    shape = card_shape(figure.sheet.identity, figure.posture)
    x0, y0, x1, y1 = shape.head
    if rule.anchor == "head":  # the reference is a standing figure of the tallest subject's height
        standing = card_shape(figure.sheet.identity, STANDING).head
        head_ratio = (standing[1] + standing[3]) / 2 / figure.sheet.identity.height_m
        return card.point(
            figure.start, (x0 + x1) / 2, (y0 + y1) / 2 + reference[0] - head_ratio * reference[1]
        )
    bx0, by0, bx1, by1 = shape.body
    return card.point(figure.start, (bx0 + bx1) / 2, by0 + (by1 - by0) * reference[0] / reference[1])


def _keep_box(figure: Figure, keep: str, card: Card) -> np.ndarray:
    shape = card_shape(figure.sheet.identity, figure.posture)
    if keep == "eyes":
        x0, y0, x1, y1 = shape.head
        ex, ey = shape.puppet.eyes
        return card.corners(figure.start, (ex - 0.02, ey - 0.02, ex + 0.02, ey + 0.02))
    return card.corners(figure.start, shape.head if keep == "head" else shape.body)


def framing_shift(job, path, card, figures, principals, scene_props, frame, width, height) -> np.ndarray:
    """The world shift that applies the framing rule (see the module's table)."""
    shot = job.shot
    target = np.array(path.target)
    if shot.kind == "establishing" or not principals:
        focus = insert_focus(shot.covers, job.props)
        if shot.kind == "establishing" or focus is None or focus.name not in scene_props:
            return np.zeros(3)
        w, h = drawn_size(focus.shape)
        middle = frame.to_world(scene_props[focus.name]) + np.array([0.0, h / 2, 0.0])
        return target - middle
    rule = FRAMING_RULES[shot.camera.framing]
    tallest = max(figures[i].sheet.identity.height_m for i in principals)
    reference = (
        FRAMING_TARGET[shot.camera.framing] * tallest if rule.anchor == "head" else target[1],
        tallest,
    )
    points = [_framed_point(figures[i], rule, card, reference) for i in principals]
    feet = np.mean([figures[i].start for i in principals], axis=0)
    wanted = np.array([feet[0], target[1], feet[2]])
    shift = wanted - np.mean(points, axis=0)
    if rule.keep == "nothing":
        return shift
    boxes = np.concatenate([_keep_box(figures[i], rule.keep, card) + shift for i in principals])
    return shift + _into_frame(kept_poses(path), boxes, width, height)


def kept_poses(path: CameraPath) -> list[Pose]:
    """The poses a framing is kept at: the first, and the last of a move in (it ends tighter)."""
    closing = path.deltas.get("focal_length", 0.0) > 0 or path.deltas.get("z", 0.0) > 0
    return [path.start, path.pose(path.frames - 1)] if closing else [path.start]


def _into_frame(poses: list[Pose], points: np.ndarray, width: int, height: int) -> np.ndarray:
    """The world shift across the first pose's image plane that brings the points inside the
    frame's margins at every pose, or the compromise between them where they cannot all hold
    (the points' box is too big: it is centred)."""
    first = poses[0].rotation()
    shift = np.zeros(3)
    for axis, size in ((0, width), (1, height)):
        lows, highs = [], []
        for pose in poses:
            rot = pose.rotation()
            depth = max(float(((points - np.asarray(pose.position)) @ rot[2]).mean()), 0.05)
            per_m = (
                pose.focal_px(width) / depth / size * float(first[axis] @ rot[axis])
            )  # frame share a metre
            pix = pose.project(points, width, height)[:, axis] / size
            lo, hi = float(pix.min()), float(pix.max())
            if hi - lo > 1 - 2 * MARGIN:
                lows.append((0.5 - (lo + hi) / 2) / per_m)
                highs.append(lows[-1])
            else:
                lows.append((MARGIN - lo) / per_m)
                highs.append((1 - MARGIN - hi) / per_m)
        low, high = max(lows), min(highs)
        move = (low + high) / 2 if low > high else min(max(0.0, low), high)
        shift += first[axis] * move
    return shift


def level_heads(figures, principals, rule, card, pose, width, height) -> list:
    """A tight shot of a tall and a short character puts the short one on an apple box: raised
    along their card until both heads fit in the frame's height (their feet are never seen)."""
    if len(principals) < 2 or rule.anchor != "head":
        return figures
    heads = {
        i: pose.project(_keep_box(figures[i], "head", card), width, height)[:, 1] / height for i in principals
    }
    top = min(float(v.min()) for v in heads.values())
    figures = list(figures)
    for i, v in heads.items():
        excess = float(v.max()) - (top + 1 - 2 * MARGIN)
        if excess <= 0:
            continue
        probe = pose.project(np.stack([figures[i].start, figures[i].start + card.up * 0.1]), width, height)[
            :, 1
        ]
        per_m = abs(float(probe[0] - probe[1])) / height / 0.1
        lift = card.up * (excess / max(per_m, 1e-6))
        figures[i] = replace(figures[i], start=figures[i].start + lift, end=figures[i].end + lift)
    return figures
