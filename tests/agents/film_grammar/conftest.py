"""Fixtures for the film grammar tests: small scripts parsed for real, storyboard shots made
into plan shots the way the storyboard agent does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from storyreel.agents.schemas import StoryboardOutput
from storyreel.agents.storyboard import build_shots
from storyreel.models.plan import Shot
from storyreel.models.screenplay import Scene, Screenplay
from storyreel.tools.screenplay import parse_fountain, read_screenplay

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def example_paths() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".fountain", ".fdx"))


@pytest.fixture
def parse() -> Callable[[str], Screenplay]:
    return lambda text: parse_fountain(text)


@pytest.fixture
def examples() -> list[Screenplay]:
    return [read_screenplay(p) for p in example_paths()]


def to_shots(board: StoryboardOutput, scene: Scene, fps: int = 24, first: int = 0) -> list[Shot]:
    """The storyboard agent's own conversion, ids renumbered from `first` for these tests."""
    shots = build_shots(scene, board, fps)
    return [shot.model_copy(update={"id": f"s{first + i}"}) for i, shot in enumerate(shots)]


@pytest.fixture
def shots_of() -> Callable[..., list[Shot]]:
    return to_shots
