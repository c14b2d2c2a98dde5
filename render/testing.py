"""A renderer for tests (as httpx ships MockTransport): writes tiny placeholder files instantly
and counts what it was asked to do, so tests can check fan-out, caching and resume without
drawing anything. Register it with `RENDERERS["fake"] = FakeRenderer` in a test.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import ClassVar

from storyreel.render.base import Renderer, ShotJob


class FakeRenderer(Renderer):
    name = "fake"
    version = "1"
    calls: ClassVar[Counter[str]] = Counter()  # stage -> number of real (uncached) renders

    def keyframes(self, job: ShotJob, out_dir: Path) -> list[Path]:
        self.calls["keyframes"] += 1
        paths = []
        for index, keyframe in enumerate(job.shot.keyframes):
            path = out_dir / f"{index:02d}-frame{keyframe.frame:05d}.png"
            path.write_bytes(f"keyframe {job.shot.id} {keyframe.frame}".encode())
            paths.append(path)
        return paths

    def draft(self, job: ShotJob, keyframes: list[Path], out: Path) -> Path:
        self.calls["draft"] += 1
        out.write_bytes(f"draft {job.shot.id} {len(keyframes)} keyframes".encode())
        return out

    def refine(self, job: ShotJob, draft: Path, keyframes: list[Path], out: Path) -> Path:
        self.calls["refine"] += 1
        out.write_bytes(b"refined " + draft.read_bytes())
        return out
