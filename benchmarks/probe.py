"""The camera probe's accuracy, with a confusion matrix, on footage storyreel did not render.

    python benchmarks/probe.py [--seeds 3]

Test set, generated here: real photographs from scikit-image's sample data (astronaut, coffee,
chelsea, rocket, camera), moved by a virtual camera (pan/tilt as a moving window, zoom as scaling
about the centre, dolly/truck/pedestal as a near photo layer moving faster than a far one),
encoded as H.264 at 256x144, 24 frames; plus the same moves over procedural textures. Also the
animatic's own drafts. Target: at least 95% of clips classified exactly. This is a synthetic set:
real camera footage with motion blur, rolling shutter and moving actors is harder.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storyreel.media.testing import SYNTHETIC_MOVES, procedural_image, write_synthetic_clip
from storyreel.tools.probe import ProbeResult, probe_video

TARGET = 0.95
COMPOUNDS = (("zoom_in", "tilt_up"), ("pan_right", "zoom_out"))
PHOTOS = ("astronaut", "coffee", "chelsea", "rocket", "camera")


def accuracy_report(clips: Iterable[tuple[str, str | Path | ProbeResult]]) -> dict[str, Any]:
    """Score the probe on labelled clips: (expected movement id, video path or ProbeResult).

    A clip counts as correct when its expected id is among the detected movements and nothing
    else was detected; the confusion matrix counts each detected id (or "+".join of several).
    Returns {"n", "correct", "accuracy", "per_class": {id: {"n", "correct", "accuracy"}},
    "confusion": {expected: {predicted: count}}, "results": [{"expected", "predicted", ...}]}.
    """
    results: list[dict[str, Any]] = []
    confusion: dict[str, dict[str, int]] = {}
    per_class: dict[str, dict[str, float]] = {}
    for expected, clip in clips:
        result = clip if isinstance(clip, ProbeResult) else probe_video(clip)
        predicted = "+".join(result.movements)
        ok = result.movements == [expected] or sorted(result.movements) == sorted(expected.split("+"))
        results.append({"expected": expected, "predicted": predicted, "correct": ok, **result.to_dict()})
        row = confusion.setdefault(expected, {})
        row[predicted] = row.get(predicted, 0) + 1
        stats = per_class.setdefault(expected, {"n": 0, "correct": 0})
        stats["n"] += 1
        stats["correct"] += int(ok)
    for stats in per_class.values():
        stats["accuracy"] = stats["correct"] / stats["n"]
    n = len(results)
    correct = sum(r["correct"] for r in results)
    return {
        "n": n,
        "correct": correct,
        "accuracy": correct / n if n else 0.0,
        "per_class": per_class,
        "confusion": confusion,
        "results": results,
    }


def photo(name: str):
    import numpy as np
    from skimage import data

    image = getattr(data, name)()
    return np.stack([image] * 3, axis=-1) if image.ndim == 2 else image[..., :3]


def clips(folder: Path, seeds: int) -> list[tuple[str, Path]]:
    moves = [(m,) for m in SYNTHETIC_MOVES] + list(COMPOUNDS)
    out = []
    pairs = list(itertools.permutations(PHOTOS, 2))
    for seed in range(seeds):
        for n, movement in enumerate(moves):
            background, foreground = (photo(p) for p in pairs[(seed * len(moves) + n) % len(pairs)])
            path = folder / f"photo-{seed}-{n}.mp4"
            write_synthetic_clip(
                path, list(movement), background=background, foreground=foreground, seed=seed
            )
            out.append(("+".join(movement), path))
            path = folder / f"procedural-{seed}-{n}.mp4"
            texture = procedural_image(512, 288, seed=seed + 100)
            write_synthetic_clip(path, list(movement), background=texture, seed=seed)
            out.append(("+".join(movement), path))
    return out


def animatic_clips(folder: Path) -> list[tuple[str, Path]]:
    from storyreel.models.bible import LocationSheet, Resolution, Style
    from storyreel.models.camera import BASE_MOVEMENTS
    from storyreel.models.job import ShotJob
    from storyreel.models.plan import CameraSpec, Keyframe, Shot
    from storyreel.render.animatic.pipeline import AnimaticRenderer

    renderer = AnimaticRenderer(subtitles=False)
    style = Style(aspect_ratio="16:9", fps=24, resolution=Resolution(width=320, height=180))
    location = LocationSheet(name="PARK", int_ext="EXT", times_of_day=["DAY"], description="a park")
    out = []
    for move in BASE_MOVEMENTS:
        shot = Shot(
            id=f"b-{move}",
            scene=0,
            duration_s=2.0,
            description="bench",
            camera=CameraSpec(framing="medium", angle="eye_level", movements=[move], lens_mm=40, speed=0.6),
            keyframes=[Keyframe(frame=0, description="start"), Keyframe(frame=47, description="end")],
        )
        job = ShotJob(
            shot=shot,
            scene_heading="EXT. PARK - DAY",
            location=location,
            characters=(),
            style=style,
            fps=24,
            seed=1,
        )
        keyframes = renderer.keyframes(job, folder / f"kf-{move}")
        out.append((move, renderer.draft(job, keyframes, folder / f"animatic-{move}.mp4")))
    return out


def print_report(title: str, report: dict) -> None:
    print(f"{title}: {report['correct']}/{report['n']} exact = {report['accuracy']:.1%}")
    classes = sorted(report["confusion"])
    predicted = sorted({p for row in report["confusion"].values() for p in row})
    width = max(len(c) for c in classes + predicted) + 1
    column = max(len(p) for p in predicted) + 2
    print("expected \\ measured".ljust(width) + "".join(f"{p:>{column}}" for p in predicted))
    for expected in classes:
        row = report["confusion"][expected]
        print(f"{expected:<{width}}" + "".join(f"{row.get(p, 0) or '.':>{column}}" for p in predicted))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3, help="clips per move and texture")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        report = accuracy_report(clips(folder, args.seeds))
        print_report("photographs and procedural textures moved by a virtual camera", report)
        verdict = "meets" if report["accuracy"] >= TARGET else "MISSES"
        print(f"target: {TARGET:.0%} exact -> {verdict}\n")
        print_report("animatic drafts (medium framing, speed 0.6)", accuracy_report(animatic_clips(folder)))


if __name__ == "__main__":
    main()
