"""Small painting helpers: colours, stable seeds, premultiplied alpha and text labels.

Shared by everything that draws: the animatic's stage, the figure cards and the overlays both
backends burn in. Textures with alpha are stored premultiplied, so warping and compositing stay
linear (`over` is one multiply and one add per pixel).
"""

from __future__ import annotations

import hashlib

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

MAX_TEXTURE = 2048  # the largest side of any texture


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def stable_seed(*parts: object) -> int:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "little")


def mix(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[int, int, int]:
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def shade(c: tuple[int, ...], k: float) -> tuple[int, int, int]:
    return tuple(int(min(255, max(0, round(v * k)))) for v in c)  # type: ignore[return-value]


def text_image(text: str, size: int, fill: tuple[int, int, int], box: tuple[int, int, int]) -> np.ndarray:
    """A label (RGBA, not premultiplied) of `text` in Pillow's bundled font."""
    font = ImageFont.load_default(size=max(6, size))
    left, top, right, bottom = font.getbbox(text)
    pad = max(2, size // 4)
    image = Image.new("RGBA", (right - left + 2 * pad, bottom - top + 2 * pad), (*box, 235))
    ImageDraw.Draw(image).text((pad - left, pad - top), text, font=font, fill=(*fill, 255))
    return np.asarray(image).copy()


def premultiply(rgba: np.ndarray) -> np.ndarray:
    out = rgba.copy()
    alpha = rgba[..., 3:4].astype(np.uint16)
    out[..., :3] = ((rgba[..., :3].astype(np.uint16) * alpha + 127) // 255).astype(np.uint8)
    return out


def over(roi: np.ndarray, premultiplied: np.ndarray) -> None:
    """roi <- premultiplied RGBA over roi, in place (uint8; roi has 3 or 4 channels)."""
    inv = 255 - premultiplied[..., 3]
    channels = roi.shape[2]
    scaled = cv2.multiply(roi, cv2.merge([inv] * channels), scale=1 / 255.0)
    source = premultiplied if channels == 4 else cv2.cvtColor(premultiplied, cv2.COLOR_RGBA2RGB)
    roi[:] = cv2.add(scaled, source)
