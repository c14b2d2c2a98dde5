"""The studio's read API on a made garage: projects, the view, paged panels, a shot, the film with
Range requests, thumbnails, versions and exports; and that nothing outside a project is served."""

from __future__ import annotations

import io
import json
import urllib.parse
import zipfile
from html.parser import HTMLParser

import opentimelineio as otio
import pytest

from storyreel.web.events import parse_events

PID = "garage"


def plan_of(garage):
    return json.loads((garage / "plan.json").read_text(encoding="utf-8"))


def test_projects_lists_the_served_film(client, garage):
    (summary,) = client.get("/api/projects").json()
    assert summary == {
        "id": PID,
        "name": "garage",
        "made": True,
        "shots": len(plan_of(garage)["shots"]),
        "current_version": 1,
        "busy": False,
    }


def test_the_project_view_has_the_film_scenes_and_settings(client, garage):
    view = client.get(f"/api/projects/{PID}").json()
    shots = plan_of(garage)["shots"]
    assert view["shots_total"] == len(shots)
    assert view["film_url"] == f"/api/projects/{PID}/film?v=1"
    assert view["settings"]["renderer"] == "fake"
    assert "api_key" not in view["settings"]  # Studio.settings(): no secrets
    assert sum(scene["shots"] for scene in view["scenes"]) == len(shots)
    assert [s["first_shot_index"] for s in view["scenes"]] == sorted(
        s["first_shot_index"] for s in view["scenes"]
    )
    assert view["scenes"][0]["heading"].startswith(("INT.", "EXT.", "INT ", "EXT "))
    assert view["duration_s"] > 0


def test_shots_are_paged_in_film_order(client, garage):
    ids = [shot["id"] for shot in plan_of(garage)["shots"]]
    first = client.get(f"/api/projects/{PID}/shots?offset=0&limit=5").json()
    rest = client.get(f"/api/projects/{PID}/shots?offset=5&limit=500").json()
    assert first["total"] == rest["total"] == len(ids)
    panels = first["panels"] + rest["panels"]
    assert [p["id"] for p in panels] == ids
    assert [p["number"] for p in panels] == list(range(1, len(ids) + 1))
    starts = [p["start_s"] for p in panels]
    assert starts == sorted(starts) and starts[0] == 0
    assert all(p["camera_words"] and p["thumbs"] for p in panels)
    assert any(p["dialogue"] for p in panels)  # the garage's lines sit under their shots


@pytest.mark.parametrize("query", ["offset=-1", "limit=0", "limit=501", "offset=x"])
def test_a_bad_page_is_a_one_line_400(client, query):
    response = client.get(f"/api/projects/{PID}/shots?{query}")
    assert response.status_code == 400
    assert "\n" not in response.json()["error"]


def test_a_thumbnail_is_a_small_cached_jpeg(client, garage):
    panel = client.get(f"/api/projects/{PID}/shots?limit=1").json()["panels"][0]
    response = client.get(panel["thumbs"][0])
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.content[:3] == b"\xff\xd8\xff"
    assert len(list((garage / "cache" / "thumbs").glob("*.jpg"))) >= 1
    assert client.get(panel["thumbs"][0]).content == response.content


def test_every_thumbnail_is_made_on_a_thread_once_the_studio_has_read_the_film(garage, tmp_path):
    import shutil
    import time

    from fastapi.testclient import TestClient

    from storyreel.web.app import create_app

    shutil.rmtree(garage / "cache" / "thumbs", ignore_errors=True)
    with TestClient(create_app([garage], root=tmp_path), base_url="http://127.0.0.1") as fresh:
        panels = fresh.get(f"/api/projects/{PID}/shots?limit=500").json()["panels"]
        wanted = {url.rsplit("/t-", 1)[1] for panel in panels for url in panel["thumbs"]}
        deadline = time.monotonic() + 60
        while not wanted <= {p.name for p in (garage / "cache" / "thumbs").glob("*.jpg")}:
            assert time.monotonic() < deadline, "the thumbnails were not made"
            time.sleep(0.05)


def test_shot_detail_has_camera_keyframes_and_rounds(client, garage):
    shot = plan_of(garage)["shots"][1]
    detail = client.get(f"/api/projects/{PID}/shots/{shot['id']}").json()
    assert detail["panel"]["id"] == shot["id"] and detail["panel"]["number"] == 2
    assert detail["camera"] == shot["camera"]
    assert detail["lens"] == shot["camera"]["lens_mm"] and detail["pacing"] == shot["pacing"]
    assert detail["keyframes"] and all(client.get(url).status_code == 200 for url in detail["keyframes"])
    assert detail["rounds"] and detail["rounds"][0]["round"] == 0
    assert detail["changes"] == []  # no note has touched it


