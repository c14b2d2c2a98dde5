"""Loading pipelines from this machine only, once per process, with the memory and speed knobs.

    locate(model, role)   a folder, a Hugging Face id found in the local cache, or "tiny-random";
                          anything else is one line naming the model and how to get it
    load_stage(stage)     the stage's pipeline on its device: loaded once per process (the key is
                          the weights, device and dtype, so draft and refine share one LTX), then
                          fp8 storage, attention backend, cache hook, offload or `.to(device)`, compile
    load_upsampler(...)   LTXLatentUpsamplePipeline over the draft model's VAE

Nothing here reaches a network: every `from_pretrained` gets `local_files_only=True`, and a model
is looked up in the cache before it is loaded, so a missing one is reported as missing rather
than as whatever the loader would have said. `GPU_LOCK` serialises model work: the graph runs
shots in threads, and one pipeline cannot run two calls (or two sets of LoRA weights) at once.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from storyreel.errors import InputError
from storyreel.render.diffusers import tiny
from storyreel.render.diffusers.config import TINY, IPAdapter, RefineStage, StageConfig

GPU_LOCK = threading.RLock()
_LOADED: dict[tuple[Any, ...], Any] = {}
_HF_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


# -- device and dtype -------------------------------------------------------------------------


def resolve_device(name: str) -> str:
    """'auto' -> cuda if present, else mps, else cpu; anything else as given (checked)."""
    import torch

    if name == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(f"device {name!r}: CUDA is not available here (torch {torch.__version__})")
    return name


def resolve_dtype(name: str, device: str) -> Any:
    """'auto' -> bfloat16 on CUDA, float16 on MPS, float32 on the CPU."""
    import torch

    if name == "auto":
        if device.startswith("cuda"):
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.float16 if device == "mps" else torch.float32
    return getattr(torch, name)


def dtype_option(dtype: Any) -> dict[str, Any]:
    """`from_pretrained`'s dtype keyword: `dtype` since diffusers deprecated `torch_dtype`."""
    from diffusers.pipelines import pipeline_utils

    return {"dtype": dtype} if hasattr(pipeline_utils, "_resolve_dtype") else {"torch_dtype": dtype}


def dtype_name(dtype: Any) -> str:
    return str(dtype).removeprefix("torch.")


def offload_mode(stage: StageConfig, device: str) -> str:
    """'auto' offloads to the CPU only when the GPU is smaller than the stage needs."""
    if stage.offload != "auto":
        return stage.offload
    if not device.startswith("cuda"):
        return "none"
    import torch

    total_gib = torch.cuda.get_device_properties(torch.device(device)).total_memory / 2**30
    return "model" if total_gib < stage.offload_below_gib else "none"


# -- where weights are ------------------------------------------------------------------------


def locate(model: str, role: str, revision: str | None = None, file: str = "model_index.json") -> str:
    """The folder or cached Hugging Face id to load `model` from; never a download."""
    if model == TINY:
        return TINY
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / file).is_file():
            raise InputError(
                f"{role} model {str(path)!r}: the folder has no {file} (is it a diffusers folder?)"
            )
        return str(path.resolve())
    if not _HF_ID.match(model):
        raise InputError(f"{role} model {model!r}: no such folder, and not a Hugging Face id (org/name)")
    if cached_file(model, file, revision) is None:
        raise missing(role, model, revision)
    return model


def cached_file(repo: str, file: str, revision: str | None = None) -> str | None:
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo, file, revision=revision)
    return found if isinstance(found, str) else None


def snapshot(model: str, revision: str | None = None, file: str = "model_index.json") -> str | None:
    """The cached commit a Hugging Face id resolves to (for the manifest), or None."""
    if model == TINY or Path(model).expanduser().exists() or not _HF_ID.match(model):
        return None
    found = cached_file(model, file, revision)
    return Path(found).parents[len(Path(file).parts) - 1].name if found else None


def missing(role: str, model: str, revision: str | None = None) -> InputError:
    from huggingface_hub import constants

    pin = f" --revision {revision}" if revision else ""
    return InputError(
        f"{role} model {model!r} is not on this machine (no such folder, not in the Hugging Face cache "
        f"{constants.HF_HUB_CACHE}): download it once with `huggingface-cli download {model}{pin}`, or "
        f"set `model` in your --models file to a local folder (storyreel never downloads at run time)"
    )


