"""The words CameraCLIP reads: camera language as text.

    camera_caption(camera)          the caption a clip is scored against (one fixed phrasing)
    class_caption("low")            one class alone, for R@1 within a family ("a low-angle shot")
    combined_caption(f, a, moves)   framing + angle + moves, as camera_caption writes them
    training_caption(labels, rng)   a natural-language variant for training, with the labels it
                                    states (a caption may state one, two or all three families)

The fixed phrasings are what the critic scores and the evaluation retrieves; the variants teach
the text tower that "shot from below, close on her face, pushing in" says the same thing as "a
low-angle close-up, the camera dollies in". Every class of models/camera.py has a phrase,
extended moves included, so any CameraSpec has a caption.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyreel.models.camera import ANGLES, BASE_MOVEMENTS, FAMILY, FRAMINGS, MOVEMENTS
from storyreel.models.plan import CameraSpec

# Fixed phrasings: a framing is a noun, an angle an adjective, a move a verb after "the camera".
FRAMING_NOUN: dict[str, str] = {
    "extreme_close_up": "extreme close-up",
    "close_up": "close-up",
    "medium": "medium shot",
    "full": "full shot",
    "long": "long shot",
    "extreme_long": "extreme long shot",
}
ANGLE_ADJECTIVE: dict[str, str] = {
    "eye_level": "eye-level",
    "high": "high-angle",
    "low": "low-angle",
    "overhead": "overhead",
    "dutch": "dutch-angle",
}
MOVE_VERB: dict[str, str] = {
    "static": "is static",
    "pan_left": "pans left",
    "pan_right": "pans right",
    "tilt_up": "tilts up",
    "tilt_down": "tilts down",
    "zoom_in": "zooms in",
    "zoom_out": "zooms out",
    "dolly_in": "dollies in",
    "dolly_out": "dollies out",
    "truck_left": "trucks left",
    "truck_right": "trucks right",
    "pedestal_up": "pedestals up",
    "pedestal_down": "pedestals down",
    "arc_left": "arcs left around the subject",
    "arc_right": "arcs right around the subject",
    "handheld": "is handheld",
    "crane_up": "cranes up",
    "crane_down": "cranes down",
}

# Natural-language variants for training: whole phrases that stand alone in a list of parts. Each
# family's class caption (class_caption) is among them, so the evaluation's texts are trained on.
FRAMING_VARIANTS: dict[str, tuple[str, ...]] = {
    "extreme_close_up": (
        "extreme close-up",
        "an extreme close-up",
        "ECU",
        "a very tight shot of the face",
        "the eyes fill the frame",
        "extremely close on the face",
    ),
    "close_up": (
        "close-up",
        "a close-up",
        "close on the face",
        "a tight head-and-shoulders shot",
        "a close shot of the face",
        "CU",
    ),
    "medium": (
        "medium shot",
        "a medium shot",
        "a mid shot",
        "framed from the waist up",
        "a waist-up shot",
        "MS",
    ),
    "full": (
        "full shot",
        "a full shot",
        "the whole figure head to toe",
        "a full-length shot",
        "the figure fills the frame top to bottom",
        "FS",
    ),
    "long": (
        "long shot",
        "a long shot",
        "a wide shot",
        "the figure small in the set",
        "a wide view of the scene",
        "LS",
    ),
    "extreme_long": (
        "extreme long shot",
        "an extreme long shot",
        "an extreme wide shot",
        "a tiny figure in a vast space",
        "a very wide establishing view",
        "ELS",
    ),
}
ANGLE_VARIANTS: dict[str, tuple[str, ...]] = {
    "eye_level": ("an eye-level shot", "at eye level", "a neutral eye-level angle", "level with the eyes"),
    "high": ("a high-angle shot", "a high angle", "shot from above", "looking down on the subject"),
    "low": ("a low-angle shot", "a low angle", "shot from below", "looking up at the subject"),
    "overhead": ("an overhead shot", "a bird's-eye view", "top-down", "looking straight down from above"),
    "dutch": ("a dutch-angle shot", "a dutch angle", "a canted frame", "the horizon tilted"),
}
MOVE_VARIANTS: dict[str, tuple[str, ...]] = {
    "static": ("the camera is static", "a locked-off camera", "the camera holds still", "no camera move"),
    "pan_left": ("the camera pans left", "panning left", "a pan to the left", "the camera swings left"),
    "pan_right": ("the camera pans right", "panning right", "a pan to the right", "the camera swings right"),
    "tilt_up": ("the camera tilts up", "tilting up", "a tilt upward", "the camera looks up"),
    "tilt_down": ("the camera tilts down", "tilting down", "a tilt downward", "the camera looks down"),
    "zoom_in": ("the camera zooms in", "zooming in", "a zoom in", "the lens zooms in"),
    "zoom_out": ("the camera zooms out", "zooming out", "a zoom out", "the lens zooms out"),
    "dolly_in": ("the camera dollies in", "pushing in", "a dolly in", "the camera moves toward the subject"),
    "dolly_out": ("the camera dollies out", "pulling back", "a dolly out", "the camera moves away"),
    "truck_left": ("the camera trucks left", "trucking left", "the camera slides left"),
    "truck_right": ("the camera trucks right", "trucking right", "the camera slides right"),
    "pedestal_up": ("the camera pedestals up", "the camera rises", "a pedestal up"),
    "pedestal_down": ("the camera pedestals down", "the camera sinks", "a pedestal down"),
    "arc_left": ("the camera arcs left around the subject", "an arc to the left", "circling left"),
    "arc_right": ("the camera arcs right around the subject", "an arc to the right", "circling right"),
    "handheld": ("the camera is handheld", "a shaky handheld camera", "handheld"),
    "crane_up": ("the camera cranes up", "a crane up", "craning up"),
    "crane_down": ("the camera cranes down", "a crane down", "craning down"),
}

# Left and right swap in a mirrored frame (the training's flip augmentation).
MIRROR: dict[str, str] = {
    "pan_left": "pan_right",
    "pan_right": "pan_left",
    "truck_left": "truck_right",
    "truck_right": "truck_left",
    "arc_left": "arc_right",
    "arc_right": "arc_left",
}


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeio" else "a"


def _join(parts: Sequence[str]) -> str:
    parts = list(parts)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _check(family: str, class_id: str) -> None:
    if FAMILY.get(class_id) != family:
        raise ValueError(f"{class_id!r} is not a {family} class")


def combined_caption(framing: str, angle: str, movements: Sequence[str]) -> str:
    """ "a low-angle close-up, the camera dollies in" (moves joined with "and")."""
    _check("framing", framing)
    _check("angle", angle)
    if not movements:
        raise ValueError("a caption needs at least one move ('static' for none)")
    for move in movements:
        _check("movement", move)
    adjective = ANGLE_ADJECTIVE[angle]
    verbs = _join([MOVE_VERB[m] for m in movements])
    return f"{_article(adjective)} {adjective} {FRAMING_NOUN[framing]}, the camera {verbs}"


def camera_caption(camera: CameraSpec) -> str:
    """The caption CameraCLIP scores a clip against: framing, angle and moves in fixed words."""
    return combined_caption(camera.framing, camera.angle, camera.movements)


def class_caption(class_id: str) -> str:
    """One class alone: "a close-up", "a low-angle shot", "the camera pans left"."""
    family = FAMILY.get(class_id)
    if family == "framing":
        noun = FRAMING_NOUN[class_id]
        return f"{_article(noun)} {noun}"
    if family == "angle":
        adjective = ANGLE_ADJECTIVE[class_id]
        return f"{_article(adjective)} {adjective} shot"
    if family == "movement":
        return f"the camera {MOVE_VERB[class_id]}"
    raise ValueError(f"unknown camera class {class_id!r}")


def family_classes(family: str, extended: bool = False) -> tuple[str, ...]:
    """The classes of one family, in the vocabulary's order (extended moves on request)."""
    if family == "framing":
        return FRAMINGS
    if family == "angle":
        return ANGLES
    if family == "movement":
        return MOVEMENTS if extended else BASE_MOVEMENTS
    raise ValueError(f"unknown family {family!r}")


