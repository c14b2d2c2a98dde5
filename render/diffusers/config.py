"""Model configurations: which diffusers pipeline draws each stage, from which weights, and how.

    --models NAME_OR_FILE
        NAME   a built-in below: "ltx-video" (the default), "wan-flf2v" or "tiny-random"
        FILE   a TOML file; `base = "ltx-video"` in it starts from a built-in and overrides
               only the tables and keys the file names
    -> load_model_config() -> ModelConfig(keyframes, draft, refine, loras, lora_search)

Every stage names a pipeline class (`pipeline`), its weights (`model`: a local folder, a
Hugging Face id found in the local cache, or "tiny-random") and the knobs of its run (steps,
guidance, working size) and of its memory and speed (dtype, device, offload, VAE tiling,
attention backend, torch.compile, cache hooks). `pixel_settings()` is what changes pixels, so
it is part of every cache key; offload and compile are left out of it (same pixels, other cost).

The built-in "tiny-random" builds tiny random-weight pipelines in code (tiny.py): a smoke test of
an installation that runs the real path on any machine. Its output is noise.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from storyreel.errors import InputError
from storyreel.models.base import Noun
from storyreel.models.camera import MOVEMENTS

TINY = "tiny-random"
DEFAULT_MODELS = "ltx-video"

Dtype = Literal["auto", "float32", "float16", "bfloat16"]
Offload = Literal["auto", "none", "model", "sequential", "group"]
CacheHook = Literal["none", "first_block", "pyramid", "faster"]
InnerKeyframes = Literal["plan", "pacing"]

# Knobs that change cost, not pixels: they stay out of the cache key.
COST_ONLY = ("offload", "offload_below_gib", "compile")


class StageConfig(Noun):
    """One stage: a pipeline, its weights, how it is called, and how it runs on the device."""

    pipeline: str = Field(description="A diffusers pipeline class, e.g. 'LTXConditionPipeline'.")
    model: str = Field(description="A local folder, a Hugging Face id in the local cache, or 'tiny-random'.")
    revision: str | None = Field(None, description="Hugging Face revision (branch, tag or commit).")
    variant: str | None = Field(None, description="Weights variant, e.g. 'fp16'.")
    steps: int = Field(30, ge=1, le=1000, description="Denoising steps.")
    guidance_scale: float = Field(3.0, ge=0, description="Classifier-free guidance (1 turns it off).")
    negative_prompt: str = Field("", description="What the picture should not be.")
    size: int = Field(768, ge=16, le=4096, description="Long side of the working frame, in pixels.")
    call: dict[str, Any] = Field(
        default_factory=dict,
        description="Extra keyword arguments for the pipeline call, e.g. timesteps for a distilled model.",
    )
    # memory and speed
    dtype: Dtype = Field("auto", description="auto: bfloat16 on CUDA, float16 on MPS, float32 on CPU.")
    device: str = Field("auto", description="auto: cuda if present, else mps, else cpu; or 'cuda:1'.")
    offload: Offload = Field(
        "auto",
        description="auto: model CPU offload when the GPU has less memory than offload_below_gib, "
        "else everything stays on the GPU. model, sequential (slowest, least memory), group, none.",
    )
    offload_below_gib: float = Field(40.0, ge=0, description="GPU memory under which auto offloads.")
    vae_tiling: bool = Field(False, description="Decode in tiles: less memory at high resolution.")
    attention_backend: str | None = Field(
        None, description="diffusers attention backend, e.g. 'flash', '_native_cudnn', 'sage'."
    )
    compile: bool = Field(False, description="torch.compile the denoiser's repeated blocks.")
    cache: CacheHook = Field("none", description="diffusers cache hook on the denoiser.")
    cache_threshold: float = Field(0.05, gt=0, description="first_block: residual change that skips a step.")
    fp8_storage: bool = Field(
        False, description="Store the denoiser's weights in float8 and compute in dtype (half the memory)."
    )

    def pixel_settings(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump(mode="json").items() if k not in COST_ONLY}


class IPAdapter(Noun):
    """Image-prompt adapter weights: how a character's reference image conditions a keyframe."""

    model: str = Field(description="A local folder or Hugging Face id holding the adapter weights.")
    subfolder: str = Field("", description="Folder of the weights inside `model`.")
    weight_name: str = Field(description="The weights file, e.g. 'ip-adapter-plus_sdxl_vit-h.safetensors'.")
    image_encoder_folder: str | None = Field(
        "image_encoder", description="Folder of the CLIP image encoder inside `model` (None: the pipeline's)."
    )


