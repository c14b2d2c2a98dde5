"""The figure detector at run time: an ONNX network run by OpenCV's dnn module, no torch.

    detector = FigureDetector.load(default_model() or path)   # never downloads anything
    found = detector.detect(frame)      # Found: heads (box, facing, score) and the camera angle
    detector.name                       # "figures-tiny@1a2b3c4d"

The model file sits beside a JSON card (the same name, .json) that says what it reads: the input
size and stride of its grid (tools/figures/grid.py), and how it was made and measured. OpenCV
is a core dependency, so the light install (no `ml` extra) runs the detector; only training
needs torch.

One network is shared by the critic's threads (shots are scored in parallel), and an OpenCV net
is not safe to run from two threads at once, so `detect` holds a lock while it runs.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from storyreel.errors import InputError
from storyreel.tools.figures.grid import ANGLE_CLASSES, Grid, Head, softmax
from storyreel.tools.figures.model import OUTPUTS

WEIGHTS = Path(__file__).parent / "weights"
DEFAULT_MODEL = "figures-tiny.onnx"
THRESHOLD = 0.35  # a head's heat peak must reach this probability


@dataclass(frozen=True)
class Found:
    """What the detector sees in one frame."""

    heads: tuple[Head, ...]  # strongest first
    angle: str  # the most likely camera angle (models.camera.Angle)
    angle_score: float  # its probability


def default_model() -> Path | None:
    """The detector shipped with storyreel, or None when this install has none."""
    path = WEIGHTS / DEFAULT_MODEL
    return path if path.is_file() and path.with_suffix(".json").is_file() else None


def card_of(model: Path) -> dict:
    """The model's JSON card; InputError (one line) when it is missing or unreadable."""
    path = Path(model).with_suffix(".json")
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(
            f"{path}: the detector's card is missing or unreadable ({error.__class__.__name__})"
        ) from None
    if not isinstance(card, dict) or "grid" not in card:
        raise InputError(f"{path}: not a figure detector's card (no 'grid')")
    return card


class FigureDetector:
    def __init__(self, net: cv2.dnn.Net, grid: Grid, name: str, threshold: float = THRESHOLD):
        self._net = net
        self._lock = threading.Lock()
        self.grid = grid
        self.name = name
        self.threshold = threshold

    @classmethod
    def load(cls, model: str | Path) -> FigureDetector:
        """The detector in `model` (an .onnx file with its .json card beside it)."""
        model = Path(model)
        if not model.is_file():
            raise InputError(f"{model}: no such detector model")
        card = card_of(model)
        grid = Grid(**card["grid"])
        try:
            net = cv2.dnn.readNetFromONNX(str(model))
        except cv2.error as error:
            raise InputError(
                f"{model}: OpenCV cannot read the model ({str(error).strip().splitlines()[-1]})"
            ) from None
        digest = hashlib.sha256(model.read_bytes()).hexdigest()[:8]
        return cls(net, grid, f"{model.stem}@{digest}", float(card.get("threshold", THRESHOLD)))

    def detect(self, frame: np.ndarray) -> Found:
        """Heads and the angle in one RGB frame (h, w, 3 uint8), whatever its size."""
        x, fit = self.grid.letterbox(frame)
        with self._lock:
            self._net.setInput(x[None])
            grid, angle = self._net.forward(list(OUTPUTS))
        p = softmax(angle[0])
        best = int(np.argmax(p))
        heads = self.grid.decode(grid[0], fit, self.threshold)
        return Found(heads=tuple(heads), angle=ANGLE_CLASSES[best], angle_score=float(p[best]))
