"""The geometric camera probe: what the camera did, read from the pixels of any video.

Global motion frame to frame: good features on downscaled grey frames, tracked with pyramidal
Lucas-Kanade (forward-backward checked), and a robust homography (RANSAC) per frame pair, read
at the frame centre: where the centre goes (translation), the local scale and rotation there. A
turning camera keystones the edges of the frame but only translates its centre, so a pan leaks
no zoom. Summed over the clip these name the movements with the project's ids
(storyreel.models.camera):

    content slides right (dx > 0)    pan_left     (truck_left with parallax)
    content slides down  (dy > 0)    tilt_up      (pedestal_up with parallax)
    content grows        (scale > 1) zoom_in      (dolly_in with parallax)

Parallax separates a lens (zoom) or a turning camera (pan, tilt) from a moving one (dolly,
truck, pedestal): features are tracked over segments of several frames and one homography is
fitted start -> end. A homography is exact for any scene under a zoom or a turn, so the 80th
percentile of the points' residuals about it, relative to how far the points moved, is the
parallax: ~0 for zoom and pan, well above for dolly and truck (near points move more than far
ones). Under a truck or pedestal all points still move one way; under a dolly they spread out
from one point, so the share of the motion across its mean direction (`radial`) keeps a truck
from being reported as truck + dolly.

    result = probe_video("shot.mp4")
    result.movements        # ["dolly_in"]
    result.to_dict()        # {"movements": [...], "rates": {...}, "confidence": {...}, ...}

Rates follow the camera's sign convention (positive = right, up, tighter): `pan` and `tilt` in
fractions of the frame per second, `zoom` in log-scale per second, `roll` in degrees per second
(positive = the content turns counter-clockwise on screen, i.e. the camera rolls clockwise).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from storyreel.errors import InputError
from storyreel.media.video import read_frames, video_header

# Analysis width: frames wider than this are downscaled (never upscaled).
ANALYSIS_WIDTH = 320
# Parallax segments: tracks are chained until the points have moved SEGMENT_PX (median, in
# analysis pixels) over at least SEGMENT_MIN frames, or for SEGMENT_MAX frames, before one fit
# start -> end: slow moves get long segments, so their parallax stands above tracking noise.
SEGMENT_MIN, SEGMENT_MAX, SEGMENT_PX = 4, 36, 4.0

# Accumulated motion over the clip needed to call a movement (robust to H.264 noise).
PAN_THRESHOLD = 0.03  # fraction of frame width (pan/truck) or height (tilt/pedestal)
ZOOM_THRESHOLD = 0.03  # |log scale|
# Parallax (residual / displacement) above which the camera is said to translate.
PARALLAX_THRESHOLD = 0.07
# Fraction of the displacement across its mean direction below which a moving camera with
# a translation called is not also dollying.
RADIAL_THRESHOLD = 0.3
# How consistent a direction must be (|sum| / sum |.|) to be a movement rather than shake.
CONSISTENCY = 0.5


@dataclass
class ProbeResult:
    """What the camera did over a clip."""

    movements: list[str]
    confidence: dict[str, float]
    rates: dict[str, float]  # pan, tilt (frame fractions / s), zoom (log scale / s), roll (deg / s)
    totals: dict[str, float]  # the same accumulated over the clip (pan, tilt, zoom, roll)
    parallax: float  # 80th-percentile residual of the segment homographies / displacement; 0 = none
    radial: float  # share of the motion across its mean direction: ~0 pan/truck, ~0.5+ zoom/dolly
    frames: int  # frames analysed
    fps: float
    pairs_fitted: int = 0  # frame pairs with enough tracked features for a fit
    per_frame: list[dict[str, float]] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "movements": list(self.movements),
            "confidence": {k: round(v, 3) for k, v in self.confidence.items()},
            "rates": {k: round(v, 5) for k, v in self.rates.items()},
            "totals": {k: round(v, 5) for k, v in self.totals.items()},
            "parallax": round(self.parallax, 4),
            "radial": round(self.radial, 4),
            "frames": self.frames,
            "fps": self.fps,
            "pairs_fitted": self.pairs_fitted,
        }


# -- public entry points ---------------------------------------------------------------------


def probe_video(path: str | Path) -> ProbeResult:
    """Probe a video file, streaming its frames (never held whole)."""
    path = Path(path)
    _, _, fps = video_header(path)  # InputError (one line) for a missing or unreadable file
    result = probe_frames(read_frames(path), fps or 24.0)
    if result.frames < 2:
        raise InputError(f"{path}: {result.frames} frame(s); the probe needs at least 2")
    return result


def probe_frames(frames: Iterable[np.ndarray], fps: float) -> ProbeResult:
    """Probe RGB (or grey) frames given one at a time."""
    if not fps > 0:
        raise InputError(f"fps {fps}: must be more than 0")
    tracker = _Tracker()
    for frame in frames:
        tracker.add(frame)
    tracker.finish()
    return _classify(tracker, fps)


# -- tracking --------------------------------------------------------------------------------


def _grey(frame: np.ndarray) -> np.ndarray:
    frame = np.asarray(frame)
    if frame.ndim == 3:
        frame = cv2.cvtColor(np.ascontiguousarray(frame[..., :3]), cv2.COLOR_RGB2GRAY)
    if frame.dtype != np.uint8:
        frame = np.clip(frame, 0, 255).astype(np.uint8)
    height, width = frame.shape
    if width > ANALYSIS_WIDTH:
        size = (ANALYSIS_WIDTH, max(2, round(height * ANALYSIS_WIDTH / width)))
        frame = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
    return frame


_LK = {
    "winSize": (21, 21),
    "maxLevel": 3,
    "criteria": (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 30, 0.01),
}


def _detect(grey: np.ndarray) -> np.ndarray:
    h, w = grey.shape
    points = cv2.goodFeaturesToTrack(
        grey, maxCorners=400, qualityLevel=0.005, minDistance=max(3, w // 64), blockSize=7
    )
    if points is None:
        return np.zeros((0, 2), np.float32)
    return points.reshape(-1, 2).astype(np.float32)


def _similarity(src: np.ndarray, dst: np.ndarray, threshold: float) -> np.ndarray | None:
    if len(src) < 6:
        return None
    matrix, _ = cv2.estimateAffinePartial2D(
        src, dst, method=cv2.RANSAC, ransacReprojThreshold=threshold, maxIters=2000, confidence=0.995
    )
    return matrix


def _homography(src: np.ndarray, dst: np.ndarray, threshold: float) -> np.ndarray | None:
    """A robust homography (3x3): exact for a turning camera or a zoom over any scene, and for
    any camera motion over a plane; a similarity (as 3x3) when too few points for one."""
    if len(src) >= 16:
        matrix, _ = cv2.findHomography(src, dst, cv2.RANSAC, threshold, maxIters=2000, confidence=0.995)
        if matrix is not None and abs(matrix[2, 2]) > 1e-9:
            return matrix / matrix[2, 2]
    similarity = _similarity(src, dst, threshold)
    return None if similarity is None else np.vstack([similarity, [0.0, 0.0, 1.0]])


def _apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    return cv2.perspectiveTransform(points.reshape(-1, 1, 2).astype(np.float64), matrix).reshape(-1, 2)


class _Tracker:
    """Chained LK tracks; a homography per frame pair and one per segment (for parallax)."""

    def __init__(self) -> None:
        self.frames = 0
        self.size: tuple[int, int] | None = None
        self.prev: np.ndarray | None = None
        self.start = np.zeros((0, 2), np.float32)  # positions at the segment's first frame
        self.points = np.zeros((0, 2), np.float32)  # the same points now
        self.seg_len = 0
        self.pairs: list[dict[str, float]] = []
        self.segments: list[tuple[float, float]] = []  # (excess residual, displacement) in px
        self.spread: list[tuple[float, float]] = []  # (displacement across the mean direction, all)

    def add(self, frame: np.ndarray) -> None:
        grey = _grey(frame)
        if self.size is None:
            self.size = (grey.shape[1], grey.shape[0])
        elif (grey.shape[1], grey.shape[0]) != self.size:
            raise InputError(f"frame {self.frames}: size changed from {self.size} to {grey.shape[::-1]}")
        self.frames += 1
        if self.prev is None:
            self.prev = grey
            self._restart(grey)
            return
        pair = {"dx": 0.0, "dy": 0.0, "log_scale": 0.0, "rotation": 0.0, "fitted": 0.0}
        if len(self.points) >= 6:
            new, keep = self._track(self.prev, grey, self.points)
            old = self.points[keep]
            self.start, self.points = self.start[keep], new[keep]
            matrix = _homography(old, self.points, 0.75)
            if matrix is not None:
                pair.update(self._decompose(matrix))
                pair["fitted"] = 1.0
        self.pairs.append(pair)
        self.seg_len += 1
        self.prev = grey
        moved = (
            float(np.median(np.linalg.norm(self.points - self.start, axis=1))) if len(self.points) else 0.0
        )
        if (
            (self.seg_len >= SEGMENT_MIN and moved >= SEGMENT_PX)
            or self.seg_len >= SEGMENT_MAX
            or len(self.points) < 40
        ):
            self._close_segment()
            self._restart(grey)

    def finish(self) -> None:
        if self.seg_len >= 2:
            self._close_segment()

    def _restart(self, grey: np.ndarray) -> None:
        self.points = _detect(grey)
        self.start = self.points.copy()
        self.seg_len = 0

    @staticmethod
    def _track(a: np.ndarray, b: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        p0 = points.reshape(-1, 1, 2)
        p1, st1, _ = cv2.calcOpticalFlowPyrLK(a, b, p0, None, **_LK)
        back, st2, _ = cv2.calcOpticalFlowPyrLK(b, a, p1, None, **_LK)
        error = np.linalg.norm((back - p0).reshape(-1, 2), axis=1)
        h, w = a.shape
        p1 = p1.reshape(-1, 2)
        inside = (p1[:, 0] >= 0) & (p1[:, 0] < w) & (p1[:, 1] >= 0) & (p1[:, 1] < h)
        keep = (st1.ravel() == 1) & (st2.ravel() == 1) & (error < 0.5) & inside
        return p1, keep

    def _decompose(self, matrix: np.ndarray) -> dict[str, float]:
        assert self.size is not None
        w, h = self.size
        # Where the frame centre goes, and the local (first-order) warp there: a turning camera
        # keystones the far edges, but at the centre it only translates, so no zoom leaks in.
        centre = np.array([(w - 1) / 2, (h - 1) / 2])
        step = 0.05 * w
        around = np.array([centre, centre + [step, 0], centre + [0, step]])
        moved = _apply(matrix, around)
        jacobian = np.stack([moved[1] - moved[0], moved[2] - moved[0]], axis=1) / step
        det = float(np.linalg.det(jacobian))
        rotation = math.atan2(jacobian[1, 0] - jacobian[0, 1], jacobian[0, 0] + jacobian[1, 1])
        return {
            "dx": float((moved[0, 0] - centre[0]) / w),
            "dy": float((moved[0, 1] - centre[1]) / h),
            "log_scale": 0.5 * math.log(max(1e-6, abs(det))),
            "rotation": math.degrees(rotation),
        }

    def _close_segment(self) -> None:
        if self.seg_len >= 2 and len(self.points) >= 12:
            displacement = np.linalg.norm(self.points - self.start, axis=1)
            matrix = _homography(self.start, self.points, 1.0)
            if matrix is not None:
                fitted = _apply(matrix, self.start)
                residual = np.linalg.norm(self.points - fitted, axis=1)
                # The upper quartile catches a near layer that holds a fifth of the points or more;
                # half a pixel of it is tracking noise whatever the motion.
                excess = max(0.0, float(np.quantile(residual, 0.8)) - 0.5)
                self.segments.append((excess, float(np.quantile(displacement, 0.8))))
            # A truck moves every point along one direction (by different amounts); a dolly
            # moves them away from (towards) one point, in every direction.
            moves = self.points - self.start
            mean = moves.mean(axis=0)
            direction = mean / (np.linalg.norm(mean) + 1e-9)
            across = np.abs(moves[:, 0] * direction[1] - moves[:, 1] * direction[0])
            self.spread.append((float(across.sum()), float(displacement.sum())))
        self.seg_len = 0


# -- classification --------------------------------------------------------------------------


def _strength(value: float, threshold: float) -> float:
    """0.5 at the threshold, 1.0 at twice it (and beyond)."""
    return float(np.clip(0.5 + 0.5 * (abs(value) - threshold) / threshold, 0.0, 1.0))


def _classify(tracker: _Tracker, fps: float) -> ProbeResult:
    pairs = tracker.pairs
    duration = max(1, len(pairs)) / fps

    def total(key: str) -> tuple[float, float]:
        values = np.array([p[key] for p in pairs]) if pairs else np.zeros(1)
        s, a = float(values.sum()), float(np.abs(values).sum())
        return s, (abs(s) / a if a > 0 else 0.0)

    (dx, dx_c), (dy, dy_c) = total("dx"), total("dy")
    (zoom, zoom_c), (roll, _) = total("log_scale"), total("rotation")
    moved = sum(d for _, d in tracker.segments)
    parallax = sum(e for e, _ in tracker.segments) / moved if moved > 1.0 else 0.0
    translating = parallax > PARALLAX_THRESHOLD
    # How sure the depth call is: 0.5 at the threshold, 1.0 at twice it (moving camera) or at
    # no parallax at all (zoom, turn).
    flat = float(np.clip(1.0 - parallax / PARALLAX_THRESHOLD, 0.0, 1.0))
    parallax_conf = _strength(parallax, PARALLAX_THRESHOLD) if translating else 0.5 + 0.5 * flat

    movements: list[str] = []
    confidence: dict[str, float] = {}

    def call(value: float, consistency: float, threshold: float, ids: tuple[str, str, str, str]) -> None:
        if abs(value) < threshold or consistency < CONSISTENCY:
            return
        flat_id, deep_id = (ids[0], ids[1]) if value > 0 else (ids[2], ids[3])
        name = deep_id if translating else flat_id
        movements.append(name)
        confidence[name] = round(_strength(value, threshold) * min(1.0, consistency + 0.3) * parallax_conf, 3)

    call(dx, dx_c, PAN_THRESHOLD, ("pan_left", "truck_left", "pan_right", "truck_right"))
    call(dy, dy_c, PAN_THRESHOLD, ("tilt_up", "pedestal_up", "tilt_down", "pedestal_down"))
    # A long pan or tilt leaks a little scale through the per-pair fits: a zoom beside one must
    # stand above a tenth of it. Under a truck or pedestal the fits hop between depth layers,
    # which leaks more: with parallax and a translation already called, a dolly needs twice the
    # evidence, and none at all when every point moves one way (low `radial`).
    zoom_threshold = max(ZOOM_THRESHOLD, 0.1 * max(abs(dx), abs(dy)))
    zoom_threshold *= 2 if translating and movements else 1
    all_moved = sum(t for _, t in tracker.spread)
    radial = sum(a for a, _ in tracker.spread) / all_moved if all_moved > 1.0 else 0.0
    if translating and movements and radial < RADIAL_THRESHOLD:
        zoom_threshold = math.inf  # points all move one way: a truck or pedestal, no dolly
    call(zoom, zoom_c, zoom_threshold, ("zoom_in", "dolly_in", "zoom_out", "dolly_out"))
    order = {m: i for i, m in enumerate(("zoom", "dolly", "pan", "tilt", "truck", "pedestal"))}
    movements.sort(key=lambda m: order[m.split("_")[0]])
    if not movements:
        movements = ["static"]
        largest = max(abs(dx) / PAN_THRESHOLD, abs(dy) / PAN_THRESHOLD, abs(zoom) / ZOOM_THRESHOLD)
        confidence["static"] = round(float(np.clip(1.0 - 0.5 * largest, 0.0, 1.0)), 3)
        if tracker.frames < 2 or not any(p["fitted"] for p in pairs):
            confidence["static"] = 0.0  # nothing could be tracked: no evidence either way

    totals = {"pan": -dx, "tilt": dy, "zoom": zoom, "roll": -roll}
    return ProbeResult(
        movements=movements,
        confidence=confidence,
        rates={k: v / duration for k, v in totals.items()},
        totals=totals,
        parallax=parallax,
        radial=radial,
        frames=tracker.frames,
        fps=fps,
        pairs_fitted=int(sum(p["fitted"] for p in pairs)),
        per_frame=pairs,
    )
