"""The diffusers backend: keyframes, drafts and refinement on open models, on the user's GPU.

config.py      ModelConfig per stage (pipeline class, weights, knobs); TOML files; the built-ins
loading.py     local-only loading, once per process, with the memory and speed knobs
tiny.py        tiny random-weight pipelines built in code (the `tiny-random` smoke test)
frames.py      canvas geometry (model strides vs the style's aspect) and frame plans (8k+1)
references.py  character sheets, location plates and the choice of earlier frames (memory)
keyframes.py   text-to-image with characters and scene as IP-Adapter image prompts
draft.py       multi-keyframe conditioned video (LTXConditionPipeline; Wan first-last-frame)
refine.py      2x latent upsampling + a short denoising anchored on the hi-res keyframes
loras.py       camera LoRAs mixed per shot, and the CLIPLoRA weight search
pipeline.py    DiffusersRenderer: the three stages, in numbered steps

Nothing here imports torch or diffusers at module level except through the renderer's own
calls, so `storyreel.render.diffusers` imports on a base install; building the renderer there
raises the one-line MissingExtraError.
"""

from storyreel.render.diffusers.pipeline import DiffusersRenderer

__all__ = ["DiffusersRenderer"]
