"""Directing notes against the full make of the same film, measured in the same run.

    python benchmarks/directing.py [--quick] [--script PATH] [--resolution 320x180] [--fps 12]
                                   [--scorer none|probe|full]

1. Make a film of 30 or more shots (examples/rooftop_chase.fountain: 36 shots in 9 scenes, or
   --script) with the animatic renderer at a small resolution, in a fresh process, and time it.
2. In the same process, apply one-shot notes one after another (a framing, an angle, a move, a
   length, another take, a transition) and time each `Studio.direct` call, wall clock.
   Target: every one-shot note at most 0.1 of the full make.
3. The re-cut alone: the film assembled by splicing (unchanged clips stream-copied) against the
   same cut assembled frame by frame, as before splicing existed.

Imports are done before either clock starts, so both measure the work, not Python's start-up.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.1
NOTES = [
    "shot 12 tighter",
    "shot 20 from below",
    "shot 5: slow push in",
    "shot 30 two seconds longer",
    "reshoot shot 8",
    "dissolve from shot 14 into shot 15",
]

RUN = r"""
import json, sys, time
from pathlib import Path
import storyreel.agents.graph, storyreel.render.animatic.pipeline  # imports before the clocks
from storyreel.api import Studio

script, project, width, height, fps, scorer, notes = sys.argv[1:8]
studio = Studio(project, resolution=(int(width), int(height)), fps=int(fps), scorer=scorer)
start = time.perf_counter()
made = studio.make(script)
make_s = time.perf_counter() - start
results = []
for note in json.loads(notes):
    start = time.perf_counter()
    done = studio.direct(note)
    results.append({"note": note, "seconds": time.perf_counter() - start, "status": done.status,
                    "changed": done.changed_shots, "rendered": done.rerendered_shots})
print(json.dumps({"make_s": make_s, "shots": len(made.plan.shots), "film_s": made.cut.duration_s,
                  "notes": results}))
"""

RECUT = r"""
import json, sys, time
from pathlib import Path
from storyreel.models.cut import Cut
from storyreel.render import splice
from storyreel.render.assemble import assemble

project = Path(sys.argv[1])
cut = Cut.model_validate_json((project / "cut.json").read_text())
start = time.perf_counter()
assemble(cut, project / "spliced.mp4", root=project)
spliced = time.perf_counter() - start
splice.splice = lambda *args, **kwargs: None  # as before splicing: every frame decoded and encoded
start = time.perf_counter()
assemble(cut, project / "encoded.mp4", root=project)
print(json.dumps({"spliced_s": spliced, "encoded_s": time.perf_counter() - start}))
"""


def fresh(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="three notes instead of six")
    parser.add_argument("--script", default=str(ROOT / "examples" / "rooftop_chase.fountain"))
    parser.add_argument("--resolution", default="320x180", help="WxH (default 320x180)")
    parser.add_argument("--fps", type=int, default=12)
    parser.add_argument("--scorer", default="none", choices=["none", "probe", "full"])
    args = parser.parse_args()
    width, height = args.resolution.lower().split("x")
    notes = NOTES[:3] if args.quick else NOTES

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "film"
        run = fresh(
            RUN, args.script, str(project), width, height, str(args.fps), args.scorer, json.dumps(notes)
        )
        make_s = run["make_s"]
        print(
            f"1. make {Path(args.script).name} at {width}x{height}, {args.fps} fps, scorer {args.scorer}: "
            f"{run['shots']} shots, {run['film_s']:.1f} s of film, {make_s:.1f} s"
        )
        print("2. one-shot notes (wall time of Studio.direct, same process):")
        ratios = []
        for note in run["notes"]:
            ratio = note["seconds"] / make_s
            ratios.append(ratio)
            rendered = ", ".join(note["rendered"]) or "none"
            print(
                f"   {note['note']!r:40} {note['seconds']:5.2f} s  {ratio:.3f} of the make  "
                f"({note['status']}; rendered: {rendered})"
            )
        worst, median = max(ratios), statistics.median(ratios)
        verdict = "meets" if worst <= TARGET else "MISSES"
        print(f"   median {median:.3f}, worst {worst:.3f} of the make -> target <= {TARGET} each: {verdict}")
        recut = fresh(RECUT, str(project))
        print(
            f"3. re-cutting the film: spliced {recut['spliced_s']:.2f} s, frame by frame "
            f"{recut['encoded_s']:.2f} s ({recut['encoded_s'] / max(recut['spliced_s'], 1e-9):.0f}x)"
        )


if __name__ == "__main__":
    main()
