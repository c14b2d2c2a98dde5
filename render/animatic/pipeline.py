"""`AnimaticRenderer`: the embedded default renderer, on the CPU, with no model weights.

    keyframes  1. check inputs  2. plan the camera  3. per keyframe: the user's image, fitted,
               or the stage rendered at that frame's exact pose, full resolution -> PNG
    draft      1. check inputs  2. plan the camera  3. frames at the draft size: rendered along
               the path, or (with user images) interpolated between the keyframe images
               4. stream them to the encoder
    refine     1. check inputs  2. plan the camera  3. frames at full size: keyframe-anchored
               super-resolution of the draft (refine.py) or a direct re-render (see
               `refine_mode`)  4. burn in subtitles and captions  5. stream to the encoder

Every frame is made, encoded and dropped: memory stays constant however long the shot.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

import cv2
import numpy as np

from storyreel.errors import InputError
from storyreel.media.camera import CameraPath, plan_camera
from storyreel.media.images import keyframe_image_path, load_image
from storyreel.media.overlays import Overlays
from storyreel.media.video import VideoWriter, check_format, read_frames
from storyreel.models.job import ShotJob
from storyreel.models.truth import FrameTruth
from storyreel.render.animatic.blocking import block, subject_sheets
from storyreel.render.animatic.external import interpolate
from storyreel.render.animatic.raster import Rasterizer
from storyreel.render.animatic.refine import refine_frame
from storyreel.render.animatic.stage import Stage, build_stage
from storyreel.render.animatic.truth import frame_truth
from storyreel.render.base import Renderer

RefineMode = Literal["auto", "anchored", "rerender"]


@dataclass(frozen=True)
class ShotSetup:
    """What one shot needs at one size: the camera path, the stage and its rasterizer."""

    path: CameraPath
    stage: Stage
    raster: Rasterizer
    width: int
    height: int


def even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


class AnimaticRenderer(Renderer):
    """A virtual camera over a 2.5D staged scene.

    draft_scale: the draft's size as a fraction of the style resolution per side (even sizes).
    subtitles:   burn the shot's dialogue into the refined clip, timed by words.
    captions:    burn the shot's action description at the top of the refined clip.
    refine_mode: "anchored" = keyframe-anchored super-resolution of the draft; "rerender" = draw
                 the shot again at full size (exact: the draft only fixes nothing the plan does
                 not); "auto" = rerender a staged shot, anchored when the user gave images (there
                 is no scene to re-render then).
    crf, preset: the encoder's settings.
    damping:     the share of each planned move the camera delivers (1.0 = all of it). Below 1 it
                 imitates a video model that under-delivers camera motion, as diffusion models
                 often do, so the critic's repair loop can be exercised and measured.
    """

    name: ClassVar[str] = "animatic"
    version: ClassVar[str] = "1"

    def __init__(
        self,
        *,
        draft_scale: float = 0.5,
        subtitles: bool = True,
        captions: bool = False,
        refine_mode: RefineMode = "auto",
        crf: int = 20,
        preset: str = "medium",
        damping: float = 1.0,
    ):
        if not 0 < draft_scale <= 1:
            raise InputError(f"draft_scale {draft_scale}: must be more than 0 and at most 1")
        if refine_mode not in ("auto", "anchored", "rerender"):
            raise InputError(f"refine_mode {refine_mode!r}: expected auto, anchored or rerender")
        if not 0 <= damping <= 1:
            raise InputError(f"damping {damping}: must be from 0 to 1")
        self.draft_scale = draft_scale
        self.damping = damping
        self.subtitles = subtitles
        self.captions = captions
        self.refine_mode = refine_mode
        self.crf = crf
        self.preset = preset

    def settings(self) -> dict[str, Any]:
        return {
            "draft_scale": self.draft_scale,
            "subtitles": self.subtitles,
            "captions": self.captions,
            "refine_mode": self.refine_mode,
            "crf": self.crf,
            "preset": self.preset,
            **({"damping": self.damping} if self.damping != 1.0 else {}),  # old cache keys stay valid
        }

    # -- the three stages -------------------------------------------------------------------

    def keyframes(self, job: ShotJob, out_dir: Path) -> list[Path]:
        # 1. Check inputs
        self.check_inputs(job)
        width, height = self.full_size(job)
        # 2. Plan the camera and build the stage (only if some keyframe is drawn here)
        setup = None
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        # 3. One image per keyframe: the user's, or the stage at that frame's pose
        for index, keyframe in enumerate(job.shot.keyframes):
            path = out_dir / f"{index:02d}-frame{keyframe.frame:05d}.png"
            if keyframe.image:
                image = load_image(
                    keyframe_image_path(keyframe.image), width, height, self._where(job, index)
                )
            else:
                setup = setup or self.setup(job, width, height)
                image = setup.raster.render(setup.path.pose(keyframe.frame), keyframe.frame)
            write_png(path, image)
            paths.append(path)
        return paths

    def draft(self, job: ShotJob, keyframes: list[Path], out: Path) -> Path:
        # 1. Check inputs
        self.check_inputs(job)
        self._check_keyframe_files(job, keyframes)
        width, height = self.draft_size(job)
        # 2. Plan the camera; 3. make the frames; 4. stream them to the encoder
        if self.has_external(job):
            frames = self._interpolated_frames(job, keyframes, width, height)
        else:
            frames = self._rendered_frames(job, width, height)
        return self._encode(frames, out, width, height, job.fps)

    def refine(self, job: ShotJob, draft: Path, keyframes: list[Path], out: Path) -> Path:
        # 1. Check inputs
        self.check_inputs(job)
        self._check_keyframe_files(job, keyframes)
        if not Path(draft).is_file():
            raise InputError(f"{self._where(job)}: draft {str(draft)!r} does not exist")
        width, height = self.full_size(job)
        # 2. Plan the camera; 3. full-resolution frames
        if self._anchored(job):
            frames = self._anchored_frames(job, draft, keyframes, width, height)
        else:
            frames = self._rendered_frames(job, width, height)
        # 4. Burn in subtitles and captions
        overlays = Overlays.for_shot(job, width, height, subtitles=self.subtitles, captions=self.captions)
        burned = (overlays.apply(frame, i) for i, frame in enumerate(frames))
        # 5. Stream to the encoder
        return self._encode(burned, out, width, height, job.fps)

    def truth(self, job: ShotJob, frame: int, width: int, height: int) -> FrameTruth:
        """The figures drawn in `frame` of the staged shot at width x height (heads, bodies, facing,
        the angle), from the stage's geometry: no pixels are drawn. A frame past the shot's end is
        its last."""
        self.check_inputs(job)
        path = self.camera(job, width, height)
        blocking = block(job, path, width, height)
        index = min(max(0, frame), path.frames - 1)
        return frame_truth(blocking, index, job.shot.camera.angle, width, height)

    # -- inputs ------------------------------------------------------------------------------

    def check_inputs(self, job: ShotJob) -> None:
        """Refuse, in one line, what cannot be rendered, before any work starts."""
        width, height = self.full_size(job)
        check_format(width, height, job.fps)
        check_format(*self.draft_size(job), job.fps)
        self.check_keyframes(job)

    # -- helpers named after the steps -------------------------------------------------------

    def draft_size(self, job: ShotJob) -> tuple[int, int]:
        width, height = self.full_size(job)
        return even(width * self.draft_scale), even(height * self.draft_scale)

    @staticmethod
    def has_external(job: ShotJob) -> bool:
        return any(k.image for k in job.shot.keyframes)

    def _anchored(self, job: ShotJob) -> bool:
        if self.refine_mode == "auto":
            return self.has_external(job)
        return self.refine_mode == "anchored"

    def camera(self, job: ShotJob, width: int, height: int) -> CameraPath:
        heights = [sheet.identity.height_m for sheet in subject_sheets(job)]
        return plan_camera(job.shot, job.fps, width, height, heights, job.seed, damping=self.damping)

    def setup(self, job: ShotJob, width: int, height: int) -> ShotSetup:
        """Plan the camera and stage the scene for one size."""
        path = self.camera(job, width, height)
        stage = build_stage(job, path, width, height)
        return ShotSetup(path, stage, Rasterizer(stage, width, height), width, height)

    def _rendered_frames(self, job: ShotJob, width: int, height: int) -> Iterator[np.ndarray]:
        setup = self.setup(job, width, height)
        for index in range(setup.path.frames):
            yield setup.raster.render(setup.path.pose(index), index)

    def direct_frames(self, job: ShotJob) -> Iterator[np.ndarray]:
        """The shot rendered directly at full resolution, without overlays (the reference)."""
        return self._rendered_frames(job, *self.full_size(job))

    def _interpolated_frames(
        self, job: ShotJob, keyframes: list[Path], width: int, height: int
    ) -> Iterator[np.ndarray]:
        path = self.camera(job, width, height)
        images = [load_image(Path(p), width, height, self._where(job, i)) for i, p in enumerate(keyframes)]
        frames = [k.frame for k in job.shot.keyframes]
        for index in range(path.frames):
            yield interpolate(path, images, frames, index, (width, height))

    def _anchored_frames(
        self, job: ShotJob, draft: Path, keyframes: list[Path], width: int, height: int
    ) -> Iterator[np.ndarray]:
        path = self.camera(job, width, height)
        images = [load_image(Path(p), width, height, self._where(job, i)) for i, p in enumerate(keyframes)]
        frames = [k.frame for k in job.shot.keyframes]
        count = 0
        for index, low in enumerate(read_frames(draft)):
            if index >= path.frames:
                break
            count += 1
            yield (
                refine_frame(path, low, index, images, frames)
                if images
                else cv2.resize(low, (width, height), interpolation=cv2.INTER_CUBIC)
            )
        if count != path.frames:
            raise InputError(
                f"{self._where(job)}: draft {str(draft)!r} has {count} frames, expected {path.frames}"
            )

    def _encode(self, frames: Iterator[np.ndarray], out: Path, width: int, height: int, fps: float) -> Path:
        with VideoWriter(out, width, height, fps, crf=self.crf, preset=self.preset) as video:
            for frame in frames:
                video.write(frame)
        return out


def write_png(path: Path, rgb: np.ndarray) -> None:
    tmp = path.with_name(f".tmp-{path.name}")
    if not cv2.imwrite(str(tmp), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)):
        raise InputError(f"{path}: cannot write the image")
    tmp.replace(path)


__all__ = ["AnimaticRenderer"]
