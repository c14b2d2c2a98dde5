"""The manifest: hashes of what was made, keys, versions, and no secrets."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from storyreel.tools.exports.manifest import REDACTED, build_manifest, is_secret_name, redact


def manifest(film, **overrides):
    arguments = {
        "renderer": {
            "name": "fake",
            "version": "1",
            "settings": {"steps": 2, "api_token": os.environ.get("HF_TOKEN")},
        },
        "brain": {"name": "rules", "model": None},
        "storyreel_version": "9.9.9",
        "cut_path": str(film.project / "film.mp4"),
        "film_sha256": "f" * 64,
        "project": film.project,
        "default_seed": 0,
    }
    return build_manifest(film.plan, film.assets, **(arguments | overrides))


def test_every_stage_of_every_shot_is_hashed_and_keyed(film):
    data = manifest(film)
    assert data["schema_version"] == "Manifest.1"
    assert data["film"] == {"path": "film.mp4", "sha256": "f" * 64}
    assert list(data["shots"]) == [s.id for s in film.plan.shots]
    for shot in film.plan.shots:
        entry, assets = data["shots"][shot.id], film.assets[shot.id]
        assert entry["camera"] == shot.camera.model_dump(mode="json")
        assert entry["seed"] == (shot.seed if shot.seed is not None else 0)
        assert set(entry["stages"]) == {"keyframes", "draft", "final"}
        assert entry["stages"]["final"]["key"] == assets.keys.refine
        assert entry["stages"]["draft"]["key"] == assets.keys.draft
        listed = entry["stages"]["keyframes"]["files"] + entry["stages"]["draft"]["files"]
        listed += entry["stages"]["final"]["files"]
        assert len(listed) == len(assets.keyframes) + 2
        for file in listed:
            assert not Path(file["path"]).is_absolute()  # relative to the project
            path = film.project / file["path"]
            assert file["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert data["shots"]["s1"]["seed"] == 7
    versions = data["versions"]
    assert versions["storyreel"] == "9.9.9" and versions["python"] and versions["numpy"]
    json.dumps(data)  # JSON-ready


def test_no_secret_reaches_the_manifest(film, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-SECRET")
    monkeypatch.setenv("HF_TOKEN", "hf-SECRET")
    data = manifest(
        film,
        brain={
            "name": "openai",
            "model": "gpt-x",
            "api_key": os.environ["OPENAI_API_KEY"],
            "client": {"headers": {"Authorization": "Bearer sk-SECRET"}, "timeout": 30},
        },
    )
    text = json.dumps(data)
    assert "SECRET" not in text
    assert data["brain"]["model"] == "gpt-x" and data["brain"]["client"]["timeout"] == 30


def test_only_the_stages_made_so_far_are_listed(film):
    film.assets["s1"] = film.assets["s1"].model_copy(update={"draft": None, "final": None})
    del film.assets["s2"]
    shots = manifest(film)["shots"]
    assert set(shots["s1"]["stages"]) == {"keyframes"}
    assert shots["s1"]["stages"]["keyframes"]["key"] == film.assets["s1"].keys.keyframes
    assert shots["s2"]["stages"] == {}


def test_a_missing_file_is_marked_not_fatal(film):
    Path(film.assets["s1"].draft).unlink()
    draft = manifest(film)["shots"]["s1"]["stages"]["draft"]["files"][0]
    assert draft["sha256"] is None and draft["missing"] is True


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("api_key", True), ("OPENAI_API_KEY", True), ("hfToken", True), ("Authorization", True),
        ("client_secret", True), ("password", True), ("key", True), ("keyframe_steps", False),
        ("keys", False), ("monkey", False), ("steps", False), ("model", False),
    ],
)  # fmt: skip
def test_secret_names(name, secret):
    assert is_secret_name(name) is secret
    assert (redact({name: "x"})[name] == REDACTED) is secret


def test_secret_looking_values_are_redacted_wherever_they_are():
    settings = {"args": ["--quiet", "sk-abc123"], "header": "Bearer abc", "path": "/models/x", "n": 2}
    assert redact(settings) == {
        "args": ["--quiet", REDACTED],
        "header": REDACTED,
        "path": "/models/x",
        "n": 2,
    }
