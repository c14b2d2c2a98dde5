"""The cinematic vocabulary: framing, angle and camera movement ids, and what each move does.

The 20 base classes (6 framings, 5 angles, 9 movements) are those of Li et al. 2024 ("Can video
generation replace cinematographers?"), which CameraCLIP scores. Extended moves (truck, pedestal,
arc, handheld, crane) may appear in a plan; the renderers map them to camera geometry with the
table below, and the critic reads them through the same table.

Ids are `Literal` types rather than Enums: the JSON Schema is a plain inline `enum` of strings,
which is what OpenAI structured outputs and hand-written plans both handle best.

Sign conventions (one rule: positive is right, up, forward, tighter):

    yaw           + turns the camera to its right            pan_right
    pitch         + tilts the camera up                      tilt_up
    focal_length  + longer lens                              zoom_in
    x             + camera translates to its right           truck_right
    y             + camera translates up                     pedestal_up
    z             + camera moves forward (to the subject)    dolly_in
    orbit         + camera circles to its right, subject held in frame   arc_right
    jitter        small random rotation and translation      handheld

Content (what the viewer sees) moves the other way: pan left = the camera turns left, so the scene
slides right in frame; tilt up = the scene slides down; zoom in = content grows. Zoom changes the
focal length only, so near and far grow by the same factor (no parallax); a dolly moves the
camera, so near objects grow faster than far ones and the background is revealed differently.
The two must look different, and the probe tells them apart by that parallax.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Framing = Literal["extreme_close_up", "close_up", "medium", "full", "long", "extreme_long"]
Angle = Literal["eye_level", "high", "low", "overhead", "dutch"]
BaseMovement = Literal[
    "static",
    "pan_left",
    "pan_right",
    "tilt_up",
    "tilt_down",
    "zoom_in",
    "zoom_out",
    "dolly_in",
    "dolly_out",
]
ExtendedMovement = Literal[
    "truck_left",
    "truck_right",
    "pedestal_up",
    "pedestal_down",
    "arc_left",
    "arc_right",
    "handheld",
    "crane_up",
    "crane_down",
]
Movement = Literal[BaseMovement, ExtendedMovement]  # typing flattens nested Literals

FRAMINGS: tuple[str, ...] = get_args(Framing)
ANGLES: tuple[str, ...] = get_args(Angle)
BASE_MOVEMENTS: tuple[str, ...] = get_args(BaseMovement)
EXTENDED_MOVEMENTS: tuple[str, ...] = get_args(ExtendedMovement)
MOVEMENTS: tuple[str, ...] = BASE_MOVEMENTS + EXTENDED_MOVEMENTS

# The 20 classes CameraCLIP is trained and evaluated on, in the paper's order. Ids are unique
# across families, so a bare id names its class.
CAMERACLIP_CLASSES: tuple[str, ...] = FRAMINGS + ANGLES + BASE_MOVEMENTS

Family = Literal["framing", "angle", "movement"]
FAMILY: dict[str, Family] = {
    **{i: "framing" for i in FRAMINGS},
    **{i: "angle" for i in ANGLES},
    **{i: "movement" for i in MOVEMENTS},
}

LABELS: dict[str, str] = {
    "extreme_close_up": "extreme close-up",
    "close_up": "close-up",
    "medium": "medium shot",
    "full": "full shot",
    "long": "long shot",
    "extreme_long": "extreme long shot",
    "eye_level": "eye level",
    "high": "high angle",
    "low": "low angle",
    "overhead": "bird's eye / overhead",
    "dutch": "dutch angle",
    "static": "static",
    "pan_left": "pan left",
    "pan_right": "pan right",
    "tilt_up": "tilt up",
    "tilt_down": "tilt down",
    "zoom_in": "zoom in",
    "zoom_out": "zoom out",
    "dolly_in": "dolly in",
    "dolly_out": "dolly out",
    "truck_left": "truck left",
    "truck_right": "truck right",
    "pedestal_up": "pedestal up",
    "pedestal_down": "pedestal down",
    "arc_left": "arc left",
    "arc_right": "arc right",
    "handheld": "handheld",
    "crane_up": "crane up",
    "crane_down": "crane down",
}

CameraParameter = Literal["yaw", "pitch", "focal_length", "x", "y", "z", "orbit", "jitter"]


@dataclass(frozen=True)
class MoveGeometry:
    """What a movement does to the camera, and how the picture moves as a result.

    `changes` pairs a camera parameter with the sign of its change (0 for `jitter`, which has
    none). `content_dx` / `content_dy` / `content_scale` are the signs of the resulting motion
    of the subject in frame (+ = right, up, larger); `parallax` is True when the camera
    translates, so depth layers move at different rates.
    """

    changes: tuple[tuple[CameraParameter, int], ...]
    content_dx: int = 0
    content_dy: int = 0
    content_scale: int = 0
    parallax: bool = False


# Arcs and cranes keep the subject framed, so its own motion is ~0; only the background moves.
GEOMETRY: dict[str, MoveGeometry] = {
    "static": MoveGeometry(()),
    "pan_left": MoveGeometry((("yaw", -1),), content_dx=+1),
    "pan_right": MoveGeometry((("yaw", +1),), content_dx=-1),
    "tilt_up": MoveGeometry((("pitch", +1),), content_dy=-1),
    "tilt_down": MoveGeometry((("pitch", -1),), content_dy=+1),
    "zoom_in": MoveGeometry((("focal_length", +1),), content_scale=+1),
    "zoom_out": MoveGeometry((("focal_length", -1),), content_scale=-1),
    "dolly_in": MoveGeometry((("z", +1),), content_scale=+1, parallax=True),
    "dolly_out": MoveGeometry((("z", -1),), content_scale=-1, parallax=True),
    "truck_left": MoveGeometry((("x", -1),), content_dx=+1, parallax=True),
    "truck_right": MoveGeometry((("x", +1),), content_dx=-1, parallax=True),
    "pedestal_up": MoveGeometry((("y", +1),), content_dy=-1, parallax=True),
    "pedestal_down": MoveGeometry((("y", -1),), content_dy=+1, parallax=True),
    "arc_left": MoveGeometry((("orbit", -1),), parallax=True),
    "arc_right": MoveGeometry((("orbit", +1),), parallax=True),
    "handheld": MoveGeometry((("jitter", 0),)),
    "crane_up": MoveGeometry((("y", +1), ("pitch", -1)), parallax=True),
    "crane_down": MoveGeometry((("y", -1), ("pitch", +1)), parallax=True),
}

# What `CameraSpec.speed == 1.0` means, per second of screen time, for each parameter: degrees
# for yaw/pitch/orbit, metres for x/y/z, a factor on the focal length for zoom (1.5 = 50 %
# longer each second), and the jitter amplitude scale for handheld. Speeds scale linearly.
FULL_SPEED: dict[CameraParameter, float] = {
    "yaw": 30.0,
    "pitch": 20.0,
    "orbit": 30.0,
    "focal_length": 1.5,
    "x": 1.0,
    "y": 1.0,
    "z": 1.0,
    "jitter": 1.0,
}

# Words a note or a brain may use for speed, and the number each one stands for.
SPEEDS: dict[str, float] = {"slow": 0.25, "medium": 0.5, "fast": 1.0}


def _opposites() -> dict[str, str]:
    """Moves whose camera changes are exact negations of each other (pan_left <-> pan_right)."""
    signature = {m: g.changes for m, g in GEOMETRY.items() if g.changes and m != "handheld"}
    out = {}
    for move, changes in signature.items():
        negated = tuple((p, -s) for p, s in changes)
        for other, other_changes in signature.items():
            if other_changes == negated:
                out[move] = other
    return out


OPPOSITE: dict[str, str] = _opposites()
