"""What the renderer made for one shot: files per stage and the cache keys they are stored under.

    keyframes  the images the draft starts from        (stage "keyframes")
    draft      the clip the critic scores               (stage "draft")
    final      the refined clip the cut uses            (stage "refine")

Each stage adds its file and its key; a stage not run yet is absent (null, and not written), so
"has this shot a draft?" is `assets.draft is not None`. Paths are as the project's cache wrote
them. Not a file of its own: it lives in the graph state and in `MakeResult.assets`.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from storyreel.models.base import Noun


class _NullsUnwritten(Noun):
    """A record whose missing parts (None) are left out of its JSON, not written as null."""

    @model_serializer(mode="wrap")
    def _without_nulls(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {key: value for key, value in handler(self).items() if value is not None}


class StageKeys(_NullsUnwritten):
    """The cache key (content hash of the render job) of each stage made so far."""

    keyframes: str | None = Field(None, description="Key of the keyframe images.")
    draft: str | None = Field(None, description="Key of the draft clip.")
    refine: str | None = Field(None, description="Key of the refined clip.")


class ShotAssets(_NullsUnwritten):
    """Per shot: the files each render stage made, and their cache keys; a stage not made yet is
    left out."""

    keyframes: list[str] = Field(default_factory=list, description="Keyframe images, in order.")
    keys: StageKeys = Field(default_factory=StageKeys, description="Cache key of each stage made.")
    draft: str | None = Field(None, description="The draft clip, once drawn.")
    final: str | None = Field(None, description="The refined clip the cut uses, once refined.")
