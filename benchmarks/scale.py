"""Planning and starting to make a 10,000-scene script: plan time and the checkpoint database.

    python benchmarks/scale.py [--scenes 10000] [--window 90] [--profile plan.prof]

Plans a generated script of `--scenes` scenes (`Studio.plan`, rules brain, in a fresh process),
then makes it (animatic at 64x36, 4 fps, no scorer) in a fresh process killed after `--window`
seconds, as a user's Ctrl-C or a crash would. Prints the plan's wall time, the checkpoint
database's size after the plan and after the make's window, what the database holds per
channel (LangGraph keeps a channel's value per version in `blobs`, and each task's writes, Send
payloads included, in `writes`), and the 120-page feature's plan time as the baseline, measured
in the same run. Targets: plan under 30 s, the database under 50 MB after the make's window.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from feature import generate_scenes, generate_script  # benchmarks/feature.py; run from the repository root

TARGET_PLAN_SECONDS = 30.0
TARGET_DATABASE_MB = 50.0
SETTINGS = {"renderer": "animatic", "resolution": [64, 36], "fps": 4, "scorer": "none"}

PLAN = r"""
import cProfile, json, sys, time
from storyreel.api import Studio
settings = json.loads(sys.argv[3])
settings["resolution"] = tuple(settings["resolution"])
studio = Studio(sys.argv[2], **settings)
profile = cProfile.Profile() if sys.argv[4] else None
start = time.perf_counter()
if profile:
    profile.enable()
result = studio.plan(sys.argv[1])
seconds = time.perf_counter() - start
if profile:
    profile.disable()
    profile.dump_stats(sys.argv[4])
print(json.dumps({"seconds": seconds, "shots": len(result.plan.shots), "scenes": len(result.screenplay.scenes)}))
"""

MAKE = r"""
import json, sys
from storyreel.api import Studio
settings = json.loads(sys.argv[3])
settings["resolution"] = tuple(settings["resolution"])
Studio(sys.argv[2], **settings).make(sys.argv[1])
"""


def plan(script: Path, project: Path, profile: str | None) -> dict:
    args = [sys.executable, "-c", PLAN, str(script), str(project), json.dumps(SETTINGS), profile or ""]
    out = subprocess.run(args, capture_output=True, text=True, cwd=Path(__file__).parent)
    if out.returncode != 0:
        raise SystemExit(f"plan failed: {(out.stderr.strip().splitlines() or ['?'])[-1]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def make_for(script: Path, project: Path, window: float) -> bool:
    """Make for `window` seconds, then kill the process (SIGKILL). True when it finished first."""
    args = [sys.executable, "-c", MAKE, str(script), str(project), json.dumps(SETTINGS)]
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        process.wait(timeout=window)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return False
    if process.returncode != 0:
        raise SystemExit(f"make failed: {process.stderr.read().decode().strip().splitlines()[-1:]}")
    return True


def database_mb(project: Path) -> float:
    """The checkpoint database with its write-ahead log, as it lies on disk."""
    folder = project / ".storyreel"
    return sum(p.stat().st_size for p in folder.glob("checkpoints.sqlite*")) / 1e6


def files(project: Path) -> str:
    folder = project / ".storyreel"
    return ", ".join(
        f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in sorted(folder.glob("checkpoints.sqlite*"))
    )


def contents(project: Path) -> list[str]:
    """What the database holds: rows and bytes per table, the biggest channels and writes."""
    with sqlite3.connect(project / ".storyreel" / "checkpoints.sqlite") as db:
        tables = [t for (t,) in db.execute("select name from sqlite_master where type='table'")]
        lines = []
        for table in tables:
            column = {"checkpoints": "checkpoint", "writes": "value", "blobs": "blob"}.get(table)
            if column is None:
                continue
            rows, size = db.execute(
                f"select count(*), coalesce(sum(length({column})), 0) from {table}"
            ).fetchone()
            lines.append(f"  {table}: {rows} rows, {size / 1e6:.1f} MB")
        if "blobs" in tables:
            for channel, rows, size in db.execute(
                "select channel, count(*), sum(length(blob)) s from blobs group by channel order by s desc limit 5"
            ):
                lines.append(f"    blobs[{channel}]: {rows} versions, {size / 1e6:.1f} MB")
        for channel, rows, size in db.execute(
            "select channel, count(*), sum(length(value)) s from writes group by channel order by s desc limit 5"
        ):
            lines.append(
                f"    writes[{channel}]: {rows} writes, {size / 1e6:.1f} MB, {size / rows / 1e3:.1f} kB each"
            )
        return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenes", type=int, default=10_000)
    parser.add_argument(
        "--window", type=float, default=90.0, help="seconds the make runs before it is killed"
    )
    parser.add_argument("--profile", help="write the plan's cProfile statistics here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        feature = Path(tmp) / "feature.fountain"
        feature.write_text(generate_script(120), encoding="utf-8")
        baseline = plan(feature, Path(tmp) / "feature", None)
        script = Path(tmp) / "scale.fountain"
        script.write_text(generate_scenes(args.scenes), encoding="utf-8")
        project = Path(tmp) / "project"
        planned = plan(script, project, args.profile)
        after_plan = database_mb(project)
        planned_contents = [f"  {files(project)}", *contents(project)]
        start = time.perf_counter()
        finished = make_for(script, project, args.window)
        made_seconds = time.perf_counter() - start
        after_make = database_mb(project)
        made_contents = [f"  {files(project)}", *contents(project)]

    print(f"script: {planned['scenes']} scenes, {planned['shots']} shots")
    print(f"baseline, the 120-page feature ({baseline['scenes']} scenes): plan {baseline['seconds']:.2f} s")
    print(
        f"plan: {planned['seconds']:.1f} s ({planned['seconds'] / planned['shots'] * 1e3:.2f} ms per shot; "
        f"{planned['seconds'] / baseline['seconds']:.0f}x the feature for "
        f"{planned['shots'] / baseline['shots']:.0f}x its shots)"
    )
    print(f"checkpoint database after the plan: {after_plan:.1f} MB")
    print("\n".join(planned_contents))
    how = "finished" if finished else "killed"
    print(f"checkpoint database after {made_seconds:.0f} s of make ({how}): {after_make:.1f} MB")
    print("\n".join(made_contents))
    verdicts = [
        (
            "plan time",
            planned["seconds"] < TARGET_PLAN_SECONDS,
            f"{planned['seconds']:.1f} s < {TARGET_PLAN_SECONDS:g} s",
        ),
        (
            "checkpoint database",
            max(after_plan, after_make) < TARGET_DATABASE_MB,
            f"{max(after_plan, after_make):.1f} MB < {TARGET_DATABASE_MB:g} MB",
        ),
    ]
    for name, ok, text in verdicts:
        print(f"target {name}: {'meets' if ok else 'MISSES'} ({text})")


if __name__ == "__main__":
    main()
