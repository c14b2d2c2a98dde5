"""The 2.5D stage of a shot: textured planes at depths, built once per shot from its blocking.

    a background  colours by elevation: zenith, horizon and haze for an exterior, wall,
                  ceiling and floor for an interior (drawn per frame by raster.py)
    the ground    the floor's tiles on the scene's grid, still figures' shadows, haze far away
    the set       the location's world-fixed pieces, an interior's back wall and the scene's
                  props as labelled stand-ins (scenery.py, props.py), where the scene puts them
    figures       one card per subject (storyreel/media/figure.py), turned, posed and placed
                  as blocking.py says; a figure that moves, turns or strides is an `Actor`, whose
                  card and place change per frame (its cards are drawn once per posture)

Colours come from the LocationSheet palette; INT/EXT and the time of day set the light. Every
texture is drawn once here at the resolution the shot needs; raster.py then only warps them.
Textures with alpha are stored premultiplied, so warping and compositing stay linear.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from storyreel.media.camera import CameraPath, Pose
from storyreel.media.figure import CardShape, card_shape, figure_texture
from storyreel.media.paint import MAX_TEXTURE, mix, over, rgb, shade, stable_seed
from storyreel.media.puppet import BUILD_WIDTH, Posture
from storyreel.models.bible import LocationSheet
from storyreel.models.job import ShotJob
from storyreel.render.animatic.blocking import block
from storyreel.render.animatic.props import drawn_size, held_texture, label_height, prop_texture
from storyreel.render.animatic.scenery import (
    WALL_HEIGHT,
    WALL_WIDTH,
    WALL_Z,
    ground_extent,
    ground_texture,
    piece_card,
    scene_card,
    set_pieces,
    wall_texture,
)
from storyreel.render.animatic.world import Blocking, Card, Figure, SceneFrame

FG_BLUR_M = 0.022  # the over-the-shoulder foreground's blur (Gaussian sigma, metres on the figure)
FG_SHADE = 0.5  # ... and how dark it is drawn
FG_TEXELS = 3.0  # ... its blur's sigma in texels (its card is drawn no finer)
NEAR_M = 0.05
LABEL_SHARE = 0.035  # a prop's label letters are at most this share of the frame's height


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

    def corners(self) -> np.ndarray:
        h, w = self.texture.shape[:2]
        return np.array(
            [self.origin + self.axis_s * s + self.axis_t * t for s, t in ((0, 0), (w, 0), (w, h), (0, h))]
        )


@dataclass(frozen=True)
class Light:
    zenith: tuple[int, int, int]
    horizon: tuple[int, int, int]
    haze: tuple[int, int, int]  # the ground far away
    level: float  # multiplies set colours (night is dark)
    interior: bool


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


def plane(
    name: str,
    texture: np.ndarray,
    corner: np.ndarray,
    right: np.ndarray,
    down: np.ndarray,
    size: tuple[float, float],
) -> Layer:
    """A layer whose texture spans `size` (width, height metres) from its top-left `corner`."""
    rows, cols = texture.shape[:2]
    return Layer(name, texture, corner, right * (size[0] / cols), down * (size[1] / rows))


@dataclass(frozen=True)
class _View:
    """The camera path as the set is placed for it, at the frame size the textures serve."""

    path: CameraPath
    width: int
    height: int
    poses: tuple[Pose, ...]  # along the path: a texture's resolution is the largest any needs

    @classmethod
    def along(cls, path: CameraPath, width: int, height: int) -> _View:
        return cls(path, width, height, tuple(path.pose(f) for f in np.linspace(0, path.frames - 1, 7)))

    def px_per_m(self, point: np.ndarray) -> float:
        """The most pixels a metre at `point` covers anywhere along the path."""
        best = 0.0
        for pose in self.poses:
            depth = float(pose.rotation()[2] @ (point - np.array(pose.position)))
            best = max(best, pose.focal_px(self.width) / max(depth, 0.2))
        return best

    def sees(self, corners: np.ndarray) -> bool:
        """Whether any pose along the path sees part of the quad (with a margin)."""
        for pose in self.poses:
            cam = (corners - np.asarray(pose.position)) @ pose.rotation().T
            if cam[:, 2].max() <= NEAR_M:
                continue
            if cam[:, 2].min() <= NEAR_M:
                return True
            pix = cam[:, :2] / cam[:, 2:3] * pose.focal_px(self.width)
            half = np.array([self.width, self.height]) * 0.6
            if (pix.max(axis=0) >= -half).all() and (pix.min(axis=0) <= half).all():
                return True
        return False


class Actor:
    """A figure whose card or place changes during the shot: its cards are drawn once per
    posture (turns to 10 degrees, strides to eighths), on demand."""

    def __init__(self, figure: Figure, blocking: Blocking, ppm: float):
        self.figure, self.blocking, self.ppm = figure, blocking, ppm
        self.cards: dict[tuple, tuple[np.ndarray, CardShape]] = {}

    def layer(self, index: float) -> Layer:
        b = self.blocking
        foot, posture = self.figure.at(b.progress(index), b.seconds(index))
        posture = posture.snapped()
        key = posture.key()
        if key not in self.cards:
            self.cards[key] = figure_card(self.figure, posture, self.ppm)
        texture, shape = self.cards[key]
        return figure_layer(self.figure.character, texture, shape, foot, b.card)


@dataclass(frozen=True)
class Stage:
    light: Light
    ground: Layer
    layers: tuple[Layer, ...]  # the set, props and still figures, in no particular order
    actors: tuple[Actor, ...] = ()
    blocking: Blocking | None = field(default=None, compare=False)


def figure_card(figure: Figure, posture: Posture, ppm: float) -> tuple[np.ndarray, CardShape]:
    """A figure's card in `posture`: with the prop it holds in its hand; an over-the-shoulder
    foreground without its tag, darker and out of focus."""
    sheet = figure.sheet
    shape = card_shape(sheet.identity, posture, tag=not figure.foreground)
    ppm = min(ppm, MAX_TEXTURE / shape.top)
    if figure.foreground:  # its blur hides any finer detail: a smaller card warps faster
        ppm = min(ppm, FG_TEXELS / FG_BLUR_M)
    texture = figure_texture(sheet, ppm, posture, tag=not figure.foreground)
    ppm = texture.shape[0] / shape.top
    if figure.holding and shape.puppet.hand is not None:
        prop = held_texture(figure.holding, ppm, 1.0, mirror=posture.turn < 0)
        if prop is not None:
            hx, hy = shape.puppet.hand
            _paste(texture, prop, texture.shape[1] / 2 + hx * ppm, texture.shape[0] - hy * ppm)
    if figure.foreground:
        sigma = max(0.5, FG_BLUR_M * ppm)
        texture = cv2.GaussianBlur(texture, (0, 0), sigma)
        texture[..., :3] = (texture[..., :3] * FG_SHADE).astype(np.uint8)
    return texture, shape


def _paste(card: np.ndarray, sprite: np.ndarray, cx: float, cy: float) -> None:
    """`sprite` over `card` (both premultiplied) centred at (cx, cy), clipped to the card."""
    h, w = sprite.shape[:2]
    x0, y0 = int(round(cx - w / 2)), int(round(cy - h / 2))
    a0, b0 = max(0, x0), max(0, y0)
    a1, b1 = min(card.shape[1], x0 + w), min(card.shape[0], y0 + h)
    if a1 > a0 and b1 > b0:
        over(card[b0:b1, a0:a1], sprite[b0 - y0 : b1 - y0, a0 - x0 : a1 - x0])


def figure_layer(name: str, texture: np.ndarray, shape: CardShape, foot: np.ndarray, card: Card) -> Layer:
    corner = card.point(foot, -shape.half_width, shape.top)
    return plane(f"figure:{name}", texture, corner, card.right, -card.up, (2 * shape.half_width, shape.top))


def build_stage(job: ShotJob, path: CameraPath, width: int, height: int) -> Stage:
    """The set, the props, the ground and the figures of one shot, for the camera path `path`."""
    location = job.location
    blocking = block(job, path, width, height)
    light = light_for(location)
    palette = [rgb(c) for c in (location.palette if location and location.palette else DEFAULT_PALETTE)]
    view = _View.along(path, width, height)
    frame = blocking.frame
    # 1. Figures: still ones are one card each, with a shadow; the others are actors
    layers, shadows, actors = [], [], []
    for figure in blocking.figures:
        head = figure.start + blocking.card.up * figure.sheet.identity.height_m * 0.9
        ppm = max(view.px_per_m(head), view.px_per_m(figure.end + blocking.card.up)) * 1.1
        if figure.moves or figure.posture.gait:
            actors.append(Actor(figure, blocking, ppm))
            continue
        texture, shape = figure_card(figure, figure.posture.snapped(), ppm)
        layers.append(figure_layer(figure.character, texture, shape, figure.start, blocking.card))
        if not figure.foreground:
            scene = frame.to_scene(figure.start)
            radius = BUILD_WIDTH[figure.sheet.identity.build] * figure.sheet.identity.height_m * 0.9
            shadows.append(
                (float(scene[0]), float(scene[2]), radius * (2.2 if figure.posture.pose == "lie" else 1.0))
            )
    # 2. The scene's props and the location's pieces that this camera sees, world-fixed
    layers += _props(blocking, light, view)
    layers += _pieces(location, blocking, light, palette, view)
    # 3. The ground under everything the camera can see; an interior's back wall
    rng = np.random.default_rng(stable_seed("ground", location.name if location else "NOWHERE"))
    ground = _ground(light, palette, shadows, rng, view, frame)
    if light.interior:
        depth = max([WALL_Z] + [p.prop.depth + 1.0 for p in blocking.props])
        layers.append(_back_wall(light, palette, location, view, frame, depth))
    return Stage(light=light, ground=ground, layers=tuple(layers), actors=tuple(actors), blocking=blocking)


def _mapped(
    name: str, texture: np.ndarray, frame: SceneFrame, card: tuple, size: tuple[float, float]
) -> Layer:
    """A layer laid out in scene coordinates (corner, right, down), placed by the shot's frame."""
    corner, right, down = card
    return plane(name, texture, frame.to_world(corner), frame.axis(right), frame.axis(down), size)


