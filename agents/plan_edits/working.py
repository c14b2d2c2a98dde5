"""The working copy edits are applied to: the shots in order, the bible, and what the director
should hear (notes, shots added for the cinematographer to design, the shots touched)."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from storyreel.models.bible import Bible
from storyreel.models.plan import Shot
from storyreel.models.screenplay import Screenplay

MOVING_SPEED = 0.5  # a static shot given a move without a speed moves at medium speed


@dataclass
class Working:
    """The plan and bible while edits are applied, and what they did."""

    shots: list[Shot]
    bible: Bible
    fps: int
    screenplay: Screenplay | None
    notes: list[str] = field(default_factory=list)
    designs: dict[str, dict[str, Any]] = field(default_factory=dict)
    focus: list[str] = field(default_factory=list)

    def index(self, shot_id: str) -> int:
        for i, shot in enumerate(self.shots):
            if shot.id == shot_id:
                return i
        raise ValueError(f"no shot {shot_id!r} in the plan")

    def number(self, shot_id: str) -> str:
        return f"shot {self.index(shot_id) + 1} ({shot_id})"

    def replace(self, shot: Shot) -> None:
        self.shots[self.index(shot.id)] = shot

    def fresh_id(self, base: str) -> str:
        taken = {shot.id for shot in self.shots}
        for suffix in string.ascii_lowercase:
            if base + suffix not in taken:
                return base + suffix
        n = 2
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"
