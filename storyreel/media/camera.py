"""The virtual pinhole camera: a pose per frame that makes the planned framing, angle and moves.

The animatic draws its stage through these poses; the critic (tools/camera_check.py) integrates
the image motion between them (`homography`) to know how far a planned move should move the
picture, whatever renderer drew it. One camera for both, so "delivered 1.0" means the clip moved
exactly as the animatic would have moved it.

World axes: x right, y up, z forward (away from the first camera position); the ground is y = 0
and the subjects stand on the line z = 0. Camera axes: x right, y down, z along the optical axis.

    framing -> the subject distance: the frame holds a planned height of the subject
               (`FRAMING_EXTENT`), so distance = extent * focal_px / frame_height
    angle   -> where the camera sits on a sphere around the look target and how it is rolled:
               eye level at eye height; low below it looking up; high above it looking down;
               overhead straight above looking down; dutch rolled 20 degrees
    moves   -> each move changes one camera parameter (models/camera.py GEOMETRY), by
               FULL_SPEED x speed x duration over the shot, with progress along the pacing curve:
               pan/tilt rotate, zoom scales the focal length (no parallax), dolly/truck/pedestal
               translate (parallax), arc orbits the target, crane rises and tilts, handheld adds
               a smooth seeded jitter. Compound moves add up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from storyreel.models.camera import FULL_SPEED, GEOMETRY
from storyreel.models.plan import Shot

SENSOR_WIDTH_MM = 36.0  # full-frame: lens_mm is full-frame equivalent

# Height of the subject (metres) the frame holds at the subject's distance, per framing; the
# figure's height scales full, long and extreme long.
FRAMING_EXTENT: dict[str, float] = {
    "extreme_close_up": 0.26,  # the head fills the frame
    "close_up": 0.58,  # head and shoulders
    "medium": 1.10,  # waist up
    "full": 1.25,  # x height: the whole figure, a little air
    "long": 3.2,  # x height: the figure in its set
    "extreme_long": 11.0,  # x height: a tiny figure in a wide set
}
RELATIVE_EXTENT = {"full", "long", "extreme_long"}
# Height the camera looks at, as a fraction of the subject's height.
FRAMING_TARGET: dict[str, float] = {
    "extreme_close_up": 0.935,
    "close_up": 0.88,
    "medium": 0.74,
    "full": 0.52,
    "long": 0.5,
    "extreme_long": 0.5,
}
LOW_ELEVATION_DEG = -22.0
HIGH_ELEVATION_DEG = 35.0
DUTCH_ROLL_DEG = 20.0
MIN_CAMERA_HEIGHT_M = 0.2
MAX_ZOOM_FACTOR = 5.0
OVERHEAD_TURN_DEG = 25.0


def focal_px(lens_mm: float, width: int) -> float:
    """A lens's focal length in pixels of a frame `width` wide (full-frame equivalent)."""
    return lens_mm / SENSOR_WIDTH_MM * width


@dataclass(frozen=True)
class Pose:
    """Where the camera is and where it looks; angles in degrees, focal length in mm."""

    position: tuple[float, float, float]
    yaw: float  # + turns right, about the world vertical
    pitch: float  # + tilts up
    roll: float  # + rolls clockwise as seen by the viewer (dutch)
    focal_mm: float
    local_yaw: float = 0.0  # a pan about the camera's own up axis (overhead shots)

    def rotation(self) -> np.ndarray:
        """World-to-camera rotation (rows: camera x right, y down, z forward, in world axes)."""
        yaw, pitch, roll, lyaw = (math.radians(a) for a in (self.yaw, self.pitch, self.roll, self.local_yaw))
        right = np.array([math.cos(yaw), 0.0, -math.sin(yaw)])
        up = np.array([0.0, 1.0, 0.0])
        fwd = np.array([math.sin(yaw), 0.0, math.cos(yaw)])
        fwd, up = math.cos(pitch) * fwd + math.sin(pitch) * up, math.cos(pitch) * up - math.sin(pitch) * fwd
        fwd, right = (
            math.cos(lyaw) * fwd + math.sin(lyaw) * right,
            math.cos(lyaw) * right - math.sin(lyaw) * fwd,
        )
        right, up = math.cos(roll) * right + math.sin(roll) * up, math.cos(roll) * up - math.sin(roll) * right
        return np.stack([right, -up, fwd])

    def focal_px(self, width: int) -> float:
        return focal_px(self.focal_mm, width)

    def intrinsics(self, width: int, height: int) -> np.ndarray:
        f = self.focal_px(width)
        return np.array([[f, 0.0, width / 2], [0.0, f, height / 2], [0.0, 0.0, 1.0]])

    def project(self, points: np.ndarray, width: int, height: int) -> np.ndarray:
        """Pixel coordinates (n, 2) of world points (n, 3) in front of the camera."""
        cam = (np.asarray(points, float) - np.asarray(self.position)) @ self.rotation().T
        pix = cam @ self.intrinsics(width, height).T
        return pix[:, :2] / pix[:, 2:3]


