"""Shots and renderers for the diffusers backend's tests: tiny random-weight pipelines, tiny frames.

Modules that need the `ml` extra skip themselves without it (test_missing_extra.py is the one
that runs on a base install). Pipelines are loaded once per process, as in a real run, so the
folder pays for each tiny build once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from storyreel.models.bible import CharacterSheet, Identity, LocationSheet, Style
from storyreel.models.job import ShotJob
from storyreel.models.plan import CameraSpec, Keyframe, Shot

ANA = CharacterSheet(
    name="ANA",
    description="a woman in her thirties with a sharp gaze",
    wardrobe="a red raincoat",
    identity=Identity(colour="#FF00FF", hair="short black hair"),
)
BEN = CharacterSheet(name="BEN", description="a tall old man", identity=Identity(colour="#00C8FF"))
PARK = LocationSheet(
    name="PARK", int_ext="EXT", times_of_day=["DAY"], description="a city park with a fountain"
)


def make_job(
    *,
    moves: tuple[str, ...] = ("static",),
    subjects: tuple[str, ...] = ("ANA",),
    duration_s: float = 1.0,
    fps: int = 8,
    size: tuple[int, int] = (64, 36),
    pacing: str = "linear",
    keyframes: list[dict[str, Any]] | None = None,
    memory: tuple[str, ...] = (),
    dialogue: tuple[dict[str, Any], ...] = (),
    seed: int = 3,
    shot_id: str = "t1",
) -> ShotJob:
    frames = max(1, int(duration_s * fps + 0.5))
    if keyframes is None:
        keyframes = [
            {"frame": 0, "description": "Ana looks up", "prompt": "close-up of Ana looking up"},
            {"frame": frames - 1, "description": "Ana smiles"},
        ]
    shot = Shot(
        id=shot_id,
        scene=0,
        duration_s=duration_s,
        description="Ana waits by the fountain.",
        camera=CameraSpec(framing="close_up", angle="low", movements=list(moves), speed=0.5),
        subjects=list(subjects),
        keyframes=[Keyframe(**k) for k in keyframes],
        pacing=pacing,
    )
    sheets = {"ANA": ANA, "BEN": BEN}
    return ShotJob(
        shot=shot,
        scene_heading="EXT. PARK - DAY",
        location=PARK,
        characters=tuple(sheets[s] for s in subjects if s in sheets),
        style=Style(
            resolution={"width": size[0], "height": size[1]}, aspect_ratio=f"{size[0]}:{size[1]}", fps=fps
        ),
        fps=fps,
        seed=seed,
        dialogue=dialogue,
        memory=memory,
    )


@pytest.fixture(scope="session", name="make_job")
def make_job_fixture():
    return make_job


@pytest.fixture(scope="session")
def tiny_renderer():
    """The tiny-random renderer with no project (sheets kept in memory only)."""
    pytest.importorskip("diffusers")
    from storyreel.render.diffusers import DiffusersRenderer

    return DiffusersRenderer(models="tiny-random")


@pytest.fixture(scope="session", name="recording")
def recording_fixture():
    return recording


@contextmanager
def recording(*classes: type) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """{class name: [keyword arguments of each call]} while inside: what the backend asked each
    pipeline for (the pipelines still run)."""
    calls: dict[str, list[dict[str, Any]]] = {cls.__name__: [] for cls in classes}
    originals = {cls: cls.__call__ for cls in classes}

    def recorder(cls: type) -> Any:
        def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            calls[cls.__name__].append(kwargs)
            return originals[cls](self, *args, **kwargs)

        return call

    for cls in classes:
        cls.__call__ = recorder(cls)
    try:
        yield calls
    finally:
        for cls, original in originals.items():
            cls.__call__ = original
