"""A location's world-fixed set: the ground, an interior's back wall and the set pieces, laid out
once per location in scene coordinates (render/animatic/blocking.py) and seen by each shot
through its `SceneFrame`.

    set_pieces(location)  every piece's kind, size, colour and place: deterministic from the
                          location's name alone, so shot 1 and shot 40 of a place stand the same
                          cabinet in the same spot (a shot's seed changes nothing here)
    piece_layers(...)     the cards of the pieces this shot's camera can see, painted at the
                          resolution it needs them (the others cost nothing)
    ground_layer(...)     the floor's tiles on the scene's grid, figure shadows, haze far away
    back_wall(...)        an interior's wall behind the action, with its doors and windows

Pieces stand behind the action line only (no near band): a piece between the lens and the
characters would hide a face in some shot; the plan puts a prop there when the action asks for
it. Interior pieces stand along the wall and in the middle of the room, exterior ones in a band
of trees and lamps behind the characters and buildings far away.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import cv2
import numpy as np

from storyreel.media.paint import MAX_TEXTURE, mix, shade, stable_seed
from storyreel.render.animatic.pieces import PIECES, piece_texture

WALL_Z = 4.5  # metres behind the action line: an interior's back wall (further when props are)
WALL_HEIGHT = 4.5
CLEAR = (2.6, 1.4)  # |x| and z (metres) around the cast that middle pieces keep out of
# interior?, band -> (kinds, x range, step range, z range) in scene metres
BANDS: dict[
    bool,
    tuple[tuple[str, tuple[str, ...], tuple[float, float], tuple[float, float], tuple[float, float]], ...],
] = {
    True: (
        ("far", ("cabinet",), (-18.0, 18.0), (1.8, 3.4), (-1.0, -0.45)),  # z: before the wall
        ("mid", ("cabinet", "table", "plant", "lamp"), (-12.0, 12.0), (2.4, 4.2), (1.5, 3.0)),
    ),
    False: (
        ("far", ("building",), (-220.0, 220.0), (10.0, 22.0), (45.0, 150.0)),
        ("mid", ("tree", "lamp", "crate"), (-45.0, 45.0), (3.0, 6.5), (3.5, 16.0)),
    ),
}


@dataclass(frozen=True)
class SetPiece:
    """One piece of a location's set, in scene coordinates."""

    kind: str
    band: str
    foot: tuple[float, float, float]
    width: float
    height: float
    colour: int  # index into the location's palette
    turn: float  # degrees off facing the master shot
    seed: int  # its texture's details (lit windows, ...)


@functools.lru_cache(maxsize=64)
def set_pieces(name: str, interior: bool, palette_size: int) -> tuple[SetPiece, ...]:
    """Every piece of the location `name`'s set."""
    rng = np.random.default_rng(stable_seed("set", name))
    out = []
    for band, kinds, (x0, x1), (s0, s1), (z0, z1) in BANDS[interior]:
        x = x0 + float(rng.uniform(0, s1))
        while x < x1:
            kind = kinds[int(rng.integers(len(kinds)))]
            w0, w1, h0, h1 = PIECES[kind][1]
            w, h = float(rng.uniform(w0, w1)), float(rng.uniform(h0, h1))
            z = float(rng.uniform(z0, z1))
            if interior and band == "far":
                z += WALL_Z
            if band == "mid" and abs(x) < CLEAR[0] + w / 2 and z < CLEAR[1] + 1.0:
                z = CLEAR[1] + 1.0  # not right behind the cast's heads
            turn = float(rng.uniform(-8, 8)) if band != "far" else 0.0
            colour, seed = int(rng.integers(palette_size)), int(rng.integers(1 << 30))
            out.append(SetPiece(kind, band, (x, 0.0, z), w, h, colour, turn, seed))
            x += float(rng.uniform(s0, s1)) + w / 2
    return tuple(out)


