"""The critic, measured: what it costs, and how well its loop repairs a camera that under-delivers.

    python benchmarks/critic.py [--script examples/garage.fountain] [--quick]

1. Cost: `make` of the script at 640x360 with the critic off (`scorer="none"`, the baseline) and
   on (`probe`, then `full`: probe + keyframes + characters + CameraCLIP when weights exist),
   in fresh processes. Prints wall time, the ratio to the baseline, and the critic's seconds
   per shot.
2. Repair: the animatic with `damping` from 1.0 (moves as planned) down to 0.03 (almost no
   move), at 320x180 with the default two revision rounds. Per damping: shots whose move the
   probe could judge, how many failed their first draft, how many the loop repaired, how many
   are still failing (reported, the film cut anyway), and how many drafts were drawn in all.
   Expected: nothing fails undamped; a damping the gain limit can make up for (>= 1/4) is
   repaired; below that the shots are reported.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from making import make

ROOT = Path(__file__).resolve().parents[1]

# Run after the make in its own process (benchmarks/making.py): one JSON line.
SUMMARY = r"""
rounds = result.critiques
judged = {s: r for s, r in rounds.items() if r and r[0].scores.delivered is not None}
print(json.dumps({
    "seconds": seconds,
    "shots": len(result.plan.shots),
    "judged": len(judged),
    "failed_first": sum(not r[0].passed for r in rounds.values()),
    "repaired": sum(len(r) > 1 and r[-1].passed for r in rounds.values()),
    "still_failing": sum(not r[-1].passed for r in rounds.values()),
    "drafts": sum(len(r) for r in rounds.values()),
    "film": bool(result.cut),
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--script", type=Path, default=ROOT / "examples" / "garage.fountain")
    parser.add_argument("--quick", action="store_true", help="cost at 320x180, three dampings")
    args = parser.parse_args()
    size = (320, 180) if args.quick else (640, 360)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"1. cost of the critic: make {args.script.name} at {size[0]}x{size[1]}")
        base = None
        for scorer in ("none", "probe", "full"):
            run = make(
                SUMMARY,
                args.script,
                Path(tmp) / f"cost-{scorer}",
                scorer=scorer,
                resolution=size,
                max_rounds=0,
            )
            base = base or run["seconds"]
            per_shot = (run["seconds"] - base) / run["shots"]
            print(
                f"   scorer {scorer:5s} {run['seconds']:7.1f} s  x{run['seconds'] / base:4.2f} of no critic"
                f"  ({per_shot:+.2f} s per shot, {run['shots']} shots)"
            )
        print("\n2. repair of a damped camera (probe scorer, 320x180, max 2 revision rounds)")
        print("   damping  judged  failed first  repaired  still failing  drafts  film")
        dampings = (1.0, 0.25, 0.03) if args.quick else (1.0, 0.5, 0.25, 0.1, 0.03)
        for damping in dampings:
            run = make(
                SUMMARY,
                args.script,
                Path(tmp) / f"damp-{damping}",
                scorer="probe",
                damping=damping,
                resolution=(320, 180),
            )
            print(
                f"   {damping:7.2f}  {run['judged']:6d}  {run['failed_first']:12d}  {run['repaired']:8d}"
                f"  {run['still_failing']:13d}  {run['drafts']:6d}  {'yes' if run['film'] else 'NO'}"
            )


if __name__ == "__main__":
    main()
