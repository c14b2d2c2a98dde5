"""Small shots for the animatic tests: tiny frames, short durations, one magenta character."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from storyreel.models.bible import CharacterSheet, Identity, LocationSheet, Style
from storyreel.models.job import ShotJob
from storyreel.models.plan import CameraSpec, Keyframe, Placement, Prop, Shot

ANA = CharacterSheet(
    name="ANA", identity=Identity(colour="#FF00FF", build="average", height_m=1.7, hair_colour="#202020")
)
BEN = CharacterSheet(
    name="BEN", identity=Identity(colour="#00C8FF", build="heavy", height_m=1.85, hair_colour="#A05020")
)
PARK = LocationSheet(
    name="PARK", int_ext="EXT", times_of_day=["DAY"], palette=["#808070", "#A09070", "#506070"]
)
OFFICE = LocationSheet(name="OFFICE", int_ext="INT", times_of_day=["NIGHT"], palette=["#705030", "#C0B090"])


def make_job(
    *,
    framing: str = "full",
    angle: str = "eye_level",
    moves: tuple[str, ...] = ("static",),
    subjects: tuple[str, ...] = ("ANA",),
    sides: tuple[str, ...] | None = None,
    duration_s: float = 1.0,
    fps: int = 12,
    size: tuple[int, int] = (160, 90),
    speed: float = 0.5,
    pacing: str = "linear",
    lens_mm: float = 35.0,
    keyframes: list[dict[str, Any]] | None = None,
    location: LocationSheet | None = PARK,
    dialogue: tuple[dict[str, Any], ...] = (),
    seed: int = 3,
    kind: str = "single",
    blocking: tuple[dict[str, Any], ...] | None = None,
    props: tuple[dict[str, Any], ...] = (),
    covers: tuple[str, ...] = (),
    scene: int = 0,
) -> ShotJob:
    """A one-shot job; `blocking` gives each subject's Placement fields (else only its side)."""
    frames = max(1, int(duration_s * fps + 0.5))
    if keyframes is None:
        keyframes = [{"frame": 0, "description": "start"}, {"frame": frames - 1, "description": "end"}]
    sides = sides or ("center",) * len(subjects)
    if blocking is None:
        blocking = tuple({"side": s} for s in sides)
    shot = Shot(
        id="t1",
        scene=scene,
        kind=kind,
        covers=list(covers),
        duration_s=duration_s,
        description="Ana waits by the fountain.",
        camera=CameraSpec(framing=framing, angle=angle, movements=list(moves), lens_mm=lens_mm, speed=speed),
        subjects=list(subjects),
        blocking=[Placement(character=c, **b) for c, b in zip(subjects, blocking, strict=True)],
        keyframes=[Keyframe(**k) for k in keyframes],
        pacing=pacing,
    )
    sheets = {"ANA": ANA, "BEN": BEN}
    return ShotJob(
        shot=shot,
        scene_heading="EXT. PARK - DAY",
        location=location,
        characters=tuple(sheets[s] for s in subjects if s in sheets),
        style=Style(
            resolution={"width": size[0], "height": size[1]}, aspect_ratio=f"{size[0]}:{size[1]}", fps=fps
        ),
        fps=fps,
        seed=seed,
        dialogue=dialogue,
        props=tuple(Prop(**p) for p in props),
    )


def colour_mask(frame: np.ndarray, hex_colour: str, tolerance: int = 12) -> np.ndarray:
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], np.int16)
    return np.abs(frame.astype(np.int16) - target).max(axis=2) <= tolerance


@pytest.fixture
def job_factory():
    return make_job


@pytest.fixture
def mask_of():
    return colour_mask


@pytest.fixture
def render():
    """render(job, frames) -> the frames (RGB arrays) at those indices, at the style size."""
    from storyreel.render.animatic.pipeline import AnimaticRenderer

    def _render(job: ShotJob, frames: list[int]) -> list[np.ndarray]:
        renderer = AnimaticRenderer()
        setup = renderer.setup(job, job.style.resolution.width, job.style.resolution.height)
        return [setup.raster.render(setup.path.pose(i), i).copy() for i in frames]

    return _render
