"""SIGKILL at random moments in `make`, `direct`, `checkout` and `undo` (issue 14): the next command
finishes the work, the film is complete, no finished asset is drawn again, and the versions stay
what the same commands make without kills.

The real CLI runs in subprocesses, each in its own session, and the whole process group (ffmpeg
included) is killed, as a crash or a power cut would. Kill times are drawn uniformly within each
command's own duration, measured on an unkilled run of the same commands in a fresh project (the
reference), by a seeded `random.Random`: every assertion message names the seed and what was
done, and `STORYREEL_KILL_SEED=N` replays a failure.

After a kill, the next command is the same `make` again, or for a directing command the next
directing command (`history`), half the time after a `make`; each must finish what it can, and
the history all of it. A note, checkout or undo killed before it left any trace (its pending mark
in versions.json) is lost, as a command never started, and is given again. `direct` and `undo`
are never simply given again after a kill: the next command finishes them, and a second would
apply the note twice or undo two versions.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from storyreel.media.video import probe, read_frames

SCRIPT = Path(__file__).resolve().parents[1] / "examples" / "garage.fountain"
SETTINGS = ["--renderer", "animatic", "--scorer", "none", "--resolution", "32x18", "--fps", "8", "--quiet"]
ENV = {**os.environ, "STORYREEL_DEBUG": ""}
SEED = int(os.environ.get("STORYREEL_KILL_SEED") or random.SystemRandom().randrange(10**6))

# What is directed after the make, each step killed once: notes that draw shots again, one that
# only re-cuts, undos and checkouts (a branch, and back to it). Versions are as the reference makes them.
STEPS = [
    ("direct", "shots 3-5 tighter, from below"),  # -> 2
    ("direct", "shot 8 two seconds longer"),  # -> 3
    ("undo",),  # -> 2
    ("direct", "swap shots 6 and 7"),  # -> 4, from 2
    ("checkout", "3"),
    ("undo",),  # -> 2
    ("checkout", "4"),
    ("direct", "dissolve from shot 4 into shot 5"),  # -> 5, nothing drawn
    ("undo",),  # -> 4
]
MAKE_KILLS = (2, 1)  # two projects: a make killed, its resume killed again, then finished; one killed once


@dataclass
class State:
    """What a finished command leaves: the versions, the current one, the cut and the film's frames."""

    versions: list[tuple]
    current: int
    cut: str
    frames: str


@dataclass
class Killing:
    """One project killed at random: the seed's generator, what was done, and every finished cache
    file seen so far (path -> inode and mtime), which no later command may write again."""

    project: Path
    rng: random.Random
    done: list[str] = field(default_factory=list)
    assets: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def why(self, what: str) -> str:
        return f"seed {SEED} (STORYREEL_KILL_SEED={SEED} replays it): {what}; done: {'; '.join(self.done)}"

    def run(self, args: list[str], kind: str) -> tuple[int, str, str]:
        """Run `args` unkilled; its exit status, stdout and stderr; the cache files it found kept."""
        code, out, err, took = _run(args)
        self.done.append(f"{kind} -> {code} ({took:.1f} s)")
        self.check_assets()
        return code, out, err

    def kill(self, args: list[str], kind: str, seconds: float) -> int | None:
        """Run `args` and SIGKILL it at a time drawn within `seconds`, the command's unkilled
        duration; None when it was killed, its exit status when it ended first."""
        after = self.rng.uniform(0, seconds)
        run = _start(args)
        try:
            code = run.wait(timeout=after)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
            code = None
        _, err = run.communicate()
        self.done.append(
            f"{kind} killed at {after:.2f} s" if code is None else f"{kind} ended first ({code})"
        )
        assert code in (None, 0), self.why(f"{kind} failed before its kill: {err}")
        self.check_assets()
        return code

    def check_assets(self) -> None:
        """Every finished cache file seen before is still there, the same file (not drawn again)."""
        now = _cache_files(self.project)
        redone = [str(p) for p, stat in self.assets.items() if now.get(p) != stat]
        assert not redone, self.why(f"finished assets written again or lost: {redone[:5]}")
        self.assets = now

    def finished(self, kind: str) -> State:
        """What a completing command must leave: no half-written file, and a complete film (the
        state, as versions.json has it: `storyreel history` gets it up to date)."""
        left = [
            str(p) for p in self.project.rglob("*") if p.name.startswith(".tmp") or p.name.endswith(".tmp")
        ]
        assert not left, self.why(f"{kind} left half-written files: {left}")
        return _state(self.project, self.why, synced=kind != "make")

    def state(self) -> State:
        """The state after `storyreel history`, which must list what versions.json then holds."""
        code, out, err = self.run(["history", str(self.project), "--json"], "history")
        assert code == 0, self.why(f"history failed: {err}")
        state = self.finished("history")
        listed = json.loads(out)
        numbers = [version["number"] for version in listed["versions"]]
        assert (numbers, listed["current"]) == ([v[0] for v in state.versions], state.current), self.why(
            f"history lists versions {numbers}, current {listed['current']}; versions.json {state}"
        )
        return state


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storyreel", *args],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _run(args: list[str]) -> tuple[int, str, str, float]:
    start = time.monotonic()
    run = _start(args)
    try:
        out, err = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    return run.returncode, out, err, time.monotonic() - start


def _make(project: Path) -> list[str]:
    return ["make", str(SCRIPT), "-o", str(project), *SETTINGS]


def _directing(project: Path, step: tuple[str, ...]) -> list[str]:
    return [step[0], str(project), *step[1:]]