def test_the_film_answers_range_requests(client, garage):
    whole = (garage / "film.mp4").read_bytes()
    response = client.get(f"/api/projects/{PID}/film?v=1", headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes 100-199/{len(whole)}"
    assert response.content == whole[100:200]
    assert client.get(f"/api/projects/{PID}/film").content == whole


def test_versions_start_with_the_make(client):
    versions = client.get(f"/api/projects/{PID}/versions").json()
    assert versions["current"] == 1
    assert [(v["number"], v["note"]) for v in versions["versions"]] == [(1, None)]


@pytest.mark.parametrize(
    ("kind", "suffix", "starts"),
    [
        ("srt", ".srt", b"1\n"),
        ("vtt", ".vtt", b"WEBVTT"),
        ("otio", ".otio", b"{"),
        ("storyboard", ".html", b"<!"),
    ],
)
def test_each_export_downloads_the_current_file(client, garage, kind, suffix, starts):
    response = client.get(f"/api/projects/{PID}/export/{kind}")
    assert response.status_code == 200
    assert response.content.startswith(starts)
    assert f'filename="garage{suffix}"' in response.headers["content-disposition"]


def test_the_zip_is_the_delivery_folder_and_leaves_nothing_behind(client, garage, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response = client.get(f"/api/projects/{PID}/export/zip")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "garage-v1/garage-v1.mp4" in names
    assert {"garage-v1/plan.json", "garage-v1/film.srt", "garage-v1/cut.json"} <= set(names)
    assert list(tmp_path.iterdir()) == []  # the scratch folder went with the download
    assert not (garage / "exports").exists()


def test_the_zips_timeline_and_storyboard_find_their_media_inside_it(client, garage, tmp_path):
    response = client.get(f"/api/projects/{PID}/export/zip")
    unzipped = tmp_path / "unzipped"
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(unzipped)
    folder = (unzipped / "garage-v1").resolve()

    timeline = otio.adapters.read_from_file(str(folder / "film.otio"))
    clips = list(timeline.find_clips())
    assert len(clips) == len(plan_of(garage)["shots"])
    for clip in clips:
        reference = clip.media_reference
        assert isinstance(reference, otio.schema.ExternalReference), clip.name
        assert "://" not in reference.target_url  # relative: it travels with the folder
        media = (folder / otio.url_utils.filepath_from_url(reference.target_url)).resolve()
        assert media.is_file() and media.is_relative_to(folder), reference.target_url

    links = _Links()
    links.feed((folder / "storyboard.html").read_text(encoding="utf-8"))
    assert links.found, "the storyboard shows no keyframe"
    for link in links.found:
        parts = urllib.parse.urlsplit(link)
        assert not parts.scheme and not link.startswith("/"), link
        media = (folder / urllib.parse.unquote(parts.path)).resolve()
        assert media.is_file() and media.is_relative_to(folder), link


class _Links(HTMLParser):
    """Every src and href of a page that is not a fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v for k, v in attrs if k in ("src", "href") and v and not v.startswith("#")]


# -- nothing outside a project -------------------------------------------------------------------

ESCAPES = [
    ("/api/projects/..%2F..%2Fetc/shots", 404),
    ("/api/projects/garage/files/..%2F..%2Fplan.json", 404),
    ("/api/projects/garage/files/%2Fetc%2Fpasswd", 404),
    ("/api/projects/garage/files/plan.json", 404),
    ("/api/projects/garage/files/t-..%2F..%2Fplan.json", 404),
    ("/api/projects/garage/shots/..%2Fplan.json", 404),
    ("/api/projects/garage/shots/s99-99", 404),
    ("/api/projects/garage/export/..%2Fplan", 404),
    ("/api/projects/garage/export/plan", 404),
    ("/api/projects/garage/diff?old=1&new=99", 404),
    ("/api/projects/garage/diff?old=-1&new=1", 404),
    ("/api/projects/garage/diff?old=x&new=1", 400),
    ("/api/projects/nope", 404),
    ("/api/jobs/..%2F..", 404),
    ("/static/..%2F..%2Fapp.py", 404),
    ("/static/../app.py", 404),
    ("/p/..%2Fgarage", 404),
]


@pytest.mark.parametrize(("path", "status"), ESCAPES)
def test_no_path_reaches_a_file_outside_the_projects(client, path, status):
    response = client.get(path)
    assert response.status_code == status, response.text
    assert b"schema_version" not in response.content and b"root:" not in response.content
    assert b"import " not in response.content


def test_an_unknown_version_to_check_out_is_404_before_any_job(client):
    response = client.post(f"/api/projects/{PID}/checkout", json={"version": 7})
    assert response.status_code == 404
    assert response.json() == {"error": "there is no version 7 (versions: 1)"}


def test_a_note_on_an_unknown_shot_is_404(client):
    response = client.post(
        f"/api/projects/{PID}/notes", json={"note": "this shot tighter", "shot_id": "../x"}
    )
    assert response.status_code == 404


def test_pages_are_served(client):
    assert client.get("/").status_code == 200
    assert client.get(f"/p/{PID}").status_code == 200
    assert client.get("/p/nope").status_code == 404


def test_parse_events_reads_what_the_hub_writes():
    text = ': listening\n\nevent: changed\ndata: {"project": "p", "version": 2}\n\n: keep-alive\n\n'
    assert parse_events(text) == [("changed", {"project": "p", "version": 2})]


def test_a_round_sent_back_says_what_was_asked_and_the_next_what_changed():
    from storyreel.models.critique import RevisionRequest, Round
    from storyreel.web.views import critic_round

    sent_back = Round(
        round=0,
        passed=False,
        reasons=["planned close-up, the frame reads as medium"],
        revisions=[RevisionRequest(field="camera.lens_mm", note="a longer lens", value=85.0)],
    )
    redrawn = Round(round=1, passed=True, changes=["lens 45 mm -> 85 mm"])
    first, second = critic_round(sent_back), critic_round(redrawn)
    assert first.revisions == ["a longer lens (camera.lens_mm)"] and first.changes == []
    assert second.changes == ["lens 45 mm -> 85 mm"] and second.revisions == [] and second.passed


def test_the_view_carries_every_shots_start_for_the_timeline(client, garage):
    view = client.get(f"/api/projects/{PID}").json()
    panels = client.get(f"/api/projects/{PID}/shots", params={"limit": 500}).json()["panels"]
    assert view["shot_starts"] == [panel["start_s"] for panel in panels]
    assert len(view["shot_starts"]) == view["shots_total"] == len(plan_of(garage)["shots"])
    assert view["shot_starts"] == sorted(view["shot_starts"]) and view["job"] is None
