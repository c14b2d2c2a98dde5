"""Footage with known camera moves, for tests and benchmarks: a virtual camera over a layered still.

    write_synthetic_clip(path, ["zoom_in", "tilt_up"])    # H.264, 24 frames at 256x144
    synthetic_frames(["truck_left"], background=photo)     # the same frames, unencoded
    procedural_image(width, height, seed)                  # a seeded, trackable texture

The camera probe (tools/probe.py) is measured on these (tests/tools/test_probe.py,
benchmarks/probe.py): zoom, pan and tilt move both layers alike (no parallax); dolly, truck and
pedestal move the near layer more than the far one. Nothing in a run uses them; they live in the
media layer, beside the encoder they write through, so that tests of any layer can make a clip
whose camera is known without importing the probe.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from storyreel.errors import InputError
from storyreel.media.video import VideoWriter


def procedural_image(width: int, height: int, seed: int = 0) -> np.ndarray:
    """A seeded textured RGB image (blurred noise at several scales plus shapes): trackable."""
    rng = np.random.default_rng(seed)
    image = np.zeros((height, width, 3), np.float32)
    for sigma, weight in ((1.0, 0.35), (4.0, 0.35), (16.0, 0.3)):
        noise = rng.normal(0, 1, (height, width, 3)).astype(np.float32)
        noise = cv2.GaussianBlur(noise, (0, 0), sigma)
        noise /= noise.std() + 1e-6
        image += weight * noise
    image = np.clip(128 + 40 * image, 0, 255).astype(np.uint8)
    for _ in range(max(8, width * height // 4000)):
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        size = int(rng.integers(4, max(6, min(width, height) // 10)))
        if rng.random() < 0.5:
            cv2.circle(image, (x, y), size, colour, -1)
        else:
            cv2.rectangle(image, (x, y), (x + size, y + size // 2 + 2), colour, -1)
    return image


def _foreground_mask(width: int, height: int, seed: int) -> np.ndarray:
    """Near-layer cut-outs (about a third of the frame) around the frame, away from the centre."""
    rng = np.random.default_rng(seed + 101)
    mask = np.zeros((height, width), np.uint8)
    cx, cy = width / 2, height / 2
    for k in range(6):
        angle = 2 * math.pi * k / 6 + rng.uniform(-0.3, 0.3)
        radius = rng.uniform(0.28, 0.4)
        x, y = int(cx + math.cos(angle) * radius * width), int(cy + math.sin(angle) * radius * height)
        axes = (int(rng.uniform(0.09, 0.14) * width), int(rng.uniform(0.12, 0.2) * height))
        cv2.ellipse(mask, (x, y), axes, float(rng.uniform(0, 180)), 0, 360, 255, -1)
    return mask


# movement -> (background, foreground) per-clip changes: (content dx, dy in frame fractions, scale)
_MOVES: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "static": ((0, 0, 1), (0, 0, 1)),
    "pan_left": ((0.15, 0, 1), (0.15, 0, 1)),
    "pan_right": ((-0.15, 0, 1), (-0.15, 0, 1)),
    "tilt_up": ((0, 0.15, 1), (0, 0.15, 1)),
    "tilt_down": ((0, -0.15, 1), (0, -0.15, 1)),
    "zoom_in": ((0, 0, 1.3), (0, 0, 1.3)),
    "zoom_out": ((0, 0, 1 / 1.3), (0, 0, 1 / 1.3)),
    "dolly_in": ((0, 0, 1.1), (0, 0, 1.45)),
    "dolly_out": ((0, 0, 1 / 1.1), (0, 0, 1 / 1.45)),
    "truck_left": ((0.04, 0, 1), (0.2, 0, 1)),
    "truck_right": ((-0.04, 0, 1), (-0.2, 0, 1)),
    "pedestal_up": ((0, 0.04, 1), (0, 0.2, 1)),
    "pedestal_down": ((0, -0.04, 1), (0, -0.2, 1)),
}
SYNTHETIC_MOVES: tuple[str, ...] = tuple(_MOVES)


def synthetic_frames(
    movements: Sequence[str],
    *,
    background: np.ndarray | None = None,
    foreground: np.ndarray | None = None,
    size: tuple[int, int] = (256, 144),
    frames: int = 24,
    seed: int = 0,
    noise: float = 2.0,
) -> Iterator[np.ndarray]:
    """Frames of a virtual camera over two layers (a far background, near cut-outs).

    `movements` are ids from SYNTHETIC_MOVES (compound moves combine: ["zoom_in", "tilt_up"]).
    background / foreground: RGB images (e.g. photographs); procedural when not given. Zoom,
    pan and tilt move both layers alike (no parallax); dolly, truck and pedestal move the near
    layer more than the far one.
    """
    width, height = size
    unknown = [m for m in movements if m not in _MOVES]
    if unknown:
        raise InputError(f"synthetic move {unknown[0]!r}: expected one of {', '.join(_MOVES)}")
    # Layers with a margin so the view never leaves them.
    lw, lh = int(width * 1.8), int(height * 1.8)
    bg = _fit(background, lw, lh) if background is not None else procedural_image(lw, lh, seed)
    fg = _fit(foreground, lw, lh) if foreground is not None else procedural_image(lw, lh, seed + 7)
    mask = _foreground_mask(width, height, seed).astype(np.float32) / 255.0
    mask = cv2.GaussianBlur(mask, (0, 0), 1.0)[..., None]
    rng = np.random.default_rng(seed + 13)
    for i in range(frames):
        u = i / max(1, frames - 1)
        layers = []
        for layer, which in ((bg, 0), (fg, 1)):
            dx = dy = 0.0
            log_scale = 0.0
            for move in movements:
                mdx, mdy, ms = _MOVES[move][which]
                dx, dy, log_scale = dx + mdx * u, dy + mdy * u, log_scale + math.log(ms) * u
            scale = math.exp(log_scale)
            # dst = scale * (src - layer centre) + frame centre + content shift
            m = np.array(
                [
                    [scale, 0, width / 2 + dx * width - scale * lw / 2],
                    [0, scale, height / 2 + dy * height - scale * lh / 2],
                ],
                np.float32,
            )
            layers.append(cv2.warpAffine(layer, m, (width, height), flags=cv2.INTER_LINEAR))
        # the near layer's cut-outs move with the near layer
        fdx = fdy = 0.0
        fls = 0.0
        for move in movements:
            mdx, mdy, ms = _MOVES[move][1]
            fdx, fdy, fls = fdx + mdx * u, fdy + mdy * u, fls + math.log(ms) * u
        fs = math.exp(fls)
        mm = np.array(
            [
                [fs, 0, width / 2 * (1 - fs) + fdx * width],
                [0, fs, height / 2 * (1 - fs) + fdy * height],
            ],
            np.float32,
        )
        alpha = cv2.warpAffine(mask, mm, (width, height), flags=cv2.INTER_LINEAR)[..., None]
        frame = layers[0] * (1 - alpha) + layers[1] * alpha
        if noise:
            frame = frame + rng.normal(0, noise, frame.shape)
        yield np.clip(frame, 0, 255).astype(np.uint8)


def _fit(image: np.ndarray, width: int, height: int) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    return cv2.resize(np.ascontiguousarray(image[..., :3]), (width, height), interpolation=cv2.INTER_CUBIC)


def write_synthetic_clip(path: str | Path, movements: Sequence[str], *, fps: float = 24.0, **kw: Any) -> Path:
    """synthetic_frames(...) encoded as H.264 (so the probe sees realistic compression noise)."""
    width, height = kw.get("size", (256, 144))
    with VideoWriter(path, width, height, fps, preset="veryfast") as video:
        for frame in synthetic_frames(movements, **kw):
            video.write(frame)
    return Path(path)
