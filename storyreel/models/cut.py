"""The cut: the assembled film as the editor lays it out, before (and as a record of) encoding.

Entries play in order. Each takes frames `in_frame` (inclusive) to `out_frame` (exclusive) of a
rendered clip. A dissolve in an entry's `transition_out` overlaps the end of that entry with the
start of the next by its duration; cuts and fades overlap nothing (a fade darkens the entry's own
frames). `duration_s` is what remains: the sum of entry lengths less the dissolve overlaps.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, field_validator, model_validator

from storyreel.models.base import Document, Noun
from storyreel.models.bible import Resolution
from storyreel.models.plan import Transition


class CutEntry(Noun):
    """One shot's clip in the cut."""

    shot: str = Field(description="Id of the shot in the plan.")
    clip: str = Field(description="Path of the rendered clip (absolute, or relative to the project).")
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="Hash of the clip file, so the cut pins the render."
    )
    in_frame: int = Field(ge=0, description="First frame of the clip used (inclusive).")
    out_frame: int = Field(gt=0, description="Frame after the last one used (exclusive).")
    transition_in: Transition = Field(
        default_factory=Transition, description="How the entry starts: cut or fade in."
    )
    transition_out: Transition = Field(
        default_factory=Transition,
        description="How the entry ends: cut, fade out, or a dissolve into the next entry.",
    )

    @model_validator(mode="after")
    def _frames_in_order(self) -> CutEntry:
        if self.out_frame <= self.in_frame:
            raise ValueError(f"out_frame {self.out_frame} must be after in_frame {self.in_frame}")
        if self.transition_in.type == "dissolve":
            raise ValueError("a dissolve belongs on the previous entry's transition_out")
        return self

    @property
    def frames(self) -> int:
        return self.out_frame - self.in_frame


class Subtitle(Noun):
    """One subtitle cue, timed on the cut."""

    start_s: float = Field(ge=0, description="When the cue appears, seconds from the film's start.")
    end_s: float = Field(gt=0, description="When it disappears.")
    speaker: str | None = Field(None, description="Canonical name of who speaks; None for captions.")
    text: str = Field(min_length=1, description="The words shown; lines separated by newlines.")
    element: str | None = Field(None, description="Id of the screenplay element it comes from.")

    @model_validator(mode="after")
    def _ends_after_start(self) -> Subtitle:
        if self.end_s <= self.start_s:
            raise ValueError(f"end_s {self.end_s} must be after start_s {self.start_s}")
        return self


class Cut(Document):
    """The assembled film: ordered clips with transitions, subtitles and format."""

    SCHEMA = "Cut"
    VERSION = 1
    schema_version: Literal["Cut.1"] = "Cut.1"

    fps: int = Field(24, gt=0, le=240, description="Frames per second of the film.")
    resolution: Resolution = Field(description="Frame size of the film.")
    entries: list[CutEntry] = Field(default_factory=list, description="Clips in playing order.")
    subtitles: list[Subtitle] = Field(default_factory=list, description="Subtitle cues in time order.")
    duration_s: float = Field(ge=0, description="Total running time: entry lengths less dissolve overlaps.")

    @field_validator("subtitles")
    @classmethod
    def _in_time_order(cls, subtitles: list[Subtitle]) -> list[Subtitle]:
        starts = [s.start_s for s in subtitles]
        if starts != sorted(starts):
            raise ValueError("cues must be in order of start_s")
        return subtitles

    @model_validator(mode="after")
    def _duration_adds_up(self) -> Cut:
        for i, entry in enumerate(self.entries):
            overlap = self.overlap_frames(i)
            if not overlap:
                continue
            if i + 1 == len(self.entries):
                raise ValueError(f"entries[{i}] transition_out: the last entry has nothing to dissolve into")
            if overlap > min(entry.frames, self.entries[i + 1].frames):
                raise ValueError(
                    f"entries[{i}] transition_out: a {overlap}-frame dissolve is longer than "
                    "an entry it joins"
                )
        expected = self.total_frames / self.fps
        if abs(self.duration_s - expected) > 0.5 / self.fps:
            raise ValueError(f"duration_s {self.duration_s} does not match the entries ({expected:.3f} s)")
        for i, cue in enumerate(self.subtitles):
            if cue.end_s > expected + 0.5 / self.fps:
                raise ValueError(f"subtitles[{i}] end_s: {cue.end_s} is after the end ({expected:.3f} s)")
        return self

    def overlap_frames(self, index: int) -> int:
        """Frames the entry at `index` shares with the next one (its dissolve), else 0."""
        out = self.entries[index].transition_out
        if out.type != "dissolve":
            return 0
        return math.floor(out.duration_s * self.fps + 0.5)

    @property
    def total_frames(self) -> int:
        return sum(e.frames for e in self.entries) - sum(
            self.overlap_frames(i) for i in range(len(self.entries))
        )
