"""The detector's geometry, shared by training (targets) and inference (decoding); numpy only.

A frame is letterboxed into the network's input (`Grid.width` x `Grid.height`, aspect kept, grey
bars), and the network answers on a grid of cells `stride` input pixels wide, CenterNet style:

    channel 0      head-centre heat (a logit): a peak on the cell holding a head's centre
    channel 1      log of the head's height, in cells
    channels 2-3   where in its cell the centre lies (0..1 across, 0..1 down)
    channels 4-7   facing logits: left, right, camera, away (as `models.plan.Facing`)

plus one global answer, the camera angle's logits over `ANGLE_CLASSES` (`models.camera.Angle`).
One peak per head, whatever its size: a close-up's head is one peak with a large height, an
extreme long shot's a peak a cell or two wide. Heads are read back as `Head` records in the
frame's own fractions (0..1, the top left 0,0), the same as `models.truth` boxes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import get_args

import cv2
import numpy as np

from storyreel.models.camera import ANGLES
from storyreel.models.plan import Facing
from storyreel.models.truth import Box, FrameTruth

FACINGS: tuple[str, ...] = get_args(Facing)
ANGLE_CLASSES: tuple[str, ...] = ANGLES
HEAT, SIZE, OFFSET, FACING = 0, 1, slice(2, 4), slice(4, 4 + len(FACINGS))
CHANNELS = 4 + len(FACINGS)
PAD = 114  # the letterbox bars' grey
MIN_VISIBLE = 0.3  # a head mostly outside the frame is not a target (nor penalised)
HEAD_ASPECT = 0.9  # a drawn head's box: width over height, for reading a box back


@dataclass(frozen=True)
class Head:
    """One head found in a frame."""

    box: Box  # fractions of the frame
    facing: str
    score: float  # the heat peak's probability
    facing_score: float  # the facing's probability

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> float:
        """Height as a share of the frame's height."""
        return self.box[3] - self.box[1]


@dataclass(frozen=True)
class Fit:
    """Where a frame lies inside the letterboxed input: scale and offsets in input pixels."""

    scale: float
    dx: float
    dy: float
    width: int  # the frame's own size
    height: int


@dataclass(frozen=True)
class Grid:
    width: int = 256
    height: int = 144
    stride: int = 4

    @property
    def cols(self) -> int:
        return self.width // self.stride

    @property
    def rows(self) -> int:
        return self.height // self.stride

    def fit(self, width: int, height: int) -> Fit:
        scale = min(self.width / width, self.height / height)
        return Fit(scale, (self.width - width * scale) / 2, (self.height - height * scale) / 2, width, height)

    def letterbox(self, frame: np.ndarray) -> tuple[np.ndarray, Fit]:
        """The frame (h, w, 3 uint8 RGB) as the network's input: (3, H, W) float32 in 0..1."""
        h, w = frame.shape[:2]
        fit = self.fit(w, h)
        nw, nh = max(1, round(w * fit.scale)), max(1, round(h * fit.scale))
        interpolation = cv2.INTER_AREA if fit.scale < 1 else cv2.INTER_LINEAR
        resized = cv2.resize(frame, (nw, nh), interpolation=interpolation)
        canvas = np.full((self.height, self.width, 3), PAD, np.uint8)
        x0, y0 = int(round(fit.dx)), int(round(fit.dy))
        canvas[y0 : y0 + nh, x0 : x0 + nw] = resized[: self.height - y0, : self.width - x0]
        return np.ascontiguousarray(canvas.transpose(2, 0, 1), np.float32) / 255.0, fit

    # -- training targets ---------------------------------------------------------------------

    def targets(self, truth: FrameTruth, fit: Fit) -> tuple[np.ndarray, np.ndarray, int]:
        """(CHANNELS, rows, cols) targets, a (rows, cols) mask of the cells that carry a head's
        size, offset and facing, and the angle's class index."""
        target = np.zeros((CHANNELS, self.rows, self.cols), np.float32)
        mask = np.zeros((self.rows, self.cols), np.float32)
        ys, xs = np.mgrid[0 : self.rows, 0 : self.cols].astype(np.float32) + 0.5
        # The largest head last, so a small one behind it does not overwrite its cells.
        for figure in sorted(truth.figures, key=lambda f: f.head[3] - f.head[1]):
            x0, y0, x1, y1 = figure.head
            cx = ((x0 + x1) / 2 * fit.width * fit.scale + fit.dx) / self.stride
            cy = ((y0 + y1) / 2 * fit.height * fit.scale + fit.dy) / self.stride
            cells = (y1 - y0) * fit.height * fit.scale / self.stride
            if figure.visible < MIN_VISIBLE or not (0 <= cx < self.cols and 0 <= cy < self.rows):
                continue
            sigma = max(0.7, 0.12 * cells)
            peak = np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * sigma**2))
            target[HEAT] = np.maximum(target[HEAT], peak)
            col, row = int(cx), int(cy)
            target[HEAT, row, col] = 1.0
            target[SIZE, row, col] = math.log(max(cells, 0.05))
            target[OFFSET, row, col] = (cx - col, cy - row)
            target[FACING.start + FACINGS.index(figure.facing), row, col] = 1.0
            mask[row, col] = 1.0
        return target, mask, ANGLE_CLASSES.index(truth.angle)

    # -- reading the network's answer ---------------------------------------------------------

    def decode(self, grid: np.ndarray, fit: Fit, threshold: float = 0.35, limit: int = 8) -> list[Head]:
        """Heads from one frame's (CHANNELS, rows, cols) answer, strongest first."""
        heat = 1.0 / (1.0 + np.exp(-grid[HEAT]))
        peaks = (heat >= threshold) & (heat >= cv2.dilate(heat, np.ones((3, 3), np.uint8)))
        heads = []
        for row, col in np.argwhere(peaks).tolist():
            cells = math.exp(float(grid[SIZE, row, col]))
            ox, oy = (float(v) for v in grid[OFFSET, row, col])
            cx = ((col + ox) * self.stride - fit.dx) / (fit.width * fit.scale)
            cy = ((row + oy) * self.stride - fit.dy) / (fit.height * fit.scale)
            h = cells * self.stride / (fit.height * fit.scale)
            w = h * HEAD_ASPECT * fit.height / fit.width
            p = softmax(grid[FACING, row, col])
            best = int(np.argmax(p))
            heads.append(
                Head(
                    box=(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2),
                    facing=FACINGS[best],
                    score=float(heat[row, col]),
                    facing_score=float(p[best]),
                )
            )
        heads.sort(key=lambda head: -head.score)
        return _apart(heads)[:limit]


def _apart(heads: list[Head]) -> list[Head]:
    """Drop a weaker peak near the centre of a stronger, larger head (one head read twice);
    overlapping heads of a close two-shot are further apart than this."""
    kept: list[Head] = []
    for head in heads:
        cx, cy = head.centre
        if not any(
            k.height >= head.height and math.hypot(cx - k.centre[0], cy - k.centre[1]) < 0.25 * k.height
            for k in kept
        ):
            kept.append(head)
    return kept


def softmax(logits: np.ndarray) -> np.ndarray:
    p = np.exp(logits - logits.max())
    return p / p.sum()
