"""Who may talk to the studio: loopback by Host, a token anywhere else, Origin on what changes
things."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from storyreel.web.app import create_app
from storyreel.web.security import COOKIE, Access, access_for, is_loopback

LOCAL = "http://127.0.0.1"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.2", True)]
    + [("0.0.0.0", False), ("192.168.1.4", False), ("example.com", False), ("::", False)],
)
def test_loopback_is_known(host, loopback):
    assert is_loopback(host) is loopback


def test_any_other_host_gets_a_token_and_loopback_does_not():
    assert access_for("127.0.0.1").token is None
    access = access_for("0.0.0.0")
    assert access.token and len(access.token) >= 32 and access.hosts is None
    assert access_for("0.0.0.0").token != access.token


@pytest.fixture(scope="module")
def guarded(garage, tmp_path_factory):
    access = access_for("0.0.0.0")
    app = create_app([garage], root=tmp_path_factory.mktemp("root"), access=access)
    return app, access.token


def test_without_the_token_nothing_is_served(guarded):
    app, token = guarded
    client = TestClient(app, base_url="http://studio.lan:8000")
    for path in ("/", "/api/projects", "/api/projects/garage/film", "/api/events", f"/?token={token}x"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert "access token" in response.json()["error"]
    assert client.get("/api/projects", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_the_token_once_in_the_url_then_a_strict_cookie(guarded):
    app, token = guarded
    client = TestClient(app, base_url="http://studio.lan:8000")
    first = client.get(f"/?token={token}")
    assert first.status_code == 200
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={token}") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/api/projects").status_code == 200  # the cookie now
    bare = TestClient(app, base_url="http://studio.lan:8000")
    assert bare.get("/api/projects", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_loopback_studio_refuses_other_host_names(client):
    response = client.get("/api/projects", headers={"Host": "evil.example:8000"})
    assert response.status_code == 400
    assert client.get("/api/projects", headers={"Host": "localhost:8000"}).status_code == 200


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:9", "https://127.0.0.1"])
def test_a_page_from_another_origin_may_not_change_a_film(client, origin):
    response = client.post(
        "/api/projects/garage/notes", json={"note": "shot 2 tighter"}, headers={"Origin": origin}
    )
    assert response.status_code == 403
    assert response.json() == {"error": f"requests from {origin} may not change this studio's films"}
    assert client.get("/api/projects", headers={"Origin": origin}).status_code == 200  # reading is fine


def test_the_studios_own_origin_and_listed_origins_may(garage, tmp_path):
    app = create_app([garage], root=tmp_path, access=Access(origins=frozenset({"http://localhost:5173"})))
    client = TestClient(app, base_url=LOCAL)
    for origin in (LOCAL, "http://localhost:5173"):
        response = client.post(
            "/api/projects/garage/checkout", json={"version": 99}, headers={"Origin": origin}
        )
        assert response.status_code == 404  # past the guard: the version is what is wrong


def test_a_studio_open_to_other_machines_takes_no_script_paths(guarded):
    app, token = guarded
    client = TestClient(app, base_url="http://studio.lan:8000", headers={"Authorization": f"Bearer {token}"})
    response = client.post("/api/projects", data={"script_path": "/etc/passwd"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "a studio open to other machines takes scripts as uploads, not paths on its disk"
    }
