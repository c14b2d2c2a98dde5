"""The props a plan puts on a scene's set, as labelled stand-ins: one simple drawing per shape.

    PROPS[shape] = PropKind(painter, size (w, h) in metres, colour, where it rests, seat height,
                            held size)
    prop_texture(prop, ppm, level, ...) -> the card (premultiplied RGBA): the drawing, its name above
    held_texture(shape, ppm, level, mirror) -> the same drawing small, for a hand

Stand-ins, not models: each shape is the few strokes that make it read at 320x180 (a car is a
body, a cabin and two wheels; a bucket a tapered pail with a rim and a handle), in a colour of
its own, with the prop's name under it as written in the script, so a viewer knows which of
two boxes is "the money". Small things are drawn larger than life (at least MIN_SIDE on their
longer side) and rest on the nearest table, shelf or bed when one is at hand (`rests`): a
stand-in that is two pixels wide says nothing.

A new shape is a row in PROPS and a painter; models/plan.py `PropShape` names the vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from storyreel.media.paint import mix, premultiply, shade, text_image
from storyreel.render.animatic.pieces import Piece

MIN_SIDE = 0.3  # metres: the longer side of the smallest stand-in
LABEL_M = 0.07  # metres: the label's letters, at least (a larger prop's grow with it, to LABEL_MAX_M)
LABEL_MAX_M = 0.16


def _box(img: np.ndarray, p: Piece, x0: float, y0: float, x1: float, y1: float, colour) -> None:
    """A filled rectangle in fractions of the card (0, 0 its top left)."""
    cv2.rectangle(
        img, (int(x0 * p.cols), int(y0 * p.rows)), (int(x1 * p.cols) - 1, int(y1 * p.rows) - 1), colour, -1
    )


def _poly(img: np.ndarray, p: Piece, points: list[tuple[float, float]], colour) -> None:
    pts = np.array([[int(x * p.cols), int(y * p.rows)] for x, y in points], np.int32)
    cv2.fillPoly(img, [pts], colour, cv2.LINE_AA)


def _disc(img: np.ndarray, p: Piece, x: float, y: float, r: float, colour) -> None:
    """A disc at (x, y) of radius r, as fractions of the card's height."""
    cv2.circle(img, (int(x * p.cols), int(y * p.rows)), max(1, int(r * p.rows)), colour, -1, cv2.LINE_AA)


def _vehicle(img: np.ndarray, p: Piece) -> None:
    """A car side-on: body, cabin with windows, two wheels."""
    _poly(
        img,
        p,
        [
            (0.02, 0.45),
            (0.25, 0.42),
            (0.35, 0.08),
            (0.72, 0.08),
            (0.84, 0.42),
            (0.98, 0.48),
            (0.98, 0.8),
            (0.02, 0.8),
        ],
        p.base,
    )
    _poly(img, p, [(0.39, 0.15), (0.53, 0.15), (0.53, 0.4), (0.31, 0.4)], p.bright)
    _poly(img, p, [(0.57, 0.15), (0.69, 0.15), (0.78, 0.4), (0.57, 0.4)], p.bright)
    for x in (0.22, 0.78):
        _disc(img, p, x, 0.79, 0.2, (30, 30, 32, 255))
        _disc(img, p, x, 0.79, 0.08, p.dark)


def _table(img: np.ndarray, p: Piece) -> None:
    _box(img, p, 0.0, 0.0, 1.0, 0.14, p.base)
    for x in (0.05, 0.88):
        _box(img, p, x, 0.14, x + 0.07, 1.0, p.dark)


def _seat(img: np.ndarray, p: Piece) -> None:
    """A chair: back, seat and legs."""
    _box(img, p, 0.08, 0.0, 0.24, 0.55, p.dark)
    _box(img, p, 0.08, 0.45, 0.95, 0.58, p.base)
    for x in (0.1, 0.82):
        _box(img, p, x, 0.58, x + 0.1, 1.0, p.dark)


def _bed(img: np.ndarray, p: Piece) -> None:
    _box(img, p, 0.0, 0.0, 0.06, 1.0, p.dark)
    _box(img, p, 0.0, 0.45, 1.0, 0.85, p.dark)
    _box(img, p, 0.04, 0.3, 0.98, 0.5, (235, 232, 222, 255))
    _box(img, p, 0.07, 0.18, 0.25, 0.32, (245, 245, 240, 255))
    _box(img, p, 0.3, 0.3, 0.98, 0.5, p.base)


