"""Frame geometry and timing between a shot and a model.

Geometry. A model wants sides divisible by its stride (LTX 32, SDXL 8, Wan 16); the film wants
the style's aspect. A `Canvas` is the model's frame: the exact-aspect `view` padded (by
reflection) up to the next multiple. Images go in with `put` (cover-fit to the view, padded);
frames come out with `take` (the view cropped back out), so a keyframe and the frame made at its
index line up pixel for pixel.

Timing. A model makes `stride * k + 1` frames (LTX 8k+1, Wan 4k+1) and at most `max_frames`. A
`FramePlan` rounds the shot's frame count up to the next count the model accepts and drops the
extra frames at the end; a shot longer than the model can make is time-scaled instead: the model
makes its longest clip at a proportionally lower frame rate, and the shot's frames are blended
from it. `describe()` says which happened, for the log.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image


def even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


@dataclass(frozen=True)
class Canvas:
    """The model's frame (`width` x `height`, multiples of its stride) around the exact-aspect view."""

    width: int
    height: int
    view_width: int
    view_height: int

    @classmethod
    def fit(cls, aspect: tuple[int, int], long_side: int, multiple: int) -> Canvas:
        """The view with the style's aspect and `long_side` pixels on its long side (rounded to
        the stride), and the smallest canvas of multiples of `multiple` holding it."""
        width, height = aspect
        side = max(multiple, long_side // multiple * multiple)
        if width >= height:
            view = (side, min(side, even(side * height / width)))
        else:
            view = (min(side, even(side * width / height)), side)
        canvas = tuple(math.ceil(v / multiple) * multiple for v in view)
        return cls(canvas[0], canvas[1], view[0], view[1])

    def scaled(self, factor: int) -> Canvas:
        return Canvas(
            self.width * factor, self.height * factor, self.view_width * factor, self.view_height * factor
        )

    @property
    def offset(self) -> tuple[int, int]:
        return (self.width - self.view_width) // 2, (self.height - self.view_height) // 2

    def put(self, image: Image.Image | np.ndarray) -> Image.Image:
        """`image` cover-fitted to the view and padded by reflection to the canvas."""
        rgb = np.asarray(image.convert("RGB") if isinstance(image, Image.Image) else image)
        view = cover(rgb, self.view_width, self.view_height)
        x, y = self.offset
        padded = cv2.copyMakeBorder(
            view,
            y,
            self.height - self.view_height - y,
            x,
            self.width - self.view_width - x,
            cv2.BORDER_REFLECT_101 if min(self.view_width, self.view_height) > 1 else cv2.BORDER_REPLICATE,
        )
        return Image.fromarray(padded)

    def take(self, frame: np.ndarray) -> np.ndarray:
        """The view out of a canvas-sized frame."""
        x, y = self.offset
        return frame[y : y + self.view_height, x : x + self.view_width]


def cover(rgb: np.ndarray, width: int, height: int) -> np.ndarray:
    """`rgb` scaled to cover (width, height) and centre-cropped."""
    h, w = rgb.shape[:2]
    if (w, h) == (width, height):
        return np.ascontiguousarray(rgb)
    scale = max(width / w, height / h)
    size = (max(width, round(w * scale)), max(height, round(h * scale)))
    scaled = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    x, y = (size[0] - width) // 2, (size[1] - height) // 2
    return np.ascontiguousarray(scaled[y : y + height, x : x + width])


def resize(frame: np.ndarray, width: int, height: int) -> np.ndarray:
    h, w = frame.shape[:2]
    if (w, h) == (width, height):
        return frame
    interpolation = cv2.INTER_AREA if width < w else cv2.INTER_LANCZOS4
    return cv2.resize(frame, (width, height), interpolation=interpolation)


def to_uint8(frame: np.ndarray) -> np.ndarray:
    """A model's float frame in [0, 1] as RGB uint8."""
    return (np.clip(frame, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


@dataclass(frozen=True)
class FramePlan:
    """How a shot's `shot_frames` map onto the `model_frames` the model makes."""

    shot_frames: int
    model_frames: int
    scale: float  # model frames per shot frame: 1.0, or less than 1 for a time-scaled shot
    fps: float  # the frame rate the model is told (lower for a time-scaled shot)

    @property
    def time_scaled(self) -> bool:
        return self.scale != 1.0

    def model_index(self, shot_index: float) -> int:
        return min(self.model_frames - 1, max(0, round(shot_index * self.scale)))

    def to_shot(self, frames: list[np.ndarray]) -> list[np.ndarray]:
        """The shot's frames from the model's: the first ones, or blended when time-scaled."""
        if not self.time_scaled:
            return list(frames[: self.shot_frames])
        out = []
        for index in range(self.shot_frames):
            position = index * self.scale
            low = min(int(position), len(frames) - 1)
            high = min(low + 1, len(frames) - 1)
            t = position - low
            if t < 1e-6 or high == low:
                out.append(frames[low])
            else:
                blend = frames[low].astype(np.float32) * (1 - t) + frames[high].astype(np.float32) * t
                out.append(blend.round().astype(frames[low].dtype))
        return out

    def to_model(self, frames: list[np.ndarray]) -> list[np.ndarray]:
        """The model's frame count from the shot's: the last frame held, or resampled when time-scaled."""
        if not self.time_scaled:
            return list(frames) + [frames[-1]] * (self.model_frames - len(frames))
        return [frames[min(len(frames) - 1, round(j / self.scale))] for j in range(self.model_frames)]

    def describe(self) -> str:
        if self.time_scaled:
            return (
                f"{self.shot_frames} frames made as {self.model_frames} (the model's stride and length) "
                f"at {self.fps:.2f} fps, blended back to the shot's frame rate"
            )
        if self.model_frames != self.shot_frames:
            return (
                f"{self.shot_frames} frames rounded up to {self.model_frames} (the model's stride), "
                f"the last {self.model_frames - self.shot_frames} dropped"
            )
        return f"{self.shot_frames} frames, as the model makes them"


def plan_frames(
    shot_frames: int, fps: float, stride: int, max_frames: int, fit_ends: bool = False
) -> FramePlan:
    """The model frame count for a shot: `stride * k + 1`, at least the shot's, at most `max_frames`.

    `fit_ends`: the model's last frame must be the shot's last (a first-last-frame model), so a
    count that is rounded up is time-scaled onto the shot rather than trimmed."""
    longest = (max_frames - 1) // stride * stride + 1
    needed = math.ceil((shot_frames - 1) / stride) * stride + 1
    if needed <= longest and (needed == shot_frames or not fit_ends):
        return FramePlan(shot_frames, needed, 1.0, fps)
    frames = min(needed, longest)
    scale = (frames - 1) / (shot_frames - 1)
    return FramePlan(shot_frames, frames, scale, fps * scale)
