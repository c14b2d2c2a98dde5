"""A film made in a fresh interpreter and timed, for the benchmarks that compare whole makes
(critic.py, fidelity.py): its own imports and caches, so one make does not warm the next.

    make(SUMMARY, script, project, scorer="full", resolution=(640, 360))

SUMMARY is Python run after the make with `result` (the Studio's) and `seconds` in scope; it
prints one JSON line, which `make` returns as a dict.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

PRELUDE = r"""
import json, sys, time
from storyreel.api import Studio
settings = json.loads(sys.argv[3])
if "resolution" in settings:
    settings["resolution"] = tuple(settings["resolution"])
start = time.perf_counter()
result = Studio(sys.argv[2], **settings).make(sys.argv[1])
seconds = time.perf_counter() - start
"""


def make(summary: str, script: Path, project: Path, **settings: Any) -> dict[str, Any]:
    """Make `script` into `project` with the Studio `settings` in a fresh process; SUMMARY's JSON.
    A failed make ends the benchmark with its last line."""
    out = subprocess.run(
        [sys.executable, "-c", PRELUDE + summary, str(script), str(project), json.dumps(settings)],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"{script.name}: {(out.stderr.strip().splitlines() or ['failed'])[-1]}")
    return json.loads(out.stdout.strip().splitlines()[-1])
