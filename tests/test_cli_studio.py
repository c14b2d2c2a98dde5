"""`storyreel studio`: loopback by default on a free port, the URL printed, a browser opened unless
told not to, a token for any other host, and logs without keys or tokens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the studio extra: pip install 'storyreel[studio]'")
httpx = pytest.importorskip("httpx")

from storyreel.api import Studio  # noqa: E402
from storyreel.cli import main  # noqa: E402
from storyreel.render import RENDERERS  # noqa: E402
from storyreel.render.testing import FakeRenderer  # noqa: E402

SCRIPT = "INT. DINER - DAY\n\nMARA pours coffee. JON waits.\n\nMARA\nSame as always?\n\nJON\nNever.\n"
MARKER = "sk-storyreel-test-marker-0123456789"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("studio")
    (folder / "diner.fountain").write_text(SCRIPT, encoding="utf-8")
    had = RENDERERS.get("fake")
    RENDERERS["fake"] = FakeRenderer
    try:
        Studio(folder / "diner", renderer="fake", scorer="none", resolution=(32, 18), fps=8).make(
            folder / "diner.fountain"
        )
    finally:
        if had is None:
            RENDERERS.pop("fake")
    return folder / "diner"


class Running:
    """`storyreel studio ...` in a process of its own: its URL, and what it printed once stopped."""

    def __init__(self, *args: str, cwd: Path):
        env = {**os.environ, "OPENAI_API_KEY": MARKER, "STORYREEL_API_KEY": MARKER}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "storyreel", "studio", "--no-browser", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.url = self.process.stdout.readline().strip()

    def stop(self) -> tuple[str, str]:
        self.process.send_signal(signal.SIGINT)
        try:
            out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return self.url + "\n" + out, err


def test_loopback_on_a_free_port_with_no_token_and_no_key_in_its_logs(project, tmp_path):
    studio = Running(str(project), "--root", str(tmp_path / "new"), "--verbose", cwd=tmp_path)
    try:
        assert studio.url.startswith("http://127.0.0.1:") and studio.url.endswith("/")
        assert int(studio.url.rsplit(":", 1)[1].strip("/")) > 0
        (summary,) = httpx.get(studio.url + "api/projects", timeout=10).json()
        assert summary["id"] == "diner" and summary["made"]
        view = httpx.get(studio.url + "api/projects/diner", timeout=10).json()
        assert MARKER not in str(view)
        note = httpx.post(
            studio.url + "api/projects/diner/notes", json={"note": "shot 1 tighter"}, timeout=10
        )
        assert note.status_code == 202
    finally:
        out, err = studio.stop()
    assert "GET /api/projects" in err  # --verbose logs each request...
    assert MARKER not in out + err  # ...and never a key


def test_another_host_needs_the_printed_token_which_the_logs_never_show(project, tmp_path):
    studio = Running(str(project), "--host", "0.0.0.0", "--root", str(tmp_path), "--verbose", cwd=tmp_path)
    try:
        assert "/?token=" in studio.url
        token = studio.url.split("?token=", 1)[1]
        base = studio.url.split("?", 1)[0].replace("0.0.0.0", "127.0.0.1")
        refused = httpx.get(base + "api/projects", timeout=10)
        assert refused.status_code == 401
        assert httpx.get(f"{base}api/projects?token={token}", timeout=10).status_code == 200
        bearer = httpx.get(base + "api/projects", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert bearer.status_code == 200
        post = httpx.post(
            f"{base}api/projects/diner/undo?token={token}",
            headers={"Origin": "http://evil.example"},
            timeout=10,
        )
        assert post.status_code == 403
    finally:
        out, err = studio.stop()
    assert "GET /api/projects" in err
    assert token not in err and MARKER not in out + err


def test_a_browser_opens_unless_told_not_to(project, tmp_path, monkeypatch):
    import webbrowser

    import storyreel.web.server as web_server

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", opened.append)

    class Idle:
        def run(self, sockets):
            for sock in sockets:
                sock.close()

    monkeypatch.setattr(web_server, "server", lambda app, log_level="warning": Idle())
    monkeypatch.chdir(tmp_path)
    assert main(["studio", str(project)]) == 0
    assert len(opened) == 1 and opened[0].startswith("http://127.0.0.1:")
    assert main(["studio", str(project), "--no-browser"]) == 0
    assert len(opened) == 1
    from storyreel import stopping

    assert not stopping.stopping()  # its jobs were stopped with it; the process may run others


def test_a_missing_project_or_a_taken_port_is_one_line(tmp_path, capsys):
    assert main(["studio", str(tmp_path / "nope"), "--no-browser"]) == 1
    assert capsys.readouterr().err.strip().endswith("nope: no such project directory")
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["studio", "--port", str(port), "--no-browser", "--root", str(tmp_path)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"storyreel: error: 127.0.0.1:{port}: cannot listen there") and "\n" not in error
