"""A new film from the start page: an uploaded script or a path, the CLI's one-line checks, a
size limit, and a make job that lands in the project list."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

import storyreel.web.uploads as uploads
from storyreel.web.app import create_app

LOCAL = "http://127.0.0.1"
SCRIPT = "INT. DINER - DAY\n\nMARA pours coffee. JON waits.\n\nMARA\nSame as always?\n\nJON\nNever.\n"
TINY = {"renderer": "fake", "resolution": "32x18"}


@pytest.fixture
def studio(tmp_path, fake_renderer):
    root = tmp_path / "root"
    with TestClient(create_app([], root=root), base_url=LOCAL) as client:
        yield client, root


def finished(client, info: dict, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while (info := client.get(f"/api/jobs/{info['id']}").json())["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return info


def test_an_uploaded_script_is_made_into_a_listed_film(studio):
    client, root = studio
    files = {"script": ("Diner Scene.fountain", SCRIPT.encode(), "text/plain")}
    response = client.post("/api/projects", files=files, data={**TINY, "name": "diner"})
    assert response.status_code == 202
    job = finished(client, response.json())
    assert job["state"] == "done", job["error"]
    assert job["kind"] == "make" and job["result"] == {"project": "diner"}
    assert (root / "diner" / "diner.fountain").read_text(encoding="utf-8") == SCRIPT
    (summary,) = client.get("/api/projects").json()
    assert summary["id"] == "diner" and summary["made"] and summary["current_version"] == 1
    assert client.get("/api/projects/diner/shots").json()["total"] == summary["shots"] > 0


def test_a_name_cannot_leave_the_root(studio, tmp_path):
    client, root = studio
    script = tmp_path / "diner.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    data = {"script_path": str(script), "renderer": "none", "name": "../../evil/..\\x"}
    finished(client, client.post("/api/projects", data=data).json())
    (folder,) = root.iterdir()
    assert folder.parent == root and folder.name == "evil-x"
    assert not (tmp_path / "evil").exists()


def test_a_script_by_path_planned_only(studio, tmp_path):
    client, root = studio
    script = tmp_path / "diner.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    response = client.post("/api/projects", data={"script_path": str(script), "renderer": "none"})
    job = finished(client, response.json())
    assert job["state"] == "done", job["error"]
    (summary,) = client.get("/api/projects").json()
    assert summary["made"] is False and summary["shots"] > 0
    assert client.get("/api/projects/diner").json()["film_url"] is None


@pytest.mark.parametrize(
    ("files", "data", "error"),
    [
        ({"script": ("s.pdf", b"%PDF-1.4 not a script", "application/pdf")}, {}, "is a PDF; export"),
        (
            {"script": ("s.fountain", b"\x00\x01\x02binary", "text/plain")},
            {},
            "is a binary file, not a screenplay",
        ),
        ({"script": ("s.fountain", b"", "text/plain")}, {}, "s.fountain: is empty"),
        ({}, {"script_path": "/no/such/script.fountain"}, "/no/such/script.fountain: no such file"),
        ({}, {}, "give a script: upload one, or name a script_path, not both"),
        (
            {"script": ("s.fountain", SCRIPT.encode(), "text/plain")},
            {"resolution": "big"},
            "resolution: 'big'",
        ),
        ({"script": ("s.fountain", SCRIPT.encode(), "text/plain")}, {"renderer": "nope"}, "nope"),
    ],
)
def test_a_bad_script_or_setting_is_the_clis_one_line_and_leaves_nothing(studio, files, data, error):
    client, root = studio
    response = client.post("/api/projects", files=files or None, data=data)
    assert response.status_code == 400, response.text
    message = response.json()["error"]
    assert error in message and "\n" not in message
    assert not root.exists() or list(root.iterdir()) == []
    assert client.get("/api/projects").json() == []


def test_an_upload_over_the_limit_is_refused_by_its_length(studio):
    client, root = studio
    big = b"x" * (uploads.MAX_BYTES + uploads.FORM_SLACK + 1)
    response = client.post("/api/projects", files={"script": ("big.fountain", big, "text/plain")})
    assert response.status_code == 413
    assert response.json() == {"error": "the script is over 8 MB; files that large are refused"}
    assert not root.exists() or list(root.iterdir()) == []


def test_an_upload_over_the_limit_is_refused_while_read(studio, monkeypatch):
    client, root = studio
    monkeypatch.setattr(uploads, "MAX_BYTES", 1000)
    response = client.post("/api/projects", files={"script": ("big.fountain", b"x" * 5000, "text/plain")})
    assert response.status_code == 413
    assert list(root.iterdir()) == []