def scene_card(
    foot: np.ndarray, width_m: float, height_m: float, turn_deg: float, lean_deg: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A card standing at `foot` (bottom centre, scene coordinates), facing the master shot turned
    by `turn_deg`, laid back by `lean_deg`: (top-left corner, right, down) in scene axes."""
    turn, lean = math.radians(turn_deg), math.radians(lean_deg)
    right = np.array([math.cos(turn), 0.0, -math.sin(turn)])
    back = np.array([math.sin(turn), 0.0, math.cos(turn)])
    up = math.cos(lean) * np.array([0.0, 1.0, 0.0]) + math.sin(lean) * back
    return foot - right * width_m / 2 + up * height_m, right, -up


def ground_texture(
    light,
    palette: list[tuple[int, int, int]],
    extent: tuple[float, float, float, float],
    shadows: list[tuple[float, float, float]],
    rng: np.random.Generator,
    texels: int,
) -> tuple[np.ndarray, float]:
    """The ground (RGBA, opaque) over `extent` (x0, x1, z0, z1, scene metres): tiles of the
    palette's main colour on the scene's grid, soft figure shadows (x, z, radius), and haze
    growing with depth. Rows run from the far edge; returns metres per texel."""
    x0, x1, z0, z1 = extent
    per = max(x1 - x0, z1 - z0) / texels
    cols, rows = int((x1 - x0) / per), int((z1 - z0) / per)
    main = palette[0] if light.interior else mix(palette[0], (120, 120, 110), 0.4)
    base = np.array(shade(main, light.level), np.float32)
    xs = x0 + (np.arange(cols, dtype=np.float32) + 0.5) * per
    zs = z1 - (np.arange(rows, dtype=np.float32) + 0.5) * per  # row 0 is the far edge
    tile = 2.0 if light.interior else 4.0
    line = 0.035
    cx, cz = np.floor(xs / tile).astype(np.int32), np.floor(zs / tile).astype(np.int32)
    gx = np.abs((xs / tile + 0.5) % 1 - 0.5) < line
    gz = np.abs((zs / tile + 0.5) % 1 - 0.5) < line
    tone = np.where((cx[None, :] + cz[:, None]) % 2 == 1, np.float32(0.88), np.float32(1.0))
    tone[:, gx] *= 0.62
    tone[gz, :] *= 0.62
    # noise on a fixed grid: the same ground at every resolution (draft and full size agree)
    noise = rng.normal(0, 0.04, size=(160, 160)).astype(np.float32)
    tone += cv2.resize(noise, (cols, rows), interpolation=cv2.INTER_LINEAR)
    for sx, sz, radius in shadows:  # soft shadows under the figures, in a window around each
        c0, c1 = np.searchsorted(xs, [sx - 3 * radius, sx + 3 * radius])
        r0, r1 = np.searchsorted(-zs, [-(sz + 2 * radius), -(sz - 2 * radius)])
        d = ((xs[None, c0:c1] - sx) / (radius * 1.3)) ** 2 + ((zs[r0:r1, None] - sz) / (radius * 0.6)) ** 2
        tone[r0:r1, c0:c1] *= 1 - 0.45 * np.exp(-d * 2.5)
    far = (np.clip((zs - z0) / (z1 - z0), 0, 1) ** 0.8)[:, None]
    img = np.empty((rows, cols, 4), np.uint8)
    for c in range(3):
        channel = tone * (base[c] * (1 - far)) + light.haze[c] * far
        img[..., c] = np.clip(channel, 0, 255)
    img[..., 3] = 255
    return img, per


def reach(interior: bool, distance: float) -> float:
    """How far the ground runs from the camera before the haze (metres)."""
    return max(60.0, 6.0 * distance) if not interior else max(14.0, 2.5 * distance)


def ground_extent(centre: np.ndarray, interior: bool, distance: float) -> tuple[float, float, float, float]:
    """The scene rectangle (x0, x1, z0, z1) of ground a camera near `centre` can see."""
    r = reach(interior, distance)
    cx, cz = float(centre[0]), float(centre[2])
    return cx - r * 1.5, cx + r * 1.5, cz - r * 0.75, cz + r * 1.5


WALL_WIDTH = 90.0  # metres of back wall, centred on the set


def wall_texture(
    light, palette: list[tuple[int, int, int]], name: str, span: tuple[float, float], h_m: float, ppm: float
) -> np.ndarray:
    """The part `span` (scene x from, to) of an interior's back wall (RGB): the room's colour, its
    doors, windows and pictures (laid out once along the whole wall from the location's name, so
    every shot sees the same ones), a skirting board."""
    rng = np.random.default_rng(stable_seed("wall", name))
    x0, x1 = span
    cols, rows = max(16, int((x1 - x0) * ppm)), max(8, int(h_m * ppm))
    img = np.empty((rows, cols, 3), np.uint8)
    img[:] = light.horizon
    k = cols / (x1 - x0)
    x = -WALL_WIDTH / 2

    def box(a: float, b: float, top: float, bottom: float, colour, thickness: int = -1) -> None:
        if b >= x0 and a <= x1:
            cv2.rectangle(
                img, (int((a - x0) * k), int(top)), (int((b - x0) * k), int(bottom)), colour, thickness
            )

    while x < WALL_WIDTH / 2:  # doors, windows and pictures along the wall
        x += float(rng.uniform(1.2, 3.5))
        kind = rng.integers(3)
        colour = shade(palette[int(rng.integers(len(palette)))], light.level)
        if kind == 0:
            box(x, x + 0.9, rows - 2.1 * rows / h_m, rows - 1, colour)
        elif kind == 1:
            sky = (60, 80, 120) if light.level < 0.7 else (190, 215, 235)
            box(x, x + 1.2, rows * 0.25, rows * 0.6, sky)
            box(x, x + 1.2, rows * 0.25, rows * 0.6, colour, max(1, int(0.06 * k)))
        else:
            box(x, x + 0.7, rows * 0.3, rows * 0.5, colour)
        x += 1.2
    cv2.rectangle(img, (0, rows - max(1, int(0.12 * k))), (cols - 1, rows - 1), shade(light.horizon, 0.7), -1)
    return img


def piece_card(piece: SetPiece, palette, level: float, ppm: float) -> np.ndarray:
    """A piece's card (premultiplied RGBA) at `ppm` texels a metre (at most MAX_TEXTURE / 2)."""
    ppm = min(ppm, MAX_TEXTURE / 2 / max(piece.width, piece.height))
    rng = np.random.default_rng(piece.seed)
    return piece_texture(piece.kind, piece.width, piece.height, palette[piece.colour], rng, ppm, level)
