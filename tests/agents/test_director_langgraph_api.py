"""Directing through LangGraph's HTTP API: `langgraph dev` serves the graph of langgraph.json on
loopback, a run makes the plan, and notes sent as chat messages (what LangGraph's chat UIs send)
come back as the director's answers while the plan changes. Needs `langgraph-cli[inmem]` (the dev
extra); skipped, saying why, when the server cannot start here."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyreel.agents.state import StateView, is_reference

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _script() -> str:
    spec = importlib.util.spec_from_file_location(
        "director_film_api", Path(__file__).with_name("director_film.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SCRIPT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """`langgraph dev` on a free loopback port, in tmp_path (its state folder lands there)."""
    if importlib.util.find_spec("langgraph_cli") is None or importlib.util.find_spec("langgraph_api") is None:
        pytest.skip(
            "langgraph-cli[inmem] is not installed (pip install 'langgraph-cli[inmem]', in the dev extra)"
        )
    httpx = pytest.importorskip("httpx")
    config = tmp_path / "langgraph.json"
    config.write_text(
        json.dumps(
            {"dependencies": [str(ROOT)], "graphs": {"storyreel": f"{ROOT / 'agents' / 'graph.py'}:graph"}}
        )
    )
    port = _free_port()
    command = [
        str(Path(sys.executable).with_name("langgraph")), "dev", "--config", str(config),
        "--host", "127.0.0.1", "--port", str(port), "--no-browser", "--no-reload",
    ]  # fmt: skip
    env = {
        **os.environ,
        "LANGSMITH_TRACING": "false",
        "LANGCHAIN_TRACING_V2": "false",
        "LANGSMITH_API_KEY": "",
    }
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(command, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                tail = (tmp_path / "server.log").read_text()[-600:]
                pytest.skip(f"langgraph dev could not start here (exit {process.returncode}): {tail}")
            try:
                if httpx.get(f"{base}/ok", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.skip("langgraph dev did not answer on loopback within 90 s (offline start refused?)")
            time.sleep(0.5)
        with httpx.Client(base_url=base, timeout=120) as client:
            yield client
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def run(client, thread: str, payload: dict) -> dict:
    reply = client.post(f"/threads/{thread}/runs/wait", json={"assistant_id": "storyreel", **payload})
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_notes_sent_as_chat_messages_direct_the_film(server, tmp_path):
    thread = server.post("/threads", json={}).json()["thread_id"]
    context = {"project_dir": str(tmp_path / "film"), "renderer": "none"}
    made = run(server, thread, {"input": {"script_text": _script()}, "context": context})
    assert is_reference(made["plan"])  # the documents lie in the project, the state points at them
    assert StateView(made).plan.shots and (tmp_path / "film" / "plan.json").is_file()
    second = StateView(made).data("plan")["shots"][1]
    assert second["camera"]["angle"] != "low"

    noted = run(
        server,
        thread,
        {"input": {"messages": [{"type": "human", "content": "shot 2 from below"}]}, "context": context},
    )
    assert StateView(noted).plan.shots[1].camera.angle == "low"
    answer = noted["messages"][-1]
    assert answer["type"] == "ai" and "low angle" in answer["content"]
    assert noted["direction"]["changed_shots"] == [second["id"]]

    asked = run(
        server,
        thread,
        {"input": {"messages": [{"role": "user", "content": "shot 99 tighter"}]}, "context": context},
    )
    assert asked["messages"][-1]["content"].startswith("There is no shot 99")
    assert asked["plan"] == noted["plan"]

    history = server.post(f"/threads/{thread}/history", json={"limit": 100}).json()
    assert len(history) > 3  # every step is a checkpoint LangGraph's time travel can fork
