"""Image files: checked in one line, loaded as RGB, fitted to a frame size.

Keyframes the user drew or made elsewhere reach every backend through here, so each refuses a
missing or unreadable image the same way (one line naming the shot, the keyframe and the path),
and fits it to the frame the same way; the critic's keyframe adherence fits a keyframe to the
draft's size with the same `fit`, so it compares what a renderer was actually given.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from storyreel.errors import FileError, InputError
from storyreel.reading import open_regular

# A keyframe larger than the largest frame the encoder takes (media/video.check_format) is
# refused from its header, before it is decoded: a 12000x12000 PNG decoded takes 1.7 GB, a
# 20000x20000 one (a "decompression bomb" of a few kB) would take 4.8 GB.
MAX_SIDE = 8192
MAX_BYTES = 256 * 1024 * 1024  # an 8192x8192 RGBA PNG that does not compress at all
_TOO_LARGE = f"keyframes are at most {MAX_SIDE}x{MAX_SIDE} pixels"


def keyframe_image_path(image: str) -> Path:
    """A job's keyframe `image` as a path. Jobs built by the graph hold absolute paths (the plan's
    relative ones are resolved against the project directory when the job is made, in
    agents/rendering.py); a job built by hand is read as given, `~` expanded."""
    return Path(image).expanduser()


@contextlib.contextmanager
def open_image(path: Path, where: str) -> Iterator[Image.Image]:
    """`path` opened as a PIL image, checked before a pixel is decoded: a regular file of at most
    MAX_BYTES (storyreel/reading.py), an image PIL knows, at most MAX_SIDE pixels a side by its
    header; one line starting with `where` and naming the path otherwise."""
    try:
        handle = open_regular(path, MAX_BYTES, hint=f"a keyframe is at most {MAX_SIDE} pixels a side")
    except FileError as error:
        raise InputError(f"{where}: image {str(path)!r}: {error.problem}") from None
    with handle:
        try:
            with warnings.catch_warnings():  # PIL warns past 89 Mpx: refused here in one line
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(handle)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise InputError(f"{where}: {str(path)!r} is too large; {_TOO_LARGE}") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise InputError(f"{where}: {str(path)!r} is not an image ({type(error).__name__})") from None
        with image:
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE:
                raise InputError(f"{where}: {str(path)!r} is {width}x{height} pixels; {_TOO_LARGE}")
            yield image


def check_image(path: Path, where: str) -> None:
    """One line naming the shot, the keyframe and the path, if `path` is not a readable image."""
    try:
        with open_image(path, where) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError) as error:
        raise InputError(f"{where}: {str(path)!r} is not an image ({type(error).__name__})") from None


def read_rgb(path: Path, where: str) -> np.ndarray:
    """The image as RGB uint8 at its own size."""
    try:
        with open_image(path, where) as image:
            return np.asarray(image.convert("RGB"))
    except (OSError, SyntaxError, ValueError) as error:  # truncated or corrupt past its header
        raise InputError(f"{where}: {str(path)!r} is not an image ({type(error).__name__})") from None


def load_image(path: Path, width: int, height: int, where: str) -> np.ndarray:
    """The image as RGB uint8, scaled to cover (width, height) and centre-cropped."""
    return fit(read_rgb(path, where), width, height)


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
