"""The web studio against the CLI, and the project page of a feature, measured in one run.

    python benchmarks/studio.py [--resolution 320x180] [--fps 12] [--scorer none|probe|full]
                                [--pages 120] [--draw-feature 160x90] [--keep DIR] [--feature DIR]
                                [--no-note] [--no-feature]

1. One note, two ways. The garage example is made twice with the same settings (fresh processes,
   benchmarks/making.py), so both copies are the same film. The same one-shot note ("shot 2
   tighter") is then given to one by `storyreel direct` in a fresh process (what a director types),
   and to the other through the studio: `storyreel studio` serving it on loopback (its page
   already open, as a director's would be), the note POSTed, the `changed` event awaited on the
   event stream, then the changed panel, its thumbnails and the whole film fetched over HTTP.
   Target: the studio at most 1.2x the CLI.
2. The project page of a feature: a generated 120-page script (benchmarks/feature.py) planned
   with `--renderer none` (or, with --draw-feature, drawn by the animatic at that size, 8 fps, so
   its board has real thumbnails: minutes), served by a fresh `storyreel studio`, and its page loaded as the page's
   script loads it (HTML, project view, the first 100 panels, their thumbnails; benchmarks/web.py),
   first as soon as the server has printed its URL (a fresh process, which reads each project on a
   thread while it starts, as a browser opens), then again; before that, in headless Chromium when Playwright and the
   system's chromium are here (what a director waits for: the panels on screen with their
   thumbnails; the HTTP load fetches a whole page of 100 panels' thumbnails, more than a screen
   shows). The garage's page (real keyframes, so real thumbnails) is
   loaded the same way in step 1. Target: the feature's page under 2 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feature import generate_script  # noqa: E402
from making import make  # noqa: E402
from web import browser_page_load, page_load, studio_process  # noqa: E402
from web import note_until_changed as studio_note  # noqa: E402

from storyreel.agents.context import parse_size  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTE, SHOT = "shot 2 tighter", 2
NOTE_TARGET = 1.2
PAGE_TARGET_S = 2.0
SUMMARY = 'print(json.dumps({"shots": len(result.plan.shots), "seconds": seconds}))'


def one_note(work: Path, settings: dict) -> dict:
    script = ROOT / "examples" / "garage.fountain"
    made = [make(SUMMARY, script, work / name / "garage", **settings) for name in ("cli", "studio")]
    print(
        f"garage made twice: {made[0]['shots']} shots, {made[0]['seconds']:.1f} s and {made[1]['seconds']:.1f} s"
    )

    start = time.perf_counter()
    direct = subprocess.run(
        [sys.executable, "-m", "storyreel", "direct", str(work / "cli" / "garage"), NOTE, "--json"],
        capture_output=True,
        text=True,
    )
    cli_s = time.perf_counter() - start
    if direct.returncode != 0:
        raise SystemExit(f"storyreel direct failed: {direct.stderr.strip()}")
    inside_s = json.loads(direct.stdout)["seconds"]
    print(
        f"storyreel direct '{NOTE}' (fresh process):          {cli_s:6.2f} s (Studio.direct itself {inside_s:.2f} s)"
    )

    with studio_process([work / "studio" / "garage"], work / "root") as (url, _started_s):
        cold = page_load(url, "garage")
        warm = page_load(url, "garage")
        studio_s, changed = studio_note(url, "garage", NOTE, SHOT)
    ratio = studio_s / cli_s
    verdict = "within" if ratio <= NOTE_TARGET else "OVER"
    print(f"studio: note -> changed -> panel, thumbs, film over HTTP:  {studio_s:6.2f} s")
    print(
        f"  ratio studio / CLI: {ratio:.2f} ({verdict} the {NOTE_TARGET}x target); version {changed['version']}"
    )
    print(
        f"garage page ({cold['panels']} panels, {cold['thumbs']} thumbnails, {cold['thumb_bytes'] / 1e3:.0f} kB): "
        f"cold {cold['total_s']:.2f} s (thumbnails {cold['thumbs_s']:.2f} s), warm {warm['total_s']:.2f} s"
    )
    return {
        "cli_s": cli_s,
        "cli_direct_s": inside_s,
        "studio_s": studio_s,
        "ratio": ratio,
        "garage_page": {"cold": cold, "warm": warm},
    }


def feature_page(work: Path, pages: int, drawn: dict | None, made: Path | None = None) -> dict:
    script = work / "feature.fountain"
    script.write_text(generate_script(pages), encoding="utf-8")
    project = made or work / "feature"
    if made is not None:
        print(f"feature: {made} (made before)")
    elif drawn is None:  # planned only: the board has no pictures
        made = make(SUMMARY, script, project, renderer="none")
        print(f"{pages}-page feature planned (--renderer none): {made['seconds']:.1f} s")
    else:  # drawn by the animatic at a small size: real keyframes, so real thumbnails
        made = make(SUMMARY, script, project, renderer="animatic", scorer="none", **drawn)
        print(f"{pages}-page feature drawn by the animatic at {drawn['resolution']}: {made['seconds']:.1f} s")
    with studio_process([project], work / "root") as (url, _started_s):  # first: a fresh board
        browser = browser_page_load(url, project.name)
    with studio_process([project], work / "root") as (url, started_s):
        cold = page_load(url, project.name)
        warm = page_load(url, project.name)
    print(f"storyreel studio on the feature: the URL printed {started_s:.2f} s after the process started")
    if browser is None:
        print("feature page in a browser: not measured (needs playwright and the system's chromium)")
    else:
        verdict = "within" if browser["shown_s"] < PAGE_TARGET_S else "OVER"
        print(
            f"feature page in headless Chromium ({browser['viewport'][0]}x{browser['viewport'][1]}, a fresh "
            f"server): its first {browser['panels_in_page']} panels shown with their thumbnails in "
            f"{browser['shown_s']:.2f} s ({verdict} the {PAGE_TARGET_S:g} s target)"
        )
    verdict = "within" if cold["total_s"] < PAGE_TARGET_S else "OVER"
    print(
        f"feature page ({cold['shots_total']} shots; HTML + view + first {cold['panels']} panels, "
        f"{cold['thumbs']} thumbnails): cold {cold['total_s']:.2f} s (view {cold['view_s']:.2f}, "
        f"shots {cold['shots_s']:.2f}, thumbnails {cold['thumbs_s']:.2f}), "
        f"warm {warm['total_s']:.3f} s ({verdict} the {PAGE_TARGET_S:g} s target)"
    )
    return {"started_s": started_s, "browser": browser, "cold": cold, "warm": warm}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolution", type=parse_size, default=(320, 180), help="WxH (default 320x180)")
    parser.add_argument("--fps", type=int, default=12)
    parser.add_argument("--scorer", default="probe", choices=("none", "probe", "full"))
    parser.add_argument("--pages", type=int, default=120, help="the feature's length (default 120)")
    parser.add_argument(
        "--draw-feature",
        type=parse_size,
        metavar="WxH",
        help="draw the feature with the animatic at this size (minutes) instead of planning it only",
    )
    parser.add_argument("--keep", type=Path, help="make the films in this folder and keep them")
    parser.add_argument(
        "--feature", type=Path, help="a feature made before (e.g. kept by --keep): served as it is"
    )
    parser.add_argument("--no-note", action="store_true", help="skip the note (step 1)")
    parser.add_argument("--no-feature", action="store_true", help="skip the feature's page (step 2)")
    args = parser.parse_args()
    settings = {"resolution": args.resolution, "fps": args.fps, "scorer": args.scorer}
    results: dict = {"settings": {**settings, "pages": args.pages}}
    with tempfile.TemporaryDirectory(prefix="storyreel-studio-bench-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        if not args.no_note:
            results["note"] = one_note(work, settings)
        if not args.no_feature:
            drawn = {"resolution": args.draw_feature, "fps": 8} if args.draw_feature else None
            results["feature_page"] = feature_page(work, args.pages, drawn, args.feature)
    print(json.dumps(results, default=float))


if __name__ == "__main__":
    main()