def pacing_curve(pacing: str, u: float) -> float:
    """Progress 0..1 along the camera path at time fraction u (SmartDirector pacing)."""
    u = min(1.0, max(0.0, u))
    if pacing == "ease_in":
        return u * u
    if pacing == "ease_out":
        return 1.0 - (1.0 - u) ** 2
    if pacing == "ease_in_out":
        return u * u * (3.0 - 2.0 * u)
    return u


def _look_at(eye: np.ndarray, target: np.ndarray) -> tuple[float, float]:
    d = target - eye
    yaw = math.degrees(math.atan2(d[0], d[2]))
    pitch = math.degrees(math.atan2(d[1], math.hypot(d[0], d[2])))
    return yaw, pitch


@dataclass(frozen=True)
class CameraPath:
    """The camera through one shot: a start pose and the change of each parameter by the end."""

    start: Pose
    target: tuple[float, float, float]  # the look target: subject plane, subject height
    subject_distance: float
    frames: int
    pacing: str
    fps: float
    deltas: dict[str, float]  # camera parameter -> total change over the shot (GEOMETRY names)
    jitter: float  # handheld amplitude (0: none)
    seed: int
    half_vfov_deg: float

    def progress(self, frame: int) -> float:
        u = frame / (self.frames - 1) if self.frames > 1 else 0.0
        return pacing_curve(self.pacing, u)

    def pose(self, frame: int) -> Pose:
        """The exact pose at a frame index (fractional indices are fine)."""
        p = self.progress(frame)
        d = {k: v * p for k, v in self.deltas.items()}
        start = self.start
        pos = np.array(start.position, float)
        yaw = start.yaw
        target = np.array(self.target)
        if d.get("orbit"):  # circle the target about the vertical, keeping it framed
            theta = math.radians(d["orbit"])
            rel = pos - target
            c, s = math.cos(theta), math.sin(theta)
            # + orbit: the camera moves to its own right, so it turns left to hold the target
            pos = target + np.array([c * rel[0] - s * rel[2], rel[1], s * rel[0] + c * rel[2]])
            yaw -= d["orbit"]
        rot = replace(start, yaw=yaw).rotation()
        right, fwd = rot[0], rot[2]
        pos = pos + d.get("x", 0.0) * right + d.get("z", 0.0) * fwd + np.array([0.0, d.get("y", 0.0), 0.0])
        pitch_change = d.get("pitch", 0.0)
        if d.get("crane"):
            before = _look_at(pos, target)[1]
            pos = pos + np.array([0.0, d["crane"], 0.0])
            pitch_change += _look_at(pos, target)[1] - before
        pos[1] = max(pos[1], 0.05)
        overhead = start.pitch <= -60.0
        pitch = max(-90.0, min(89.0, start.pitch + pitch_change))
        pose = Pose(
            position=(float(pos[0]), float(pos[1]), float(pos[2])),
            yaw=yaw + (0.0 if overhead else d.get("yaw", 0.0)),
            pitch=pitch,
            roll=start.roll,
            focal_mm=start.focal_mm * math.exp(d.get("focal_length", 0.0)),
            local_yaw=d.get("yaw", 0.0) if overhead else 0.0,
        )
        if self.jitter:
            pose = self._shake(pose, frame)
        return pose

    def _shake(self, pose: Pose, frame: int) -> Pose:
        """Handheld: a sum of slow sines with seeded phases, in time (not along the pacing)."""
        rng = np.random.default_rng(self.seed + 7919)
        t = frame / self.fps
        freq = rng.uniform(0.4, 1.6, size=(6, 3))
        phase = rng.uniform(0, 2 * math.pi, size=(6, 3))
        wave = np.sin(2 * math.pi * freq * t + phase).sum(axis=1) / math.sqrt(3)
        a = self.jitter
        pos = np.array(pose.position) + a * 0.015 * wave[3:6]
        return replace(
            pose,
            position=(float(pos[0]), float(pos[1]), float(pos[2])),
            yaw=pose.yaw + a * 0.8 * wave[0],
            pitch=pose.pitch + a * 0.6 * wave[1],
            roll=pose.roll + a * 0.5 * wave[2],
        )


