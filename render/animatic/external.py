"""User-given keyframe images: loading them, and interpolating between them along the camera path.

A frame between keyframes a and b is each keyframe image warped by the homography of the camera
change from its frame to this one (pan, tilt, zoom and roll are exact homographies of a pinhole
camera; a translation is approximated by the subject plane), cross-blended by progress along
the pacing curve. Pixels a warp leaves empty are taken from the other image.
"""

from __future__ import annotations

import cv2
import numpy as np

from storyreel.media.camera import CameraPath, depth_of, ground_plane, homography


def warp_to(
    path: CameraPath,
    image: np.ndarray,
    frame_from: int,
    frame_to: int,
    size: tuple[int, int],
    depth_scale: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """`image` (seen at `frame_from`) as seen at `frame_to`, and its validity (0..255). A camera
    translation is approximated by the plane facing the camera at `depth_scale` x the subject's
    depth, or by the ground when `depth_scale` is 0."""
    a, b = path.pose(frame_from), path.pose(frame_to)
    src = (image.shape[1], image.shape[0])
    if depth_scale == 0:
        normal, distance = ground_plane(a)
        h = homography(a, b, src, size, distance, normal)
    else:
        h = homography(a, b, src, size, depth_of(a, path.target) * depth_scale)
    warped = cv2.warpPerspective(image, h, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    valid = cv2.warpPerspective(np.full(image.shape[:2], 255, np.uint8), h, size, flags=cv2.INTER_LINEAR)
    return warped, valid


def neighbours(frames: list[int], index: int) -> tuple[int, int]:
    """Positions (in `frames`) of the keyframes at or before and at or after `index`."""
    before = max((i for i, f in enumerate(frames) if f <= index), default=0)
    after = min((i for i, f in enumerate(frames) if f >= index), default=len(frames) - 1)
    return before, after


def blend_weight(path: CameraPath, frame_a: int, frame_b: int, index: int) -> float:
    """How far `index` is from keyframe a to b: by camera progress, or by time on a still shot."""
    pa, pb = path.progress(frame_a), path.progress(frame_b)
    if abs(pb - pa) > 1e-9:
        return float(np.clip((path.progress(index) - pa) / (pb - pa), 0, 1))
    return float(np.clip((index - frame_a) / max(1, frame_b - frame_a), 0, 1))


def interpolate(
    path: CameraPath, images: list[np.ndarray], frames: list[int], index: int, size: tuple[int, int]
) -> np.ndarray:
    """The frame at `index` from the keyframe images around it (all images the same size)."""
    ia, ib = neighbours(frames, index)
    first, valid_a = warp_to(path, images[ia], frames[ia], index, size)
    if ia == ib:
        return first
    second, valid_b = warp_to(path, images[ib], frames[ib], index, size)
    t = blend_weight(path, frames[ia], frames[ib], index)
    wa = valid_a.astype(np.float32) * (1 - t) + 1e-3
    wb = valid_b.astype(np.float32) * t + 1e-3
    out = (first.astype(np.float32) * wa[..., None] + second.astype(np.float32) * wb[..., None]) / (wa + wb)[
        ..., None
    ]
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)
