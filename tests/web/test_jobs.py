"""Jobs: one at a time per project, in order; a bounded queue; a project held by another
process is refused in one line; a failing job says why and the worker goes on."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from fastapi.testclient import TestClient

import storyreel.web.app as web_app
from storyreel.errors import DiskFull, InputError
from storyreel.project import Project
from storyreel.web.app import create_app
from storyreel.web.events import Hub
from storyreel.web.jobs import MAX_WAITING, JobQueue, Jobs, Outcome, QueueFull

LOCAL = "http://127.0.0.1"


def wait_for(predicate, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


class Gate:
    """Runs that wait until released, recording the order they ran in."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.ran: list[str] = []

    def run(self, name: str, error: Exception | None = None):
        def run(report) -> Outcome:
            report({"stage": "director", "done": 0, "total": 1, "label": name})
            self.open.wait(10)
            self.ran.append(name)
            if error is not None:
                raise error
            return Outcome({"name": name}, changed=True, version=len(self.ran))

        return run


def test_jobs_run_one_at_a_time_in_order_and_the_queue_is_bounded(tmp_path):
    jobs = Jobs(Hub())
    queue = JobQueue("p", tmp_path, jobs)
    gate = Gate()
    infos = [queue.submit("note", gate.run(f"n{i}")) for i in range(MAX_WAITING + 1)]
    assert [info.position for info in infos] == list(range(MAX_WAITING + 1))
    with pytest.raises(QueueFull, match=f"{MAX_WAITING} jobs already wait"):
        queue.submit("note", gate.run("one too many"))
    wait_for(lambda: jobs.get(infos[0].id).state == "running")
    assert jobs.get(infos[1].id).state == "queued" and queue.busy
    assert jobs.get(infos[0].id).progress.stage == "director"
    gate.open.set()
    wait_for(lambda: not queue.busy)
    assert gate.ran == [f"n{i}" for i in range(MAX_WAITING + 1)]
    assert all(jobs.get(info.id).state == "done" for info in infos)
    assert jobs.get(infos[-1].id).result == {"name": f"n{MAX_WAITING}"}


def test_a_failed_job_says_why_in_one_line_and_the_worker_goes_on(tmp_path):
    jobs = Jobs(Hub())
    queue = JobQueue("p", tmp_path, jobs)
    gate = Gate()
    gate.open.set()
    refused = queue.submit("note", gate.run("a", InputError("shot 99: no such\nshot")))
    bug = queue.submit("note", gate.run("b", KeyError("oops")))
    fine = queue.submit("note", gate.run("c"))
    wait_for(lambda: not queue.busy)
    assert jobs.get(refused.id).error == "shot 99: no such shot"
    assert jobs.get(bug.id).error == "internal error: KeyError: 'oops'"
    assert jobs.get(fine.id).state == "done"


@pytest.fixture
def blocked(garage, tmp_path, monkeypatch):
    """A studio whose notes wait on a gate instead of directing (the garage is not changed)."""
    gate = Gate()
    monkeypatch.setattr(web_app, "note_job", lambda root, note, focus: gate.run(note))
    app = create_app([garage], root=tmp_path)
    with TestClient(app, base_url=LOCAL) as client:
        yield client, gate
    gate.open.set()


def test_a_second_note_while_one_runs_is_queued_and_a_full_queue_is_409(blocked):
    client, gate = blocked
    first = client.post("/api/projects/garage/notes", json={"note": "shot 1 tighter"}).json()
    second = client.post("/api/projects/garage/notes", json={"note": "shot 2 tighter"}).json()
    assert second["state"] == "queued" and second["position"] == 1
    assert client.get("/api/projects").json()[0]["busy"] is True
    for n in range(MAX_WAITING - 1):
        assert client.post("/api/projects/garage/notes", json={"note": f"shot {n} wider"}).status_code == 202
    refused = client.post("/api/projects/garage/notes", json={"note": "one more"})
    assert refused.status_code == 409
    assert refused.json() == {
        "error": f"{MAX_WAITING} jobs already wait on this project: try again when one has finished"
    }
    # a page opened now follows the running job
    wait_for(
        lambda: ((client.get("/api/projects/garage").json()["job"] or {}).get("progress") or {}).get("stage")
    )
    running = client.get("/api/projects/garage").json()["job"]
    assert running["id"] == first["id"] and running["state"] == "running"
    assert running["progress"]["stage"] == "director"
    gate.open.set()
    wait_for(lambda: client.get(f"/api/jobs/{second['id']}").json()["state"] == "done")
    assert client.get(f"/api/jobs/{first['id']}").json()["state"] == "done"
    assert gate.ran[:2] == ["shot 1 tighter", "shot 2 tighter"]
    wait_for(lambda: client.get("/api/projects/garage").json()["job"] is None)