def subject_height(heights: list[float]) -> float:
    return max(heights) if heights else 1.75


def plan_camera(
    shot: Shot,
    fps: float,
    width: int,
    height: int,
    heights: list[float],
    seed: int,
    *,
    damping: float = 1.0,
) -> CameraPath:
    """Solve the start pose for the shot's framing and angle, and the moves' total changes.

    The moves run at speed x move_gain (the critic's compensation) x damping (a renderer that
    under-delivers); the physical limits apply after."""
    cam = shot.camera
    h = subject_height(heights)
    extent = FRAMING_EXTENT[cam.framing] * (h if cam.framing in RELATIVE_EXTENT else 1.0)
    f_px = cam.lens_mm / SENSOR_WIDTH_MM * width
    distance = extent * f_px / height
    half_vfov = math.degrees(math.atan(height / 2 / f_px))
    start, target = _start_pose(shot, h, distance, half_vfov)

    duration = shot.frame_count(int(fps)) / fps if fps else shot.duration_s
    deltas, jitter = _move_deltas(shot, cam.speed * cam.move_gain * damping * duration, damping)
    _limit(deltas, shot, distance, start.position[1])
    return CameraPath(
        start=start,
        target=(float(target[0]), float(target[1]), float(target[2])),
        subject_distance=float(distance),
        frames=shot.frame_count(int(fps)),
        pacing=shot.pacing,
        fps=float(fps),
        deltas=deltas,
        jitter=jitter,
        seed=seed,
        half_vfov_deg=half_vfov,
    )


def _start_pose(shot: Shot, h: float, distance: float, half_vfov: float) -> tuple[Pose, np.ndarray]:
    """Where the camera starts for the shot's angle, `distance` from the look target, and that
    target (the subject at the framing's height; an overhead shot of a whole figure looks at
    its middle)."""
    cam = shot.camera
    target = np.array([0.0, FRAMING_TARGET[cam.framing] * h, 0.0])
    roll = 0.0
    if cam.angle == "overhead":
        target[1] = 0.45 * h if cam.framing in RELATIVE_EXTENT else target[1]
        eye = target + np.array([0.0, distance, 0.0])
        yaw, pitch = 0.0, -90.0
    else:
        elevation = {"low": LOW_ELEVATION_DEG, "high": HIGH_ELEVATION_DEG}.get(cam.angle)
        if elevation is None:  # eye level and dutch: at the eye line
            eye_h = 0.94 * h
            dy = max(-0.95 * distance, min(0.95 * distance, eye_h - target[1]))
            eye = target + np.array([0.0, dy, -math.sqrt(distance**2 - dy**2)])
        else:
            e = math.radians(elevation)
            eye = target + distance * np.array([0.0, math.sin(e), -math.cos(e)])
            if eye[1] < MIN_CAMERA_HEIGHT_M:
                eye[1] = MIN_CAMERA_HEIGHT_M
        yaw, pitch = _look_at(eye, target)
        if cam.angle == "low":  # look up past the subject: the horizon drops, the sky opens
            pitch += max(0.0, min(12.0 - pitch, 0.55 * half_vfov))
        if cam.angle == "dutch":
            roll = DUTCH_ROLL_DEG
    start = Pose(position=tuple(float(v) for v in eye), yaw=yaw, pitch=pitch, roll=roll, focal_mm=cam.lens_mm)
    return start, target


