"""The animatic and the film, measured against baselines taken in the same run.

    python benchmarks/render.py [--quick]

1. Render+encode throughput of the animatic at 640x360 and 1280x720 (frames per second of a
   moving shot), against the floor of only encoding the same frames with the same ffmpeg
   settings (libx264, CRF 20, preset medium). Target: at least 0.5 of the floor at 640x360.
2. End-to-end `make` of the longest example at 640x360 against the film's running time.
   Target: faster than real time on 2 cores.
3. Peak memory (max RSS of a fresh process) of a make whose film is ten times longer than
   another's. Target: within 1.2 times (frames are streamed, never accumulated).
4. The refine stage's PSNR against a direct full-resolution render, next to a plain bicubic
   upscale of the same draft, on moving shots (`refine_psnr_report`, which
   tests/render/animatic/test_pipeline.py also holds to a margin).
5. What drawing the blocking costs: the garage's planned shots rendered as blocked (`blocked`:
   partners facing each other, over-the-shoulders with their foreground, walks and entrances,
   a seated figure, props on the set and in a hand) against the same shots bare (everyone
   frontal, standing still, no props), frames per second of both at 640x360. Target: the
   blocked shots at least 0.85 of the bare ones (make time may grow by 15% at most).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyreel.models.job import ShotJob

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# A fresh interpreter per measurement: its own imports, its own peak memory.
MAKE = r"""
import json, resource, sys, time
from storyreel.api import Studio
start = time.perf_counter()
result = Studio(sys.argv[2], resolution=(int(sys.argv[3]), int(sys.argv[4])), fps=int(sys.argv[5])).make(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - start, "film_s": result.cut.duration_s,
                  "shots": len(result.plan.shots),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def psnr(mse: float) -> float:
    return float("inf") if mse <= 0 else 10.0 * math.log10(255.0**2 / mse)


def refine_psnr_report(job: ShotJob) -> dict[str, float]:
    """PSNR against a direct full-resolution render of `job`: the animatic's anchored refine of
    the draft, and a plain bicubic upscale of the same draft. Renders into a temporary folder."""
    import numpy as np

    from storyreel.media.video import read_frames
    from storyreel.render.animatic.pipeline import AnimaticRenderer
    from storyreel.render.animatic.refine import upscale

    renderer = AnimaticRenderer(subtitles=False, captions=False, refine_mode="anchored")
    with tempfile.TemporaryDirectory(prefix="animatic-psnr-") as tmp:
        folder = Path(tmp)
        keyframes = renderer.keyframes(job, folder / "keyframes")
        draft = renderer.draft(job, keyframes, folder / "draft.mp4")
        refined = renderer.refine(job, draft, keyframes, folder / "refined.mp4")
        size = renderer.full_size(job)
        sse_refine = sse_bicubic = 0.0
        count = 0
        frames = zip(renderer.direct_frames(job), read_frames(draft), read_frames(refined), strict=True)
        for truth, low, high in frames:
            truth = truth.astype(np.float32)
            sse_refine += float(np.mean((high.astype(np.float32) - truth) ** 2))
            sse_bicubic += float(np.mean((upscale(low, size).astype(np.float32) - truth) ** 2))
            count += 1
    refine_db, bicubic_db = psnr(sse_refine / count), psnr(sse_bicubic / count)
    return {
        "frames": count,
        "psnr_refine": refine_db,
        "psnr_bicubic": bicubic_db,
        "gain_db": refine_db - bicubic_db,
    }


def run_make(script: Path, project: Path, width: int, height: int, fps: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", MAKE, str(script), str(project), str(width), str(height), str(fps)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def moving_jobs(width: int, height: int, count: int) -> list:
    """Real planned shots with camera moves, from the action example, at the given size."""
    from storyreel.agents.rendering import shot_jobs
    from storyreel.api import Studio

    with tempfile.TemporaryDirectory() as tmp:
        studio = Studio(Path(tmp) / "p", renderer="none", resolution=(width, height), fps=24)
        result = studio.plan(EXAMPLES / "rooftop_chase.fountain")
    jobs = shot_jobs(result.plan, result.bible, result.screenplay)
    jobs = [job for job in jobs if job.shot.camera.movements != ["static"]]
    return sorted(jobs, key=lambda job: -job.shot.duration_s)[:count]


GARAGE_PROPS = (
    {"name": "the car", "shape": "vehicle", "x": -0.1, "depth": 2.2},
    {"name": "the bucket", "shape": "bucket", "x": 0.35, "depth": 0.05},
    {"name": "the bench", "shape": "table", "x": -0.9, "depth": 1.2},
    {"name": "a wrench", "shape": "tool", "x": -0.85, "depth": 1.2},
)


def blocked(job: ShotJob, index: int) -> ShotJob:
    """`job` with the blocking a storyboard fills in: partners face each other (the second of an
    over-the-shoulder is its foreground), every third single walks in, every fourth sits on the
    bucket, every fifth holds the wrench; the garage's props stand on the set."""
    from storyreel.models.plan import Placement, Prop

    shot = job.shot
    names = [p.character for p in shot.blocking]
    placements = []
    for n, p in enumerate(shot.blocking):
        partner = next((m for m in names if m != p.character), None)
        facing = {"left": "right", "right": "left"}.get(p.side, "camera")
        fields = {"eyeline": partner, "facing": facing}
        if shot.kind == "over_the_shoulder" and n == 1:
            fields.update(facing="away", foreground=True)
        elif len(names) == 1 and index % 3 == 0:
            fields.update(motion="enter", start_x=-0.2 if p.side != "right" else 1.2)
        elif index % 4 == 1:
            fields.update(pose="sit")
        elif index % 5 == 2:
            fields.update(holding="a wrench")
        placements.append(p.model_copy(update=fields))
    placements = [Placement.model_validate(p.model_dump()) for p in placements]
    props = tuple(Prop(**p) for p in GARAGE_PROPS)
    return job.model_copy(update={"shot": shot.model_copy(update={"blocking": placements}), "props": props})


def blocking_cost(width: int, height: int, shots: int) -> tuple[float, float, int]:
    """(blocked fps, bare fps, frames): the draft stage of the garage's first `shots` shots with
    subjects, drawn at full size and encoded, blocked and bare."""
    from storyreel.agents.rendering import shot_jobs
    from storyreel.api import Studio
    from storyreel.render.animatic.pipeline import AnimaticRenderer

    with tempfile.TemporaryDirectory() as tmp:
        studio = Studio(Path(tmp) / "p", renderer="none", resolution=(width, height), fps=24)
        result = studio.plan(EXAMPLES / "garage.fountain")
        jobs = [j for j in shot_jobs(result.plan, result.bible, result.screenplay) if j.shot.subjects][:shots]
        renderer = AnimaticRenderer(draft_scale=1.0)
        seconds, frames = {}, 0
        for name, batch in (("bare", jobs), ("blocked", [blocked(j, i) for i, j in enumerate(jobs)])):
            start = time.perf_counter()
            for index, job in enumerate(batch):
                keyframes = renderer.keyframes(job, Path(tmp) / f"{name}-{index}")
                renderer.draft(job, keyframes, Path(tmp) / f"{name}-{index}.mp4")
            seconds[name] = time.perf_counter() - start
        frames = sum(j.shot.frame_count(j.fps) for j in jobs)
    return frames / seconds["blocked"], frames / seconds["bare"], frames


def throughput(width: int, height: int, shots: int) -> tuple[float, float, int]:
    """(animatic fps, encode-only fps, frames): the draft stage drawn at full size (draft_scale 1)."""
    from storyreel.media.video import VideoWriter, read_frames
    from storyreel.render.animatic.pipeline import AnimaticRenderer

    renderer = AnimaticRenderer(draft_scale=1.0)
    jobs = moving_jobs(width, height, shots)
    render_s = encode_s = decode_s = 0.0
    frames = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for index, job in enumerate(jobs):
            clip = folder / f"{index}.mp4"
            keyframes = renderer.keyframes(job, folder / f"keyframes-{index}")
            start = time.perf_counter()
            renderer.draft(job, keyframes, clip)  # draws and encodes every frame of the shot
            render_s += time.perf_counter() - start
            start = time.perf_counter()
            count = sum(1 for _ in read_frames(clip))
            decode_s += time.perf_counter() - start
            start = time.perf_counter()
            with VideoWriter(folder / f"{index}-floor.mp4", width, height, 24) as video:
                for frame in read_frames(clip):
                    video.write(frame)
            encode_s += time.perf_counter() - start
            frames += count
    floor_s = max(encode_s - decode_s, 1e-9)  # only the encoding of the same frames
    return frames / render_s, frames / floor_s, frames


def long_script(copies: int) -> str:
    """The garage scene's first page repeated: the same shots, `copies` times the running time."""
    lines = (EXAMPLES / "garage.fountain").read_text().split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("INT."))
    scene = "\n".join(lines[start : start + 40])
    return (
        "\n\n".join(scene.replace("INT. HALVORSEN GARAGE", f"INT. GARAGE {n}") for n in range(copies)) + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer shots, smaller films")
    args = parser.parse_args()
    shots = 2 if args.quick else 4

    print("1. animatic render+encode throughput (the longest moving shots of rooftop_chase)")
    for width, height in ((640, 360), (1280, 720)):
        fps, floor, frames = throughput(width, height, shots)
        verdict = ""
        if width == 640:
            verdict = f" -> target >= 0.5: {'meets' if fps / floor >= 0.5 else 'MISSES'}"
        print(
            f"   {width}x{height}: {fps:.0f} fps, encode-only floor {floor:.0f} fps, ratio {fps / floor:.2f}"
            f" ({frames} frames){verdict}"
        )

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        longest = max(EXAMPLES.glob("*.fountain"), key=lambda p: len(p.read_text()))
        if args.quick:
            longest = EXAMPLES / "garage.fountain"
        made = run_make(longest, folder / "longest", 640, 360, 24)
        ratio = made["seconds"] / made["film_s"]
        print(
            f"2. make {longest.name} at 640x360, 24 fps: {made['seconds']:.1f} s for a {made['film_s']:.1f} s film "
            f"({made['shots']} shots): {ratio:.2f}x real time -> target < 1: {'meets' if ratio < 1 else 'MISSES'}"
        )

        short_script, long_script_path = folder / "short.fountain", folder / "long.fountain"
        short_script.write_text(long_script(1))
        long_script_path.write_text(long_script(10))
        short = run_make(short_script, folder / "short", 320, 180, 12)
        long = run_make(long_script_path, folder / "long", 320, 180, 12)
        growth = long["rss_mb"] / short["rss_mb"]
        print(
            f"3. peak memory: a {short['film_s']:.0f} s film {short['rss_mb']:.0f} MB, a {long['film_s']:.0f} s film "
            f"{long['rss_mb']:.0f} MB ({long['film_s'] / short['film_s']:.1f}x longer): {growth:.2f}x "
            f"-> target <= 1.2: {'meets' if growth <= 1.2 else 'MISSES'}"
        )

    print("4. refine (keyframe-anchored) vs bicubic upscale of the draft, PSNR against a direct render")
    for job in moving_jobs(640, 360, shots):
        report = refine_psnr_report(job)
        print(
            f"   {job.shot.id} {'+'.join(job.shot.camera.movements)}: refine {report['psnr_refine']:.2f} dB, "
            f"bicubic {report['psnr_bicubic']:.2f} dB, gain {report['gain_db']:+.2f} dB ({report['frames']} frames)"
        )

    print("5. drawing the blocking (the garage's shots blocked vs bare, draft at 640x360)")
    fast, bare, frames = blocking_cost(640, 360, 6 if args.quick else 16)
    print(
        f"   blocked {fast:.0f} fps, bare {bare:.0f} fps ({frames} frames): {fast / bare:.2f} "
        f"-> target >= 0.85: {'meets' if fast / bare >= 0.85 else 'MISSES'}"
    )


if __name__ == "__main__":
    main()