@dataclass(frozen=True)
class Labels:
    """What a clip shows, or what a caption states (None: the caption does not say)."""

    framing: str | None
    angle: str | None
    movements: tuple[str, ...] | None

    def mirrored(self) -> Labels:
        moves = None if self.movements is None else tuple(MIRROR.get(m, m) for m in self.movements)
        return Labels(self.framing, self.angle, moves)

    def states_true_of(self, clip: Labels) -> bool:
        """True when every family this caption states matches the clip (moves as a set)."""
        if self.framing is not None and self.framing != clip.framing:
            return False
        if self.angle is not None and self.angle != clip.angle:
            return False
        return not (
            self.movements is not None
            and (clip.movements is None or set(self.movements) != set(clip.movements))
        )


CONTEXTS = (
    "of a person in a room",
    "of a figure outdoors",
    "of two people talking",
    "of a character waiting",
    "in a city street",
    "at night",
    "in daylight",
)


def training_caption(labels: Labels, rng: np.random.Generator, *, full: bool = False) -> tuple[str, Labels]:
    """A random natural-language caption for a clip, and the labels it states.

    Half the time (always with `full`) all three families are stated, otherwise one or two; a
    third of the full captions use the fixed phrasing `camera_caption` writes, so the scored
    text is seen in training too.
    """
    assert labels.framing and labels.angle and labels.movements
    if full or rng.random() < 0.5:
        stated = {"framing", "angle", "movement"}
    else:
        count = 1 if rng.random() < 0.6 else 2
        stated = set(rng.choice(["framing", "angle", "movement"], size=count, replace=False).tolist())
    if len(stated) == 3 and rng.random() < 1 / 3:
        text = combined_caption(labels.framing, labels.angle, labels.movements)
        return text, labels
    parts = []
    if "framing" in stated:
        parts.append(_pick(FRAMING_VARIANTS[labels.framing], rng))
    if "angle" in stated:
        parts.append(_pick(ANGLE_VARIANTS[labels.angle], rng))
    if "movement" in stated:
        moves = list(labels.movements)
        rng.shuffle(moves)
        parts.append(_join([_pick(MOVE_VARIANTS[m], rng) for m in moves]))
    order = rng.permutation(len(parts))
    text = ", ".join(parts[i] for i in order)
    if rng.random() < 0.2:
        text = f"{text}, {_pick(CONTEXTS, rng)}"
    stated_labels = Labels(
        labels.framing if "framing" in stated else None,
        labels.angle if "angle" in stated else None,
        labels.movements if "movement" in stated else None,
    )
    return text, stated_labels


def _pick(options: Sequence[str], rng: np.random.Generator) -> str:
    return options[int(rng.integers(len(options)))]
