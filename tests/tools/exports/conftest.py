"""A small finished film for the export tests: two scenes, four shots (a fade in, a dissolve, a
fade out, a shot with no keyframe images), hostile and emphasised script text, fake clip files
in a project folder, the cut the editor builds from them, and critic rounds."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from storyreel.agents.editor import build_cut
from storyreel.models.assets import ShotAssets, StageKeys
from storyreel.models.bible import Bible
from storyreel.models.critique import Round
from storyreel.models.cut import Cut
from storyreel.models.plan import CameraSpec, Keyframe, Shot, ShotPlan, Transition
from storyreel.models.screenplay import Element, Scene, Screenplay, Source, SpeechPart

LONG = (
    "I told you *never* to touch the car. Not once, not ever, not even when Dad was alive and it "
    "was running fine, and you did it anyway, didn't you? _Didn't_ you? Say something."
)
HOSTILE = '"><img src=x onerror=alert(1)> <script>alert("x")</script>'


def speech(element_id: str, character: str, text: str, line: int) -> Element:
    return Element(
        id=element_id,
        type="dialogue",
        text=text,
        line=line,
        character=character,
        cue=character,
        parts=[SpeechPart(type="speech", text=text, line=line + 1)],
    )


@dataclass
class Film:
    project: Path
    screenplay: Screenplay
    plan: ShotPlan
    assets: dict[str, ShotAssets]
    cut: Cut
    critiques: dict[str, list[Round]]


@pytest.fixture
def film(tmp_path) -> Film:
    screenplay = Screenplay(
        source=Source(format="fountain", sha256="0" * 64),
        scenes=[
            Scene(
                index=0,
                id="sc-0",
                heading="INT. GARAGE - NIGHT",
                line=1,
                location="GARAGE",
                elements=[
                    speech("e1", "NELL", LONG, 3),
                    speech("e2", "DANNY", f"What? {HOSTILE}", 6),
                    speech("e3", "NELL", "Go. <b>Now</b> & then.", 9),
                ],
            ),
            Scene(
                index=1,
                id="sc-1",
                heading=f"EXT. DRIVE {HOSTILE} - NIGHT",
                line=12,
                location="DRIVE",
                elements=[speech("e4", "DANNY", "Fine.", 14)],
            ),
        ],
    )
    camera = CameraSpec(framing="medium", angle="eye_level", movements=["dolly_in", "pan_left"], lens_mm=50)
    black = {"colour": "#000000"}
    plan = ShotPlan(
        fps=24,
        shots=[
            Shot(
                id="s1",
                scene=0,
                duration_s=6,
                description="Nell pulls the sheet off the car.",
                camera=camera,
                subjects=["NELL"],
                covers=["e1"],
                keyframes=[Keyframe(frame=0, description="a"), Keyframe(frame=143, description="b")],
                transition_in=Transition(type="fade", duration_s=1, **black),
                seed=7,
            ),
            Shot(
                id="s2",
                scene=0,
                duration_s=3,
                kind="two_shot",
                description="They face off.",
                camera=CameraSpec(framing="full", angle="low", movements=["static"]),
                subjects=["NELL", "DANNY"],
                covers=["e2", "e3"],
                keyframes=[Keyframe(frame=0, description="a")],
                transition_out=Transition(type="dissolve", duration_s=0.5),
            ),
            Shot(
                id="s3",
                scene=1,
                duration_s=2,
                kind="single",
                description=f"Danny alone {HOSTILE}",
                camera=CameraSpec(framing="close_up", angle="high", movements=["static"]),
                subjects=["DANNY"],
                covers=["e4"],
                keyframes=[Keyframe(frame=0, description="a")],
            ),
            Shot(
                id="s4",
                scene=1,
                duration_s=2,
                kind="insert",
                description="The keys on the bench.",
                camera=CameraSpec(framing="extreme_close_up", angle="overhead", movements=["static"]),
                transition_out=Transition(type="fade", duration_s=0.5, **black),
            ),
        ],
    )
    project = tmp_path / "project"
    assets: dict[str, ShotAssets] = {}
    for shot in plan.shots:
        keys = {
            stage: hashlib.sha256(f"{shot.id}{stage}".encode()).hexdigest()[:16]
            for stage in ("keyframes", "draft", "refine")
        }
        folder = project / "cache" / "keyframes" / keys["keyframes"]
        folder.mkdir(parents=True)
        images = []
        for index, keyframe in enumerate(shot.keyframes):
            image = folder / f"{index:02d}-frame{keyframe.frame:05d}.png"
            image.write_bytes(f"keyframe {shot.id} {keyframe.frame}".encode())
            images.append(str(image))
        clips = {}
        for stage in ("draft", "refine"):
            clip = project / "cache" / stage / f"{keys[stage]}.mp4"
            clip.parent.mkdir(parents=True, exist_ok=True)
            clip.write_bytes(f"{stage} {shot.id}".encode())
            clips[stage] = str(clip)
        assets[shot.id] = ShotAssets(
            keyframes=images, keys=StageKeys(**keys), draft=clips["draft"], final=clips["refine"]
        )
    cut = build_cut(plan, Bible(), screenplay, assets)
    assert cut is not None
    critiques = {
        "s1": [
            Round(round=0, passed=False, reasons=["Too fast.", "Pan is missing."]),
            Round(round=1, passed=True, reasons=["Movement matches."]),
        ]
    }
    return Film(project, screenplay, plan, assets, cut, critiques)
