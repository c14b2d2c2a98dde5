"""Camera LoRAs (CameraDiff) and the CLIP-guided search of their weights (CLIPLoRA).

    CameraAdapters(pipe, registry)     camera movement id -> a LoRA file the user has
      .for_camera(camera)              the adapters of the shot's moves, with their weights
      .active(names, weights)          loaded on first use (once per process), mixed with
                                       `set_adapters(names, adapter_weights=...)` for one call,
                                       switched off again afterwards
      .remove()                        unloaded from the pipeline (`delete_adapters`)
    candidate_weights(base, scales, n) the weight vectors CLIPLoRA tries for one shot
    search(render, score, candidates)  renders each candidate and keeps the best-scoring one

The scorer is handed in, never built here (components passed in, as diffusers pipelines take
theirs): a `CameraScorer` with `score(frames, camera) -> float` and a `name`. The crew hands the
critic's CameraCLIP (storyreel.tools.cameraclip.CameraClip: the similarity of a clip to its
planned camera language); tests hand anything with that shape.
"""

from __future__ import annotations

import contextlib
import hashlib
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from storyreel.errors import InputError
from storyreel.models.plan import CameraSpec
from storyreel.render.diffusers.config import CameraLoRA


class CameraScorer(Protocol):
    """What CLIPLoRA scores a candidate draft with."""

    @property
    def name(self) -> str:
        """Which scorer, in the cache key: another scorer may keep other weights."""

    def score(self, video: Any, camera: CameraSpec) -> float:
        """How well the frames make the planned camera; higher is better."""


def adapter_name(move: str) -> str:
    return f"camera_{move}"


def lora_file(lora: CameraLoRA, move: str) -> Path:
    """The LoRA's file; one line naming the move and the path when it is not there."""
    path = Path(lora.path).expanduser()
    if path.is_dir():
        if not lora.weight_name:
            raise InputError(f"loras.{move}: {str(path)!r} is a folder: name the file with weight_name")
        path = path / lora.weight_name
    if not path.is_file():
        raise InputError(f"loras.{move}: LoRA file {str(path)!r} does not exist")
    return path


def fingerprint(registry: dict[str, CameraLoRA]) -> dict[str, str]:
    """sha256 of every LoRA file: a retrained LoRA at the same path re-renders its shots."""
    out = {}
    for move, lora in sorted(registry.items()):
        digest = hashlib.sha256()
        with open(lora_file(lora, move), "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        out[move] = digest.hexdigest()
    return out


MAX_LORA_GAIN = 2.0  # the most the critic's move_gain scales a camera LoRA's weight


class CameraAdapters:
    """The registry's LoRAs on one pipeline."""

    def __init__(self, pipe: Any, registry: dict[str, CameraLoRA]):
        self.pipe = pipe
        self.registry = registry
        self.loaded: set[str] = set()

    def for_camera(self, camera: CameraSpec) -> tuple[list[str], list[float]]:
        """The moves of `camera` that have a LoRA, and their weights: as configured, times the
        critic's `move_gain` when an earlier draft under-delivered the move (capped, since a LoRA
        pushed far past its trained scale breaks the picture before it moves the camera more)."""
        moves = [m for m in camera.movements if m in self.registry]
        gain = min(camera.move_gain, MAX_LORA_GAIN)
        return moves, [self.registry[m].weight * gain for m in moves]

    def load(self, moves: list[str]) -> None:
        for move in moves:
            if move in self.loaded:
                continue
            path = lora_file(self.registry[move], move)
            with warnings.catch_warnings():
                # peft notes that the model already holds adapters: holding several is the point
                warnings.filterwarnings(
                    "ignore", message="Already found a `peft_config`", category=UserWarning
                )
                self.pipe.load_lora_weights(
                    str(path.parent), weight_name=path.name, adapter_name=adapter_name(move)
                )
            self.loaded.add(move)

    @contextlib.contextmanager
    def active(self, moves: list[str], weights: list[float]) -> Iterator[None]:
        """The adapters of `moves` mixed with `weights` for the calls inside, and off after."""
        if not moves:
            yield
            return
        self.load(moves)
        self.pipe.enable_lora()
        self.pipe.set_adapters([adapter_name(m) for m in moves], adapter_weights=list(weights))
        try:
            yield
        finally:
            self.pipe.disable_lora()

    def remove(self) -> None:
        if self.loaded:
            self.pipe.delete_adapters([adapter_name(m) for m in sorted(self.loaded)])
            self.loaded.clear()


def candidate_weights(base: list[float], scales: list[float], limit: int) -> list[list[float]]:
    """What CLIPLoRA tries for one shot, most plausible first, at most `limit`:
    every adapter at each scale of its weight, then (for compound moves) one adapter emphasised
    at the largest scale with the others at the smallest."""
    if not base:
        return [[]]
    if not scales:
        return [list(base)]
    candidates = [[w * s for w in base] for s in scales]
    if len(base) > 1 and len(scales) > 1:
        high, low = max(scales), min(scales)
        for lead in range(len(base)):
            candidates.append([w * (high if i == lead else low) for i, w in enumerate(base)])
    unique: list[list[float]] = []
    for candidate in candidates:
        rounded = [round(w, 6) for w in candidate]
        if rounded not in unique:
            unique.append(rounded)
    return unique[:limit]


@dataclass
class SearchResult:
    weights: list[float]
    frames: Any
    scores: list[float]  # one per candidate, in the order tried


def search(
    render: Callable[[list[float]], Any],
    score: Callable[[Any], float],
    candidates: list[list[float]],
) -> SearchResult:
    """Render every candidate, score it, keep the best (the first of equals)."""
    best: tuple[float, list[float], Any] | None = None
    scores = []
    for weights in candidates:
        frames = render(weights)
        value = float(score(frames))
        scores.append(value)
        if best is None or value > best[0]:
            best = (value, weights, frames)
    assert best is not None
    return SearchResult(weights=best[1], frames=best[2], scores=scores)
