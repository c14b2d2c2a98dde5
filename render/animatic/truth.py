"""What the animatic drew in a frame, from the shot's blocking and the camera pose: the ground
truth the critic's figure detector learns and is measured on (storyreel/models/truth.py).

Each figure's head and body are boxes on its card, in metres (its puppet's own extents,
storyreel/media/puppet.py, for the posture it has in that frame); their corners go through the
same card placement, pose and intrinsics the rasterizer warps the card with, so the boxes are
where the pixels are, at any frame size. Nothing is painted: a frame's truth costs a camera
path and some arithmetic.
"""

from __future__ import annotations

import numpy as np

from storyreel.media.camera import Pose
from storyreel.media.figure import card_shape
from storyreel.media.puppet import drawn_facing
from storyreel.models.truth import Box, FigureTruth, FrameTruth
from storyreel.render.animatic.world import Blocking

NEAR_M = 0.05


def project_box(pose: Pose, corners: np.ndarray, width: int, height: int) -> Box | None:
    """The frame box (fractions of width and height) around world points, None when all lie behind
    the camera. Points behind it are pushed to just in front (the box then reaches off frame)."""
    cam = (corners - np.asarray(pose.position)) @ pose.rotation().T
    if cam[:, 2].max() <= NEAR_M:
        return None
    cam[:, 2] = np.maximum(cam[:, 2], NEAR_M)
    pix = cam @ pose.intrinsics(width, height).T
    pix = pix[:, :2] / pix[:, 2:3]
    (x0, y0), (x1, y1) = pix.min(axis=0), pix.max(axis=0)
    return (float(x0 / width), float(y0 / height), float(x1 / width), float(y1 / height))


def visible_share(box: Box) -> float:
    """The share of a box's area inside the frame [0, 1] x [0, 1]."""
    x0, y0, x1, y1 = box
    area = (x1 - x0) * (y1 - y0)
    if area <= 0:
        return 0.0
    inside = max(0.0, min(x1, 1.0) - max(x0, 0.0)) * max(0.0, min(y1, 1.0) - max(y0, 0.0))
    return float(min(1.0, inside / area))


def frame_truth(blocking: Blocking, index: int, angle: str, width: int, height: int) -> FrameTruth:
    """Every figure drawn in frame `index`, far to near (those wholly behind the camera left out)."""
    pose = blocking.path.pose(index)
    rot, eye = pose.rotation(), np.asarray(pose.position)
    drawn = []
    for figure in blocking.figures:
        foot, posture = figure.at(blocking.progress(index), blocking.seconds(index))
        posture = posture.snapped()
        shape = card_shape(figure.sheet.identity, posture, tag=not figure.foreground)
        head = project_box(pose, blocking.card.corners(foot, shape.head), width, height)
        body = project_box(pose, blocking.card.corners(foot, shape.body), width, height)
        if head is None or body is None:
            continue
        depth = float(rot[2] @ (blocking.card.point(foot, 0.0, shape.top / 2) - eye))
        truth = FigureTruth(
            character=figure.character,
            head=head,
            body=body,
            facing=drawn_facing(posture),
            foreground=figure.foreground,
            visible=visible_share(head),
        )
        drawn.append((depth, truth))
    figures = [truth for _, truth in sorted(drawn, key=lambda d: -d[0])]
    return FrameTruth(frame=index, angle=angle, figures=figures)
