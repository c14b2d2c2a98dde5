"""Keyframes: text-to-image from the cinematographer's prompts, characters and scene as image prompts.

    keyframe_prompt(job, index)          the keyframe's prompt, or its description in camera words
    generate_image(pipe, request)        one image: 1. image prompts  2. generator  3. the call
    image_embedder(pipe)                 the pipeline's CLIP image encoder, for memory selection

With an IP-Adapter, the pipeline carries two copies of it (loading.load_ip_adapters): the first
takes the subjects' character sheets at `character_scale`, the second the scene memory (the
location plate and the chosen earlier keyframes) at `scene_scale`. A group with no image gets a
grey stand-in at weight 0, so every call has the same shape and the absent group adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from storyreel.models.camera import LABELS
from storyreel.models.job import ShotJob
from storyreel.render.diffusers.frames import Canvas
from storyreel.stopping import between_steps

STAND_IN = Image.new("RGB", (64, 64), (128, 128, 128))


def keyframe_prompt(job: ShotJob, index: int) -> str:
    """The cinematographer's image prompt; failing that, the planned framing, angle and moment."""
    keyframe = job.shot.keyframes[index]
    if keyframe.prompt:
        return keyframe.prompt
    camera = job.shot.camera
    words = f"{LABELS[camera.framing]}, {LABELS[camera.angle]}, {camera.lens_mm:g}mm lens"
    look = f", {job.style.look}" if job.style.look else ""
    return f"{words}: {keyframe.description} {job.scene_heading.lower()}{look}"


@dataclass
class ImageRequest:
    """One text-to-image call."""

    prompt: str
    negative_prompt: str
    canvas: Canvas
    steps: int
    guidance_scale: float
    seed: int
    characters: list[Image.Image] = field(default_factory=list)
    scene: list[Image.Image] = field(default_factory=list)
    character_scale: float = 0.0
    scene_scale: float = 0.0
    call: dict[str, Any] = field(default_factory=dict)


def has_ip_adapters(pipe: Any) -> bool:
    unet = getattr(pipe, "unet", None)
    return unet is not None and getattr(unet, "encoder_hid_proj", None) is not None


def generate_image(pipe: Any, request: ImageRequest) -> Image.Image:
    """One keyframe (or sheet, or plate) at the canvas size, the view cropped out."""
    import torch

    # 1. Image prompts: characters to the first adapter, scene memory to the second
    extra: dict[str, Any] = {}
    if has_ip_adapters(pipe):
        groups = [request.characters, request.scene]
        scales = [request.character_scale, request.scene_scale]
        pipe.set_ip_adapter_scale(
            [scale if images else 0.0 for images, scale in zip(groups, scales, strict=True)]
        )
        extra["ip_adapter_image"] = [images or [STAND_IN] for images in groups]
    # 2. A generator on the CPU: the same noise on every device
    generator = torch.Generator(device="cpu").manual_seed(request.seed)
    # 3. The call
    result = pipe(
        prompt=request.prompt,
        negative_prompt=request.negative_prompt or None,
        height=request.canvas.height,
        width=request.canvas.width,
        num_inference_steps=request.steps,
        callback_on_step_end=between_steps,  # Ctrl-C ends the loop at the next step
        guidance_scale=request.guidance_scale,
        generator=generator,
        output_type="np",
        **extra,
        **request.call,
    )
    frame = np.asarray(result.images[0])
    rgb = (np.clip(frame, 0, 1) * 255 + 0.5).astype(np.uint8)
    return Image.fromarray(np.ascontiguousarray(request.canvas.take(rgb)))


def image_embedder(pipe: Any) -> Any:
    """images -> (n, d) CLIP image embeddings, with the pipeline's own encoder (None without one)."""
    encoder = getattr(pipe, "image_encoder", None)
    processor = getattr(pipe, "feature_extractor", None)
    if encoder is None or processor is None:
        return None

    def embed(images: list[Image.Image]) -> np.ndarray:
        import torch

        pixels = processor(images=images, return_tensors="pt").pixel_values
        parameter = next(encoder.parameters())
        with torch.no_grad():
            output = encoder(pixels.to(device=parameter.device, dtype=parameter.dtype))
        vectors = getattr(output, "image_embeds", None)
        if vectors is None:
            vectors = output.pooler_output
        return vectors.float().cpu().numpy()

    return embed
