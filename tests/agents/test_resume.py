"""A run killed with SIGKILL mid-render resumes: finished work is kept, nothing is redone twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

RUNNER = r"""
import os, signal, sys
from pathlib import Path
from storyreel.api import Studio
from storyreel.render import RENDERERS
from storyreel.render.testing import FakeRenderer

work = Path(sys.argv[2])

class Dying(FakeRenderer):
    name = "dying"

    def draft(self, job, keyframes, out):
        with open(work / "drafts.log", "a") as log:
            log.write(job.shot.id + "\n")
        done = len((work / "drafts.log").read_text().splitlines())
        die_at = int(os.environ.get("DIE_AT", "0"))
        if die_at and done >= die_at:  # drafts run in parallel threads: >=, not ==
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally: a real crash
        return super().draft(job, keyframes, out)

RENDERERS["dying"] = Dying
result = Studio(work / "project", renderer="dying", resolution=(32, 18), fps=8, scorer="none").make(sys.argv[1])
print(len(result.plan.shots), result.resumed, len(result.cut.entries))
"""


def run(script: Path, work: Path, die_at: int | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DIE_AT": str(die_at or 0)}
    return subprocess.run(
        [sys.executable, "-c", RUNNER, str(script), str(work)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.slow
def test_a_killed_make_resumes_without_redoing_finished_work(tmp_path):
    script = EXAMPLES / "rooftop_chase.fountain"
    killed = run(script, tmp_path, die_at=5)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    project = tmp_path / "project"
    plan_before = (project / ".storyreel" / "checkpoints.sqlite").exists()
    assert plan_before
    # complete assets only: pathlib's glob also matches the dot-named temporaries of killed renders
    finished = len([p for p in (project / "cache" / "draft").glob("*.mp4") if not p.name.startswith(".")])
    drafted_before = len((tmp_path / "drafts.log").read_text().splitlines())

    resumed = run(script, tmp_path, die_at=None)
    assert resumed.returncode == 0, resumed.stderr
    shots, was_resumed, entries = resumed.stdout.split()
    assert was_resumed == "True" and int(entries) == int(shots)
    drafted_after = len((tmp_path / "drafts.log").read_text().splitlines()) - drafted_before
    assert drafted_after == int(shots) - finished  # exactly the drafts that were not on disk
    assert not list(project.rglob(".tmp-*"))  # what the kill left half-written is swept
    plan = json.loads((project / "plan.json").read_text())
    assert len(plan["shots"]) == int(shots)


SCORING = r"""
import os, signal, sys, time
from pathlib import Path
from storyreel.api import Studio
from storyreel.models.critique import Scores
from storyreel.render import RENDERERS
from storyreel.render.testing import FakeRenderer
from storyreel.tools.scoring import SCORERS, Scorer

work = Path(sys.argv[2])

class Slow(Scorer):
    name = "slow"

    def score(self, job, draft, keyframes):
        time.sleep(0.05)
        with open(work / "scored.log", "a") as log:
            log.write(job.shot.id + "\n")
        die_at = int(os.environ.get("DIE_AT", "0"))
        if die_at and len((work / "scored.log").read_text().splitlines()) >= die_at:
            time.sleep(1.0)  # those that logged before this one end their task meanwhile
            os.kill(os.getpid(), signal.SIGKILL)
        return Scores(movement_match=1.0, measured_movements=list(job.shot.camera.movements))

RENDERERS["fake"] = FakeRenderer
SCORERS["slow"] = Slow
Studio(work / "project", renderer="fake", resolution=(32, 18), fps=8, scorer="slow").make(sys.argv[1])
"""


def test_a_make_killed_while_the_critic_measures_keeps_each_finished_measurement(tmp_path):
    """LangGraph saves a superstep's results only once all its tasks end: the critic's measurements
    are kept in the cache as each finishes, so a kill loses only those in flight."""

    def measure(die_at: int) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DIE_AT": str(die_at)}
        command = [sys.executable, "-c", SCORING, str(EXAMPLES / "garage.fountain"), str(tmp_path)]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)

    killed = measure(die_at=20)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    finished = (tmp_path / "scored.log").read_text().splitlines()[: 20 - 1]  # those after: in flight
    (tmp_path / "scored.log").unlink()

    resumed = measure(die_at=0)
    assert resumed.returncode == 0, resumed.stderr
    again = set((tmp_path / "scored.log").read_text().splitlines())
    assert not again & set(finished), sorted(again & set(finished))
    assert (tmp_path / "project" / "film.mp4").is_file()
