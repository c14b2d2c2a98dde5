"""The diffusers backend on a GPU: real-size LTX-Video with random weights, against plain diffusers.

    python benchmarks/gpu.py                       # LTX-Video 2B configuration, 768x512, 121 frames
    python benchmarks/gpu.py --model 13b           # the 0.9.7 13B configuration
    python benchmarks/gpu.py --model tiny --device cpu --width 64 --height 32 --frames 17  # dry run
    python benchmarks/gpu.py --model 2b --layers 2 --device cpu --width 64 --height 64 --frames 9 \
        --steps 2 --refine-steps 2 --fps 8   # the real widths and VAE, two layers deep, on a CPU

Speed does not depend on weight values, so the components are built from the published configs
(transformer, the 0.9.5+ video VAE, the 2x latent upsampler, a T5-XXL text encoder) with random
weights, directly on the GPU in bfloat16; nothing is downloaded. Measured, each after a short
warm-up, with CUDA synchronised around it and the peak of allocated GPU memory reset before:

1. draft, plain: `LTXConditionPipeline(...)(conditions=3 keyframes, ...)` with default settings,
   at the draft size and frame count, `output_type="np"`: what a user writing diffusers gets.
2. draft, storyreel: `DiffusersRenderer.draft` on the same pipeline: keyframe PNGs in, conditions
   at their frames, frames out, H.264 written. Then with the first-block cache hook, and (with
   --compile) with the repeated blocks compiled (the second call timed: the first compiles).
3. refine, plain: the diffusers recipe, `LTXLatentUpsamplePipeline(latents=draft latents)` then
   `LTXConditionPipeline(latents=..., denoise_strength, conditions=hi-res keyframes)` at 2x.
4. refine, storyreel: `DiffusersRenderer.refine` (the same two calls, from the draft's file,
   with VAE tiling) to the 2x size.

Every figure is also given per second of output video (frames / fps), with the ratio to the
plain call. Results go to --out (JSON) and a table is printed last.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]

# Published diffusers configs (transformer/config.json of each model; the 0.9.5+ VAE).
TRANSFORMERS = {
    "2b": {
        "num_attention_heads": 32,
        "attention_head_dim": 64,
        "cross_attention_dim": 2048,
        "num_layers": 28,
    },
    "13b": {
        "num_attention_heads": 32,
        "attention_head_dim": 128,
        "cross_attention_dim": 4096,
        "num_layers": 48,
    },
}
VAE = {
    "block_out_channels": (128, 256, 512, 1024, 2048),
    "decoder_block_out_channels": (256, 512, 1024),
    "layers_per_block": (4, 6, 6, 2, 2),
    "decoder_layers_per_block": (5, 5, 5, 5),
    "spatio_temporal_scaling": (True, True, True, True),
    "decoder_spatio_temporal_scaling": (True, True, True),
    "decoder_inject_noise": (False, False, False, False),
    "down_block_types": ("LTXVideo095DownBlock3D",) * 4,
    "downsample_type": ("spatial", "temporal", "spatiotemporal", "spatiotemporal"),
    "upsample_residual": (True, True, True),
    "upsample_factor": (2, 2, 2),
    "timestep_conditioning": True,
    "patch_size": 4,
    "patch_size_t": 1,
    "spatial_compression_ratio": 32,
    "temporal_compression_ratio": 8,
}
T5_XXL = {
    "d_model": 4096,
    "d_kv": 64,
    "d_ff": 10240,
    "num_layers": 24,
    "num_heads": 64,
    "feed_forward_proj": "gated-gelu",
}


@contextlib.contextmanager
def building_on(device: str, dtype: Any) -> Iterator[None]:
    """New modules' weights created on `device` in `dtype`: no float32 copy on the CPU first."""
    import torch

    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        with torch.device(device):
            yield
    finally:
        torch.set_default_dtype(previous)


