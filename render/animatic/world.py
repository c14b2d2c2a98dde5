"""The records of a blocked shot: how the scene's set maps into the camera's world, how cards
stand, and each figure through the shot (render/animatic/blocking.py makes them; the stage
paints from them and `truth()` reports from them)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from storyreel.media.camera import CameraPath
from storyreel.media.puppet import GAITS, Posture
from storyreel.models.bible import CharacterSheet
from storyreel.models.plan import Prop


@dataclass(frozen=True)
class SceneFrame:
    """Scene -> world: turn by `heading` (the camera's heading in the scene, degrees, + towards +x)
    about `origin` (a scene point), which lands on `at` (world)."""

    heading: float
    origin: np.ndarray
    at: np.ndarray

    def to_world(self, point: np.ndarray) -> np.ndarray:
        h = math.radians(self.heading)
        x, y, z = np.asarray(point, float) - self.origin
        return self.at + np.array([x * math.cos(h) - z * math.sin(h), y, x * math.sin(h) + z * math.cos(h)])

    def to_scene(self, point: np.ndarray) -> np.ndarray:
        h = math.radians(self.heading)
        x, y, z = np.asarray(point, float) - self.at
        return self.origin + np.array(
            [x * math.cos(h) + z * math.sin(h), y, -x * math.sin(h) + z * math.cos(h)]
        )

    def axis(self, direction: np.ndarray) -> np.ndarray:
        """A scene direction in world axes."""
        return self.to_world(self.origin + np.asarray(direction, float)) - self.at


@dataclass(frozen=True)
class Card:
    """How every card of the shot stands: facing the camera's start, laid back by `lean`."""

    right: np.ndarray
    up: np.ndarray

    @classmethod
    def facing(cls, yaw_deg: float, lean_deg: float) -> Card:
        yaw, lean = math.radians(yaw_deg), math.radians(lean_deg)
        right = np.array([math.cos(yaw), 0.0, -math.sin(yaw)])
        back = np.array([math.sin(yaw), 0.0, math.cos(yaw)])
        return cls(right, math.cos(lean) * np.array([0.0, 1.0, 0.0]) + math.sin(lean) * back)

    def point(self, foot: np.ndarray, x: float, y: float) -> np.ndarray:
        return foot + self.right * x + self.up * y

    def corners(self, foot: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
        x0, y0, x1, y1 = box
        return np.array([self.point(foot, x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))])


@dataclass(frozen=True)
class Figure:
    """One character through the shot: feet at the first and last frame (world), what it does."""

    character: str
    sheet: CharacterSheet
    start: np.ndarray
    end: np.ndarray
    posture: Posture  # at rest: turn, pose, gait, holding
    motion: str
    turn_from: float
    foreground: bool
    holding: str | None  # the held prop's shape

    @property
    def moves(self) -> bool:
        return self.motion != "still"

    def at(self, t: float, seconds: float) -> tuple[np.ndarray, Posture]:
        """Feet and posture at `t` (0..1 of the shot), `seconds` into it."""
        foot = self.start + (self.end - self.start) * t
        posture = self.posture
        if self.motion == "turn":
            ease = t * t * (3 - 2 * t)
            posture = replace(posture, turn=self.turn_from + (posture.turn - self.turn_from) * ease)
        if posture.gait:
            offset = (sum(map(ord, self.character)) % 7) / 7
            posture = replace(posture, phase=(seconds * GAITS[posture.gait].cadence + offset) % 1.0)
        return foot, posture


@dataclass(frozen=True)
class PlacedProp:
    """A prop where it stands in this shot (world foot), and the scene point it stands at."""

    prop: Prop
    foot: np.ndarray
    scene: np.ndarray


@dataclass(frozen=True)
class Blocking:
    path: CameraPath
    frame: SceneFrame
    card: Card
    lean: float
    figures: tuple[Figure, ...]
    props: tuple[PlacedProp, ...]

    @property
    def overhead(self) -> bool:
        return self.path.start.pitch <= -60.0

    def seconds(self, index: float) -> float:
        return index / self.path.fps

    def progress(self, index: float) -> float:
        return index / (self.path.frames - 1) if self.path.frames > 1 else 0.0
