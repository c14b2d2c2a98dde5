"""Ctrl-C during a model call: the run stops within seconds, says so in one line with exit 130,
and the same command goes on from the checkpoint (issue 14 item 6: it used to run on until the
call and its retries ended, minutes, then print a LangGraph traceback)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "garage.fountain"


def _make(project: Path, base_url: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "storyreel", "make", str(EXAMPLE), "-o", str(project)]
    command += ["--brain", "openai", "--model", "fake-model", "--base-url", base_url, "--renderer", "none"]
    env = {**os.environ, "OPENAI_API_KEY": "sk-test-interrupt", "STORYREEL_DEBUG": ""}
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_ctrl_c_in_a_model_call_stops_at_once_and_the_same_make_goes_on(tmp_path, fake_openai, fake_reply):
    fake_openai.otherwise = fake_reply.completion("not yet", delay_s=30)
    project = tmp_path / "p"
    run = _make(project, fake_openai.base_url)
    deadline = time.monotonic() + 60
    while not fake_openai.requests and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake_openai.requests, run.communicate(timeout=10)
    run.send_signal(signal.SIGINT)
    sent = time.monotonic()
    try:
        _, stderr = run.communicate(timeout=15)
    finally:
        run.kill()
    assert time.monotonic() - sent < 5
    assert run.returncode == 130
    assert stderr.strip() == "storyreel: interrupted: run the same command again to go on"

    fake_openai.otherwise = fake_reply.completion("Sure! Here is a lovely plan.")  # falls back to rules
    again = _make(project, fake_openai.base_url)
    stdout, stderr = again.communicate(timeout=120)
    assert again.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert (project / "plan.json").is_file()


def test_a_stop_ends_a_blocked_model_call_at_once_without_a_re_ask(monkeypatch, fake_openai, fake_reply):
    """The brain's wait ends on the stop: Interrupted, not a fallback to rules nor a re-ask."""
    import threading

    from storyreel import stopping
    from storyreel.agents.brains.base import Task
    from storyreel.agents.brains.openai import OpenAIBrain
    from storyreel.agents.context import Context
    from storyreel.agents.schemas import CriticVerdict
    from storyreel.errors import Interrupted

    fake_openai.otherwise = fake_reply.completion("not yet", delay_s=30)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-interrupt")
    monkeypatch.setattr("storyreel.agents.brains.openai.render_prompt", lambda *args: "judge it")
    brain = OpenAIBrain.from_context(
        Context(brain="openai", model="fake-model", base_url=fake_openai.base_url)
    )
    task = Task(agent="critic", inputs={}, output=CriticVerdict, rules=lambda: None)  # type: ignore[arg-type,return-value]
    threading.Timer(0.5, stopping.request_stop).start()
    started = time.monotonic()
    try:
        with pytest.raises(Interrupted):
            brain.ask(task)
    finally:
        stopping.reset()
    assert time.monotonic() - started < 3
    time.sleep(0.3)  # a re-ask would have been sent by now
    assert len(fake_openai.requests) == 1
