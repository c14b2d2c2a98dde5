"""`DiffusersRenderer`: the renderer contract on open diffusion models, on the user's own GPU.

    keyframes  1. check inputs  2. the keyframe pipeline (loaded once per process)
               3. references: character sheets, location plate, chosen earlier keyframes
               4. per keyframe: the user's image, or text-to-image with the references as
                  image prompts -> PNG at the style's resolution
    draft      1. check inputs  2. the draft pipeline  3. frame plan (the model's stride) and
               the keyframes as conditions at their frames  4. camera LoRAs mixed for the shot's
               moves (CLIPLoRA: a few weightings, the best CameraCLIP score kept)
               5. crop to the view, trim to the shot, encode
    refine     1. check inputs  2. the refine pipeline and the upsampler over its VAE
               3. the draft's frames back at the model's count  4. 2x latent upsampling, then a
               short denoising with the hi-res keyframes at their frames  5. crop, trim, scale to
               the style's resolution, burn in subtitles/captions if asked, encode

The clip files and cache entries are the animatic's: keyframes as `NN-frameFFFFF.png` at the
style's resolution, the draft at the model's working size, the refined clip at the style's
resolution, every clip `frame_count(fps)` frames long. `settings()` holds the whole model
configuration (the pixel-changing part), the resolved device and dtype per stage, the cached
snapshot of every Hugging Face model and the sha256 of every LoRA: a change to any of them
changes the cache keys.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from PIL import Image

from storyreel.errors import InputError
from storyreel.extras import require
from storyreel.media.images import keyframe_image_path, load_image
from storyreel.media.overlays import Overlays
from storyreel.media.video import VideoWriter, check_format, read_frames
from storyreel.models.job import ShotJob
from storyreel.render.base import Renderer
from storyreel.render.diffusers import loading
from storyreel.render.diffusers.config import ModelConfig, StageConfig, load_model_config
from storyreel.render.diffusers.draft import (
    VideoRequest,
    draft_prompt,
    keyframe_frames,
    multiple_of,
    run_ltx,
    run_wan,
    stride_of,
)
from storyreel.render.diffusers.frames import Canvas, FramePlan, plan_frames, resize, to_uint8
from storyreel.render.diffusers.keyframes import ImageRequest, generate_image, image_embedder, keyframe_prompt
from storyreel.render.diffusers.loras import (
    CameraAdapters,
    CameraScorer,
    candidate_weights,
    fingerprint,
    search,
)
from storyreel.render.diffusers.references import (
    SheetStore,
    character_prompt,
    location_prompt,
    select_memory,
    stable_seed,
    user_images,
)
from storyreel.render.diffusers.refine import UPSCALE, RefineRequest, run_refine

log = logging.getLogger("storyreel.render.diffusers")

DRAFT_PIPELINES = ("LTXConditionPipeline", "WanImageToVideoPipeline")
REFINE_PIPELINES = ("LTXConditionPipeline",)
SHEET_ASPECT = (3, 4)  # character sheets stand upright


class DiffusersRenderer(Renderer):
    """Keyframes, drafts and refinement through diffusers pipelines (see config.py for the models).

    models:        a built-in name ("ltx-video", "wan-flf2v", "tiny-random"), a TOML file, or a
                   ModelConfig.
    project_dir:   the project: relative reference images are read from it, and generated
                   character sheets and location plates are kept in its cache/sheets/.
    camera_scorer: what the CLIPLoRA search scores each weighting's draft with (loras.py
                   CameraScorer: `score(frames, camera) -> float` and a `name`), such as the
                   critic's CameraCLIP, which the crew loads and hands in; None: no search.
    subtitles, captions: burn the shot's dialogue / action into the refined clip.
    crf, preset:   the encoder's settings.
    pipelines:     pipelines built by the caller, by role ("keyframes", "draft", "refine",
                   "upsampler"), used instead of loading the configured weights (benchmarks of
                   random-weight models, pipelines assembled by hand); the knobs still apply.
    """

    name: ClassVar[str] = "diffusers"
    version: ClassVar[str] = "1"

    def __init__(
        self,
        *,
        models: str | Path | ModelConfig | None = None,
        project_dir: str | Path | None = None,
        camera_scorer: CameraScorer | None = None,
        subtitles: bool = False,
        captions: bool = False,
        crf: int = 18,
        preset: str = "medium",
        pipelines: dict[str, Any] | None = None,
    ):
        for module in ("torch", "diffusers", "transformers"):
            require(module, "the diffusers renderer")
        self.config = models if isinstance(models, ModelConfig) else load_model_config(models)
        self.check_config(self.config)
        self.project_dir = Path(project_dir).resolve() if project_dir else None
        self.sheets = SheetStore(self.project_dir / "cache" / "sheets" if self.project_dir else None)
        self.subtitles, self.captions, self.crf, self.preset = subtitles, captions, crf, preset
        self.lora_sha256 = fingerprint(self.config.loras)
        self.scorer = camera_scorer if self.config.searches_loras else None
        self.scorer_id = self.scorer.name if self.scorer is not None else None
        self.pipelines = dict(pipelines or {})
        self._adapters: dict[int, CameraAdapters] = {}
        self.last_search: dict[str, Any] = {}  # shot id -> the CLIPLoRA search of its last draft

    @staticmethod
    def check_config(config: ModelConfig) -> None:
        if config.draft.pipeline not in DRAFT_PIPELINES:
            raise InputError(
                f"draft pipeline {config.draft.pipeline!r}: expected one of {', '.join(DRAFT_PIPELINES)}"
            )
        if config.refine.pipeline not in REFINE_PIPELINES:
            raise InputError(
                f"refine pipeline {config.refine.pipeline!r}: expected {', '.join(REFINE_PIPELINES)} "
                "(its latent upsampler and keyframe conditions)"
            )

    # -- what the cache key holds -------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        stages: dict[str, dict[str, Any]] = {}
        for role in ("keyframes", "draft", "refine"):
            stage: StageConfig = getattr(self.config, role)
            device = loading.resolve_device(stage.device)
            stages[role] = {
                **stage.pixel_settings(),
                "device": device.split(":")[0],
                "dtype": loading.dtype_name(loading.resolve_dtype(stage.dtype, device)),
                "snapshot": loading.snapshot(stage.model, stage.revision),
            }
        stages["refine"]["upsampler_snapshot"] = loading.snapshot(
            self.config.refine.upsampler, self.config.refine.upsampler_revision
        )
        return {
            "models": self.config.name,
            "stages": stages,
            "loras": {
                move: {**lora.model_dump(mode="json"), "sha256": self.lora_sha256[move]}
                for move, lora in sorted(self.config.loras.items())
            },
            "lora_search": self.config.lora_search if self.scorer is not None else [],
            "lora_search_max": self.config.lora_search_max,
            "camera_scorer": self.scorer_id,
            "subtitles": self.subtitles,
            "captions": self.captions,
            "crf": self.crf,
            "preset": self.preset,
        }

    # -- the three stages -------------------------------------------------------------------

    def keyframes(self, job: ShotJob, out_dir: Path) -> list[Path]:
        # 1. Check inputs
        self.check_inputs(job)
        stage = self.config.keyframes
        width, height = self.full_size(job)
        out_dir.mkdir(parents=True, exist_ok=True)
        paths: list[Path] = []
        pipe, references = None, None
        for index, keyframe in enumerate(job.shot.keyframes):
            path = out_dir / f"{index:02d}-frame{keyframe.frame:05d}.png"
            if keyframe.image:
                image = load_image(
                    keyframe_image_path(keyframe.image), width, height, self._where(job, index)
                )
            else:
                with loading.GPU_LOCK, loading.quiet():
                    # 2. The keyframe pipeline, 3. the references (both once per shot, when needed)
                    pipe = pipe or self.keyframe_pipeline()
                    references = references or self.references(pipe, job)
                    # 4. Text-to-image with the references as image prompts
                    canvas = Canvas.fit((width, height), stage.size, image_multiple(pipe))
                    made = generate_image(
                        pipe,
                        ImageRequest(
                            prompt=keyframe_prompt(job, index),
                            negative_prompt=stage.negative_prompt,
                            canvas=canvas,
                            steps=stage.steps,
                            guidance_scale=stage.guidance_scale,
                            seed=job.seed + index,
                            characters=references[0],
                            scene=references[1],
                            character_scale=stage.character_scale,
                            scene_scale=stage.scene_scale,
                            call=stage.call,
                        ),
                    )
                image = resize(np.asarray(made), width, height)
            write_png(path, image)
            paths.append(path)
        return paths

    def draft(self, job: ShotJob, keyframes: list[Path], out: Path) -> Path:
        # 1. Check inputs
        self.check_inputs(job)
        self._check_keyframe_files(job, keyframes)
        stage = self.config.draft
        with loading.GPU_LOCK, loading.quiet():
            # 2. The draft pipeline
            pipe = self.video_pipeline(stage, "draft")
            # 3. The frame plan, and the keyframes as conditions at their frames
            canvas = Canvas.fit(self.full_size(job), stage.size, multiple_of(pipe))
            is_wan = stage.pipeline == "WanImageToVideoPipeline"
            plan = plan_frames(
                job.shot.frame_count(job.fps), job.fps, stride_of(pipe), stage.max_frames, fit_ends=is_wan
            )
            log.info("shot %s draft: %s", job.shot.id, plan.describe())
            request = VideoRequest(
                prompt=draft_prompt(job),
                negative_prompt=stage.negative_prompt,
                canvas=canvas,
                plan=plan,
                images=[canvas.put(_open(p)) for p in keyframes],
                indices=[plan.model_index(f) for f in keyframe_frames(job, stage.inner_keyframes)],
                strength=stage.condition_strength,
                steps=stage.steps,
                guidance_scale=stage.guidance_scale,
                seed=job.seed,
                call=stage.call,
            )
            # 4. Camera LoRAs for the shot's moves (searched with CameraCLIP when it is at hand)
            frames = self._draft_with_loras(pipe, job, request)
        # 5. Crop to the view, trim to the shot, encode
        return self._write(frames, out, canvas.view_width, canvas.view_height, job.fps)

    def refine(self, job: ShotJob, draft: Path, keyframes: list[Path], out: Path) -> Path:
        # 1. Check inputs
        self.check_inputs(job)
        self._check_keyframe_files(job, keyframes)
        if not Path(draft).is_file():
            raise InputError(f"{self._where(job)}: draft {str(draft)!r} does not exist")
        stage = self.config.refine
        shot_frames = job.shot.frame_count(job.fps)
        low_frames = list(read_frames(draft))
        if len(low_frames) != shot_frames:
            raise InputError(
                f"{self._where(job)}: draft {str(draft)!r} has {len(low_frames)} frames, expected {shot_frames}"
            )
        with loading.GPU_LOCK, loading.quiet():
            # 2. The refine pipeline and the upsampler over its VAE
            pipe = self.video_pipeline(stage, "refine")
            device = loading.resolve_device(stage.device)
            upsampler = loading.load_upsampler(
                stage,
                pipe.vae,
                device,
                loading.resolve_dtype(stage.dtype, device),
                self.pipelines.get("upsampler"),
            )
            # 3. The draft back at the model's frame count, on the draft canvas
            low = Canvas.fit(self.full_size(job), self.config.draft.size, multiple_of(pipe))
            high = low.scaled(UPSCALE)
            plan = plan_frames(shot_frames, job.fps, stride_of(pipe), self.config.draft.max_frames)
            draft_frames = [
                np.asarray(low.put(resize(f, low.view_width, low.view_height)))
                for f in plan.to_model(low_frames)
            ]
            # 4. Upsample 2x and denoise briefly, the hi-res keyframes at their frames
            video = VideoRequest(
                prompt=draft_prompt(job),
                negative_prompt=stage.negative_prompt,
                canvas=high,
                plan=plan,
                images=[high.put(_open(p)) for p in keyframes],
                indices=[
                    plan.model_index(f) for f in keyframe_frames(job, self.config.draft.inner_keyframes)
                ],
                strength=stage.condition_strength,
                steps=stage.steps,
                guidance_scale=stage.guidance_scale,
                seed=job.seed,
                call=stage.call,
            )
            if stage.vae_tiling and hasattr(pipe.vae, "enable_tiling"):
                pipe.vae.enable_tiling()
            try:
                frames = run_refine(
                    pipe,
                    upsampler,
                    RefineRequest(
                        draft_frames=draft_frames,
                        video=video,
                        denoise_strength=stage.denoise_strength,
                        adain_factor=stage.adain_factor,
                    ),
                )
            finally:
                if stage.vae_tiling and hasattr(pipe.vae, "disable_tiling"):
                    pipe.vae.disable_tiling()
        # 5. Crop, trim, scale to the style's resolution, overlays, encode
        width, height = self.full_size(job)
        shot = plan.to_shot([high.take(to_uint8(frame)) for frame in frames])
        overlays = Overlays.for_shot(job, width, height, subtitles=self.subtitles, captions=self.captions)
        final = [overlays.apply(resize(frame, width, height).copy(), i) for i, frame in enumerate(shot)]
        return self._write(final, out, width, height, job.fps)

    # -- pipelines ------------------------------------------------------------------------------

    def keyframe_pipeline(self) -> Any:
        stage = self.config.keyframes
        adapter = stage.ip_adapter

        def add_ip_adapters(pipe: Any) -> None:
            if adapter is not None and hasattr(pipe, "load_ip_adapter"):
                loading.load_ip_adapters(pipe, adapter, count=2)

        return loading.load_stage(
            stage, "keyframes", prepare=add_ip_adapters, prebuilt=self.pipelines.get("keyframes")
        )

    def video_pipeline(self, stage: StageConfig, role: str) -> Any:
        return loading.load_stage(stage, role, prebuilt=self.pipelines.get(role))

    def adapters(self, pipe: Any) -> CameraAdapters:
        if id(pipe) not in self._adapters:
            self._adapters[id(pipe)] = CameraAdapters(pipe, self.config.loras)
        return self._adapters[id(pipe)]

    # -- references (character sheets, location plate, memory) ---------------------------------

    def references(self, pipe: Any, job: ShotJob) -> tuple[list[Image.Image], list[Image.Image]]:
        """(character images, scene images) for the shot's keyframes; empty without an IP-Adapter."""
        stage = self.config.keyframes
        if stage.ip_adapter is None:
            return [], []
        characters: list[Image.Image] = []
        for sheet in job.characters:
            if sheet.reference_images:
                characters += user_images(sheet.reference_images, self.project_dir, f"character {sheet.name}")
            else:
                prompt = character_prompt(sheet, job.style)
                seed = stable_seed("character", sheet.name, job.style.seed)
                characters.append(self._sheet(pipe, prompt, seed, SHEET_ASPECT, {"character": sheet.name}))
        scene: list[Image.Image] = []
        if job.location is not None:
            if job.location.reference_images:
                scene += user_images(
                    job.location.reference_images, self.project_dir, f"location {job.location.name}"
                )
            else:
                prompt = location_prompt(job.location, job.scene_heading, job.style)
                seed = stable_seed("location", job.location.name, job.style.seed)
                scene.append(
                    self._sheet(pipe, prompt, seed, self.full_size(job), {"location": job.location.name})
                )
        memory = select_memory(
            [Path(p) for p in job.memory if Path(p).is_file()],
            stage.memory_frames,
            anchors=characters + scene,
            embed=image_embedder(pipe),
        )
        scene += [_open(p) for p in memory]
        return characters, scene

    def _sheet(
        self, pipe: Any, prompt: str, seed: int, aspect: tuple[int, int], what: dict[str, str]
    ) -> Image.Image:
        stage = self.config.keyframes
        canvas = Canvas.fit(aspect, stage.size, image_multiple(pipe))
        recipe = {
            **what,
            "prompt": prompt,
            "seed": seed,
            "canvas": canvas,
            "stage": self.settings()["stages"]["keyframes"],
        }
        request = ImageRequest(
            prompt=prompt,
            negative_prompt=stage.negative_prompt,
            canvas=canvas,
            steps=stage.steps,
            guidance_scale=stage.guidance_scale,
            seed=seed,
            call=stage.call,
        )
        return self.sheets.get(recipe, lambda: generate_image(pipe, request))

    # -- camera LoRAs ----------------------------------------------------------------------------

    def _draft_with_loras(self, pipe: Any, job: ShotJob, request: VideoRequest) -> list[np.ndarray]:
        """The model's frames as uint8 views: with the shot's camera LoRAs, searched or as given."""
        adapters = self.adapters(pipe)
        moves, weights = adapters.for_camera(job.shot.camera)

        def render(candidate: list[float]) -> list[np.ndarray]:
            with adapters.active(moves, candidate):
                frames = run_wan(pipe, request) if request_is_wan(pipe) else run_ltx(pipe, request)
            return request.plan.to_shot([request.canvas.take(to_uint8(frame)) for frame in frames])

        if not moves or self.scorer is None:
            return render(weights)
        scorer = self.scorer
        result = search(
            render,
            lambda frames: scorer.score(frames, job.shot.camera),
            candidate_weights(weights, self.config.lora_search, self.config.lora_search_max),
        )
        self.last_search[job.shot.id] = {"moves": moves, "weights": result.weights, "scores": result.scores}
        log.info(
            "shot %s CLIPLoRA: %s weights %s (scores %s)", job.shot.id, moves, result.weights, result.scores
        )
        return result.frames

    # -- inputs ------------------------------------------------------------------------------------

    def check_inputs(self, job: ShotJob) -> None:
        """Refuse, in one line, what cannot be rendered, before any model is loaded."""
        width, height = self.full_size(job)
        check_format(width, height, job.fps)
        self.check_keyframes(job)
        if self.config.draft.pipeline == "WanImageToVideoPipeline":
            if not job.shot.keyframes:
                raise InputError(f"{self._where(job)}: the Wan first-last-frame draft needs a keyframe")
            if len(job.shot.keyframes) > 2:
                log.warning(
                    "shot %s: Wan first-last-frame takes the first and last keyframes; %d inner ones are not passed",
                    job.shot.id,
                    len(job.shot.keyframes) - 2,
                )

    # -- output --------------------------------------------------------------------------------------

    def _write(self, frames: list[np.ndarray], out: Path, width: int, height: int, fps: float) -> Path:
        with VideoWriter(out, width, height, fps, crf=self.crf, preset=self.preset) as video:
            for frame in frames:
                video.write(np.ascontiguousarray(frame))
        return out


def request_is_wan(pipe: Any) -> bool:
    return type(pipe).__name__ == "WanImageToVideoPipeline"


def image_multiple(pipe: Any) -> int:
    """What a text-to-image UNet's input sides must be divisible by: the VAE's factor times one
    halving per down block (SDXL: 8 x 4 = 32), and at least 8."""
    unet = getattr(pipe, "unet", None)
    factor = int(getattr(pipe, "vae_scale_factor", 8))
    halvings = len(unet.config.block_out_channels) - 1 if unet is not None else 1
    return max(8, factor * 2**halvings)  # the SDXL pipelines check for 8 whatever the VAE


def _open(path: Path | str) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGB")


def write_png(path: Path, rgb: np.ndarray) -> None:
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    Image.fromarray(np.ascontiguousarray(rgb)).save(tmp, format="PNG")
    tmp.replace(path)


__all__ = ["DiffusersRenderer", "FramePlan"]
