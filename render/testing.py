"""A renderer for tests (as httpx ships MockTransport): writes tiny real files fast and counts
what it was asked to do, so tests can check fan-out, caching, resume and assembly without
drawing anything. Register it with `RENDERERS["fake"] = FakeRenderer` in a test, and run it at
a tiny resolution (e.g. Studio(..., resolution=(32, 18), fps=8)).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import ClassVar

import numpy as np
from PIL import Image

from storyreel.media.video import DEFAULT_PRESET, VideoWriter
from storyreel.models.job import ShotJob
from storyreel.render.base import Renderer


def _colour(shot_id: str) -> tuple[int, int, int]:
    digest = hashlib.sha256(shot_id.encode()).digest()
    return digest[0], digest[1], digest[2]


def _solid_video(out: Path, job: ShotJob, width: int, height: int, preset: str = "ultrafast") -> Path:
    frame = np.empty((height, width, 3), np.uint8)
    frame[:] = _colour(job.shot.id)
    with VideoWriter(out, width, height, job.fps, preset=preset) as video:
        for _ in range(job.shot.frame_count(job.fps)):
            video.write(frame)
    return out


class FakeRenderer(Renderer):
    name = "fake"
    version = "1"
    calls: ClassVar[Counter[str]] = Counter()  # stage -> number of real (uncached) renders

    def keyframes(self, job: ShotJob, out_dir: Path) -> list[Path]:
        self.calls["keyframes"] += 1
        size = (job.style.resolution.width, job.style.resolution.height)
        paths = []
        for index, keyframe in enumerate(job.shot.keyframes):
            path = out_dir / f"{index:02d}-frame{keyframe.frame:05d}.png"
            Image.new("RGB", size, _colour(job.shot.id)).save(path)
            paths.append(path)
        return paths

    def draft(self, job: ShotJob, keyframes: list[Path], out: Path) -> Path:
        self.calls["draft"] += 1
        resolution = job.style.resolution
        return _solid_video(
            out, job, max(2, resolution.width // 4 * 2), max(2, resolution.height // 4 * 2)
        )  # half size, even

    def refine(self, job: ShotJob, draft: Path, keyframes: list[Path], out: Path) -> Path:
        self.calls["refine"] += 1
        # Final clips at the film's own encoder settings, as the animatic writes them: the editor's
        # re-cut then copies them into the film (render/splice.py) instead of re-encoding it.
        resolution = job.style.resolution
        return _solid_video(out, job, resolution.width, resolution.height, preset=DEFAULT_PRESET)