def _quad(frame: SceneFrame, card: tuple, size: tuple[float, float]) -> np.ndarray:
    """The world corners of a card laid out in scene coordinates (corner, right, down)."""
    corner, right, down = card
    return np.array(
        [
            frame.to_world(corner + right * size[0] * a + down * size[1] * b)
            for a, b in ((0, 0), (1, 0), (1, 1), (0, 1))
        ]
    )


def _props(blocking: Blocking, light: Light, view: _View) -> list[Layer]:
    """Each prop as a labelled stand-in at its place on the set, facing the scene's master shot."""
    frame, out = blocking.frame, []
    for placed in blocking.props:
        w, h = drawn_size(placed.prop.shape)
        top = h + label_height(h)
        scene = frame.to_scene(placed.foot)
        if not view.sees(_quad(frame, scene_card(scene, w, top, 0.0, blocking.lean), (w, top))):
            continue
        ppm = view.px_per_m(placed.foot + np.array([0.0, h / 2, 0.0]))
        letters = LABEL_SHARE * view.height / ppm  # a small label in a close shot too
        texture, ppm = prop_texture(
            placed.prop.shape, placed.prop.name, ppm, light.level, MAX_TEXTURE // 2, letters
        )
        size = (texture.shape[1] / ppm, texture.shape[0] / ppm)
        card = scene_card(scene, size[0], size[1], 0.0, blocking.lean)
        out.append(_mapped(f"prop:{placed.prop.name}", texture, frame, card, size))
    return out