def pipeline_class(name: str) -> type:
    import diffusers

    cls = getattr(diffusers, name, None)
    if not (isinstance(cls, type) and issubclass(cls, diffusers.DiffusionPipeline)):
        raise InputError(
            f"pipeline {name!r} is not a diffusers pipeline class (diffusers {diffusers.__version__})"
        )
    return cls


# -- loading ----------------------------------------------------------------------------------


def load_stage(
    stage: StageConfig, role: str, prepare: Callable[[Any], None] | None = None, prebuilt: Any = None
) -> Any:
    """The stage's pipeline, loaded once per process and placed on its device.

    `prepare(pipe)` runs once, after loading and before placement (an IP-Adapter is added there).
    `prebuilt`: a pipeline built by the caller (components passed in, as in diffusers' own
    tests and benchmarks) used instead of loading `stage.model`; the stage's knobs still apply.
    """
    device = resolve_device(stage.device)
    dtype = resolve_dtype(stage.dtype, device)
    if prebuilt is not None:
        key: tuple[Any, ...] = ("prebuilt", id(prebuilt), device, dtype_name(dtype))
    else:
        key = (stage.pipeline, stage.model, stage.revision, stage.variant, device, dtype_name(dtype))
    with GPU_LOCK:
        if key in _LOADED:
            return _LOADED[key]
        cls = pipeline_class(stage.pipeline)
        if prebuilt is not None:
            if not isinstance(prebuilt, cls):
                raise InputError(
                    f"{role}: the pipeline given is a {type(prebuilt).__name__}, not a {stage.pipeline}"
                )
            pipe = prebuilt
        elif (source := locate(stage.model, role, stage.revision)) == TINY:
            pipe = tiny.build(stage.pipeline).to(dtype=dtype)
        else:
            options = {"revision": stage.revision, "variant": stage.variant}
            pipe = _loaded(
                role,
                stage.model,
                lambda: cls.from_pretrained(
                    source,
                    **dtype_option(dtype),
                    local_files_only=True,
                    **{k: v for k, v in options.items() if v is not None},
                ),
            )
        if prepare is not None:
            prepare(pipe)
        apply_knobs(pipe, stage, device, dtype)
        _LOADED[key] = pipe
        return pipe


def load_upsampler(refine: RefineStage, vae: Any, device: str, dtype: Any, prebuilt: Any = None) -> Any:
    """LTXLatentUpsamplePipeline sharing `vae` (the draft's): one VAE in memory, one latent space."""
    key = (
        "upsampler",
        refine.upsampler,
        refine.upsampler_revision,
        id(vae),
        id(prebuilt),
        device,
        dtype_name(dtype),
    )
    with GPU_LOCK:
        if key in _LOADED:
            return _LOADED[key]
        if prebuilt is not None:
            pipe = prebuilt
        elif (source := locate(refine.upsampler, "refine upsampler", refine.upsampler_revision)) == TINY:
            pipe = tiny.build_upsampler(vae)
            pipe.latent_upsampler.to(dtype=dtype)
        else:
            from diffusers import LTXLatentUpsamplePipeline

            revision = {"revision": refine.upsampler_revision} if refine.upsampler_revision else {}
            pipe = _loaded(
                "refine upsampler",
                refine.upsampler,
                lambda: LTXLatentUpsamplePipeline.from_pretrained(
                    source, vae=vae, **dtype_option(dtype), local_files_only=True, **revision
                ),
            )
        pipe.latent_upsampler.to(device)  # small; the VAE keeps whatever placement the draft gave it
        pipe.set_progress_bar_config(disable=True)
        _LOADED[key] = pipe
        return pipe