def _door(img: np.ndarray, p: Piece) -> None:
    img[:] = p.dark
    _box(img, p, 0.08, 0.05, 0.92, 1.0, p.base)
    for y in (0.12, 0.55):
        _box(img, p, 0.2, y, 0.8, y + 0.3, p.dark)
        _box(img, p, 0.23, y + 0.02, 0.77, y + 0.28, p.base)
    _disc(img, p, 0.8, 0.52, 0.025, (210, 190, 110, 255))


def _window(img: np.ndarray, p: Piece) -> None:
    img[:] = p.dark
    sky = (60, 80, 120, 255) if p.level < 0.7 else (190, 215, 235, 255)
    for x0, y0 in ((0.08, 0.08), (0.54, 0.08), (0.08, 0.54), (0.54, 0.54)):
        _box(img, p, x0, y0, x0 + 0.38, y0 + 0.38, sky)


def _shelf(img: np.ndarray, p: Piece) -> None:
    img[:] = p.dark
    for i in range(4):
        y = 0.05 + i * 0.24
        _box(img, p, 0.06, y, 0.94, y + 0.19, p.base)
        for j in range(5):
            x = 0.1 + j * 0.17
            _box(img, p, x, y + 0.04, x + 0.08, y + 0.19, p.bright if (i + j) % 2 else p.dark)


