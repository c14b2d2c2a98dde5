"""Planning a generated 120-page feature with the rules brain, through the whole graph.

    python benchmarks/plan.py [--pages 120]

Prints the wall time and peak memory (max RSS of a fresh process) of `Studio.plan` on a new
project (writer, storyboard, cinematographer; checkpoints in SQLite, documents written), the
same planning done by calling the film grammar directly with no graph (the baseline, measured
in the same run), and from the two the graph's own overhead per shot: the time not spent in the
brain. Targets: under 5 s and 500 MB for the feature; overhead under 5 ms per shot.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from feature import generate_script  # benchmarks/feature.py; run from the repository root

TARGET_SECONDS = 5.0
TARGET_MB = 500
TARGET_OVERHEAD_MS = 5.0

# Each measurement runs in a fresh interpreter, so imports and peak memory are its own.
MEASURE_GRAPH = r"""
import json, resource, sys, time
from storyreel.api import Studio
start = time.perf_counter()
result = Studio(sys.argv[2]).plan(sys.argv[1])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "shots": len(result.plan.shots),
                  "scenes": len(result.screenplay.scenes),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

MEASURE_DIRECT = r"""
import json, resource, sys, time
from itertools import groupby
from storyreel.agents.film_grammar.bible import write_bible
from storyreel.agents.film_grammar.camera.design import design_camera
from storyreel.agents.storyboard import build_shots
from storyreel.agents.film_grammar.coverage.boarder import board_scene
from storyreel.tools.screenplay import read_screenplay
start = time.perf_counter()
screenplay = read_screenplay(sys.argv[1])
bible = write_bible(screenplay)
seen, shots, previous = set(), [], None
for scene in screenplay.scenes:
    board = board_scene(scene, bible, previous=previous, new_location=scene.location not in seen)
    seen.add(scene.location)
    previous = board.shots[-1]
    scene_shots = build_shots(scene, board, bible.style.fps)
    design_camera(scene_shots, scene, bible, fps=bible.style.fps)
    shots.extend(scene_shots)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "shots": len(shots),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(code: str, *args: str) -> dict:
    here = Path(__file__).resolve().parent
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=here, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "feature.fountain"
        script.write_text(generate_script(args.pages), encoding="utf-8")
        direct = measure(MEASURE_DIRECT, str(script))
        graph = measure(MEASURE_GRAPH, str(script), str(Path(tmp) / "project"))
        checkpoint_mb = (Path(tmp) / "project" / ".storyreel" / "checkpoints.sqlite").stat().st_size / 1e6

    shots = graph["shots"]
    overhead_ms = (graph["seconds"] - direct["seconds"]) / shots * 1e3
    print(f"feature: {args.pages} pages, {graph['scenes']} scenes, {shots} shots")
    print(
        f"plan through the graph (Studio.plan): {graph['seconds']:.2f} s, peak RSS {graph['rss_mb']:.0f} MB, "
        f"checkpoints {checkpoint_mb:.1f} MB"
    )
    print(
        f"baseline, film grammar called directly: {direct['seconds']:.2f} s, peak RSS {direct['rss_mb']:.0f} MB"
    )
    print(
        f"graph/baseline = {graph['seconds'] / direct['seconds']:.2f}x; "
        f"graph overhead {overhead_ms:.2f} ms per shot"
    )
    verdicts = [
        ("time", graph["seconds"] < TARGET_SECONDS, f"{graph['seconds']:.2f} s < {TARGET_SECONDS} s"),
        ("memory", graph["rss_mb"] < TARGET_MB, f"{graph['rss_mb']:.0f} MB < {TARGET_MB} MB"),
        (
            "overhead",
            overhead_ms < TARGET_OVERHEAD_MS,
            f"{overhead_ms:.2f} ms < {TARGET_OVERHEAD_MS} ms per shot",
        ),
    ]
    for name, ok, text in verdicts:
        print(f"target {name}: {'meets' if ok else 'MISSES'} ({text})")


if __name__ == "__main__":
    main()