def _move_deltas(shot: Shot, amount: float, damping: float) -> tuple[dict[str, float], float]:
    """Each camera parameter's total change over the shot (GEOMETRY names; "crane" for a rise or
    sink that tilts to keep the target framed), and the handheld amplitude."""
    cam = shot.camera
    deltas: dict[str, float] = {}
    jitter = 0.0
    for move in cam.movements:
        for parameter, sign in GEOMETRY[move].changes:
            if move.startswith("crane"):  # rise or sink, tilting to keep the target framed
                if parameter == "y":
                    deltas["crane"] = deltas.get("crane", 0.0) + sign * FULL_SPEED["y"] * amount
                continue
            if parameter == "jitter":
                jitter = max(jitter, (0.25 + cam.speed) * cam.move_gain * damping)
                continue
            rate = FULL_SPEED[parameter]
            value = math.log(rate) if parameter == "focal_length" else rate
            deltas[parameter] = deltas.get(parameter, 0.0) + sign * value * amount
    return deltas, jitter


def _limit(deltas: dict[str, float], shot: Shot, distance: float, eye_height: float) -> None:
    """Physical limits, in place: a zoom lens has a range; a bird's-eye rig turns a little, or it
    stops looking down; a dolly stops short of the subject; a pedestal stops at the floor."""
    if "focal_length" in deltas:
        limit = math.log(MAX_ZOOM_FACTOR)
        deltas["focal_length"] = max(-limit, min(limit, deltas["focal_length"]))
    if shot.camera.angle == "overhead":
        for key in ("yaw", "pitch"):
            if key in deltas:
                deltas[key] = max(-OVERHEAD_TURN_DEG, min(OVERHEAD_TURN_DEG, deltas[key]))
    if deltas.get("z", 0.0) > 0:
        deltas["z"] = min(deltas["z"], 0.7 * max(0.0, distance - 0.25))
    for key in ("y", "crane"):
        if deltas.get(key, 0.0) < 0:
            deltas[key] = max(deltas[key], -(eye_height - MIN_CAMERA_HEIGHT_M) * 0.9)


def homography(
    a: Pose,
    b: Pose,
    size_a: tuple[int, int],
    size_b: tuple[int, int],
    depth: float,
    normal: np.ndarray | None = None,
) -> np.ndarray:
    """The image motion from pose `a` to pose `b` (sizes are (w, h)): exact for rotation and
    zoom; a translation is exact only for the plane n . X = depth in camera `a`'s coordinates,
    by default the plane facing camera `a` at `depth` (the subject plane)."""
    ra, rb = a.rotation(), b.rotation()
    rel = rb @ ra.T
    t = rb @ (np.array(a.position) - np.array(b.position))
    n = np.array([0.0, 0.0, 1.0]) if normal is None else np.asarray(normal, float)
    ka, kb = a.intrinsics(*size_a), b.intrinsics(*size_b)
    h = kb @ (rel + np.outer(t, n) / max(depth, 1e-3)) @ np.linalg.inv(ka)
    return h / h[2, 2]


def ground_plane(pose: Pose) -> tuple[np.ndarray, float]:
    """The ground (y = 0) as (normal, distance) in the camera coordinates of `pose`."""
    return -pose.rotation()[:, 1], float(pose.position[1])


def depth_of(pose: Pose, point: tuple[float, float, float]) -> float:
    """Distance along the optical axis from the camera to a world point."""
    return float(pose.rotation()[2] @ (np.array(point) - np.array(pose.position)))
