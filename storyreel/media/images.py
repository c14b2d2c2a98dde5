"""Image files: checked in one line, loaded as RGB, fitted to a frame size.

Keyframes the user drew or made elsewhere reach every backend through here, so each refuses a
missing or unreadable image the same way (one line naming the shot, the keyframe and the path),
and fits it to the frame the same way; the critic's keyframe adherence fits a keyframe to the
draft's size with the same `fit`, so it compares what a renderer was actually given.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from storyreel.errors import InputError


def keyframe_image_path(image: str) -> Path:
    """A job's keyframe `image` as a path. Jobs built by the graph hold absolute paths (the plan's
    relative ones are resolved against the project directory when the job is made, in
    agents/rendering.py); a job built by hand is read as given, `~` expanded."""
    return Path(image).expanduser()


def check_image(path: Path, where: str) -> None:
    """One line naming the shot, the keyframe and the path, if `path` is not a readable image."""
    if not path.is_file():
        raise InputError(f"{where}: image {str(path)!r} does not exist")
    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise InputError(f"{where}: {str(path)!r} is not an image ({type(error).__name__})") from None


def load_image(path: Path, width: int, height: int, where: str) -> np.ndarray:
    """The image as RGB uint8, scaled to cover (width, height) and centre-cropped."""
    check_image(path, where)
    with Image.open(path) as image:
        rgb = np.asarray(image.convert("RGB"))
    return fit(rgb, width, height)


def fit(rgb: np.ndarray, width: int, height: int) -> np.ndarray:
    """`rgb` scaled to cover (width, height) and centre-cropped: area averaging to shrink,
    bicubic to enlarge."""
    h, w = rgb.shape[:2]
    if (w, h) == (width, height):
        return np.ascontiguousarray(rgb)
    scale = max(width / w, height / h)
    size = (max(width, round(w * scale)), max(height, round(h * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    scaled = cv2.resize(rgb, size, interpolation=interp)
    x, y = (size[0] - width) // 2, (size[1] - height) // 2
    return np.ascontiguousarray(scaled[y : y + height, x : x + width])
