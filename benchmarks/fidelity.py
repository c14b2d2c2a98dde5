"""Fidelity: does the picture say what the plan says? Framing, screen side, facing and angle as
the critic reads them from the animatic's drafts, against the plan, and what reading them costs.

    python benchmarks/fidelity.py [SCRIPT ...] [--resolution WxH] [--fps N] [--json]
                                  [--pages 120] [--feature-resolution 320x180] [--feature-fps 8]
                                  [--no-examples]

Makes each script (the examples when none is given, unless --no-examples) and a generated
feature of --pages pages (120 when no script is given, else 0: none) with the animatic and the
full scorer, in a fresh process, and reads each shot's first round (the draft as first drawn,
before the critic's loop could redraw it):

    framing      the measured framing is the planned one (the main subject's head in its band)
    screen_side  every character found stands on their planned side (side_match 1)
    facing       every character found who has an eyeline partner turns as planned; over the
                 shots that have one
    angle        the angle read is the planned one
    not_checked  the share of shots with someone planned in frame where the detector found no one

Each rate is over the shots where its check ran, overall, per planned framing and per shot kind.
The feature (about 1,500 shots) is made once, at its own smaller size and frame rate so that
the benchmark ends within the hour on a laptop; the checks read a frame at the detector's own
input size (256x144) either way. Make time: each example is made twice, with the composition checks and without them
(`figures=None`, everything else the same, the critic's rounds included), and the ratio printed.
Targets: framing >= 0.90, screen side >= 0.95, facing >= 0.90, angle >= 0.80, make time +15 %
at most. The machine this runs on is shared, so time the two runs on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from making import make

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.fountain")) + sorted((ROOT / "examples").glob("*.fdx"))
CHECKS = ("framing", "screen_side", "facing", "angle")
TARGETS = {"framing": 0.90, "screen_side": 0.95, "facing": 0.90, "angle": 0.80}
MAX_GROWTH = 1.15

# Run after the make in its own process (benchmarks/making.py): one JSON line.
SUMMARY = r"""
shots = []
for shot in result.plan.shots:
    rounds = result.critiques.get(shot.id) or []
    shots.append({
        "id": shot.id, "kind": shot.kind, "framing": shot.camera.framing, "angle": shot.camera.angle,
        "subjects": shot.subjects, "blocking": [p.model_dump(mode="json") for p in shot.blocking],
        "scores": rounds[0].scores.model_dump(mode="json") if rounds else None,
        "rounds": len(rounds), "passed": bool(rounds) and rounds[-1].passed,
    })
print(json.dumps({"seconds": seconds, "shots": shots}))
"""


def verdicts(shot: dict[str, Any]) -> dict[str, bool | None]:
    """Each check's agreement on one shot: True, False, or None where it did not run."""
    scores = shot["scores"] or {}
    framing = scores.get("measured_framing")
    side = scores.get("side_match")
    facings = scores.get("measured_facings") or {}
    partners = {p["character"]: p["facing"] for p in shot["blocking"] if p.get("eyeline")}
    judged = [name for name in partners if name in facings]
    angle = scores.get("measured_angle")
    return {
        "framing": None if framing is None else framing == shot["framing"],
        "screen_side": None if side is None else side == 1.0,
        "facing": None if not judged else all(facings[n] == partners[n] for n in judged),
        "angle": None if angle is None else angle == shot["angle"],
    }


def not_found(shot: dict[str, Any]) -> bool | None:
    """Whether the detector found no one in a shot with someone planned (None: nobody planned)."""
    if not shot["subjects"]:
        return None
    why = ((shot["scores"] or {}).get("skipped") or {}).get("framing", "")
    return why.startswith("the detector found no one")


