"""How well CameraCLIP reads camera language: video-to-text R@1 over class captions.

    evaluate(clip, dataset) -> EvalReport

For every clip of a set (read from its .mp4, exactly as the critic scores a draft):

    per family     its video embedding against that family's class captions ("a close-up",
                   "a low-angle shot", "the camera pans left"): a hit when the top caption is
                   the clip's class (for a compound move, one of its moves). R@1 = hit rate.
    combined       against every framing x angle x movement caption as camera_caption writes
                   it (the moves: each single move, and each compound move the set holds): a hit
                   only when all three are right; and, of that top caption, each family's share
                   right (the per-family accuracy of one combined guess).

Chance is 1/6 for framing, 1/5 for angle, 1/9 for movement and 1/(6*5*moves) combined.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from storyreel.models.camera import ANGLES, BASE_MOVEMENTS, FRAMINGS, MOVEMENTS
from storyreel.tools.cameraclip.captions import class_caption, combined_caption
from storyreel.tools.cameraclip.dataset import load_manifest
from storyreel.tools.cameraclip.model import CameraClip

FAMILIES = ("framing", "angle", "movement")
Progress = Callable[[dict[str, Any]], None]


@dataclass
class EvalReport:
    model: str
    dataset: str
    clips: int
    family_r1: dict[str, float]
    chance: dict[str, float]
    combined_r1: float
    combined_accuracy: dict[str, float]  # per family, of the single combined top caption
    per_class: dict[str, dict[str, float]]  # class -> hits, total, r1 (within its family)
    confusion: dict[str, dict[str, dict[str, int]]]  # family -> true class -> predicted -> count
    seconds: float = 0.0
    candidates: dict[str, int] = field(default_factory=dict)

    @property
    def mean_r1(self) -> float:
        """The three families' R@1, averaged: our nearest analogue of the paper's single R@1."""
        return float(np.mean([self.family_r1[f] for f in FAMILIES]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "dataset": self.dataset,
            "clips": self.clips,
            "r1": {**{f: round(v, 4) for f, v in self.family_r1.items()}, "mean": round(self.mean_r1, 4)},
            "chance": {f: round(v, 4) for f, v in self.chance.items()},
            "combined_r1": round(self.combined_r1, 4),
            "combined_accuracy": {f: round(v, 4) for f, v in self.combined_accuracy.items()},
            "per_class": self.per_class,
            "confusion": self.confusion,
            "candidates": self.candidates,
            "seconds": round(self.seconds, 1),
        }


def evaluate(clip: CameraClip, dataset: str | Path, on_progress: Progress | None = None) -> EvalReport:
    """Score every clip of the set at `dataset` against the class and combined captions."""
    progress = on_progress or (lambda event: None)
    started = time.monotonic()
    # 1. The set and the candidate captions
    entries = load_manifest(dataset)["clips"]
    moves = BASE_MOVEMENTS + tuple(
        m for m in MOVEMENTS if m not in BASE_MOVEMENTS and any(m in e["movements"] for e in entries)
    )
    classes = {"framing": FRAMINGS, "angle": ANGLES, "movement": moves}
    move_sets = [(m,) for m in moves] + sorted(
        {tuple(e["movements"]) for e in entries if len(e["movements"]) > 1}
    )
    combos = list(itertools.product(FRAMINGS, ANGLES, move_sets))
    class_text = {f: clip.texts_embedding([class_caption(c) for c in classes[f]]) for f in FAMILIES}
    combo_text = clip.texts_embedding([combined_caption(f, a, m) for f, a, m in combos])
    # 2. Each clip against them
    hits = {f: 0 for f in FAMILIES}
    combined_hits = 0
    combined_family = {f: 0 for f in FAMILIES}
    per_class: dict[str, list[int]] = {}
    confusion: dict[str, dict[str, dict[str, int]]] = {f: {} for f in FAMILIES}
    progress({"stage": "eval", "total": len(entries), "done": 0})
    for done, entry in enumerate(entries, start=1):
        video = clip.video_embedding(Path(dataset) / entry["clip"], total=entry.get("frames"))
        truth = {"framing": entry["framing"], "angle": entry["angle"], "movement": entry["movements"]}
        for family in FAMILIES:
            guess = classes[family][int(np.argmax(class_text[family] @ video))]
            wanted = truth[family] if family == "movement" else [truth[family]]
            hit = guess in wanted
            hits[family] += hit
            label = "+".join(wanted)
            row = confusion[family].setdefault(label, {})
            row[guess] = row.get(guess, 0) + 1
            counts = per_class.setdefault(label if len(wanted) == 1 else "compound", [0, 0])
            counts[0] += hit
            counts[1] += 1
        framing, angle, move_set = combos[int(np.argmax(combo_text @ video))]
        right = {
            "framing": framing == entry["framing"],
            "angle": angle == entry["angle"],
            "movement": set(move_set) == set(entry["movements"]),
        }
        combined_hits += all(right.values())
        for family in FAMILIES:
            combined_family[family] += right[family]
        if done % 10 == 0 or done == len(entries):
            progress({"stage": "eval", "done": done})
    # 3. The report
    n = len(entries)
    return EvalReport(
        model=clip.name,
        dataset=str(dataset),
        clips=n,
        family_r1={f: hits[f] / n for f in FAMILIES},
        chance={**{f: 1 / len(classes[f]) for f in FAMILIES}, "combined": 1 / len(combos)},
        combined_r1=combined_hits / n,
        combined_accuracy={f: combined_family[f] / n for f in FAMILIES},
        per_class={
            c: {"hits": h, "total": t, "r1": round(h / t, 4)} for c, (h, t) in sorted(per_class.items())
        },
        confusion=confusion,
        seconds=time.monotonic() - started,
        candidates={**{f: len(classes[f]) for f in FAMILIES}, "combined": len(combos)},
    )