class KeyframeStage(StageConfig):
    """Text-to-image keyframes, with characters and the scene as image prompts."""

    pipeline: str = "StableDiffusionXLPipeline"
    size: int = 1344
    steps: int = 30
    guidance_scale: float = 5.0
    ip_adapter: IPAdapter | None = Field(None, description="None: prompts alone, no reference images.")
    character_scale: float = Field(0.6, ge=0, le=2, description="Weight of the characters' sheets.")
    scene_scale: float = Field(
        0.3, ge=0, le=2, description="Weight of the scene memory (plate, earlier frames)."
    )
    memory_frames: int = Field(2, ge=0, le=8, description="Earlier shots' keyframes passed as scene memory.")


class DraftStage(StageConfig):
    """Low-resolution video with the keyframes as conditions at their frames."""

    pipeline: str = "LTXConditionPipeline"
    size: int = 768
    max_frames: int = Field(
        257, ge=2, description="Longest clip the model makes; longer shots are time-scaled."
    )
    condition_strength: float = Field(1.0, ge=0, le=1, description="How hard each keyframe holds its frame.")
    inner_keyframes: InnerKeyframes = Field(
        "plan",
        description="plan: every keyframe at its planned frame. pacing: an inner keyframe shows the "
        "camera's progress at its planned position, so it moves to the frame where the pacing curve "
        "reaches that progress (ease_in: later, ease_out: earlier).",
    )


class RefineStage(StageConfig):
    """2x latent upsampling of the draft, then a short denoising anchored on the hi-res keyframes."""

    pipeline: str = "LTXConditionPipeline"
    upsampler: str = Field(
        description="LTXLatentUpsamplePipeline weights: local folder, Hugging Face id or tiny-random."
    )
    upsampler_revision: str | None = None
    steps: int = 10
    denoise_strength: float = Field(0.4, gt=0, le=1, description="Share of the schedule run again at 2x.")
    condition_strength: float = Field(1.0, ge=0, le=1, description="How hard each hi-res keyframe holds.")
    adain_factor: float = Field(
        0.0, ge=0, le=1, description="Match the upsampled latents' statistics to the draft's."
    )
    vae_tiling: bool = True

    def pixel_settings(self) -> dict[str, Any]:
        # The refine pass works at UPSCALE x the draft's size: its own `size` is never read.
        return {k: v for k, v in super().pixel_settings().items() if k != "size"}


class CameraLoRA(Noun):
    """A LoRA the user has for one camera class (CameraDiff)."""

    path: str = Field(description="A .safetensors file, or a folder holding `weight_name`.")
    weight_name: str | None = Field(None, description="The file inside `path` when it is a folder.")
    weight: float = Field(1.0, ge=-4, le=4, description="Adapter weight when the shot has this move.")


class ModelConfig(Noun):
    """The whole backend: three stages, the camera LoRAs and the CLIPLoRA search."""

    name: str
    keyframes: KeyframeStage
    draft: DraftStage
    refine: RefineStage
    loras: dict[str, CameraLoRA] = Field(
        default_factory=dict, description="Camera movement id -> LoRA, e.g. dolly_in = { path = '...' }."
    )
    lora_search: list[float] = Field(
        default_factory=list,
        description="CLIPLoRA: scales of the adapter weights tried per shot when a CameraCLIP scorer "
        "is available; the best-scoring draft is kept. Empty: the weights as given.",
    )
    lora_search_max: int = Field(4, ge=1, le=16, description="Most candidate drafts rendered per shot.")

    @field_validator("loras")
    @classmethod
    def _known_moves(cls, loras: dict[str, CameraLoRA]) -> dict[str, CameraLoRA]:
        unknown = sorted(set(loras) - set(MOVEMENTS))
        if unknown:
            raise ValueError(
                f"unknown camera movement(s) {unknown}: expected ids like {', '.join(MOVEMENTS[:5])}"
            )
        return loras

    @property
    def searches_loras(self) -> bool:
        """CLIPLoRA runs: there are camera LoRAs and weightings to try (a camera scorer picks)."""
        return bool(self.loras and self.lora_search)

    def pixel_settings(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "keyframes": self.keyframes.pixel_settings(),
            "draft": self.draft.pixel_settings(),
            "refine": self.refine.pixel_settings(),
            "loras": {k: v.model_dump(mode="json") for k, v in sorted(self.loras.items())},
            "lora_search": self.lora_search,
            "lora_search_max": self.lora_search_max,
        }


# -- built-ins ---------------------------------------------------------------------------------

