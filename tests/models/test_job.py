"""The render job: its plain-data form is what the cache key hashes, so it must not change."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from storyreel.models.bible import CharacterSheet, Identity, LocationSheet, Style
from storyreel.models.job import ShotJob, Speech
from storyreel.models.plan import CameraSpec, Keyframe, Shot

SHOT = Shot(
    id="s3",
    scene=1,
    duration_s=2.5,
    description="Ana turns.",
    camera=CameraSpec(framing="close_up", angle="low", movements=["dolly_in"]),
    subjects=["ANA"],
    keyframes=[Keyframe(frame=0, description="start")],
)
ANA = CharacterSheet(name="ANA", identity=Identity(colour="#FF00FF"))
PARK = LocationSheet(name="PARK", int_ext="EXT", times_of_day=["DAY"])
STYLE = Style(resolution={"width": 64, "height": 36}, aspect_ratio="16:9", fps=12)
JOB = ShotJob(
    shot=SHOT,
    scene_heading="EXT. PARK - DAY",
    location=PARK,
    characters=(ANA,),
    style=STYLE,
    fps=12,
    seed=7,
    dialogue=(Speech(element="e1", character="ANA", text="Hello."),),
    memory=("cache/keyframes/abc/00-frame00000.png",),
)


def test_to_dict_is_the_plain_data_the_cache_keys_have_always_hashed():
    # every field in order, nested documents as their own JSON dumps, tuples as lists; a field
    # added here moves every cache key once (ShotPlan.2 added the scene's props)
    assert json.dumps(JOB.to_dict()) == json.dumps(
        {
            "shot": SHOT.model_dump(mode="json"),
            "scene_heading": "EXT. PARK - DAY",
            "location": PARK.model_dump(mode="json"),
            "characters": [ANA.model_dump(mode="json")],
            "style": STYLE.model_dump(mode="json"),
            "fps": 12,
            "seed": 7,
            "dialogue": [{"element": "e1", "character": "ANA", "text": "Hello."}],
            "memory": ["cache/keyframes/abc/00-frame00000.png"],
            "props": [],
        }
    )


def test_a_job_round_trips_through_its_plain_data_and_json():
    assert ShotJob.from_dict(JOB.to_dict()) == JOB
    assert ShotJob.from_dict(json.loads(json.dumps(JOB.to_dict()))) == JOB
    bare = JOB.model_copy(update={"location": None, "dialogue": (), "memory": ()})
    assert ShotJob.from_dict(bare.to_dict()) == bare and bare.to_dict()["location"] is None


def test_a_speech_is_typed_and_a_job_cannot_be_changed_in_place():
    data = JOB.to_dict()
    data["dialogue"][0]["speaker"] = "ANA"
    with pytest.raises(ValidationError, match="speaker"):
        ShotJob.from_dict(data)
    with pytest.raises(ValidationError):
        JOB.seed = 8  # type: ignore[misc]
