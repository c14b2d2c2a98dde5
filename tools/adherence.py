"""Keyframe adherence: does the draft pass through its keyframes?

The draft is streamed once; the frame at each keyframe's index is compared with the keyframe
image, at the draft's size (keyframes are hi-res, drafts half size or less, so the keyframe is
shrunk with area averaging, which is what a downscale should look like):

    video ──read_frames──> frame at index k ──┐
                                              ├─> ssim (luma), psnr (RGB) ─> mean over keyframes
    keyframe k image ──fit to the draft size──┘

    result = keyframe_adherence(Path("draft.mp4"), [(0, Path("k0.png")), (47, Path("k1.png"))])
    result.ssim, result.psnr      # means, or None without keyframes
    result.per_keyframe           # [{"index": 0, "frame": 0, "ssim": .., "psnr": .., ...}, ...]

SSIM is Wang et al. 2004 (IEEE TIP 13(4)): an 11-tap Gaussian window of sigma 1.5, K1 = 0.01,
K2 = 0.03, population (not sample) covariances, the map averaged away from a border the window
does not cover; it is written here with OpenCV and numpy because scikit-image is not in the base
install (the tests check it against skimage.metrics.structural_similarity).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from storyreel.errors import InputError
from storyreel.media import images
from storyreel.media.images import fit
from storyreel.media.video import read_frames
from storyreel.reading import require_regular

# PSNR of identical images is infinite; the critic's Scores need a finite number.
PSNR_CAP_DB = 100.0
# Wang et al. 2004: Gaussian window, its sigma and the stabilising constants.
SSIM_SIGMA, SSIM_K1, SSIM_K2 = 1.5, 0.01, 0.03
SSIM_RADIUS = int(3.5 * SSIM_SIGMA + 0.5)  # 5: an 11 x 11 window (truncated at 3.5 sigma)
DATA_RANGE = 255.0
# ITU-R BT.601 luma, as video (and skimage's rgb2gray is not: it uses BT.709 primaries).
LUMA = np.array([0.299, 0.587, 0.114])


@dataclass
class Adherence:
    """Frames of a draft at its keyframes' indices against the keyframe images."""

    ssim: float | None  # mean over keyframes; None when there is no keyframe
    psnr: float | None  # mean in dB, each capped at PSNR_CAP_DB
    per_keyframe: list[dict[str, Any]] = field(default_factory=list)
    # each: index (into the keyframes given), frame (asked for), clip_frame (compared),
    # past_end (True when the clip is shorter and its last frame stood in), ssim, psnr

    def to_dict(self) -> dict[str, Any]:
        return {"ssim": self.ssim, "psnr": self.psnr, "per_keyframe": [dict(k) for k in self.per_keyframe]}


def keyframe_adherence(video: Path, keyframes: Sequence[tuple[int, Path]]) -> Adherence:
    """SSIM and PSNR of the draft's frames at the keyframes' indices against the keyframe images."""
    # 1. Check inputs: every image, before decoding anything (the video is checked as it opens)
    video = Path(video)
    for frame, path in keyframes:
        if frame < 0:
            raise InputError(f"{path}: keyframe frame index {frame} is negative")
        images.check_image(Path(path), "keyframe")
    # 2. Stream the clip once, keeping the frames asked for
    found = frames_at(video, [frame for frame, _ in keyframes])
    if not keyframes:
        return Adherence(ssim=None, psnr=None, per_keyframe=[])
    # 3. Compare each keyframe, fitted to the draft's size, with its frame
    rows = []
    for index, (frame, path) in enumerate(keyframes):
        clip_frame, image = found[frame]
        reference = fit(images.read_rgb(Path(path), "keyframe"), image.shape[1], image.shape[0])
        rows.append(
            {
                "index": index,
                "frame": frame,
                "clip_frame": clip_frame,
                "past_end": clip_frame != frame,
                "ssim": ssim(image, reference),
                "psnr": psnr(image, reference),
            }
        )
    return Adherence(
        ssim=float(np.mean([r["ssim"] for r in rows])),
        psnr=float(np.mean([r["psnr"] for r in rows])),
        per_keyframe=rows,
    )


def frames_at(video: Path, indices: Sequence[int]) -> dict[int, tuple[int, np.ndarray]]:
    """The clip's frames at `indices`, streamed and stopped after the last one needed: each index
    maps to (the index of the frame given, the frame). An index past the end of the clip gets
    its last frame. InputError naming the file if it is missing, unreadable or empty."""
    video = Path(video)
    require_regular(video, "video")
    if not indices:
        return {}
    wanted, stop = set(indices), max(indices)
    found: dict[int, tuple[int, np.ndarray]] = {}
    last: tuple[int, np.ndarray] | None = None
    with contextlib.closing(read_frames(video)) as frames:
        for index, image in enumerate(frames):
            last = (index, image)
            if index in wanted:
                found[index] = last
            if index >= stop:
                break  # closing the generator stops ffmpeg
    if last is None:
        raise InputError(f"{video}: the video has no frames")
    return {index: found.get(index, last) for index in wanted}


# -- the measures ----------------------------------------------------------------------------


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean structural similarity of two uint8 images (RGB compared on their luma), in [-1, 1]."""
    x, y = _luma(a), _luma(b)
    _check_pair(x, y)
    c1, c2 = (SSIM_K1 * DATA_RANGE) ** 2, (SSIM_K2 * DATA_RANGE) ** 2

    def blur(image: np.ndarray) -> np.ndarray:
        size = 2 * SSIM_RADIUS + 1
        return cv2.GaussianBlur(image, (size, size), SSIM_SIGMA, borderType=cv2.BORDER_REFLECT)

    mu_x, mu_y = blur(x), blur(y)
    var_x = blur(x * x) - mu_x * mu_x
    var_y = blur(y * y) - mu_y * mu_y
    cov = blur(x * y) - mu_x * mu_y
    ssim_map = ((2 * mu_x * mu_y + c1) * (2 * cov + c2)) / (
        (mu_x * mu_x + mu_y * mu_y + c1) * (var_x + var_y + c2)
    )
    # The window overhangs the border there (reflected pixels): average the interior only,
    # when the image has one.
    r = SSIM_RADIUS
    if ssim_map.shape[0] > 2 * r and ssim_map.shape[1] > 2 * r:
        ssim_map = ssim_map[r:-r, r:-r]
    return float(ssim_map.mean())


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB of two uint8 images over all channels, capped at PSNR_CAP_DB."""
    _check_pair(a, b)
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    if mse == 0:
        return PSNR_CAP_DB
    return min(PSNR_CAP_DB, 10 * math.log10(DATA_RANGE**2 / mse))


def _luma(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        return image.astype(np.float64) @ LUMA
    return image.astype(np.float64)


def _check_pair(a: np.ndarray, b: np.ndarray) -> None:
    if a.shape != b.shape:
        raise ValueError(f"images of different shapes: {a.shape} and {b.shape}")