_SDXL_KEYFRAMES: dict[str, Any] = {
    "pipeline": "StableDiffusionXLPipeline",
    "model": "stabilityai/stable-diffusion-xl-base-1.0",
    "negative_prompt": "blurry, low quality, deformed, extra limbs, watermark, text",
    "ip_adapter": {
        "model": "h94/IP-Adapter",
        "subfolder": "sdxl_models",
        "weight_name": "ip-adapter-plus_sdxl_vit-h.safetensors",
        "image_encoder_folder": "models/image_encoder",
    },
}
_LTX = "Lightricks/LTX-Video-0.9.7-dev"
_LTX_CALL = {"decode_timestep": 0.05, "decode_noise_scale": 0.025, "image_cond_noise_scale": 0.025}
_LTX_NEGATIVE = "worst quality, inconsistent motion, blurry, jittery, distorted"

BUILTINS: dict[str, dict[str, Any]] = {
    # SDXL + IP-Adapter keyframes; LTX-Video 0.9.7 multi-keyframe drafts; its 2x latent upsampler.
    "ltx-video": {
        "name": "ltx-video",
        "keyframes": _SDXL_KEYFRAMES,
        "draft": {
            "pipeline": "LTXConditionPipeline",
            "model": _LTX,
            "size": 768,
            "steps": 30,
            "guidance_scale": 3.0,
            "negative_prompt": _LTX_NEGATIVE,
            "call": _LTX_CALL,
        },
        "refine": {
            "pipeline": "LTXConditionPipeline",
            "model": _LTX,
            "upsampler": "Lightricks/ltxv-spatial-upscaler-0.9.7",
            "steps": 10,
            "denoise_strength": 0.4,
            "guidance_scale": 3.0,
            "negative_prompt": _LTX_NEGATIVE,
            "call": _LTX_CALL,
        },
    },
    # Wan 2.1 first-last-frame image-to-video for the draft (start/end pairs; inner keyframes are
    # not passed), LTX's upsampler and refine pass on top of it.
    "wan-flf2v": {
        "name": "wan-flf2v",
        "keyframes": _SDXL_KEYFRAMES,
        "draft": {
            "pipeline": "WanImageToVideoPipeline",
            "model": "Wan-AI/Wan2.1-FLF2V-14B-720P-diffusers",
            "size": 832,
            "steps": 30,
            "guidance_scale": 5.0,
            "max_frames": 81,
            "negative_prompt": _LTX_NEGATIVE,
        },
        "refine": {
            "pipeline": "LTXConditionPipeline",
            "model": _LTX,
            "upsampler": "Lightricks/ltxv-spatial-upscaler-0.9.7",
            "steps": 10,
            "denoise_strength": 0.4,
            "negative_prompt": _LTX_NEGATIVE,
            "call": _LTX_CALL,
        },
    },
    # Tiny random-weight pipelines built in code: the real path end to end, noise out.
    TINY: {
        "name": TINY,
        "keyframes": {
            "pipeline": "StableDiffusionXLPipeline",
            "model": TINY,
            "size": 64,
            "steps": 2,
            "guidance_scale": 5.0,
            "ip_adapter": {"model": TINY, "weight_name": "ip_adapter.safetensors"},
        },
        "draft": {
            "pipeline": "LTXConditionPipeline",
            "model": TINY,
            "size": 32,
            "steps": 2,
            "max_frames": 65,
        },
        "refine": {
            "pipeline": "LTXConditionPipeline",
            "model": TINY,
            "upsampler": TINY,
            "steps": 2,
            "denoise_strength": 0.5,
            "vae_tiling": False,
        },
    },
}


def load_model_config(name_or_file: str | Path | None = None) -> ModelConfig:
    """A built-in by name, or a TOML file (optionally `base = "<built-in>"` plus overrides)."""
    value = str(name_or_file) if name_or_file is not None else DEFAULT_MODELS
    if value in BUILTINS:
        return _validated(BUILTINS[value], value)
    path = Path(value).expanduser()
    if path.suffix.lower() != ".toml":
        raise InputError(f"--models {value!r}: not a built-in ({', '.join(BUILTINS)}) nor a .toml file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such model configuration file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    base = data.pop("base", None)
    name = data.get("name", path.stem)  # the file's own name, not its base's
    if base is not None:
        if base not in BUILTINS:
            raise InputError(f"{path}: base {base!r} is not a built-in ({', '.join(BUILTINS)})")
        data = merge(BUILTINS[base], data)
    return _validated({**data, "name": name}, str(path))


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` over `base`, table by table; a key set in `override` wins."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _validated(data: dict[str, Any], where: str) -> ModelConfig:
    try:
        return ModelConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(f"{where}: {field}: {first['msg']}{more}") from None


def check_available(models: str | Path | None) -> ModelConfig:
    """Before a run starts: the `ml` extra is installed and the model configuration is valid."""
    from storyreel.extras import require

    for module in ("torch", "diffusers", "transformers"):
        require(module, "the diffusers renderer")
    return load_model_config(models)
