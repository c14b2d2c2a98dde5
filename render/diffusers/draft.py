"""Draft: low-resolution video passing through the shot's keyframes (SmartDirector's first stage).

    draft_prompt(job)                 the shot's video prompt, camera language and pacing in words
    keyframe_frames(job, mode)        where each keyframe falls in the shot (plan, or by the pacing curve)
    stride_of(pipe), multiple_of(pipe) what frame counts and sizes the model accepts
    run_ltx(pipe, request)            LTXConditionPipeline: every keyframe a condition at its frame
    run_wan(pipe, request)            WanImageToVideoPipeline: the first and last keyframes only

Both runners return the model's frames (`FramePlan.model_frames` of them, float RGB in [0, 1],
canvas-sized); the renderer crops, trims and encodes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from storyreel.media.camera import pacing_curve
from storyreel.models.camera import LABELS
from storyreel.models.job import ShotJob
from storyreel.render.diffusers.frames import Canvas, FramePlan
from storyreel.stopping import between_steps

PACING_WORDS = {
    "linear": "",
    "ease_in": "the move starts slowly and gathers speed",
    "ease_out": "the move starts briskly and settles to a stop",
    "ease_in_out": "the move eases in and eases out",
}


def speed_word(speed: float) -> str:
    return "slow" if speed < 0.34 else "steady" if speed < 0.67 else "fast"


def camera_words(job: ShotJob) -> str:
    camera = job.shot.camera
    framing = f"{LABELS[camera.framing]}, {LABELS[camera.angle]}"
    if camera.is_static:
        return f"{framing}, static camera"
    moves = " and ".join(LABELS[m] for m in camera.movements)
    # the critic's move_gain asks for more movement than planned when a draft under-delivered
    words = f"{framing}, {speed_word(camera.speed * camera.move_gain)} {moves}"
    pacing = PACING_WORDS.get(job.shot.pacing, "")
    return f"{words}, {pacing}" if pacing else words


def draft_prompt(job: ShotJob) -> str:
    """The cinematographer's video prompt (it already speaks camera language), else one built
    from the plan; the pacing goes in as words, since the model reads nothing else."""
    prompt = job.shot.prompt or f"{camera_words(job)}. {job.shot.description}"
    pacing = PACING_WORDS.get(job.shot.pacing, "")
    if pacing and pacing not in prompt:
        prompt = f"{prompt.rstrip('. ')}. {pacing[0].upper()}{pacing[1:]}."
    if job.style.look and job.style.look not in prompt:
        prompt = f"{prompt.rstrip('. ')}. {job.style.look}."
    return prompt


def inverse_pacing(pacing: str, progress: float) -> float:
    """The time fraction at which the pacing curve reaches `progress` (bisection: curves are monotone)."""
    low, high = 0.0, 1.0
    for _ in range(40):
        mid = (low + high) / 2
        if pacing_curve(pacing, mid) < progress:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def keyframe_frames(job: ShotJob, mode: str) -> list[int]:
    """Each keyframe's frame in the shot. 'plan': as planned. 'pacing': an inner keyframe's
    planned position is read as the camera's progress, and it moves to the frame where the
    pacing curve reaches that progress; the first and last stay put, and order is kept."""
    frames = [k.frame for k in job.shot.keyframes]
    if mode != "pacing" or job.shot.pacing == "linear" or len(frames) < 3:
        return frames
    last = job.shot.frame_count(job.fps) - 1
    out = [frames[0]]
    for index, frame in enumerate(frames[1:-1], start=1):
        moved = round(inverse_pacing(job.shot.pacing, frame / last) * last) if last else frame
        upper = frames[index + 1] if index + 1 < len(frames) else last + 1
        out.append(moved if out[-1] < moved < upper else frame)
    out.append(frames[-1])
    return out


def stride_of(pipe: Any) -> int:
    """Frames per latent frame: clips must be `stride * k + 1` long."""
    return int(getattr(pipe, "vae_temporal_compression_ratio", None) or pipe.vae_scale_factor_temporal)


def multiple_of(pipe: Any) -> int:
    """What the width and height must be divisible by."""
    if hasattr(pipe, "vae_spatial_compression_ratio"):  # LTX: the pipeline checks for 32
        return max(32, int(pipe.vae_spatial_compression_ratio))
    patch = getattr(getattr(pipe, "transformer", None), "config", None)
    spatial = int(getattr(pipe, "vae_scale_factor_spatial", 8))
    return spatial * (patch.patch_size[1] if patch is not None else 2)


@dataclass
class VideoRequest:
    """One conditioned video call."""

    prompt: str
    negative_prompt: str
    canvas: Canvas
    plan: FramePlan
    images: list[Image.Image]  # canvas-sized keyframes
    indices: list[int]  # their model frame indices
    strength: float
    steps: int
    guidance_scale: float
    seed: int
    call: dict[str, Any] = field(default_factory=dict)


def run_ltx(pipe: Any, request: VideoRequest, **overrides: Any) -> np.ndarray:
    """LTXConditionPipeline with one `LTXVideoCondition` per keyframe at its model frame."""
    import torch
    from diffusers.pipelines.ltx.pipeline_ltx_condition import LTXVideoCondition

    # 1. Conditions: a keyframe at frame 0 replaces the first latent frame; later ones join
    #    the sequence as extra tokens placed at their frame
    conditions = [
        LTXVideoCondition(image=image, frame_index=index, strength=request.strength)
        for image, index in zip(request.images, request.indices, strict=True)
    ]
    # 2. The call, at the model's frame count and the shot's (or time-scaled) frame rate
    result = pipe(
        conditions=conditions or None,
        prompt=request.prompt,
        negative_prompt=request.negative_prompt or None,
        height=request.canvas.height,
        width=request.canvas.width,
        num_frames=request.plan.model_frames,
        frame_rate=request.plan.fps,
        num_inference_steps=request.steps,
        callback_on_step_end=between_steps,  # Ctrl-C ends the loop at the next step
        guidance_scale=request.guidance_scale,
        generator=torch.Generator(device="cpu").manual_seed(request.seed),
        output_type="np",
        **{**request.call, **overrides},
    )
    return np.asarray(result.frames[0])


def run_wan(pipe: Any, request: VideoRequest) -> np.ndarray:
    """WanImageToVideoPipeline, first-last-frame: the first keyframe starts the clip, the last
    ends it (at the model's last frame, which the plan's last keyframe is rounded onto)."""
    import torch

    if not request.images:
        raise ValueError("the Wan first-last-frame draft needs at least one keyframe")
    result = pipe(
        image=request.images[0],
        last_image=request.images[-1] if len(request.images) > 1 else None,
        prompt=request.prompt,
        negative_prompt=request.negative_prompt or None,
        height=request.canvas.height,
        width=request.canvas.width,
        num_frames=request.plan.model_frames,
        num_inference_steps=request.steps,
        callback_on_step_end=between_steps,  # Ctrl-C ends the loop at the next step
        guidance_scale=request.guidance_scale,
        generator=torch.Generator(device="cpu").manual_seed(request.seed),
        output_type="np",
        **request.call,
    )
    return np.asarray(result.frames[0])
