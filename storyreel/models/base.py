"""Versioned documents: every serialised top-level noun says what it is and which version.

Like OpenTimelineIO's `"OTIO_SCHEMA": "Clip.2"`, a document carries
`"schema_version": "ShotPlan.1"`. Reading an older version runs the registered upgrades,
plain `dict -> dict` functions, one per version step, before validation; reading a newer
version than this storyreel knows is refused with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, model_validator

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]
_UPGRADES: dict[tuple[str, int], Upgrade] = {}


def upgrade(schema: str, from_version: int) -> Callable[[Upgrade], Upgrade]:
    """Register a function turning a `schema` dict at `from_version` into `from_version + 1`."""

    def register(fn: Upgrade) -> Upgrade:
        _UPGRADES[(schema, from_version)] = fn
        return fn

    return register


class Noun(BaseModel):
    """Base of every model: unknown fields are errors, so a typo in a hand-written plan is caught."""

    model_config = ConfigDict(extra="forbid")


class Document(Noun):
    """A top-level serialised noun with a `schema_version` such as ``"ShotPlan.1"``."""

    # Subclasses set both and declare `schema_version: Literal["<SCHEMA>.<VERSION>"]` with that
    # default, so the JSON Schema names the exact version.
    SCHEMA: ClassVar[str]
    VERSION: ClassVar[int]

    @classmethod
    def current_schema_version(cls) -> str:
        return f"{cls.SCHEMA}.{cls.VERSION}"

    @model_validator(mode="before")
    @classmethod
    def _upgrade_to_current(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        label = data.get("schema_version", cls.current_schema_version())
        name, _, version_text = str(label).rpartition(".")
        if name != cls.SCHEMA or not version_text.isdigit():
            raise ValueError(
                f"schema_version {label!r} is not a {cls.SCHEMA} (expected {cls.current_schema_version()!r})"
            )
        version = int(version_text)
        if version > cls.VERSION:
            raise ValueError(
                f"schema_version {label!r} was written by a newer storyreel "
                f"(this one reads up to {cls.current_schema_version()!r}); upgrade storyreel"
            )
        while version < cls.VERSION:
            step = _UPGRADES.get((cls.SCHEMA, version))
            if step is None:
                raise ValueError(f"no upgrade from {cls.SCHEMA}.{version} to {cls.SCHEMA}.{version + 1}")
            data = step(data)
            version += 1
        data["schema_version"] = cls.current_schema_version()
        return data

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        return cls.model_validate_json(text)
