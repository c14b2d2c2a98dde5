"""A render job: everything that determines one shot's pictures, and nothing else.

The record that crosses the graph's layers: agents/rendering.py builds one per shot from the
plan, the bible and the screenplay; every renderer (render/) draws from it; the critic's scorers
(tools/scoring.py) measure a draft against it; render/keys.py hashes it into the cache key, so an
unchanged shot is never rendered twice. It lives with the nouns so that none of those layers
imports another to name it.

`to_dict()` is what a Send task carries and what the cache key hashes: its output must not change
for the same job, or every finished render in every user's project would be drawn again.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from storyreel.models.base import Noun
from storyreel.models.bible import CharacterSheet, LocationSheet, Style
from storyreel.models.plan import Prop, Shot


class Speech(Noun):
    """One speech a shot covers, as a subtitle burns it in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    element: str = Field(description="The dialogue element's id in the screenplay.")
    character: str | None = Field(description="Who speaks (the canonical name), if the script says.")
    text: str = Field(description="The spoken words.")


class ShotJob(Noun):
    """What a renderer needs to draw one shot, and nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    shot: Shot
    scene_heading: str
    location: LocationSheet | None
    characters: tuple[CharacterSheet, ...] = Field(description="The bible sheets of the shot's subjects.")
    style: Style
    fps: int
    seed: int
    dialogue: tuple[Speech, ...] = Field(default=(), description="The speeches the shot covers.")
    memory: tuple[str, ...] = Field(
        default=(), description="Keyframe images of earlier shots (the STAGE memory)."
    )
    props: tuple[Prop, ...] = Field(
        default=(), description="What stands on the scene's set, world-fixed (`ShotPlan.sets`)."
    )

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the payload of a Send task, and what the cache key hashes."""
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShotJob:
        return cls.model_validate(data)
