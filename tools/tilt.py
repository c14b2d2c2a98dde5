"""The camera's tilt and roll read from the picture: where the set's vertical edges meet.

    tilt = read_tilt(frame, focal_px)   # Tilt | None: pitch and roll in degrees, and the support
    angle = angle_of(tilt)              # low, eye level, high, overhead or dutch (ANGLE_BANDS)

Lines that stand upright in the world (the corners of walls, door frames, the uprights of shelves,
the sides of a standing figure) stay parallel in the picture of a level camera; tilted up, they
meet at a vanishing point above the frame, tilted down below it, straight down at its centre;
rolled, they lean together. Each straight segment near the picture's vertical (OpenCV's line
segment detector, LSD) spans a plane through the camera's centre, and the world's up direction
lies in all of those planes: RANSAC over pairs of segments finds the direction the most segment
length agrees with, a least-squares fit over the agreeing segments refines it, and the pitch and
roll are that direction's, given the focal length in pixels (the critic takes the plan's lens,
`storyreel.media.camera.focal_px`).

Why not the figure detector's angle alone: it reads the whole frame through a small network
trained on drawn rooms, and a set unlike those (the garage's car under its sheet, a close-up
against a bare wall) can make an eye-level frame read as high or overhead, sure of it. Geometry
has no such prior, and where the set shows enough of its verticals it measures the tilt to a
degree. Where it does not (an extreme close-up of a face, a set of no straight edges), the
reading is None and the detector's stands.

A reading is refused (None) when fewer than MIN_SEGMENTS segments, or less than MIN_SUPPORT frame
heights of their length, agree on one direction, or when, short of looking straight down, it
leans the camera's up more than MAX_TILT degrees, or rolls it more than level and less than a
dutch angle (ROLL_LEVEL to DUTCH_MIN degrees): a vanishing point found among the few edges of a
face or a prop gives those far more often than a camera does (the animatic's steepest, a high
angle, tilts 35 degrees; its dutch rolls 20).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

MAX_LEAN = 35.0  # degrees off the picture's vertical a segment may lean and still be a candidate
MIN_LENGTH = 0.04  # a segment's least length, as a share of the frame height
AGREE = 1.5  # degrees: a segment agrees with an up direction this close to its plane
TRIES = 300  # RANSAC pairs
MIN_SEGMENTS = 6
MIN_SUPPORT = 2.0  # frame heights of agreeing segment length
MAX_TILT = 40.0  # degrees the up direction may lean from the picture's vertical, short of overhead
ROLL_LEVEL = 4.0  # degrees: a roll this small is a level camera's
DUTCH_MIN = 10.0  # degrees: a roll this large is a dutch angle

# The camera's pitch (degrees, + up) for each angle, read at the shot's first frame: (low, high).
# From the animatic's camera (storyreel/media/camera.py): eye level looks from the eye line at the
# framing's target (0 to -12 degrees, a full shot the most), high from 35 degrees above it, low
# from 22 below it looking up past the subject, overhead straight down. Each edge is about midway.
# Checked first to last: a pitch on an edge takes the first band's name.
ANGLE_BANDS: dict[str, tuple[float, float]] = {
    "overhead": (-90.0, -60.0),
    "high": (-60.0, -23.0),
    "eye_level": (-23.0, 10.0),
    "low": (10.0, 90.0),
}


@dataclass(frozen=True)
class Tilt:
    """The camera's tilt read from one frame."""

    pitch: float  # degrees, + looking up
    roll: float  # degrees, + where the verticals lean right at the top
    segments: int  # how many segments agree
    support: float  # their length, in frame heights
    share: float  # their share of the length of all near-vertical segments


def segments(frame: np.ndarray) -> np.ndarray:
    """The straight segments (x0, y0, x1, y1, in pixels) at least MIN_LENGTH of the frame high."""
    grey = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
    found = cv2.createLineSegmentDetector().detect(grey)[0]
    if found is None:
        return np.zeros((0, 4), np.float32)
    lines = found.reshape(-1, 4)
    length = np.hypot(lines[:, 2] - lines[:, 0], lines[:, 3] - lines[:, 1])
    return lines[length >= MIN_LENGTH * grey.shape[0]]


def read_tilt(frame: np.ndarray, focal: float, seed: int = 0) -> Tilt | None:
    """The camera's pitch and roll from the verticals of `frame` (RGB, h x w x 3) seen through a
    lens of `focal` pixels; None where too few of them agree (see the module docstring)."""
    height, width = frame.shape[:2]
    lines = segments(frame)
    lean = np.degrees(np.arctan2(np.abs(lines[:, 2] - lines[:, 0]), np.abs(lines[:, 3] - lines[:, 1])))
    lines = lines[lean <= MAX_LEAN]
    if len(lines) < MIN_SEGMENTS:
        return None
    # Each segment's plane through the camera centre (x right, y up, z forward, in pixels)
    ends = [
        np.stack([lines[:, k] - width / 2, height / 2 - lines[:, k + 1], np.full(len(lines), focal)], axis=1)
        for k in (0, 2)
    ]
    normals = np.cross(ends[0], ends[1])
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    length = np.linalg.norm(ends[1] - ends[0], axis=1)
    # RANSAC: the up direction two segments give, scored by the length that agrees with it
    rng = np.random.default_rng(seed)
    best_length, best = 0.0, None
    for _ in range(TRIES):
        i, j = rng.choice(len(lines), 2, replace=False)
        up = np.cross(normals[i], normals[j])
        if np.linalg.norm(up) < 1e-9:
            continue
        agree = _agreeing(normals, up / np.linalg.norm(up))
        if length[agree].sum() > best_length:
            best_length, best = float(length[agree].sum()), agree
    if best is None or best.sum() < MIN_SEGMENTS or best_length / height < MIN_SUPPORT:
        return None
    # Least squares over the agreeing segments: the direction most nearly in all their planes
    up = np.linalg.svd(normals[best] * length[best, None])[2][-1]
    up = up if up[1] >= 0 else -up
    pitch = math.degrees(math.atan2(up[2], math.hypot(up[0], up[1])))
    roll = math.degrees(math.atan2(up[0], up[1]))
    lean = math.degrees(math.acos(min(1.0, float(up[1]))))
    overhead = pitch <= ANGLE_BANDS["overhead"][1]  # looking down, a roll is a turn about the lens
    if not overhead and (lean > MAX_TILT or ROLL_LEVEL < abs(roll) < DUTCH_MIN):
        return None
    return Tilt(pitch, roll, int(best.sum()), best_length / height, best_length / float(length.sum()))


def _agreeing(normals: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Which segments' planes pass within AGREE degrees of the direction `up`."""
    return np.degrees(np.arcsin(np.clip(np.abs(normals @ up), 0.0, 1.0))) < AGREE


def angle_of(tilt: Tilt) -> str:
    """The angle a tilt reads as: overhead, else dutch when rolled past DUTCH_MIN, else the band of
    ANGLE_BANDS its pitch is in."""
    if tilt.pitch <= ANGLE_BANDS["overhead"][1]:
        return "overhead"
    if abs(tilt.roll) >= DUTCH_MIN:
        return "dutch"
    return next(name for name, (low, high) in ANGLE_BANDS.items() if low <= tilt.pitch <= high)
