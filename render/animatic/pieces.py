"""The set pieces of the animatic's stages: what each kind looks like and how big it may be.

    PIECES[kind] = (painter, (min width, max width, min height, max height) in metres)
    BAND_KINDS[interior] = the kinds of the far, middle and near bands
    piece_texture(kind, ...) -> the card (premultiplied RGBA) the stage stands up

A new kind of set piece is a painter and a row in PIECES (and a place in BAND_KINDS); stage.py
places the cards and does not change.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from storyreel.media.paint import MAX_TEXTURE, mix, premultiply, shade


@dataclass(frozen=True)
class Piece:
    """A set piece's card to paint: its size in metres and texels, and its tones in the light."""

    w_m: float
    h_m: float
    cols: int
    rows: int
    base: tuple[int, int, int, int]  # the piece's colour in the light
    dark: tuple[int, int, int, int]  # the same in shadow: window panes, frames, legs
    bright: tuple[int, int, int, int]  # lit: windows at night, lamp globes, highlights
    level: float
    rng: np.random.Generator

    @classmethod
    def lit(
        cls,
        size: tuple[float, float],
        texels: tuple[int, int],
        colour: tuple[int, int, int],
        level: float,
        *,
        glow: tuple[tuple[int, int, int], float] = ((255, 236, 180), 0.6),
        rng: np.random.Generator | None = None,
    ) -> Piece:
        """A card of `size` metres and `texels` (cols, rows) in `colour` under the light `level`,
        with its shadow tone and a lit tone (`glow`: a colour and how much of it is mixed in)."""
        return cls(
            *size,
            *texels,
            base=(*shade(colour, level), 255),
            dark=(*shade(colour, level * 0.55), 255),
            bright=(*shade(mix(colour, *glow), max(level, 0.7)), 255),
            level=level,
            rng=rng if rng is not None else np.random.default_rng(0),
        )


def _building(img: np.ndarray, p: Piece) -> None:
    """A facade with a grid of windows, some lit at night, and a dark roof line."""
    img[:] = p.base
    nx, ny = max(1, int(p.w_m / 3)), max(1, int(p.h_m / 3.2))
    lit = p.level < 0.6
    for i in range(nx):
        for j in range(ny):
            x0, y0 = int((i + 0.25) * p.cols / nx), int((j + 0.3) * p.rows / ny)
            x1, y1 = int((i + 0.75) * p.cols / nx), int((j + 0.75) * p.rows / ny)
            on = lit and p.rng.random() < 0.4
            cv2.rectangle(img, (x0, y0), (x1, y1), p.bright if on else p.dark, -1)
    cv2.rectangle(img, (0, 0), (p.cols - 1, max(1, p.rows // 40)), p.dark, -1)


def _tree(img: np.ndarray, p: Piece) -> None:
    """A trunk under a round crown with a highlight."""
    cols, rows = p.cols, p.rows
    trunk = (*shade((92, 64, 44), p.level), 255)
    cv2.rectangle(img, (int(cols * 0.44), int(rows * 0.45)), (int(cols * 0.56), rows - 1), trunk, -1)
    crown = ((cols // 2, int(rows * 0.36)), (int(cols * 0.48), int(rows * 0.35)))
    cv2.ellipse(img, *crown, 0, 0, 360, p.base, -1, cv2.LINE_AA)
    highlight = ((int(cols * 0.4), int(rows * 0.3)), (int(cols * 0.2), int(rows * 0.14)))
    cv2.ellipse(img, *highlight, 0, 0, 360, p.bright, -1, cv2.LINE_AA)


def _lamp(img: np.ndarray, p: Piece) -> None:
    """A post with a glowing globe on top."""
    cols, rows = p.cols, p.rows
    cv2.rectangle(img, (int(cols * 0.42), int(rows * 0.08)), (int(cols * 0.58), rows - 1), p.dark, -1)
    cv2.circle(img, (cols // 2, int(rows * 0.08)), max(2, int(cols * 0.4)), p.bright, -1, cv2.LINE_AA)


def _cabinet(img: np.ndarray, p: Piece) -> None:
    """Shelves in a frame."""
    cols, rows = p.cols, p.rows
    img[:] = p.base
    shelves = max(2, int(p.h_m / 0.45))
    for j in range(1, shelves):
        yy = int(j * rows / shelves)
        cv2.rectangle(img, (int(cols * 0.06), yy - max(1, rows // 60)), (int(cols * 0.94), yy), p.dark, -1)
    cv2.rectangle(img, (0, 0), (cols - 1, rows - 1), p.dark, max(1, cols // 30))


def _table(img: np.ndarray, p: Piece) -> None:
    """A top on two legs."""
    cols, rows = p.cols, p.rows
    top_h = max(2, rows // 6)
    cv2.rectangle(img, (0, 0), (cols - 1, top_h), p.base, -1)
    for xx in (int(cols * 0.06), int(cols * 0.88)):
        cv2.rectangle(img, (xx, top_h), (xx + max(2, cols // 16), rows - 1), p.dark, -1)


def _plant(img: np.ndarray, p: Piece) -> None:
    """Foliage over a pot."""
    cols, rows = p.cols, p.rows
    pot = (*shade((150, 90, 60), p.level), 255)
    cv2.rectangle(img, (int(cols * 0.3), int(rows * 0.7)), (int(cols * 0.7), rows - 1), pot, -1)
    green = (*shade((70, 130, 70), p.level), 255)
    foliage = ((cols // 2, int(rows * 0.4)), (int(cols * 0.45), int(rows * 0.33)))
    cv2.ellipse(img, *foliage, 0, 0, 360, green, -1, cv2.LINE_AA)


def _crate(img: np.ndarray, p: Piece) -> None:
    """A box with a framed, braced face."""
    img[:] = p.base
    t = max(1, p.cols // 10)
    cv2.rectangle(img, (0, 0), (p.cols - 1, p.rows - 1), p.dark, t)
    cv2.line(img, (0, 0), (p.cols - 1, p.rows - 1), p.dark, t)


# kind -> (painter, (min width, max width, min height, max height) in metres)
PIECES = {
    "building": (_building, (8.0, 16.0, 10.0, 34.0)),
    "tree": (_tree, (2.5, 5.0, 4.0, 8.0)),
    "lamp": (_lamp, (0.35, 0.5, 2.6, 4.0)),
    "crate": (_crate, (0.8, 1.6, 0.7, 1.4)),
    "cabinet": (_cabinet, (1.0, 2.2, 1.6, 2.6)),
    "table": (_table, (1.2, 2.0, 0.75, 0.9)),
    "plant": (_plant, (0.5, 0.9, 0.8, 1.6)),
}
# The kinds of set piece in the far, middle and near bands of an interior and an exterior.
BAND_KINDS = {
    True: (["cabinet"], ["cabinet", "table", "plant", "lamp"], ["plant", "lamp", "crate"]),
    False: (["building"], ["tree", "lamp", "crate"], ["crate", "lamp"]),
}


def piece_texture(
    kind: str,
    w_m: float,
    h_m: float,
    colour: tuple[int, int, int],
    rng: np.random.Generator,
    ppm: float,
    level: float,
) -> np.ndarray:
    """A set piece's card (premultiplied RGBA) at `ppm` texels per metre."""
    cols = int(min(MAX_TEXTURE // 2, max(8, w_m * ppm)))
    rows = int(min(MAX_TEXTURE // 2, max(8, h_m * ppm)))
    img = np.zeros((rows, cols, 4), np.uint8)
    PIECES[kind][0](img, Piece.lit((w_m, h_m), (cols, rows), colour, level, rng=rng))
    return premultiply(img)
