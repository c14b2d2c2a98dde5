"""Refine: keyframe-anchored super-resolution of the draft (Director-SR on LTX-Video's two stages).

    run_refine(pipe, upsampler, request)
        1. encode the draft's frames with the video VAE and upsample the latents 2x
           (LTXLatentUpsamplePipeline, output_type="latent")
        2. re-noise them to `denoise_strength` and denoise briefly at 2x with the hi-res keyframes
           as conditions at their frames (LTXConditionPipeline with `latents` and `conditions`),
           so the detail of the keyframes is what the refinement converges to

The draft comes in as the frames of its clip file (the stage contract hands over files, so a
resumed run refines exactly what the draft stage stored); it may come from any draft pipeline,
Wan included: the LTX VAE encodes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from storyreel.render.diffusers.draft import VideoRequest, run_ltx

UPSCALE = 2  # LTX's spatial latent upsampler doubles width and height


@dataclass
class RefineRequest:
    """The draft's frames (model count, draft canvas size) and the hi-res pass."""

    draft_frames: list[np.ndarray]
    video: VideoRequest  # at the hi-res canvas: prompt, keyframes at their indices, steps, seed
    denoise_strength: float
    adain_factor: float = 0.0


def upsample_latents(upsampler: Any, frames: list[np.ndarray], adain_factor: float) -> Any:
    """The draft's latents, upsampled 2x and normalised as the denoiser expects them."""
    import torch

    height, width = frames[0].shape[:2]
    result = upsampler(
        video=[Image.fromarray(frame) for frame in frames],
        height=height,
        width=width,
        adain_factor=adain_factor,
        generator=torch.Generator(device="cpu").manual_seed(0),
        output_type="latent",
    )
    return result.frames


def run_refine(pipe: Any, upsampler: Any, request: RefineRequest) -> np.ndarray:
    """The refined frames: 2x the draft canvas, float RGB in [0, 1]."""
    # 1. Encode and upsample the draft
    latents = upsample_latents(upsampler, request.draft_frames, request.adain_factor)
    # 2. Denoise briefly from the upsampled latents, the hi-res keyframes re-imposed at their frames
    return run_ltx(pipe, request.video, latents=latents, denoise_strength=request.denoise_strength)
