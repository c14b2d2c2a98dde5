"""Did the draft's camera do what the plan says? The probe's measurement against the plan's.

    expected_motion(shot, fps, size)    -> the image motion the planned moves make, per probe axis
    check_movement(shot, probe, size)   -> MovementCheck: match, delivered share, measured speed

The expectation comes from a reference pinhole camera performing the plan at the shot's
framing (storyreel/media/camera.py: framing -> subject distance, speed -> metres or degrees per
second, as models/camera.py defines them), integrated frame step by frame step and read at the
frame centre exactly as the probe reads footage. Pans, tilts and zooms are exact; a translation's
image motion depends on the depth of what is tracked, taken as a typical set a little behind
the subject (BACKGROUND_BEHIND_SUBJECT_M), so it is good to about +-40 %. So "delivered" compares like with like: 1.0
means the clip moved as much as the plan asks, 0.3 that it made a third of the move (a video
model that under-delivers), whatever renderer made the pixels.

Moves the probe cannot measure (arc, crane, handheld) and moves too small to rise above its
noise floor are not judged; the check says so instead of failing them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from storyreel.media.camera import homography, plan_camera
from storyreel.models.camera import GEOMETRY
from storyreel.models.plan import Shot
from storyreel.tools.probe import PAN_THRESHOLD, ZOOM_THRESHOLD, ProbeResult

# The probe axis each verifiable move shows on; rotations and translations share an axis and
# are told apart by parallax.
AXIS: dict[str, str] = {
    **dict.fromkeys(("pan_left", "pan_right", "truck_left", "truck_right"), "pan"),
    **dict.fromkeys(("tilt_up", "tilt_down", "pedestal_up", "pedestal_down"), "tilt"),
    **dict.fromkeys(("zoom_in", "zoom_out", "dolly_in", "dolly_out"), "zoom"),
}
THRESHOLD = {"pan": PAN_THRESHOLD, "tilt": PAN_THRESHOLD, "zoom": ZOOM_THRESHOLD}
# A planned move is judged only when it should move the image this many probe thresholds: half
# of it delivered must still be measurable.
VERIFIABLE = 2.0
# Twins the probe tells apart by parallax alone: measuring one for the other is half a match.
TWIN = {
    "pan_left": "truck_left",
    "pan_right": "truck_right",
    "tilt_up": "pedestal_up",
    "tilt_down": "pedestal_down",
    "zoom_in": "dolly_in",
    "zoom_out": "dolly_out",
}
TWIN.update({v: k for k, v in TWIN.items()})
STEPS = 24  # integration steps along the planned path
# Share of frame pairs the probe must fit for the size of a move to be known: a camera tilting
# into a clear sky loses its features, and an untracked stretch reads as no motion at all.
MIN_TRACKED = 0.8
# Where a translating camera's image motion is read: the probe tracks texture, and most of it is
# behind the subject (walls, set, landscape), so a truck or dolly moves the tracked image less
# than it moves the subject. Fitted on animatic drafts from close-up to long shot (the measured
# share at the subject's depth was 0.27, 0.43, 0.6, 0.8; subject depth + 2.5 m predicts 0.29,
# 0.43, 0.59, 0.79); rotations and zooms do not depend on depth at all.
BACKGROUND_BEHIND_SUBJECT_M = 2.5


@dataclass
class MovementCheck:
    """The probe's reading of a draft against the plan."""

    match: float | None  # share of the judged planned moves measured (twins count half)
    delivered: float | None  # measured / expected motion along the judged axes (1.0 = as planned)
    measured_speed: float | None  # delivered x planned speed, on the CameraSpec.speed scale
    measured: list[str]
    expected: dict[str, float]
    judged: list[str] = field(default_factory=list)
    unjudged: dict[str, str] = field(default_factory=dict)  # move -> why it was not judged
    rough: bool = False  # a translation was judged: `delivered` is good to about +-40 % only
    tracked: float = 1.0  # share of frame pairs the probe could fit