def _pieces(location, blocking: Blocking, light: Light, palette, view: _View) -> list[Layer]:
    """The location's set pieces this camera sees, where the location's layout puts them."""
    frame, out = blocking.frame, []
    name = location.name if location else "NOWHERE"
    for i, piece in enumerate(set_pieces(name, light.interior, len(palette))):
        foot = np.array(piece.foot)
        card = scene_card(foot, piece.width, piece.height, piece.turn, blocking.lean)
        corners = _quad(frame, card, (piece.width, piece.height))
        if not view.sees(corners):
            continue
        ppm = view.px_per_m(corners.mean(axis=0))
        texture = piece_card(piece, palette, light.level, ppm)
        out.append(
            _mapped(f"{piece.band}:{piece.kind}:{i}", texture, frame, card, (piece.width, piece.height))
        )
    return out


def _ground(
    light: Light, palette, shadows, rng: np.random.Generator, view: _View, frame: SceneFrame
) -> Layer:
    """The ground plane under everything the camera can see, tiled on the scene's grid."""
    path = view.path
    overhead = path.start.pitch <= -60.0
    centre = frame.to_scene(np.array(path.target) if overhead else np.array(path.start.position))
    extent = ground_extent(centre, light.interior, path.subject_distance)
    texels = int(np.clip(2 * view.width, 512, MAX_TEXTURE))
    texture, per = ground_texture(light, palette, extent, shadows, rng, texels)
    x0, _, _, z1 = extent
    corner = np.array([x0, 0.0, z1])
    rows, cols = texture.shape[:2]
    return _mapped(
        "ground",
        texture,
        frame,
        (corner, np.array([1.0, 0, 0]), np.array([0, 0, -1.0])),
        (cols * per, rows * per),
    )


