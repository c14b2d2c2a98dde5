"""A shot's camera while the cinematographer designs it, and the rules its moves keep.

At most two moves, no duplicates, no opposites, one per axis (a pan and a truck say the same
thing twice), 'static' only alone: CameraSpec's own rules, applied while designing so every
design validates. A camera that would repeat the shot before is varied (VARIANT).
"""

from __future__ import annotations

from dataclasses import dataclass

from storyreel.agents.schemas import CameraChoice
from storyreel.models.camera import OPPOSITE


@dataclass
class Design:
    """The camera being designed for one shot, and why."""

    framing: str
    angle: str
    movements: list[str]
    lens_mm: float
    speed: float
    pacing: str
    reason: str
    prompt_notes: list[str]


def signature(camera: Design | CameraChoice) -> tuple[object, ...]:
    """What makes two cameras the same to a viewer."""
    return (camera.framing, camera.angle, tuple(camera.movements), float(camera.lens_mm))


AXIS = {
    **dict.fromkeys(
        ("pan_left", "pan_right", "truck_left", "truck_right", "arc_left", "arc_right"),
        "horizontal",
    ),
    **dict.fromkeys(
        ("tilt_up", "tilt_down", "crane_up", "crane_down", "pedestal_up", "pedestal_down"),
        "vertical",
    ),
    **dict.fromkeys(("dolly_in", "dolly_out", "zoom_in", "zoom_out"), "depth"),
    "handheld": "shake",
}


def coherent(moves: list[str]) -> list[str]:
    """At most two moves, no duplicates, no opposites, 'static' only alone (CameraSpec's rules)."""
    out: list[str] = []
    for move in moves:
        if move == "static" or move in out or OPPOSITE.get(move) in out:
            continue
        # One move per axis: a pan and a truck, or a tilt and a crane, say the same thing twice.
        if any(AXIS.get(m) == AXIS.get(move) for m in out):
            continue
        out.append(move)
        if len(out) == 2:
            break
    return out or ["static"]


# The move that says nearly the same thing another way, for a shot that must not repeat.
VARIANT = {
    "pan_left": "truck_left",
    "pan_right": "truck_right",
    "truck_left": "pan_left",
    "truck_right": "pan_right",
    "dolly_in": "zoom_in",
    "zoom_in": "dolly_in",
    "dolly_out": "zoom_out",
    "zoom_out": "dolly_out",
    "tilt_up": "crane_up",
    "crane_up": "tilt_up",
    "tilt_down": "crane_down",
    "crane_down": "tilt_down",
    "handheld": "static",
    "arc_left": "arc_right",
    "arc_right": "arc_left",
    "pedestal_up": "tilt_up",
    "pedestal_down": "tilt_down",
}


def vary(design: Design) -> Design:
    """The design changed just enough not to repeat the shot before: a static shot gets a barely
    felt move, a moving one its variant."""
    if design.movements == ["static"]:
        tight = design.framing in ("medium", "close_up", "extreme_close_up")
        design.movements = ["dolly_in"] if tight else ["pan_right"]
        design.speed, design.pacing = 0.12, "ease_in_out"
        what = "a barely felt push in" if tight else "a slow drift right"
        held = "so the camera holds"
        if held in design.reason:
            design.reason = design.reason.replace(
                held, f"so {what} only keeps it from repeating the shot before", 1
            )
        else:
            design.reason = design.reason.rstrip(".") + f"; {what} keeps it from repeating the shot before."
    else:
        design.movements = coherent([VARIANT.get(m, m) for m in design.movements])
        if design.movements == ["static"]:
            design.speed, design.pacing = 0.0, "linear"
        design.reason = (
            design.reason.rstrip(".") + "; the move is varied so it does not repeat the shot before."
        )
    return design