def rates(shots: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """{"shots": n, "framing": f, "screen_side": s, "facing": e, "angle": a, "not_checked": k}."""
    shots = list(shots)
    out: dict[str, Any] = {"shots": len(shots)}
    per = [verdicts(s) for s in shots]
    for check in CHECKS:
        ran = [v[check] for v in per if v[check] is not None]
        out[check] = round(sum(ran) / len(ran), 4) if ran else None
        out[f"{check}_judged"] = len(ran)
    planned = [x for x in (not_found(s) for s in shots) if x is not None]
    out["not_checked"] = round(sum(planned) / len(planned), 4) if planned else None
    return out


def grouped(shots: list[dict[str, Any]], key: str) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for shot in shots:
        groups[shot[key]].append(shot)
    return {name: rates(group) for name, group in sorted(groups.items())}


def report(runs: dict[str, dict[str, Any]], timing: dict[str, dict[str, float]]) -> dict[str, Any]:
    shots = [shot for run in runs.values() for shot in run["shots"]]
    with_checks = sum(t["with"] for t in timing.values())
    without = sum(t["without"] for t in timing.values())
    return {
        **rates(shots),
        "first_draft_passed": round(
            sum(s["rounds"] == 1 and s["passed"] for s in shots) / max(1, len(shots)), 4
        ),
        "still_failing": sum(not s["passed"] for s in shots if s["rounds"]),
        "per_framing": grouped(shots, "framing"),
        "per_kind": grouped(shots, "kind"),
        "per_script": {
            name: {**rates(run["shots"]), "make_seconds": round(run["seconds"], 1)}
            for name, run in runs.items()
        },
        "make_seconds": {
            **{name: {k: round(v, 1) for k, v in t.items()} for name, t in timing.items()},
            "with": round(with_checks, 1),
            "without": round(without, 1),
            "ratio": round(with_checks / without, 3) if without else None,
        },
    }


def main() -> None:
    from storyreel.agents.context import parse_size

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scripts", nargs="*", type=Path)
    parser.add_argument("--resolution", type=parse_size, default=(640, 360), help="WxH (default 640x360)")
    parser.add_argument("--fps", type=int, default=24)
    parser.add_argument(
        "--pages", type=int, help="pages of the generated feature (default: 120 without scripts, else 0)"
    )
    parser.add_argument(
        "--feature-resolution", type=parse_size, default=(320, 180), help="WxH (default 320x180)"
    )
    parser.add_argument("--feature-fps", type=int, default=8)
    parser.add_argument(
        "--no-examples", action="store_true", help="make only the scripts given and the feature"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    settings = {"scorer": "full", "resolution": list(args.resolution), "fps": args.fps}
    runs: dict[str, dict[str, Any]] = {}
    timing: dict[str, dict[str, float]] = {}
    scripts = args.scripts or ([] if args.no_examples else EXAMPLES)
    pages = args.pages if args.pages is not None else (0 if args.scripts else 120)
    with tempfile.TemporaryDirectory() as tmp:
        for script in scripts:
            runs[script.name] = make(SUMMARY, script, Path(tmp) / f"with-{script.name}", **settings)
            without = make(SUMMARY, script, Path(tmp) / f"without-{script.name}", **settings, figures=None)
            timing[script.name] = {"with": runs[script.name]["seconds"], "without": without["seconds"]}
            log(f"{script.name}: {rates(runs[script.name]['shots'])} {timing[script.name]}")
        if pages:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from feature import generate_script

            feature = Path(tmp) / f"feature-{pages}p.fountain"
            feature.write_text(generate_script(pages), encoding="utf-8")
            small = {**settings, "resolution": list(args.feature_resolution), "fps": args.feature_fps}
            runs[feature.name] = make(SUMMARY, feature, Path(tmp) / "feature", **small)
            log(f"{feature.name}: {rates(runs[feature.name]['shots'])}")
    result = report(runs, timing)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for name, value in result.items():
        print(f"{name}: {json.dumps(value)}")
    for check, target in TARGETS.items():
        got = result[check]
        print(
            f"target {check} >= {target}: {'met' if got is not None and got >= target else 'NOT met'} ({got})"
        )
    ratio = result["make_seconds"]["ratio"]
    print(
        f"target make time <= x{MAX_GROWTH}: {'met' if ratio and ratio <= MAX_GROWTH else 'NOT met'} (x{ratio})"
    )


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
