"""How well a detector reads a set drawn by `build_dataset`: what its JSON card records.

evaluate(detector, dataset, clips) -> Report

heads      recall and precision: a found head matches a drawn one whose centre lies within
           half the drawn head's height of its own (drawn heads mostly outside the frame, or
           their centre outside it, are not counted either way)
size       the median and 90th percentile of |log(found height / drawn height)|
framing    the share of frames whose main subject (the largest drawn head that is not a
           foreground shoulder) is found in the same band of tools/composition.py
facing     the share of matched heads turned as drawn, overall and per class
angle      the share of frames whose angle is read as drawn, overall and per class
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from storyreel.models.truth import FigureTruth, FrameTruth
from storyreel.tools.figures.dataset import iter_frames, load_manifest
from storyreel.tools.figures.detector import FigureDetector
from storyreel.tools.figures.grid import MIN_VISIBLE, Head


@dataclass
class Report:
    model: str
    frames: int
    heads: int
    recall: float
    precision: float
    size_error_median: float
    size_error_p90: float
    framing: float
    facing: float
    angle: float
    facing_per_class: dict[str, float] = field(default_factory=dict)
    angle_per_class: dict[str, float] = field(default_factory=dict)
    seconds_per_frame: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def countable(figure: FigureTruth) -> bool:
    """A drawn head the detector is asked to find: mostly inside the frame, its centre too."""
    x0, y0, x1, y1 = figure.head
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return figure.visible >= MIN_VISIBLE and 0 <= cx < 1 and 0 <= cy < 1


def match(drawn: list[FigureTruth], found: list[Head], aspect: float) -> list[tuple[FigureTruth, Head]]:
    """Greedy pairs of drawn and found heads, nearest centres first (`aspect`: width / height)."""
    pairs = []
    for i, figure in enumerate(drawn):
        fx, fy = (figure.head[0] + figure.head[2]) / 2, (figure.head[1] + figure.head[3]) / 2
        height = figure.head[3] - figure.head[1]
        for j, head in enumerate(found):
            hx, hy = head.centre
            distance = math.hypot((hx - fx) * aspect, hy - fy)
            if distance <= 0.5 * height:
                pairs.append((distance, i, j))
    used_i, used_j, out = set(), set(), []
    for _, i, j in sorted(pairs):
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            out.append((drawn[i], found[j]))
    return out


def evaluate(detector: FigureDetector, dataset: str | Path, clips: list[int] | None = None) -> Report:
    """Measure `detector` on the frames of `dataset` (all clips, or those indexed by `clips`)."""
    import time

    from storyreel.tools.composition import framing_of

    entries = load_manifest(dataset).clips
    entries = [entries[i] for i in clips] if clips is not None else entries
    tally: Counter[str] = Counter()
    size_errors: list[float] = []
    facing_hits: Counter[str] = Counter()
    facing_seen: Counter[str] = Counter()
    angle_hits: Counter[str] = Counter()
    angle_seen: Counter[str] = Counter()
    seconds = 0.0
    for image, truth in iter_frames(dataset, entries):
        start = time.perf_counter()
        found = detector.detect(image)
        seconds += time.perf_counter() - start
        tally["frames"] += 1
        angle_seen[truth.angle] += 1
        angle_hits[truth.angle] += found.angle == truth.angle
        drawn = [f for f in truth.figures if countable(f)]
        pairs = match(drawn, list(found.heads), image.shape[1] / image.shape[0])
        tally["drawn"] += len(drawn)
        tally["found"] += len(found.heads)
        tally["matched"] += len(pairs)
        for figure, head in pairs:
            size_errors.append(abs(math.log(max(head.height, 1e-4) / (figure.head[3] - figure.head[1]))))
            facing_seen[figure.facing] += 1
            facing_hits[figure.facing] += head.facing == figure.facing
        _framing(tally, truth, drawn, found.heads, framing_of)
    errors = np.array(size_errors or [0.0])
    return Report(
        model=detector.name,
        frames=tally["frames"],
        heads=tally["drawn"],
        recall=tally["matched"] / max(1, tally["drawn"]),
        precision=tally["matched"] / max(1, tally["found"]),
        size_error_median=float(np.median(errors)),
        size_error_p90=float(np.percentile(errors, 90)),
        framing=tally["framing_hits"] / max(1, tally["framing_frames"]),
        facing=sum(facing_hits.values()) / max(1, sum(facing_seen.values())),
        angle=sum(angle_hits.values()) / max(1, tally["frames"]),
        facing_per_class={k: facing_hits[k] / n for k, n in sorted(facing_seen.items())},
        angle_per_class={k: angle_hits[k] / n for k, n in sorted(angle_seen.items())},
        seconds_per_frame=seconds / max(1, tally["frames"]),
    )


def _framing(
    tally: Counter[str], truth: FrameTruth, drawn: list[FigureTruth], found: tuple[Head, ...], framing_of: Any
) -> None:
    """Count the frame's framing as read from the largest head against the drawn one's."""
    subjects = [f for f in drawn if not f.foreground]
    if not subjects:
        return
    main = max(subjects, key=lambda f: f.head[3] - f.head[1])
    tally["framing_frames"] += 1
    pool = [h for h in found if h.facing != "away"] or list(found)
    if pool:
        head = max(pool, key=lambda h: h.height)
        tally["framing_hits"] += framing_of(head.height) == framing_of(main.head[3] - main.head[1])