def _back_wall(light: Light, palette, location, view: _View, frame: SceneFrame, depth: float) -> Layer:
    """The part of an interior's back wall (`depth` metres behind the line) the camera sees."""
    span = _wall_span(view, frame, depth)
    foot = np.array([(span[0] + span[1]) / 2, 0.0, depth])
    ppm = min(
        view.px_per_m(frame.to_world(foot + np.array([0.0, 1.5, 0.0]))), MAX_TEXTURE / (span[1] - span[0])
    )
    name = location.name if location else "NOWHERE"
    texture = wall_texture(light, palette, name, span, WALL_HEIGHT, ppm)
    card = scene_card(foot, span[1] - span[0], WALL_HEIGHT, 0.0, 0.0)
    return _mapped("wall", texture, frame, card, (span[1] - span[0], WALL_HEIGHT))


def _wall_span(view: _View, frame: SceneFrame, depth: float) -> tuple[float, float]:
    """The scene x range of the wall plane the frame's corners see along the path (a metre spare),
    the whole wall where a ray misses it."""
    normal = frame.axis(np.array([0.0, 0.0, 1.0]))
    point = frame.to_world(np.array([0.0, 0.0, depth]))
    xs = []
    for pose in view.poses:
        inverse = pose.rotation().T @ np.linalg.inv(pose.intrinsics(view.width, view.height))
        eye = np.asarray(pose.position)
        for u, v in ((0, 0), (view.width, 0), (0, view.height), (view.width, view.height)):
            ray = inverse @ np.array([u, v, 1.0])
            along = float(ray @ normal)
            if along <= 1e-6:
                return -WALL_WIDTH / 2, WALL_WIDTH / 2
            xs.append(frame.to_scene(eye + ray * float((point - eye) @ normal) / along)[0])
    return max(-WALL_WIDTH / 2, min(xs) - 1.0), min(WALL_WIDTH / 2, max(xs) + 1.0)