def _box_shape(img: np.ndarray, p: Piece) -> None:
    """A cardboard box: flaps and a band of tape."""
    img[:] = p.base
    _box(img, p, 0.0, 0.0, 1.0, 0.12, p.dark)
    _box(img, p, 0.44, 0.0, 0.56, 0.6, p.bright)
    cv2.rectangle(img, (0, 0), (p.cols - 1, p.rows - 1), p.dark, max(1, p.cols // 25))


def _bag(img: np.ndarray, p: Piece) -> None:
    cv2.ellipse(
        img,
        (p.cols // 2, int(0.28 * p.rows)),
        (int(0.25 * p.cols), int(0.22 * p.rows)),
        0,
        180,
        360,
        p.dark,
        max(1, p.cols // 14),
        cv2.LINE_AA,
    )
    _poly(img, p, [(0.1, 0.3), (0.9, 0.3), (1.0, 1.0), (0.0, 1.0)], p.base)
    _box(img, p, 0.1, 0.42, 0.9, 0.5, p.dark)


def _bucket(img: np.ndarray, p: Piece) -> None:
    """A tapered pail, a rim and a handle."""
    cv2.ellipse(
        img,
        (p.cols // 2, int(0.22 * p.rows)),
        (int(0.42 * p.cols), int(0.2 * p.rows)),
        0,
        180,
        360,
        p.dark,
        max(1, p.cols // 18),
        cv2.LINE_AA,
    )
    _poly(img, p, [(0.04, 0.2), (0.96, 0.2), (0.82, 1.0), (0.18, 1.0)], p.base)
    _box(img, p, 0.03, 0.18, 0.97, 0.28, p.bright)
    _box(img, p, 0.15, 0.55, 0.85, 0.61, p.dark)


def _bottle(img: np.ndarray, p: Piece) -> None:
    _box(img, p, 0.4, 0.0, 0.6, 0.08, p.dark)
    _box(img, p, 0.38, 0.08, 0.62, 0.35, p.base)
    _poly(img, p, [(0.38, 0.33), (0.62, 0.33), (0.9, 0.45), (0.9, 1.0), (0.1, 1.0), (0.1, 0.45)], p.base)
    _box(img, p, 0.12, 0.55, 0.88, 0.78, p.bright)


def _cup(img: np.ndarray, p: Piece) -> None:
    cv2.ellipse(
        img,
        (int(0.78 * p.cols), int(0.5 * p.rows)),
        (int(0.2 * p.cols), int(0.22 * p.rows)),
        0,
        0,
        360,
        p.dark,
        max(1, p.cols // 10),
        cv2.LINE_AA,
    )
    _box(img, p, 0.08, 0.12, 0.78, 1.0, p.base)
    _box(img, p, 0.08, 0.12, 0.78, 0.22, p.bright)


def _phone(img: np.ndarray, p: Piece) -> None:
    _box(img, p, 0.05, 0.0, 0.95, 1.0, (30, 30, 34, 255))
    _box(img, p, 0.14, 0.08, 0.86, 0.86, p.bright)
    _disc(img, p, 0.5, 0.93, 0.03, p.dark)


def _screen(img: np.ndarray, p: Piece) -> None:
    _box(img, p, 0.0, 0.0, 1.0, 0.78, (28, 28, 32, 255))
    _box(img, p, 0.05, 0.06, 0.95, 0.72, mix(p.bright[:3], (120, 160, 210), 0.5) + (255,))
    _box(img, p, 0.45, 0.78, 0.55, 0.94, p.dark)
    _box(img, p, 0.3, 0.94, 0.7, 1.0, p.dark)


def _lamp(img: np.ndarray, p: Piece) -> None:
    glow = (255, 236, 170, 255)
    _poly(img, p, [(0.3, 0.0), (0.7, 0.0), (0.95, 0.25), (0.05, 0.25)], glow)
    _box(img, p, 0.46, 0.25, 0.54, 0.95, p.dark)
    _box(img, p, 0.25, 0.95, 0.75, 1.0, p.dark)


def _gun(img: np.ndarray, p: Piece) -> None:
    """A pistol, muzzle to the right."""
    _box(img, p, 0.05, 0.1, 1.0, 0.42, p.dark)
    _poly(img, p, [(0.08, 0.4), (0.38, 0.4), (0.3, 1.0), (0.0, 1.0)], p.dark)
    _box(img, p, 0.35, 0.42, 0.5, 0.6, p.base)


def _knife(img: np.ndarray, p: Piece) -> None:
    """A blade to the right of its handle."""
    _box(img, p, 0.0, 0.3, 0.36, 0.75, p.dark)
    _poly(img, p, [(0.36, 0.2), (1.0, 0.25), (0.36, 0.8)], (205, 210, 215, 255))


def _tool(img: np.ndarray, p: Piece) -> None:
    """A hammer: handle and head."""
    _box(img, p, 0.44, 0.2, 0.56, 1.0, p.base)
    _box(img, p, 0.1, 0.0, 0.9, 0.24, (110, 112, 118, 255))


def _paper(img: np.ndarray, p: Piece) -> None:
    img[:] = (244, 242, 232, 255)
    for i in range(6):
        y = 0.15 + i * 0.12
        _box(img, p, 0.12, y, 0.88 if i % 3 != 2 else 0.6, y + 0.04, (90, 90, 96, 255))


def _plant(img: np.ndarray, p: Piece) -> None:
    _poly(
        img, p, [(0.25, 0.68), (0.75, 0.68), (0.68, 1.0), (0.32, 1.0)], (*shade((150, 90, 60), p.level), 255)
    )
    cv2.ellipse(
        img,
        (p.cols // 2, int(0.38 * p.rows)),
        (int(0.46 * p.cols), int(0.34 * p.rows)),
        0,
        0,
        360,
        p.base,
        -1,
        cv2.LINE_AA,
    )


@dataclass(frozen=True)
class PropKind:
    """How one shape is drawn: a painter, a size in metres (width, height), its colour, where it
    rests ("floor", "surface": on a table, shelf or bed at hand, "wall": a window's sill), the
    height one sits at on it (None: not a seat) and its size in a hand (None: too big to hold)."""

    painter: object
    size: tuple[float, float]
    colour: tuple[int, int, int]
    rests: str = "floor"
    seat: float | None = None
    held: float | None = None


PROPS: dict[str, PropKind] = {
    "vehicle": PropKind(_vehicle, (4.2, 1.45), (150, 40, 40)),
    "table": PropKind(_table, (1.5, 0.76), (140, 100, 62)),
    "seat": PropKind(_seat, (0.5, 0.9), (120, 84, 52), seat=0.45),
    "bed": PropKind(_bed, (2.0, 0.65), (90, 110, 150), seat=0.45),
    "door": PropKind(_door, (0.95, 2.1), (150, 110, 70)),
    "window": PropKind(_window, (1.3, 1.2), (225, 225, 215), rests="wall"),
    "shelf": PropKind(_shelf, (1.2, 1.9), (120, 92, 64)),
    "box": PropKind(_box_shape, (0.6, 0.5), (190, 150, 96), seat=0.5, held=0.4),
    "bag": PropKind(_bag, (0.45, 0.4), (96, 70, 130), held=0.35),
    "bucket": PropKind(_bucket, (0.36, 0.4), (90, 130, 160), seat=0.4, held=0.32),
    "bottle": PropKind(_bottle, (0.14, 0.34), (60, 140, 80), rests="surface", held=0.3),
    "cup": PropKind(_cup, (0.26, 0.22), (230, 230, 225), rests="surface", held=0.16),
    "phone": PropKind(_phone, (0.16, 0.3), (70, 70, 80), rests="surface", held=0.18),
    "screen": PropKind(_screen, (0.8, 0.6), (60, 60, 66), rests="surface"),
    "lamp": PropKind(_lamp, (0.45, 1.6), (70, 70, 70), held=0.45),
    "gun": PropKind(_gun, (0.32, 0.22), (40, 40, 44), rests="surface", held=0.22),
    "knife": PropKind(_knife, (0.34, 0.1), (60, 40, 30), rests="surface", held=0.26),
    "tool": PropKind(_tool, (0.2, 0.36), (150, 104, 60), rests="surface", held=0.3),
    "paper": PropKind(_paper, (0.26, 0.34), (240, 240, 230), rests="surface", held=0.26),
    "plant": PropKind(_plant, (0.6, 1.1), (70, 130, 70)),
}
SURFACES = ("table", "shelf", "bed")  # a "surface" prop stands on one of these when it is near


def drawn_size(shape: str) -> tuple[float, float]:
    """The stand-in's width and height in metres: its size, scaled up to MIN_SIDE when smaller."""
    w, h = PROPS[shape].size
    grow = max(1.0, MIN_SIDE / max(w, h))
    return w * grow, h * grow


def _paint(shape: str, cols: int, rows: int, level: float, w_m: float, h_m: float) -> np.ndarray:
    img = np.zeros((rows, cols, 4), np.uint8)
    piece = Piece.lit((w_m, h_m), (cols, rows), PROPS[shape].colour, level, glow=((255, 245, 225), 0.45))
    PROPS[shape].painter(img, piece)
    return img


def label_height(h_m: float, most: float = LABEL_MAX_M) -> float:
    """The label band's height (metres) above a stand-in `h_m` high, its letters no taller than
    `most` metres (a shot caps them at a share of its frame)."""
    return min(most, LABEL_MAX_M, max(LABEL_M, 0.1 * h_m)) * 1.6


def prop_texture(
    shape: str, name: str, ppm: float, level: float, max_side: int, letters: float = LABEL_MAX_M
) -> tuple[np.ndarray, float]:
    """The stand-in of `shape` with `name` on a label above it (premultiplied RGBA), and its texels
    a metre: the object is `drawn_size`, the label above it `label_height` high (letters at most
    `letters` metres; the card is as wide as the wider of the two), at `ppm` or less to keep the
    card within `max_side`."""
    w_m, h_m = drawn_size(shape)
    band = label_height(h_m, letters)
    ppm = min(ppm, max_side / max(w_m, h_m + band))
    label = text_image(name, max(6, int(band / 1.6 * ppm)), (20, 20, 20), (250, 250, 240))
    cols = max(8, int(w_m * ppm), label.shape[1])
    rows = max(8, int(h_m * ppm))
    top = max(label.shape[0], int(band * ppm))
    card = np.zeros((rows + top, cols, 4), np.uint8)
    x = (cols - int(w_m * ppm)) // 2
    body = _paint(shape, max(8, int(w_m * ppm)), rows, level, w_m, h_m)
    card[top:, x : x + body.shape[1]] = body
    lx = (cols - label.shape[1]) // 2
    card[top - label.shape[0] : top, lx : lx + label.shape[1]] = label
    return premultiply(card), ppm


def held_texture(shape: str, ppm: float, level: float, mirror: bool) -> np.ndarray | None:
    """The stand-in as held in a hand (premultiplied RGBA, its longer side `held` metres), facing
    the way the figure does; None for a shape too big to hold."""
    held = PROPS[shape].held
    if held is None:
        return None
    w, h = PROPS[shape].size
    scale = held / max(w, h) * ppm
    img = _paint(shape, max(4, int(w * scale)), max(4, int(h * scale)), level, w, h)
    return premultiply(img[:, ::-1].copy() if mirror else img)