def expected_motion(shot: Shot, fps: int, size: tuple[int, int]) -> dict[str, float]:
    """Totals the probe should read (its sign convention) if the camera moved exactly as planned."""
    width, height = size
    path = plan_camera(
        shot.model_copy(update={"camera": shot.camera.model_copy(update={"move_gain": 1.0})}),
        fps,
        width,
        height,
        [],
        0,
    )
    last = path.frames - 1
    totals = {"pan": 0.0, "tilt": 0.0, "zoom": 0.0}
    if last < 1:
        return totals
    poses = [path.pose(last * i / STEPS) for i in range(STEPS + 1)]
    centre = np.array([(width - 1) / 2, (height - 1) / 2])
    step = 0.05 * width
    around = np.array([centre, centre + [step, 0], centre + [0, step]])
    for a, b in zip(poses, poses[1:], strict=False):
        subject = float(np.linalg.norm(np.array(path.target) - np.array(a.position)))
        depth = max(0.3, subject) + BACKGROUND_BEHIND_SUBJECT_M
        matrix = homography(a, b, size, size, depth)
        moved = np.c_[around, np.ones(3)] @ matrix.T
        moved = moved[:, :2] / moved[:, 2:]
        jacobian = np.stack([moved[1] - moved[0], moved[2] - moved[0]], axis=1) / step
        totals["pan"] -= (moved[0, 0] - centre[0]) / width
        totals["tilt"] += (moved[0, 1] - centre[1]) / height
        totals["zoom"] += 0.5 * math.log(max(1e-6, abs(float(np.linalg.det(jacobian)))))
    return totals


def check_movement(shot: Shot, probe: ProbeResult, fps: int, size: tuple[int, int]) -> MovementCheck:
    """Compare what the probe measured with what the plan asks for."""
    camera = shot.camera
    expected = expected_motion(shot, fps, size)
    measured = list(probe.movements)
    if camera.is_static:
        moved = measured != ["static"]
        return MovementCheck(
            match=0.0 if moved else 1.0,
            delivered=None,
            measured_speed=None,
            measured=measured,
            expected=expected,
            judged=["static"],
        )
    judged: list[str] = []
    unjudged: dict[str, str] = {}
    for move in camera.movements:
        axis = AXIS.get(move)
        if axis is None:
            unjudged[move] = f"the probe does not measure {move.split('_')[0]} moves"
        elif abs(expected[axis]) < VERIFIABLE * THRESHOLD[axis]:
            unjudged[move] = (
                f"{move} at speed {camera.speed:g} moves the image {abs(expected[axis]):.1%}, "
                f"too little for the probe to measure"
            )
        else:
            judged.append(move)
    if not judged:
        return MovementCheck(None, None, None, measured, expected, [], unjudged)
    found = sum(1.0 if m in measured else 0.5 if TWIN.get(m) in measured else 0.0 for m in judged)
    # Each judged axis weighs by how many probe thresholds the plan moves it, so a large move
    # is not drowned by a small one beside it.
    axes = {AXIS[m] for m in judged}
    weight = {a: abs(expected[a]) / THRESHOLD[a] for a in axes}
    along = {a: probe.totals[a] * math.copysign(1.0, expected[a]) / abs(expected[a]) for a in axes}
    delivered: float | None = max(0.0, sum(weight[a] * along[a] for a in axes) / sum(weight.values()))
    tracked = probe.pairs_fitted / max(1, probe.frames - 1)
    if tracked < MIN_TRACKED:
        delivered = None
        unjudged["size"] = (
            f"the probe tracked only {tracked:.0%} of the clip (featureless frames, such as sky), "
            "so how far the camera moved is unknown"
        )
    return MovementCheck(
        match=found / len(judged),
        delivered=delivered,
        measured_speed=camera.speed * delivered if delivered is not None else None,
        measured=measured,
        expected=expected,
        judged=judged,
        unjudged=unjudged,
        rough=any(GEOMETRY[m].parallax for m in judged),
        tracked=tracked,
    )
