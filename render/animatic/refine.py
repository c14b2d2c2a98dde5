"""The refine stage: keyframe-anchored super-resolution of the draft (after SmartDirector).

For each frame: upscale the draft (bicubic), then warp the neighbouring hi-res keyframes to this
frame by the camera homography (external.warp_to). Where a warped keyframe agrees with the draft
at the draft's resolution (the geometry held: no parallax error, no occlusion change), it
replaces the upscale, bringing back the detail the draft lost; where it disagrees, the upscale
stays. Two keyframes are weighted by time (pacing progress) and by their agreement.

    refined = up + sum_k  time_k * agree_k * pair^(1 - time_k) * (keyframe_k warped - up)
    agree_k = exp(-(|downscale(keyframe_k warped) - draft| / tolerance)^2), per pixel
    pair    = the same between the two warped keyframes (where they disagree, the geometry
              failed: an anchor is trusted less the farther the camera moved from it)

Under camera translation each keyframe is warped by three plane homographies (subject plane,
ground, far distance) and each pixel keeps the best-agreeing one.

For a staged shot the animatic can also re-render at full size (exact; `refine_mode`); the
anchored path is what it uses when the keyframes are the user's images, where there is no scene
to re-render, and the model for a generative backend.

benchmarks/render.py measures it against a direct full-resolution render, beside a plain bicubic
upscale of the same draft.
"""

from __future__ import annotations

import cv2
import numpy as np

from storyreel.media.camera import CameraPath
from storyreel.render.animatic.external import blend_weight, neighbours, warp_to

TOLERANCE = 40.0  # grey levels of disagreement at which a keyframe's weight falls to 1/e
PAIR_TOLERANCE = 12.0  # the same, between two warped keyframes
PLANE_DEPTHS = (1.0, 0.0, 1e4)  # x the subject's depth (0: the ground): planes tried
COARSE = 4  # compare at 1/COARSE of the draft size


def upscale(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    return cv2.resize(frame, size, interpolation=cv2.INTER_CUBIC)


def _agreement(warped: np.ndarray, valid: np.ndarray, draft: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Per-pixel trust in a warped keyframe. Both are compared at a quarter of the draft's size, where
    the draft's aliasing averages out and only wrong geometry (parallax, occlusion) remains."""
    coarse = (max(1, draft.shape[1] // COARSE), max(1, draft.shape[0] // COARSE))
    a = cv2.resize(warped, coarse, interpolation=cv2.INTER_AREA).astype(np.int16)
    b = cv2.resize(draft, coarse, interpolation=cv2.INTER_AREA).astype(np.int16)
    err = np.abs(a - b).max(axis=2).astype(np.float32)
    err = cv2.dilate(err, np.ones((3, 3), np.uint8))  # a margin around disagreement
    agree = np.exp(-((err / TOLERANCE) ** 2))
    agree = cv2.resize(agree, size, interpolation=cv2.INTER_LINEAR)
    inside = cv2.erode(valid, np.ones((5, 5), np.uint8)).astype(np.float32) / 255.0
    return agree * inside


def refine_frame(
    path: CameraPath, draft: np.ndarray, index: int, keyframes: list[np.ndarray], frames: list[int]
) -> np.ndarray:
    """One full-resolution frame from the draft frame at `index` and the hi-res keyframes."""
    height, width = keyframes[0].shape[:2] if keyframes else (draft.shape[0] * 2, draft.shape[1] * 2)
    size = (width, height)
    up = upscale(draft, size)
    if not keyframes:
        return up
    ia, ib = neighbours(frames, index)
    out = up.astype(np.float32)
    if ia == ib:  # before the first or after the last keyframe: one anchor
        warped, weight = _anchor(path, keyframes[ia], frames[ia], index, draft, size)
        return np.clip(out + weight[..., None] * (warped - out) + 0.5, 0, 255).astype(np.uint8)
    t = blend_weight(path, frames[ia], frames[ib], index)
    anchors = [_anchor(path, keyframes[k], frames[k], index, draft, size) for k in (ia, ib)]
    # Where the two anchors, each warped here, disagree, the geometry failed (parallax,
    # occlusion): trust an anchor less the farther the camera moved from it.
    pair = _consistency(anchors[0][0], anchors[1][0], draft.shape[1::-1], size)
    correction = np.zeros_like(out)
    for (warped, agreement), time_weight, distance in zip(anchors, (1.0 - t, t), (t, 1.0 - t), strict=True):
        if time_weight <= 0:
            continue
        weight = agreement * time_weight * pair**distance
        correction += weight[..., None] * (warped.astype(np.float32) - out)
    return np.clip(out + correction + 0.5, 0, 255).astype(np.uint8)


def _anchor(
    path: CameraPath, keyframe: np.ndarray, frame: int, index: int, draft: np.ndarray, size: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """A keyframe warped to frame `index`, and its per-pixel agreement with the draft. When the
    camera translated, three planes are tried (the subject's, the ground, the far distance)
    and each pixel takes the one that agrees best: a coarse depth for the parallax that a
    single plane misses."""
    a, b = path.pose(frame), path.pose(index)
    moved = not np.allclose(a.position, b.position)
    best_warped, best = None, None
    for scale in PLANE_DEPTHS if moved else (1.0,):
        warped, valid = warp_to(path, keyframe, frame, index, size, scale)
        agreement = _agreement(warped, valid, draft, size)
        if best is None or best_warped is None:
            best_warped, best = warped, agreement
            continue
        better = agreement > best
        best_warped = np.where(better[..., None], warped, best_warped)
        best = np.maximum(agreement, best)
    assert best_warped is not None and best is not None
    return best_warped, best


def _consistency(
    a: np.ndarray, b: np.ndarray, draft_size: tuple[int, int], size: tuple[int, int]
) -> np.ndarray:
    """Agreement of two warped hi-res keyframes (same renderer, so no aliasing tolerance)."""
    coarse = (max(1, draft_size[0] // COARSE), max(1, draft_size[1] // COARSE))
    small_a = cv2.resize(a, coarse, interpolation=cv2.INTER_AREA).astype(np.int16)
    small_b = cv2.resize(b, coarse, interpolation=cv2.INTER_AREA).astype(np.int16)
    err = cv2.dilate(np.abs(small_a - small_b).max(axis=2).astype(np.float32), np.ones((3, 3), np.uint8))
    return cv2.resize(np.exp(-((err / PAIR_TOLERANCE) ** 2)), size, interpolation=cv2.INTER_LINEAR)