def real_size_pipelines(
    model: str, device: str, dtype: Any, layers: int | None = None
) -> tuple[Any, Any, dict[str, int]]:
    """LTXConditionPipeline and LTXLatentUpsamplePipeline at published sizes, random weights
    (`layers`: fewer transformer and T5 layers at the real widths, to check the path on a CPU)."""
    import torch
    from diffusers import (
        AutoencoderKLLTXVideo,
        FlowMatchEulerDiscreteScheduler,
        LTXConditionPipeline,
        LTXLatentUpsamplePipeline,
        LTXVideoTransformer3DModel,
    )
    from diffusers.pipelines.ltx.modeling_latent_upsampler import LTXLatentUpsamplerModel
    from transformers import T5Config, T5EncoderModel

    from storyreel.render.diffusers.tiny import byte_tokenizer

    torch.manual_seed(0)
    with building_on(device, dtype):
        depth = {"num_layers": layers} if layers else {}
        transformer = LTXVideoTransformer3DModel(
            caption_channels=4096, **{**TRANSFORMERS[model], **depth}
        ).eval()
        vae = AutoencoderKLLTXVideo(latent_channels=128, **VAE).eval()
        text_encoder = T5EncoderModel(T5Config(vocab_size=32128, **{**T5_XXL, **depth})).eval()
        upsampler = LTXLatentUpsamplerModel(in_channels=128, mid_channels=512, num_blocks_per_stage=4).eval()
    tokenizer = byte_tokenizer(256, pad="<pad>", eos="</s>")
    pipe = LTXConditionPipeline(
        scheduler=FlowMatchEulerDiscreteScheduler(),
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        transformer=transformer,
    )
    sizes = {
        name: sum(p.numel() for p in m.parameters())
        for name, m in [
            ("transformer", transformer),
            ("vae", vae),
            ("text_encoder", text_encoder),
            ("upsampler", upsampler),
        ]
    }
    return pipe, LTXLatentUpsamplePipeline(vae=vae, latent_upsampler=upsampler), sizes


def tiny_pipelines(device: str, dtype: Any) -> tuple[Any, Any, dict[str, int]]:
    from storyreel.render.diffusers import tiny

    pipe = tiny.ltx_condition_pipeline().to(device=device, dtype=dtype)
    upsampler = tiny.build_upsampler(pipe.vae)
    upsampler.latent_upsampler.to(device=device, dtype=dtype)
    return pipe, upsampler, {"transformer": sum(p.numel() for p in pipe.transformer.parameters())}


def keyframe_images(width: int, height: int, count: int, seed: int = 0) -> list[Image.Image]:
    """Smooth random colour fields (not noise: a VAE encodes them like pictures)."""
    rng = np.random.default_rng(seed)
    images = []
    for _ in range(count):
        small = rng.integers(0, 256, (4, 6, 3), dtype=np.uint8)
        images.append(Image.fromarray(small).resize((width, height), Image.BICUBIC))
    return images