def load_ip_adapters(pipe: Any, adapter: IPAdapter, count: int) -> None:
    """`count` copies of the IP-Adapter, so characters and scene memory get separate weights."""
    if adapter.model == TINY:
        pipe.load_ip_adapter(
            [tiny.ip_adapter_state_dict(pipe) for _ in range(count)],
            subfolder=[""] * count,
            weight_name=[""] * count,
        )
        return
    file = f"{adapter.subfolder}/{adapter.weight_name}" if adapter.subfolder else adapter.weight_name
    source = locate(adapter.model, "keyframes IP-Adapter", file=file)
    _loaded(
        "keyframes IP-Adapter",
        adapter.model,
        lambda: pipe.load_ip_adapter(
            [source] * count,
            subfolder=[adapter.subfolder] * count,
            weight_name=[adapter.weight_name] * count,
            image_encoder_folder=adapter.image_encoder_folder,
            local_files_only=True,
        ),
    )


def _loaded(role: str, model: str, load: Callable[[], Any]) -> Any:
    """Run a loader; a file missing from a partial download is reported like a missing model."""
    try:
        with quiet():
            return load()
    except OSError as exc:  # EnvironmentError: huggingface_hub's "cannot find the requested files"
        if (
            "local_files_only" in str(exc)
            or "offline" in str(exc).lower()
            or isinstance(exc, FileNotFoundError)
        ):
            raise missing(role, model) from None
        raise InputError(f"{role} model {model!r} cannot be loaded: {exc}".splitlines()[0]) from None


# -- knobs ------------------------------------------------------------------------------------


def denoiser(pipe: Any) -> Any:
    return getattr(pipe, "transformer", None) or getattr(pipe, "unet", None)


def apply_knobs(pipe: Any, stage: StageConfig, device: str, dtype: Any) -> None:
    """Memory and speed, in the order diffusers needs them: casting and attention and cache hooks
    on the denoiser, then placement (offload hooks or `.to`), then compilation."""
    import torch

    model = denoiser(pipe)
    if stage.fp8_storage and model is not None:
        model.enable_layerwise_casting(storage_dtype=torch.float8_e4m3fn, compute_dtype=dtype)
    if stage.attention_backend and model is not None:
        try:
            model.set_attention_backend(stage.attention_backend)
        except (ValueError, RuntimeError, ImportError) as exc:
            raise InputError(
                f"attention_backend {stage.attention_backend!r}: {exc}".splitlines()[0]
            ) from None
    if stage.cache != "none" and model is not None:
        blocks = getattr(model, "transformer_blocks", None)
        if stage.cache == "first_block" and blocks is not None and len(blocks) < 2:
            raise InputError(f"cache 'first_block' needs a denoiser of 2 blocks or more ({len(blocks)} here)")
        model.enable_cache(cache_config(stage, pipe))
    mode = offload_mode(stage, device)
    if mode == "model":
        pipe.enable_model_cpu_offload(device=device)
    elif mode == "sequential":
        pipe.enable_sequential_cpu_offload(device=device)
    elif mode == "group":
        pipe.enable_group_offload(
            onload_device=torch.device(device), offload_type="leaf_level", use_stream=True
        )
    else:
        pipe.to(device)
    if stage.compile and model is not None:
        if getattr(model, "_repeated_blocks", None):
            model.compile_repeated_blocks(fullgraph=True)
        else:
            model.compile()
    pipe.set_progress_bar_config(disable=True)


def cache_config(stage: StageConfig, pipe: Any) -> Any:
    from diffusers import FirstBlockCacheConfig, PyramidAttentionBroadcastConfig

    if stage.cache == "first_block":
        return FirstBlockCacheConfig(threshold=stage.cache_threshold)
    # Pyramid attention broadcast: reuse spatial attention every other step in the middle of the schedule.
    return PyramidAttentionBroadcastConfig(
        spatial_attention_block_skip_range=2,
        spatial_attention_timestep_skip_range=(100, 800),
        current_timestep_callback=lambda: pipe.current_timestep,
    )


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """diffusers' and transformers' chatter (a scheduler note the LTX pipeline triggers on every
    call, loading notices, prompt truncation) would break the progress bars; errors still come through."""
    loggers = [logging.getLogger(name) for name in ("diffusers", "transformers")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def loaded_count() -> int:
    """How many pipelines this process holds (tests check that shots reuse them)."""
    return len(_LOADED)


def forget_loaded() -> None:
    """Drop every loaded pipeline (tests; a long-lived process switching model sets)."""
    with GPU_LOCK:
        _LOADED.clear()
