"""Drawing a stage through a pose into one frame: a few warps and composites, no pixel loops.

Per frame: the background is one affine warp of a colour strip indexed by the ray's elevation;
each plane (ground, wall, cards) maps to the image by the homography K R [s_axis | t_axis |
origin - eye], is clipped against the near plane in texture space, warped into its bounding
box only, and composited (copy for opaque planes, premultiplied "over" for cards), far to near.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from storyreel.media.camera import Pose
from storyreel.media.paint import over
from storyreel.render.animatic.stage import Layer, Light, Stage

NEAR_M = 0.05
STRIP = 512
ELEVATION_RANGE = (0.0, 1.6)  # tangent of the ray elevation covered by the sky strip


def _strip(light: Light) -> np.ndarray:
    """Sky colours (RGBA) by elevation tangent, from the horizon up to the zenith."""
    s = np.linspace(0.0, ELEVATION_RANGE[1], STRIP)
    up = np.clip(s / 0.9, 0, 1) ** 0.6
    sky = (
        np.array(light.horizon, np.float32)
        + (np.array(light.zenith, np.float32) - light.horizon) * up[:, None]
    )
    rgba = np.concatenate([sky, np.full((STRIP, 1), 255, np.float32)], axis=1)
    return np.repeat(rgba[:, None, :], 2, axis=1).clip(0, 255).astype(np.uint8)


class Rasterizer:
    """Draws frames of one stage at one size; caches what does not change between frames."""

    def __init__(self, stage: Stage, width: int, height: int):
        self.stage, self.width, self.height = stage, width, height
        self.sky = _strip(stage.light)
        self.haze = np.array([*stage.light.haze, 255], np.uint8).view(np.uint32)[0]
        self.frame = np.empty((height, width, 4), np.uint8)  # RGBA, alpha always 255
        self.ground = _with_alpha(stage.ground)
        self.cards = [_with_alpha(layer) for layer in stage.layers]
        self._last: tuple[Pose, np.ndarray] | None = None  # the last still frame, and its pose
        # texel corners of every card, and their world positions: culled together per frame
        self.texel_corners = [_corners(layer) for layer in self.cards]
        self.world_corners = (
            np.stack([layer.corners() for layer in self.cards]) if self.cards else np.zeros((0, 4, 3))
        )

    def render(self, pose: Pose, index: float = 0.0) -> np.ndarray:
        """The RGB frame seen from `pose`, with the stage's actors as they are at frame `index`.
        A locked-off shot with nothing moving on its stage is the same frame throughout: it is
        drawn once and copied."""
        if not self.stage.actors and self._last is not None and self._last[0] == pose:
            return self._last[1].copy()
        frame = self._render(pose, index)
        if not self.stage.actors:
            self._last = (pose, frame.copy())
        return frame

    def _render(self, pose: Pose, index: float) -> np.ndarray:
        rot = pose.rotation()
        k = pose.intrinsics(self.width, self.height)
        eye = np.array(pose.position)
        # 1. the ground, then the sky above the horizon (which also hides the ground's mirror
        #    image: texels behind the camera project above the horizon)
        self.frame.view(np.uint32).fill(self.haze)
        self._warp_into_frame(self.ground, rot, k, eye)
        self._sky(rot, k)
        # 2. the cards, far to near (by the depth of their centres), skipping those behind the
        #    camera or out of frame; the actors as they are at this frame
        cards, texels, world = self.cards, self.texel_corners, self.world_corners
        if self.stage.actors:
            moving = [actor.layer(index) for actor in self.stage.actors]
            cards = cards + moving
            texels = texels + [_corners(layer) for layer in moving]
            world = np.concatenate([world, np.stack([layer.corners() for layer in moving])])
        if len(cards):
            cam = (world - eye) @ rot.T  # (L, 4, 3)
            depth = cam[..., 2]
            front = depth.max(axis=1) > NEAR_M
            z = np.maximum(depth, NEAR_M)[..., None]
            pix = cam[..., :2] / z * k[0, 0] + k[:2, 2]
            lo, hi = pix.min(axis=1), pix.max(axis=1)
            inside = (hi[:, 0] >= 0) & (lo[:, 0] < self.width) & (hi[:, 1] >= 0) & (lo[:, 1] < self.height)
            clipped = depth.min(axis=1) <= NEAR_M
            visible = np.flatnonzero(front & (inside | clipped))
            order = depth[visible].mean(axis=1)
            for i in visible[np.argsort(-order, kind="stable")]:
                self._draw(cards[i], texels[i], rot, k, eye)
        return cv2.cvtColor(self.frame, cv2.COLOR_RGBA2RGB)

    def _sky(self, rot: np.ndarray, k: np.ndarray) -> None:
        ray = rot.T @ np.linalg.inv(k)  # pixel (u, v, 1) -> world ray with unit camera depth
        lo, hi = 0.0, ELEVATION_RANGE[1]
        scale = (STRIP - 1) / (hi - lo)
        m = np.array([[0.0, 0.0, 0.5], [ray[1, 0] * scale, ray[1, 1] * scale, (ray[1, 2] - lo) * scale]])
        if abs(m[1, 0]) < 1e-9 and abs(m[1, 1]) < 1e-9:
            return
        # Pixels below the horizon map outside the strip and are left as they are.
        cv2.warpAffine(
            self.sky,
            m,
            (self.width, self.height),
            dst=self.frame,
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_TRANSPARENT,
        )

    def _warp_into_frame(self, layer: Layer, rot: np.ndarray, k: np.ndarray, eye: np.ndarray) -> None:
        basis = np.stack([layer.axis_s, layer.axis_t, layer.origin - eye], axis=1)
        h = k @ rot @ basis
        cv2.warpPerspective(
            layer.texture,
            h,
            (self.width, self.height),
            dst=self.frame,
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_TRANSPARENT,
        )

    def _draw(
        self,
        layer: Layer,
        corners: list[tuple[float, float]],
        rot: np.ndarray,
        k: np.ndarray,
        eye: np.ndarray,
    ) -> None:
        basis = np.stack([layer.axis_s, layer.axis_t, layer.origin - eye], axis=1)  # (3, 3)
        cam = rot @ basis  # texel (s, t, 1) -> camera coordinates
        depth = [cam[2, 0] * s + cam[2, 1] * t + cam[2, 2] for s, t in corners]
        if max(depth) <= NEAR_M:
            return
        clipped = min(depth) <= NEAR_M
        poly = _clip(corners, depth) if clipped else corners
        if len(poly) < 3:  # in front of NEAR_M but not of the clipping plane, a hair beyond it
            return
        h = k @ cam
        pts = np.array([[s, t, 1.0] for s, t in poly]) @ h.T
        pts = pts[:, :2] / pts[:, 2:3]
        x0, y0 = np.floor(pts.min(axis=0)).astype(int)
        x1, y1 = np.ceil(pts.max(axis=0)).astype(int) + 1
        x0, y0 = max(x0, 0), max(y0, 0)
        x1, y1 = min(x1, self.width), min(y1, self.height)
        if x1 <= x0 or y1 <= y0:
            return
        shift = np.array([[1.0, 0.0, -x0], [0.0, 1.0, -y0], [0.0, 0.0, 1.0]])
        size = (int(x1 - x0), int(y1 - y0))
        warped = cv2.warpPerspective(
            layer.texture,
            shift @ h,
            size,
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=0,
        )
        if clipped:  # keep only the part in front of the camera
            mask = np.zeros((size[1], size[0]), np.uint8)
            cv2.fillConvexPoly(mask, np.round((pts - [x0, y0]) * 16).astype(np.int32), 255, cv2.LINE_8, 4)
            warped = cv2.bitwise_and(warped, warped, mask=mask)
        over(self.frame[y0:y1, x0:x1], warped)


def _with_alpha(layer: Layer) -> Layer:
    if layer.texture.shape[2] == 4:
        return layer
    return replace(layer, texture=cv2.cvtColor(layer.texture, cv2.COLOR_RGB2RGBA))


def _corners(layer: Layer) -> list[tuple[float, float]]:
    h, w = layer.texture.shape[:2]
    return [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]


def _clip(corners: list[tuple[float, float]], depth: list[float]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against depth > NEAR_M, in texture coordinates."""
    out = []
    n = len(corners)
    for i in range(n):
        a, b = corners[i], corners[(i + 1) % n]
        da, db = depth[i] - NEAR_M * 1.01, depth[(i + 1) % n] - NEAR_M * 1.01
        if da > 0:
            out.append(a)
        if (da > 0) != (db > 0):
            t = da / (da - db)
            out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    return out