def _cache_files(project: Path) -> dict[Path, tuple[int, int]]:
    """Finished cache files (not a killed render's temporaries): their inode and mtime."""
    root = project / "cache"
    files = {}
    for path in root.rglob("*") if root.is_dir() else []:
        parts = path.relative_to(root).parts
        if any(part.startswith(".tmp") or part.endswith(".tmp") for part in parts) or not path.is_file():
            continue
        stat = path.stat()
        files[path] = (stat.st_ino, stat.st_mtime_ns)
    return files


def _frames(project: Path, why) -> str:  # noqa: ANN001 - the assertion message's maker
    """film.mp4 checked against cut.json (size, rate, frames); the hash of its decoded frames."""
    cut = json.loads((project / "cut.json").read_text())
    film = project / "film.mp4"
    assert film.is_file(), why("no film.mp4")
    info = probe(film)
    size = (cut["resolution"]["width"], cut["resolution"]["height"], cut["fps"])
    assert (info.width, info.height, info.fps) == size, why(f"film.mp4 is {info}, cut.json says {size}")
    frames = round(cut["duration_s"] * cut["fps"])  # dissolves overlap clips: not the sum of their lengths
    assert info.frames == frames, why(f"film.mp4 has {info.frames} frames, cut.json {frames}")
    digest = hashlib.sha256()
    for frame in read_frames(film):
        digest.update(frame.tobytes())
    return digest.hexdigest()


def _state(project: Path, why, synced: bool = True) -> State:  # noqa: ANN001
    """The versions as versions.json keeps them (nothing pending, numbered 1..N), the cut with
    the project's folder taken out, and the film's frames. A `make` leaves versions.json to the
    next directing command: not `synced`, its versions are not read."""
    cut = (project / "cut.json").read_text().replace(str(project), "PROJECT")
    frames = _frames(project, why)
    if not synced:
        return State(versions=[], current=0, cut=cut, frames=frames)
    history = json.loads((project / "versions.json").read_text())
    pending = {k: history.get(k) for k in ("pending_note", "pending_since", "pending_checkout")}
    assert not any(pending.values()), why(f"left pending: {pending}")
    numbers = [v["number"] for v in history["versions"]]
    assert numbers == list(range(1, len(numbers) + 1)), why(f"versions numbered {numbers}")
    assert history["current"] in numbers, why(f"current version {history['current']} of {numbers}")
    versions = [
        (v["number"], v["parent"], v["note"], v["edits"], v["changed_shots"], v["rerendered_shots"])
        for v in history["versions"]
    ]
    return State(versions=versions, current=history["current"], cut=cut, frames=frames)


def _reference(project: Path) -> tuple[list[float], list[State]]:
    """The same commands unkilled: how long each took, and the state after each."""
    seconds, states = [], []
    for step in [None, *STEPS]:
        args = _make(project) if step is None else _directing(project, step)
        code, _, err, took = _run(args)
        assert code == 0, f"unkilled {args[0]} failed: {err}"
        seconds.append(took)
        if step is None:
            assert _run(["history", str(project)])[0] == 0  # a make is recorded by the next directing command
        states.append(_state(project, lambda what: what))
    return seconds, states


def _survived(project: Path, step: tuple[str, ...], before: dict) -> bool:
    """Whether a killed directing command left a trace the next command must finish: its note
    pending or recorded, its checkout pending or arrived (versions.json, as the kill left it)."""
    history = json.loads((project / "versions.json").read_text())
    if step[0] == "direct":
        return history.get("pending_note") == step[1] or len(history["versions"]) > len(before["versions"])
    moved = history.get("pending_checkout")
    return moved is not None or history["current"] != before["current"]


def _kill_make(killing: Killing, kills: int, seconds: float, expected: State) -> None:
    args = _make(killing.project)
    for _ in range(kills):
        if killing.kill(args, "make", seconds) == 0:
            break
    code, _, err = killing.run(args, "make")
    assert code == 0, killing.why(f"make after a kill failed: {err}")
    killing.finished("make")
    assert killing.state() == expected, killing.why("the film made with kills is not the one made without")


def _kill_directing(
    killing: Killing, step: tuple[str, ...], seconds: float, before: State, expected: State
) -> None:
    project, kind = killing.project, step[0]
    on_disk = json.loads((project / "versions.json").read_text())
    if killing.kill(_directing(project, step), kind, seconds) is not None:  # it ended first
        assert killing.state() == expected, killing.why(
            f"after {' '.join(step)}: not the film made without kills"
        )
        return
    survived = _survived(project, step, on_disk)
    if killing.rng.random() < 0.5:  # the next command a make, then the history: each must finish
        code, _, err = killing.run(_make(project), "make")
        assert code == 0, killing.why(f"make after a killed {kind} failed: {err}")
        killing.finished("make")
    now = killing.state()
    if not survived:  # killed before it began: nothing changed, and it is given again
        assert now == before, killing.why(f"a {kind} killed before it began changed the film")
        code, _, err = killing.run(_directing(project, step), kind)
        assert code == 0, killing.why(f"{kind} given again failed: {err}")
        now = killing.finished(kind)
    assert now == expected, killing.why(f"after {' '.join(step)}: not the film made without kills")


@pytest.mark.slow
def test_killed_commands_are_finished_by_the_next_one(tmp_path):
    seconds, states = _reference(tmp_path / "reference")
    rng = random.Random(SEED)
    projects = [Killing(tmp_path / f"killed-{number}", rng) for number in range(len(MAKE_KILLS))]
    for killing, kills in zip(projects, MAKE_KILLS, strict=True):
        _kill_make(killing, kills, seconds[0], states[0])

    directed = projects[-1]  # the film the last killed make finished is directed, each step killed once
    for step, took, before, expected in zip(STEPS, seconds[1:], states[:-1], states[1:], strict=True):
        _kill_directing(directed, step, took, before, expected)
