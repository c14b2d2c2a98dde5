"""Ctrl-C while shots render, in `storyreel make` and in `storyreel studio`: the run stops within
seconds (every queued shot task and every frame checks storyreel/stopping.py), prints one line,
leaves no half-written file, and the same command goes on to a complete film (issue 14 item 6)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "garage.fountain"
SMALL = ["--resolution", "96x54", "--fps", "8", "--quiet"]
ENV = {**os.environ, "STORYREEL_DEBUG": ""}


def _start(*args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "storyreel", *args]
    return subprocess.Popen(
        command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def _ctrl_c(run: subprocess.Popen[str]) -> tuple[float, str, str]:
    """SIGINT to the run's process group, as a terminal sends it: seconds to exit, and its output."""
    os.killpg(run.pid, signal.SIGINT)
    sent = time.monotonic()
    try:
        out, err = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    return time.monotonic() - sent, out, err


def _wait_for(predicate, run: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _drafts(project: Path) -> int:
    folder = project / "cache" / "draft"
    return sum(1 for path in folder.glob("*.mp4")) if folder.is_dir() else 0


def _half_written(project: Path) -> list[Path]:
    return [path for path in project.rglob("*") if path.name.startswith(".tmp")]


@pytest.mark.slow
def test_ctrl_c_while_shots_render_stops_at_once_and_make_goes_on(tmp_path):
    project = tmp_path / "p"
    run = _start("make", str(EXAMPLE), "-o", str(project), *SMALL)
    _wait_for(lambda: _drafts(project) >= 3, run)
    seconds, _, err = _ctrl_c(run)

    assert seconds < 5, seconds
    assert run.returncode == 130
    assert err.strip() == "storyreel: interrupted: run the same command again to go on"
    assert _half_written(project) == []

    again = _start("make", str(EXAMPLE), "-o", str(project), *SMALL)
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert "Traceback" not in err and (project / "film.mp4").is_file()


@pytest.mark.slow
def test_ctrl_c_stops_the_studio_and_its_running_job_at_once(tmp_path):
    root = tmp_path / "films"
    studio = _start("studio", "--no-browser", "--root", str(root))
    assert studio.stdout is not None
    url = studio.stdout.readline().strip().rstrip("/")
    boundary = "storyreel-test-boundary"
    fields = {"script_path": str(EXAMPLE), "name": "g", "resolution": "96x54"}
    body = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        )
        + f"--{boundary}--\r\n"
    )
    request = urllib.request.Request(
        f"{url}/api/projects",
        data=body.encode(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert json.load(reply)["state"] in ("queued", "running")
    _wait_for(lambda: _drafts(root / "g") >= 3, studio)
    seconds, _, err = _ctrl_c(studio)

    assert seconds < 10, seconds
    assert "Traceback" not in err and "cannot schedule new futures" not in err, err
    assert _half_written(root / "g") == []
