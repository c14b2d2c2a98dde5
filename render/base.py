"""The renderer contract: three stages per shot, the same for every backend.

    keyframes(job, out_dir) -> one image per planned keyframe (hi-res)
    draft(job, keyframes, out) -> a low-resolution clip conditioned on those keyframes
    refine(job, draft, keyframes, out) -> the full-resolution clip, anchored on the keyframes

A `ShotJob` (storyreel/models/job.py) holds everything that determines a shot's pictures, so its
hash is the cache key (render/keys.py): an unchanged shot is never rendered twice. Renderers
write only to the paths they are given; the project store makes those writes atomic and keeps
finished files.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

from storyreel.errors import InputError
from storyreel.models.job import ShotJob
from storyreel.models.truth import FrameTruth


class Renderer(ABC):
    """A backend. Subclasses set `name` and `version` and implement the three stages."""

    name: ClassVar[str]
    version: ClassVar[str]
    draws: ClassVar[bool] = True  # False for the `none` renderer: the graph skips rendering
    image_suffix: ClassVar[str] = ".png"
    video_suffix: ClassVar[str] = ".mp4"

    def settings(self) -> dict[str, Any]:
        """Whatever changes the pixels besides the job (size, steps, model ids): part of the key."""
        return {}

    @abstractmethod
    def keyframes(self, job: ShotJob, out_dir: Path) -> list[Path]:
        """Write one image per `job.shot.keyframes` into `out_dir`, in order; return the paths."""

    # -- input checks every backend shares: one line naming the shot and the keyframe -----------

    @staticmethod
    def full_size(job: ShotJob) -> tuple[int, int]:
        return job.style.resolution.width, job.style.resolution.height

    @staticmethod
    def _where(job: ShotJob, index: int | None = None) -> str:
        where = f"shot {job.shot.id!r}"
        return where if index is None else f"{where} keyframes[{index}]"

    def check_keyframes(self, job: ShotJob) -> None:
        """The shot has frames, its keyframes fall inside it, and user-given images are images."""
        from storyreel.media.images import check_image, keyframe_image_path  # OpenCV loads on use

        last = job.shot.frame_count(job.fps) - 1
        if last < 0:
            raise InputError(f"{self._where(job)}: no frames at {job.fps} fps")
        for index, keyframe in enumerate(job.shot.keyframes):
            if keyframe.frame > last:
                raise InputError(
                    f"{self._where(job, index)}: frame {keyframe.frame} is outside the shot (0..{last})"
                )
            if keyframe.image:
                check_image(keyframe_image_path(keyframe.image), self._where(job, index))

    def _check_keyframe_files(self, job: ShotJob, keyframes: list[Path]) -> None:
        """The images a stage is handed: one per planned keyframe, each readable."""
        from storyreel.media.images import check_image

        if len(keyframes) != len(job.shot.keyframes):
            raise InputError(
                f"{self._where(job)}: {len(keyframes)} keyframe images given for "
                f"{len(job.shot.keyframes)} planned keyframes"
            )
        for index, path in enumerate(keyframes):
            check_image(Path(path), self._where(job, index))

    def truth(self, job: ShotJob, frame: int, width: int, height: int) -> FrameTruth | None:
        """What this renderer draws in `frame` of `job` at width x height (figures' heads and
        bodies, facing, the angle), for training and measuring the critic's detector; None for a
        backend that cannot know (it draws from a model)."""
        return None

    @abstractmethod
    def draft(self, job: ShotJob, keyframes: list[Path], out: Path) -> Path:
        """Write the low-resolution clip to `out`, passing through `keyframes` at their frames."""

    @abstractmethod
    def refine(self, job: ShotJob, draft: Path, keyframes: list[Path], out: Path) -> Path:
        """Write the full-resolution clip to `out`, from `draft`, anchored on `keyframes`."""


class NoRenderer(Renderer):
    """Plan only: the graph runs every stage but draws nothing (until a renderer is chosen)."""

    name = "none"
    version = "1"
    draws = False

    def keyframes(self, job: ShotJob, out_dir: Path) -> list[Path]:
        return []

    def draft(self, job: ShotJob, keyframes: list[Path], out: Path) -> Path:
        raise NotImplementedError("the `none` renderer draws nothing")

    def refine(self, job: ShotJob, draft: Path, keyframes: list[Path], out: Path) -> Path:
        raise NotImplementedError("the `none` renderer draws nothing")
