"""The 2.5D set of a shot: textured planes at depths, built once per shot.

    a background  colours by elevation: zenith, horizon and haze for an exterior, wall,
                  ceiling and floor for an interior (drawn per frame by raster.py)
    the ground    a textured plane (tiles, grid, figure shadows) fading into haze far away
    set pieces    upright cards (buildings, trees, lamps; cabinets, doors, plants) at several
                  depths, deterministic from the location name and the seed
    figures       one card per subject (storyreel/media/figure.py) at its blocking side, with
                  a soft shadow

Colours come from the LocationSheet palette; INT/EXT and the time of day set the light. Every
texture is drawn once here at the resolution the shot needs; raster.py then only warps them.
Textures with alpha are stored premultiplied, so warping and compositing stay linear.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from storyreel.media.camera import CameraPath, Pose
from storyreel.media.figure import BUILD_WIDTH, TAG_SPACE, figure_boxes, figure_texture
from storyreel.media.paint import MAX_TEXTURE, mix, rgb, shade, stable_seed
from storyreel.models.bible import CharacterSheet, LocationSheet
from storyreel.render.animatic.pieces import BAND_KINDS, PIECES, piece_texture

SIDE_X = {"left": -1.0, "center": 0.0, "right": 1.0}


@dataclass(frozen=True)
class Layer:
    """A textured plane: texel (s, t) lies at origin + s * axis_s + t * axis_t (world metres)."""

    name: str
    texture: np.ndarray  # (h, w, 3) opaque or (h, w, 4) premultiplied RGBA, uint8
    origin: np.ndarray
    axis_s: np.ndarray
    axis_t: np.ndarray

    @property
    def opaque(self) -> bool:
        return self.texture.shape[2] == 3

    def centre(self) -> np.ndarray:
        h, w = self.texture.shape[:2]
        return self.origin + self.axis_s * (w / 2) + self.axis_t * (h / 2)


@dataclass(frozen=True)
class Light:
    zenith: tuple[int, int, int]
    horizon: tuple[int, int, int]
    haze: tuple[int, int, int]  # the ground far away
    level: float  # multiplies set colours (night is dark)
    interior: bool


@dataclass(frozen=True)
class FigureMark:
    """Where a figure's card stands and where its head and body lie on it: card metres (x right
    of the centre line, y up from the foot) as boxes (x0, y0, x1, y1), and the card's axes."""

    character: str
    foot: np.ndarray
    right: np.ndarray  # unit vector along the card's width, in world axes
    up: np.ndarray  # unit vector up the card
    head: tuple[float, float, float, float]
    body: tuple[float, float, float, float]
    facing: str = "camera"
    foreground: bool = False

    def corners(self, box: tuple[float, float, float, float]) -> np.ndarray:
        """The box's four corners in world coordinates, (4, 3)."""
        x0, y0, x1, y1 = box
        return np.array(
            [self.foot + self.right * x + self.up * y for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
        )


@dataclass(frozen=True)
class Stage:
    light: Light
    ground: Layer
    layers: tuple[Layer, ...]  # set pieces and figures, in no particular order
    figures: tuple[FigureMark, ...] = ()


DEFAULT_PALETTE = ["#8D8A80", "#B5A886", "#5E6B73", "#A0522D", "#6B8E5A", "#D9CBB0"]


def light_for(location: LocationSheet | None) -> Light:
    """INT/EXT and the first time of day set the sky (or room) and the light level."""
    interior = bool(location and location.int_ext in ("INT", "INT/EXT"))
    time = (location.times_of_day[0] if location and location.times_of_day else "DAY").upper()
    palette = [rgb(c) for c in (location.palette if location and location.palette else DEFAULT_PALETTE)]
    if interior:
        wall = mix(palette[-1], (220, 214, 200), 0.5)
        level = 0.55 if "NIGHT" in time else 0.9
        return Light(
            zenith=shade(mix(wall, (40, 36, 34), 0.6), level),
            horizon=shade(wall, level),
            haze=shade(mix(palette[0], (90, 80, 70), 0.5), level),
            level=level,
            interior=True,
        )
    if "NIGHT" in time:
        return Light((8, 12, 34), (38, 48, 88), (24, 26, 40), 0.45, False)
    if any(w in time for w in ("DUSK", "DAWN", "SUNSET", "SUNRISE", "EVENING", "MAGIC")):
        return Light((58, 52, 112), (246, 160, 92), (120, 92, 96), 0.8, False)
    return Light((70, 130, 210), (200, 222, 240), (170, 180, 176), 1.0, False)


def _upright(
    name: str, texture: np.ndarray, foot: np.ndarray, width_m: float, yaw_deg: float, lean_deg: float
) -> Layer:
    """A card standing on the ground at `foot` (bottom centre), facing a camera at `yaw_deg`,
    leaning back by `lean_deg` (overhead shots lay the cards down so they stay visible)."""
    h, w = texture.shape[:2]
    per_texel = width_m / w
    yaw, lean = math.radians(yaw_deg), math.radians(lean_deg)
    right = np.array([math.cos(yaw), 0.0, -math.sin(yaw)])
    back = np.array([math.sin(yaw), 0.0, math.cos(yaw)])
    up = math.cos(lean) * np.array([0.0, 1.0, 0.0]) + math.sin(lean) * back
    axis_s = right * per_texel
    axis_t = -up * per_texel
    origin = foot - axis_s * (w / 2) - axis_t * h
    return Layer(name, texture, origin, axis_s, axis_t)


def ground_texture(
    light: Light,
    palette: list[tuple[int, int, int]],
    extent: tuple[float, float, float, float],
    shadows: list[tuple[float, float, float]],
    rng: np.random.Generator,
    texels: int,
) -> tuple[np.ndarray, float]:
    """The ground (RGBA, opaque): tiles of the palette's main colour with a grid, soft figure
    shadows, and haze growing with distance. Rows run from the far edge; returns metres per texel."""
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


@dataclass(frozen=True)
class _View:
    """The camera path as the set is placed for it, at the frame width the textures serve."""

    path: CameraPath
    width: int
    poses: tuple[Pose, ...]  # along the path: a texture's resolution is the largest any needs

    @classmethod
    def along(cls, path: CameraPath, width: int) -> _View:
        return cls(path, width, tuple(path.pose(f) for f in np.linspace(0, path.frames - 1, 7)))

    @property
    def overhead(self) -> bool:
        return self.path.start.pitch <= -60.0

    @property
    def lean(self) -> float:
        """How far the cards lean back: an overhead shot lays them down so they stay visible."""
        return 72.0 if self.overhead else 0.0

    @property
    def centre(self) -> np.ndarray:
        """Where the set is centred: the camera, or the subjects below an overhead camera."""
        return np.array(self.path.target) if self.overhead else np.array(self.path.start.position)

    @property
    def spacing(self) -> float:
        """Between figures: it follows how much of the subjects' plane the frame holds."""
        start = self.path.start
        half_width = self.path.subject_distance * self.width / 2 / start.focal_px(self.width)
        return float(np.clip(0.5 * half_width, 0.05, 6.0))

    def px_per_m(self, point: np.ndarray) -> float:
        """The most pixels a metre at `point` covers anywhere along the path."""
        best = 0.0
        for pose in self.poses:
            depth = float(pose.rotation()[2] @ (point - np.array(pose.position)))
            best = max(best, pose.focal_px(self.width) / max(depth, 0.2))
        return best


def build_stage(
    location: LocationSheet | None,
    sheets: list[tuple[CharacterSheet, str]],
    path: CameraPath,
    width: int,
    height: int,
    seed: int,
) -> Stage:
    """The set, the ground and the figures of one shot, for the camera path `path`."""
    light = light_for(location)
    palette = [rgb(c) for c in (location.palette if location and location.palette else DEFAULT_PALETTE)]
    name = location.name if location else "NOWHERE"
    rng = np.random.default_rng(stable_seed("set", name, seed))
    view = _View.along(path, width)
    # 1. Figures at their blocking sides: spacing follows how much the frame holds.
    layers, shadows, marks = _figures(sheets, view)
    # 2. Set pieces: far, middle and near cards spread over the angles the camera will see.
    layers += _set_pieces(light, palette, rng, view)
    # 3. The ground, covering everything the camera can see up to the haze; an interior's back wall.
    ground = _ground(light, palette, shadows, rng, view)
    if light.interior:
        layers.append(_back_wall(light, palette, rng, view))
    return Stage(light=light, ground=ground, layers=tuple(layers), figures=tuple(marks))


def _figures(
    sheets: list[tuple[CharacterSheet, str]], view: _View
) -> tuple[list[Layer], list[tuple[float, float, float]], list[FigureMark]]:
    """A card per subject at its blocking side (a second subject on one side stands beside and
    behind the first), and the soft shadow under each: (x, z, radius)."""
    target = np.array(view.path.target)
    spacing = view.spacing
    layers: list[Layer] = []
    shadows = []
    marks = []
    used: dict[str, int] = {}
    for sheet, side in sheets:
        n = used.get(side, 0)
        used[side] = n + 1
        foot = np.array([target[0] + SIDE_X[side] * spacing + n * 0.35 * spacing, 0.0, target[2] + n * 0.6])
        hgt = sheet.identity.height_m
        ppm = min(
            view.px_per_m(foot + np.array([0, hgt * 0.9, 0])) * 1.1, MAX_TEXTURE / (hgt * (1 + TAG_SPACE))
        )
        tex = figure_texture(sheet, ppm)
        card_w = hgt * (1 + TAG_SPACE) * tex.shape[1] / tex.shape[0]
        layer = _upright(f"figure:{sheet.name}", tex, foot, card_w, view.path.start.yaw, view.lean)
        layers.append(layer)
        shadows.append((float(foot[0]), float(foot[2]), BUILD_WIDTH[sheet.identity.build] * hgt * 0.9))
        right = layer.axis_s / np.linalg.norm(layer.axis_s)
        up = -layer.axis_t / np.linalg.norm(layer.axis_t)
        head, body = figure_boxes(sheet.identity)
        marks.append(FigureMark(sheet.name, foot, right, up, head, body))
    return layers, shadows, marks


def _bands(
    interior: bool, distance: float, overhead: bool
) -> list[tuple[str, list[str], tuple[float, float], int]]:
    """(band, kinds, (nearest, farthest) distance from the set's centre, count) of each band."""
    far, mid, near = BAND_KINDS[interior]
    if overhead:  # looking down: the set lies around the subjects, within the view
        return [("mid", mid + far, (0.1 * distance + 1.0, 0.45 * distance + 2.0), 10)]
    bands = [
        (
            "far",
            far,
            (distance + 6.0, distance + 14.0) if interior else (distance + 40.0, distance + 160.0),
            9,
        ),
        ("mid", mid, (distance + 2.0, distance + 10.0 + distance * 0.5), 7),
    ]
    if distance > 3.0:
        bands.append(("near", near, (0.3 * distance, 0.5 * distance), 2))
    return bands


def _set_pieces(
    light: Light, palette: list[tuple[int, int, int]], rng: np.random.Generator, view: _View
) -> list[Layer]:
    """Cards of the bands' kinds, spread over the angles the camera will see: a near card stands
    at a frame edge, clear of the subjects; a middle one is kept off the subjects' line."""
    path, start, width = view.path, view.path.start, view.width
    target, distance = np.array(path.target), path.subject_distance
    sweep = abs(path.deltas.get("yaw", 0.0)) + abs(path.deltas.get("orbit", 0.0))
    zoomed_out = math.exp(max(0.0, -path.deltas.get("focal_length", 0.0)))
    hfov = 2 * math.degrees(math.atan(width / 2 / start.focal_px(width))) * zoomed_out
    spread = min(175.0, hfov + sweep + 15.0)
    centre_yaw = start.yaw + (path.deltas.get("yaw", 0.0) / 2 if not view.overhead else 0.0)
    centre = view.centre
    half_tan = math.tan(math.radians(hfov / 2))
    layers = []
    for band, kinds, (rho0, rho1), count in _bands(light.interior, distance, view.overhead):
        for i in range(count):
            kind = kinds[int(rng.integers(len(kinds)))]
            w0, w1, h0, h1 = PIECES[kind][1]
            w_m, h_m = float(rng.uniform(w0, w1)), float(rng.uniform(h0, h1))
            rho = float(rng.uniform(rho0, rho1))
            if band == "near":  # a foreground card at a frame edge, clear of the subjects
                visible = rho * half_tan
                w_m, h_m = min(w_m, 0.4 * visible), min(h_m, 0.8 * visible / max(w_m, 1e-3) * w_m + 0.5)
                phi = math.degrees(math.atan2((1 if i % 2 else -1) * (0.75 * visible + w_m / 2), rho))
            else:
                phi = -spread / 2 + spread * (i + float(rng.uniform(0.2, 0.8))) / count
            a = math.radians(centre_yaw + phi)
            foot = np.array([centre[0] + rho * math.sin(a), 0.0, centre[2] + rho * math.cos(a)])
            in_the_way = abs(foot[2] - target[2]) < 1.2 and abs(foot[0] - target[0]) < 2 * view.spacing + w_m
            if band == "mid" and in_the_way:
                foot[2] = target[2] + 1.5
            ppm = min(view.px_per_m(foot + np.array([0, h_m / 2, 0])), 512 / max(w_m, h_m) * 2)
            colour = palette[int(rng.integers(len(palette)))]
            tex = piece_texture(kind, w_m, h_m, colour, rng, ppm, light.level)
            turn = float(rng.uniform(-8, 8)) if band != "far" else 0.0
            layers.append(_upright(f"{band}:{kind}:{i}", tex, foot, w_m, start.yaw + turn, view.lean))
    return layers


def _reach(light: Light, distance: float) -> float:
    """How far the ground runs from the set's centre before the haze (metres)."""
    return max(60.0, 6.0 * distance) if not light.interior else max(14.0, 2.5 * distance)


def _ground(
    light: Light,
    palette: list[tuple[int, int, int]],
    shadows: list[tuple[float, float, float]],
    rng: np.random.Generator,
    view: _View,
) -> Layer:
    """The ground plane under everything the camera can see."""
    reach = _reach(light, view.path.subject_distance)
    cx, cz = float(view.centre[0]), float(view.centre[2])
    extent = (cx - reach * 1.5, cx + reach * 1.5, cz - reach * 0.75, cz + reach * 1.5)
    texels = int(np.clip(2 * view.width, 512, MAX_TEXTURE))
    gtex, per = ground_texture(light, palette, extent, shadows, rng, texels)
    x0, _, _, z1 = extent
    return Layer(
        "ground",
        gtex,
        origin=np.array([x0, 0.0, z1]),
        axis_s=np.array([per, 0.0, 0.0]),
        axis_t=np.array([0.0, 0.0, -per]),
    )


def _back_wall(
    light: Light, palette: list[tuple[int, int, int]], rng: np.random.Generator, view: _View
) -> Layer:
    """An interior's back wall behind the subjects, with the palette's panels."""
    target, distance = np.array(view.path.target), view.path.subject_distance
    wall_z = target[2] + distance * 0.6 + 5.0
    wall_w, wall_h = _reach(light, distance) * 3.0, 4.5
    ppm = min(view.px_per_m(np.array([target[0], 1.5, wall_z])), MAX_TEXTURE / wall_w)
    return _wall(light, palette, rng, wall_w, wall_h, ppm, np.array([float(view.centre[0]), 0.0, wall_z]))


def _wall(
    light: Light,
    palette: list[tuple[int, int, int]],
    rng: np.random.Generator,
    w_m: float,
    h_m: float,
    ppm: float,
    foot: np.ndarray,
) -> Layer:
    cols, rows = max(16, int(w_m * ppm)), max(8, int(h_m * ppm))
    img = np.empty((rows, cols, 3), np.uint8)
    img[:] = light.horizon
    k = cols / w_m
    x = 0.0
    while x < w_m:  # doors, windows and pictures along the wall
        x += float(rng.uniform(1.2, 3.5))
        kind = rng.integers(3)
        colour = shade(palette[int(rng.integers(len(palette)))], light.level)
        if kind == 0:
            cv2.rectangle(
                img, (int(x * k), int(rows - 2.1 * rows / h_m)), (int((x + 0.9) * k), rows - 1), colour, -1
            )
        elif kind == 1:
            sky = (60, 80, 120) if light.level < 0.7 else (190, 215, 235)
            cv2.rectangle(img, (int(x * k), int(rows * 0.25)), (int((x + 1.2) * k), int(rows * 0.6)), sky, -1)
            cv2.rectangle(
                img,
                (int(x * k), int(rows * 0.25)),
                (int((x + 1.2) * k), int(rows * 0.6)),
                colour,
                max(1, int(0.06 * k)),
            )
        else:
            cv2.rectangle(
                img, (int(x * k), int(rows * 0.3)), (int((x + 0.7) * k), int(rows * 0.5)), colour, -1
            )
        x += 1.2
    cv2.rectangle(img, (0, rows - max(1, int(0.12 * k))), (cols - 1, rows - 1), shade(light.horizon, 0.7), -1)
    per = w_m / cols
    return Layer(
        "wall",
        img,
        origin=foot + np.array([-w_m / 2, h_m, 0.0]),
        axis_s=np.array([per, 0.0, 0.0]),
        axis_t=np.array([0.0, -per, 0.0]),
    )
