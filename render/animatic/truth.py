"""What the animatic drew in a frame, from its stage and the camera pose: the ground truth the
critic's figure detector learns and is measured on (storyreel/models/truth.py).

Each figure's head and body are boxes on its card, in metres (the figure card's own geometry,
storyreel/media/figure.py); their corners go through the same pose and intrinsics the
rasterizer warps the card with, so the boxes are where the pixels are, at any frame size.
"""

from __future__ import annotations

import numpy as np

from storyreel.media.camera import Pose
from storyreel.models.truth import Box, FigureTruth, FrameTruth
from storyreel.render.animatic.stage import FigureMark, Stage

NEAR_M = 0.05


def project_box(pose: Pose, corners: np.ndarray, width: int, height: int) -> Box | None:
    """The frame box (fractions of width and height) around world points, None when all lie behind
    the camera. Points behind it are pushed to just in front (the box then reaches off frame)."""
    cam = (corners - np.asarray(pose.position)) @ pose.rotation().T
    if cam[:, 2].max() <= NEAR_M:
        return None
    cam[:, 2] = np.maximum(cam[:, 2], NEAR_M)
    k = pose.intrinsics(width, height)
    pix = cam @ k.T
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


def figure_truth(mark: FigureMark, pose: Pose, width: int, height: int) -> FigureTruth | None:
    head = project_box(pose, mark.corners(mark.head), width, height)
    body = project_box(pose, mark.corners(mark.body), width, height)
    if head is None or body is None:
        return None
    return FigureTruth(
        character=mark.character,
        head=head,
        body=body,
        facing=mark.facing,
        foreground=mark.foreground,
        visible=visible_share(head),
    )


def frame_truth(stage: Stage, pose: Pose, frame: int, angle: str, width: int, height: int) -> FrameTruth:
    """Every figure drawn in the frame, far to near (those wholly behind the camera left out)."""
    eye = np.asarray(pose.position)
    marks = sorted(stage.figures, key=lambda m: -float(np.linalg.norm(m.foot - eye)))
    figures = [t for t in (figure_truth(m, pose, width, height) for m in marks) if t is not None]
    return FrameTruth(frame=frame, angle=angle, figures=figures)
