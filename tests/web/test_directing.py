"""Directing through the studio: a note becomes a job, the job a version, the panel changes; undo,
checkout and diff; "this shot" is the selected panel; the event stream says what happened.

The tests of this module share one garage (`directed`) and run in order: each starts from where
the one before left the film.
"""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from storyreel.web.app import create_app
from storyreel.web.events import parse_events
from storyreel.web.schemas import NoteResult
from storyreel.web.server import serving

PID = "garage"
LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def app(directed, tmp_path_factory):
    app = create_app([directed], root=tmp_path_factory.mktemp("root"))
    app.state.catalog.warm()  # version 1 recorded before the first note, as at a server's start
    return app


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, base_url=LOCAL) as test_client:
        yield test_client


def finished(client, info: dict, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = client.get(f"/api/jobs/{info['id']}").json()
        if info["state"] in ("done", "failed"):
            return info
        time.sleep(0.05)
    raise AssertionError(f"job {info['id']} still {info['state']} after {timeout} s")


def panel(client, number: int) -> dict:
    return client.get(f"/api/projects/{PID}/shots?offset={number - 1}&limit=1").json()["panels"][0]


def test_a_note_is_a_job_that_makes_a_version_and_changes_the_panel(client):
    before = panel(client, 2)
    response = client.post(f"/api/projects/{PID}/notes", json={"note": "shot 2 tighter"})
    assert response.status_code == 202
    job = finished(client, response.json())
    assert job["state"] == "done", job["error"]
    assert job["kind"] == "note" and job["result"]["status"] == "applied" and job["result"]["version"] == 2
    versions = client.get(f"/api/projects/{PID}/versions").json()
    assert versions["current"] == 2 and [v["note"] for v in versions["versions"]] == [None, "shot 2 tighter"]
    after = panel(client, 2)
    assert after["camera_words"] != before["camera_words"]
    assert client.get(f"/api/projects/{PID}").json()["film_url"].endswith("?v=2")


def test_the_shot_says_what_changed_and_why(client):
    shot_id = panel(client, 2)["id"]
    (change,) = client.get(f"/api/projects/{PID}/shots/{shot_id}").json()["changes"]
    assert change["version"] == 2 and change["note"] == "shot 2 tighter"
    assert change["lines"] and all(f"({shot_id})" in line for line in change["lines"])
    assert "framing" in change["lines"][0]
    assert client.get(f"/api/projects/{PID}/shots/{panel(client, 3)['id']}").json()["changes"] == []


def test_diff_names_the_changed_shot(client):
    shot_id = panel(client, 2)["id"]
    diff = client.get(f"/api/projects/{PID}/diff?old=1&new=2").json()
    assert {c["subject"] for c in diff["changes"]} == {shot_id}
    assert diff["lines"][0].startswith(f"shot 2 ({shot_id}): ")
    assert client.get(f"/api/projects/{PID}/diff").json() == diff  # default: the current note


def test_undo_brings_the_panel_back_and_checkout_returns(client):
    tighter = panel(client, 2)["camera_words"]
    job = finished(client, client.post(f"/api/projects/{PID}/undo").json())
    assert job["state"] == "done" and job["result"]["number"] == 1
    assert client.get(f"/api/projects/{PID}/versions").json()["current"] == 1
    assert panel(client, 2)["camera_words"] != tighter
    shot_id = panel(client, 2)["id"]
    assert client.get(f"/api/projects/{PID}/shots/{shot_id}").json()["changes"] == []  # undone
    job = finished(client, client.post(f"/api/projects/{PID}/checkout", json={"version": 2}).json())
    assert job["state"] == "done"
    assert panel(client, 2)["camera_words"] == tighter
    changes = client.get(f"/api/projects/{PID}/shots/{shot_id}").json()["changes"]
    assert [c["version"] for c in changes] == [2]


def test_this_shot_is_the_selected_panel(client):
    chosen = panel(client, 5)
    body = {"note": "this shot from below", "shot_id": chosen["id"]}
    job = finished(client, client.post(f"/api/projects/{PID}/notes", json=body).json())
    assert job["state"] == "done", job["error"]
    assert job["result"]["changed_shots"] == [chosen["id"]]
    assert "low angle" in panel(client, 5)["camera_words"]


def test_a_question_changes_nothing(client):
    current = client.get(f"/api/projects/{PID}/versions").json()["current"]
    job = finished(client, client.post(f"/api/projects/{PID}/notes", json={"note": "make it pop"}).json())
    assert job["state"] == "done" and job["result"]["status"] == "question" and job["result"]["question"]
    assert client.get(f"/api/projects/{PID}/versions").json()["current"] == current


def test_a_question_comes_with_its_choices_and_a_choice_is_a_note(client):
    current = client.get(f"/api/projects/{PID}/versions").json()["current"]
    note = {"note": "shot 3 tighter or wider"}
    job = finished(client, client.post(f"/api/projects/{PID}/notes", json=note).json())
    result = NoteResult.model_validate(job["result"])  # the body the page reads
    assert result.status == "question" and result.question == "Tighter or wider?"
    assert result.choices == ["shot 3 tighter", "shot 3 wider"]
    assert client.get(f"/api/projects/{PID}/versions").json()["current"] == current
    open_question = finished(
        client, client.post(f"/api/projects/{PID}/notes", json={"note": "make it pop"}).json()
    )
    assert open_question["result"]["question"] and open_question["result"]["choices"] == []
    answered = finished(
        client, client.post(f"/api/projects/{PID}/notes", json={"note": result.choices[1]}).json()
    )
    assert answered["result"]["status"] == "applied" and answered["result"]["choices"] == []


def test_an_empty_note_is_refused_in_one_line(client):
    response = client.post(f"/api/projects/{PID}/notes", json={"note": ""})
    assert response.status_code == 400 and response.json()["error"].startswith("note:")
    job = finished(client, client.post(f"/api/projects/{PID}/notes", json={"note": "   "}).json())
    assert job["state"] == "failed" and job["error"].startswith("the note is empty")


def test_the_event_stream_carries_progress_jobs_and_changed(app):
    events: list[tuple[str, object]] = []
    listening = threading.Event()

    with serving(app) as url:

        def listen() -> None:
            text = ""
            with httpx.stream("GET", f"{url}/api/projects/{PID}/events", timeout=60) as response:
                for chunk in response.iter_text():
                    text += chunk
                    listening.set()
                    events[:] = parse_events(text)
                    if any(kind == "changed" for kind, _ in events):
                        return

        reader = threading.Thread(target=listen, daemon=True)
        reader.start()
        assert listening.wait(10)
        response = httpx.post(f"{url}/api/projects/{PID}/notes", json={"note": "shot 3 wider"})
        assert response.status_code == 202
        reader.join(60)
    kinds = [kind for kind, _ in events]
    assert "progress" in kinds and kinds[-1] == "changed"
    states = [data["state"] for kind, data in events if kind == "job"]
    assert states[0] in ("queued", "running") and states[-1] == "done"
    changed = events[-1][1]
    assert changed["project"] == PID and changed["version"] > 2
    stages = {data["stage"] for kind, data in events if kind == "progress"}
    assert "director" in stages and "editor" in stages
