"""Cache keys: a hash of everything that determines an asset.

Two jobs with the same key make the same pixels, so the key names the file in the project's
cache. Anything a renderer reads must be in here, or a change to it would not re-render.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from storyreel.errors import FileError
from storyreel.models.assets import StageKeys
from storyreel.models.job import ShotJob
from storyreel.reading import read_regular
from storyreel.render.base import Renderer

UNRENDERED = ("id", "seed", "transition_in", "transition_out")  # shot fields no renderer reads


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def job_fingerprint(job: ShotJob) -> dict[str, Any]:
    data = job.to_dict()
    # ids move; the seed is the job's; transitions are the editor's, drawn by no renderer (so a
    # note that only changes a cut or a dissolve re-cuts the film without rendering a shot)
    data["shot"] = {k: v for k, v in data["shot"].items() if k not in UNRENDERED}
    # An external keyframe is its pixels, not its path: a redrawn panel re-renders the shot.
    data["images"] = [_file_sha256(k.image) for k in job.shot.keyframes if k.image]
    return data


def _file_sha256(path: str) -> str | None:
    from storyreel.media.images import MAX_BYTES  # OpenCV loads on use

    try:  # a regular file within the keyframe limit: a FIFO here would wait forever
        return hashlib.sha256(read_regular(path, MAX_BYTES)).hexdigest()
    except FileError:
        return None  # missing or unusable: the renderer's check_inputs says so in one line


def asset_key(stage: str, job: ShotJob, renderer: Renderer, inputs: list[str] | None = None) -> str:
    """Key of `stage` ('keyframes', 'draft', 'refine') of `job` by `renderer`.

    `inputs` are the keys of the assets this stage consumes (the draft consumes the keyframes),
    so a new keyframe re-renders the draft and the refined clip too.
    """
    payload = {
        "stage": stage,
        "job": job_fingerprint(job),
        "renderer": {"name": renderer.name, "version": renderer.version, "settings": renderer.settings()},
        "inputs": inputs or [],
    }
    return hashlib.sha256(_canonical(payload).encode("utf-8")).hexdigest()


def scores_key(keys: StageKeys, scorer: dict[str, Any]) -> str:
    """Key of the critic's measurements of a draft: the draft's and keyframes' keys (which cover
    the shot) and the scorer's description (`Scorer.describe()`: its name and weights)."""
    payload = {"draft": keys.draft, "keyframes": keys.keyframes, "scorer": scorer}
    return hashlib.sha256(_canonical(payload).encode("utf-8")).hexdigest()