HOLD = "import sys; from storyreel.project import Project\nwith Project(sys.argv[1]).lock():\n    print('held', flush=True); sys.stdin.read()"


def test_a_project_held_by_another_run_is_409_in_one_line(garage, tmp_path):
    app = create_app([garage], root=tmp_path)
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(garage)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout.readline().strip() == "held"
        with TestClient(app, base_url=LOCAL) as client:
            response = client.post("/api/projects/garage/notes", json={"note": "shot 2 tighter"})
            undo = client.post("/api/projects/garage/undo")
            exported = client.get("/api/projects/garage/export/zip")
            assert client.get("/api/projects/garage/shots").status_code == 200  # reading needs no lock
    finally:
        other.communicate(timeout=30)  # closes its stdin: it lets go
    assert response.status_code == 409 == undo.status_code == exported.status_code
    assert response.json()["error"] == f"{garage}: in use by another storyreel run (pid {other.pid})"


def test_a_job_waits_while_this_process_holds_the_project_for_a_moment(tmp_path):

    project = Project(tmp_path / "p").create()
    jobs = Jobs(Hub())
    queue = JobQueue("p", project.root, jobs)
    gate = Gate()
    gate.open.set()
    with project.lock():  # as the server's start-up sync holds it
        info = queue.submit("note", gate.run("waits"))
        time.sleep(0.3)
        assert jobs.get(info.id).state == "running" and gate.ran == []
    wait_for(lambda: jobs.get(info.id).state == "done")
    assert gate.ran == ["waits"]


class Recorder:
    """A hub that keeps what was published."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def publish(self, project, type, body) -> None:  # noqa: A002 - the hub's own signature
        self.events.append((type, body))


def test_progress_is_counted_per_stage_as_the_cli_counts_it(tmp_path):
    hub = Recorder()
    jobs = Jobs(hub)  # type: ignore[arg-type]
    queue = JobQueue("p", tmp_path, jobs)

    def run(report) -> Outcome:
        report({"stage": "director", "done": 0, "total": 2, "label": "shot 2 tighter"})
        report({"stage": "draft", "done": 0, "total": 3, "label": "round 0"})
        for shot in ("s1", "s2", "s3"):
            report({"stage": "draft", "advance": 1, "label": shot, "cached": False})
        return Outcome({})

    info = queue.submit("note", run)
    wait_for(lambda: jobs.get(info.id).state == "done")
    sent = [(body.stage, body.done, body.total) for kind, body in hub.events if kind == "progress"]
    assert sent[0] == ("director", 0, 2) and sent[1] == ("draft", 0, 3)  # a new stage is always sent
    assert sent[-1] == ("draft", 3, 3)  # and a stage's end
    assert jobs.get(info.id).progress.model_dump() == {"stage": "draft", "done": 3, "total": 3, "label": "s3"}


def test_a_full_disk_is_507_in_one_line(garage, tmp_path, monkeypatch):
    def full(*_args, **_kwargs):
        raise DiskFull("/srv", needed=42_000_000)

    monkeypatch.setattr(web_app, "delivery_zip", full)
    with TestClient(create_app([garage], root=tmp_path), base_url=LOCAL) as client:
        response = client.get("/api/projects/garage/export/zip")
    assert response.status_code == 507
    assert response.json()["error"].startswith("no space left on /srv (needed about")