class Timer:
    def __init__(self, device: str):
        self.device = device

    def __call__(self, fn: Callable[[], Any]) -> tuple[float, float | None, Any]:
        """(seconds, peak GiB allocated on the GPU or None, result)."""
        import torch

        cuda = self.device.startswith("cuda")
        if cuda:
            torch.cuda.synchronize()
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()
        start = time.perf_counter()
        result = fn()
        if cuda:
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        peak = torch.cuda.max_memory_allocated() / 2**30 if cuda else None
        return seconds, peak, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["2b", "13b", "tiny"], default="2b")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--width", type=int, default=768)
    parser.add_argument("--height", type=int, default=512)
    parser.add_argument("--frames", type=int, default=121, help="8k+1 for LTX (121 = 5 s at 24 fps)")
    parser.add_argument("--fps", type=int, default=24)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--refine-steps", type=int, default=10)
    parser.add_argument("--denoise", type=float, default=0.4)
    parser.add_argument("--keyframes", type=int, default=3)
    parser.add_argument(
        "--compile", action="store_true", help="also time torch.compile of the repeated blocks"
    )
    parser.add_argument(
        "--layers", type=int, help="fewer transformer and T5 layers (a CPU check of the path)"
    )
    parser.add_argument("--skip-plain-refine", action="store_true", help="skip the untiled plain refine")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "gpu-results.json")
    args = parser.parse_args()

    import diffusers
    import torch

    from storyreel.media.video import probe
    from storyreel.models.bible import Style
    from storyreel.models.job import ShotJob
    from storyreel.models.plan import CameraSpec, Keyframe, Shot
    from storyreel.render.diffusers import DiffusersRenderer, loading
    from storyreel.render.diffusers.config import load_model_config

    device = args.device
    dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
    timer = Timer(device)
    seconds_of_video = args.frames / args.fps
    started = time.perf_counter()

    # 1. Components at the published sizes, random weights
    build_s, _, built = timer(
        lambda: (
            tiny_pipelines(device, dtype)
            if args.model == "tiny"
            else real_size_pipelines(args.model, device, dtype, args.layers)
        )
    )
    pipe, upsampler, sizes = built
    pipe.set_progress_bar_config(disable=True)
    upsampler.set_progress_bar_config(disable=True)
    print(f"built {args.model} in {build_s:.1f} s: {sizes}", flush=True)

    # 2. The shot: keyframes spread over the clip, as PNG files at the draft and the refine sizes
    work = Path(tempfile.mkdtemp(prefix="storyreel-gpu-"))
    frames_at = [round(i * (args.frames - 1) / max(1, args.keyframes - 1)) for i in range(args.keyframes)]
    low = keyframe_images(args.width, args.height, args.keyframes)
    high = [image.resize((2 * args.width, 2 * args.height), Image.BICUBIC) for image in low]
    low_paths, high_paths = [], []
    for index, (small, large) in enumerate(zip(low, high, strict=True)):
        low_paths.append(work / f"low-{index}.png")
        high_paths.append(work / f"high-{index}.png")
        small.save(low_paths[-1])
        large.save(high_paths[-1])
    shot = Shot(
        id="bench",
        scene=0,
        duration_s=args.frames / args.fps,
        description="A woman crosses a rainy street at night, neon reflections on the asphalt.",
        camera=CameraSpec(framing="medium", angle="eye_level", movements=["dolly_in"], speed=0.5),
        keyframes=[Keyframe(frame=f, description=f"moment {i}") for i, f in enumerate(frames_at)],
    )
    job = ShotJob(
        shot=shot,
        scene_heading="EXT. STREET - NIGHT",
        location=None,
        characters=(),
        style=Style(
            resolution={"width": 2 * args.width, "height": 2 * args.height},
            aspect_ratio=f"{args.width}:{args.height}",
            fps=args.fps,
        ),
        fps=args.fps,
        seed=0,
    )
    assert shot.frame_count(args.fps) == args.frames, "frames/fps must give a whole number of frames"
    prompt = "medium shot, eye level, steady dolly in. " + shot.description
    conditions = [(image, f) for image, f in zip(low, frames_at, strict=True)]

    def plain_draft(output_type: str = "np", steps: int | None = None) -> Any:
        from diffusers.pipelines.ltx.pipeline_ltx_condition import LTXVideoCondition

        return pipe(
            conditions=[LTXVideoCondition(image=image, frame_index=f) for image, f in conditions],
            prompt=prompt,
            height=args.height,
            width=args.width,
            num_frames=args.frames,
            frame_rate=args.fps,
            num_inference_steps=steps or args.steps,
            generator=torch.Generator("cpu").manual_seed(0),
            output_type=output_type,
        ).frames

    def renderer_for(**draft_knobs: Any) -> Any:
        config = load_model_config("tiny-random")
        stage = dict(
            model="random-weights",
            size=max(args.width, args.height),
            steps=args.steps,
            guidance_scale=3.0,
            max_frames=257,
        )
        refine = dict(
            model="random-weights",
            upsampler="random-weights",
            steps=args.refine_steps,
            denoise_strength=args.denoise,
            guidance_scale=3.0,
            vae_tiling=True,
        )
        config = config.model_copy(
            update={
                "name": f"bench-{args.model}",
                "draft": config.draft.model_copy(update={**stage, **draft_knobs}),
                "refine": config.refine.model_copy(update=refine),
            }
        )
        return DiffusersRenderer(
            models=config, pipelines={"draft": pipe, "refine": pipe, "upsampler": upsampler}
        )

    results: dict[str, Any] = {}

    def record(
        name: str, seconds: float, peak: float | None, baseline: str | None = None, **extra: Any
    ) -> None:
        entry = {
            "seconds": round(seconds, 3),
            "s_per_video_s": round(seconds / seconds_of_video, 3),
            "peak_gib": round(peak, 2) if peak is not None else None,
            **extra,
        }
        if baseline and baseline in results:
            entry["vs_plain"] = round(seconds / results[baseline]["seconds"], 3)
        results[name] = entry
        print(
            f"{name:28s} {seconds:8.2f} s  {entry['s_per_video_s']:7.2f} s/s  peak {entry['peak_gib']} GiB",
            flush=True,
        )

    # 3. Warm-up: kernels, cuDNN choices, allocator (two steps, not timed)
    warm_s, _, _ = timer(lambda: plain_draft(steps=2))
    print(f"warm-up {warm_s:.1f} s", flush=True)

    # 4. Drafts
    seconds, peak, _ = timer(plain_draft)
    record("draft_plain", seconds, peak)
    ours = renderer_for()
    seconds, peak, draft = timer(lambda: ours.draft(job, low_paths, work / "draft.mp4"))
    record("draft_storyreel", seconds, peak, "draft_plain")
    assert probe(draft).frames == args.frames
    if len(pipe.transformer.transformer_blocks) > 1:  # the first-block cache needs a block after the first
        loading.forget_loaded()
        cached = renderer_for(cache="first_block", cache_threshold=0.05)
        seconds, peak, _ = timer(lambda: cached.draft(job, low_paths, work / "draft-fbc.mp4"))
        record("draft_storyreel_fbcache", seconds, peak, "draft_plain")
        pipe.transformer.disable_cache()
        loading.forget_loaded()

    # 5. Refine: the plain diffusers recipe, then the stage
    if not args.skip_plain_refine:

        def plain_refine() -> Any:
            from diffusers.pipelines.ltx.pipeline_ltx_condition import LTXVideoCondition

            up = upsampler(latents=latents, output_type="latent").frames
            return pipe(
                conditions=[
                    LTXVideoCondition(image=image, frame_index=f)
                    for image, f in zip(high, frames_at, strict=True)
                ],
                prompt=prompt,
                height=2 * args.height,
                width=2 * args.width,
                num_frames=args.frames,
                frame_rate=args.fps,
                latents=up,
                denoise_strength=args.denoise,
                num_inference_steps=args.refine_steps,
                generator=torch.Generator("cpu").manual_seed(0),
                output_type="np",
            ).frames

        latents = plain_draft(output_type="latent")
        try:
            seconds, peak, _ = timer(plain_refine)
            record("refine_plain", seconds, peak)
        except torch.OutOfMemoryError:
            results["refine_plain"] = {"error": "out of GPU memory (no VAE tiling)"}
            print("refine_plain                 out of GPU memory", flush=True)
        del latents
    ours = renderer_for()
    seconds, peak, final = timer(lambda: ours.refine(job, draft, high_paths, work / "final.mp4"))
    record("refine_storyreel", seconds, peak, "refine_plain")
    assert probe(final).frames == args.frames

    if args.compile:
        loading.forget_loaded()
        compiled = renderer_for(compile=True)
        first, _, _ = timer(lambda: compiled.draft(job, low_paths, work / "draft-c1.mp4"))
        seconds, peak, _ = timer(lambda: compiled.draft(job, low_paths, work / "draft-c2.mp4"))
        record("draft_storyreel_compiled", seconds, peak, "draft_plain", first_call_s=round(first, 1))

    gpu = torch.cuda.get_device_name(0) if device.startswith("cuda") else platform.processor() or "cpu"
    report = {
        "gpu": gpu,
        "model": args.model,
        "layers": args.layers or "all",
        "parameters": sizes,
        "dtype": str(dtype).removeprefix("torch."),
        "draft": {
            "width": args.width,
            "height": args.height,
            "frames": args.frames,
            "fps": args.fps,
            "steps": args.steps,
            "keyframes": frames_at,
        },
        "refine": {
            "width": 2 * args.width,
            "height": 2 * args.height,
            "steps": args.refine_steps,
            "denoise_strength": args.denoise,
        },
        "seconds_of_video": round(seconds_of_video, 3),
        "versions": {
            "torch": torch.__version__,
            "diffusers": diffusers.__version__,
            "python": platform.python_version(),
        },
        "results": results,
        "wall_s": round(time.perf_counter() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"\n{gpu}, LTX-Video {args.model} (random weights, {report['dtype']}), {args.frames} frames at {args.fps} fps = {seconds_of_video:.2f} s of video"
    )
    print(f"{'measure':28s} {'seconds':>8s} {'s/video-s':>10s} {'peak GiB':>9s} {'vs plain':>9s}")
    for name, entry in results.items():
        if "error" in entry:
            print(f"{name:28s} {entry['error']}")
            continue
        print(
            f"{name:28s} {entry['seconds']:8.2f} {entry['s_per_video_s']:10.3f} {entry['peak_gib'] or 0:9.2f} {entry.get('vs_plain', ''):>9}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
