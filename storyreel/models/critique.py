"""The critic's record: per shot, round by round, what was measured and what must change.

A round scores one rendered draft. A failed round carries revision requests that go back to the
cinematographer; the next round scores the revised draft. Nothing is overwritten, so the report
shows how a shot converged (or why it stopped at the round limit).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from storyreel.models.base import Document, Noun
from storyreel.models.camera import Angle, Framing, Movement
from storyreel.models.plan import CameraSpec, Facing, ScreenSide


class Scores(Noun):
    """Measurements of one draft. A score is None when its check was skipped (no weights, no
    keyframe, no character in frame, nobody found by the figure detector)."""

    movement_match: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Agreement of the geometric probe's measured movement with the planned moves.",
    )
    measured_movements: list[Movement] = Field(
        default_factory=list, description="Movement classes the probe found, strongest first."
    )
    measured_speed: float | None = Field(
        None, ge=0, description="Movement magnitude the probe found, on the CameraSpec.speed scale."
    )
    delivered: float | None = Field(
        None,
        ge=0,
        description="Measured image motion over planned image motion along the probed axes: 1.0 = "
        "the move as planned, 0.3 = a third of it (good to about +-40% for dolly, truck, pedestal).",
    )
    cameraclip: float | None = Field(
        None,
        description="CameraCLIP similarity of the clip to the text of its planned camera "
        "language; None when CameraCLIP was skipped.",
    )
    keyframe_ssim: float | None = Field(
        None, ge=-1, le=1, description="Mean SSIM of frames at keyframe indices to their keyframes."
    )
    keyframe_psnr: float | None = Field(
        None, ge=0, description="Mean PSNR in dB of frames at keyframe indices to their keyframes."
    )
    character_consistency: float | None = Field(
        None,
        ge=0,
        le=1,
        description="How alike the shot's characters look to their appearances in other shots.",
    )
    per_character: dict[str, float] = Field(
        default_factory=dict, description="Character consistency of each character in the shot."
    )
    measured_framing: Framing | None = Field(
        None,
        description="The framing the main subject's head reads as in the draft's first frame "
        "(its height against each framing's band).",
    )
    head_height: float | None = Field(
        None,
        ge=0,
        description="The main subject's head height in the first frame, as a share of the frame height.",
    )
    side_match: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Share of the characters found on their planned screen side (ones walking "
        "across the frame are not judged).",
    )
    measured_sides: dict[str, ScreenSide] = Field(
        default_factory=dict, description="The screen side each character was found on."
    )
    facing_match: float | None = Field(
        None, ge=0, le=1, description="Share of the characters found turned as planned (`Placement.facing`)."
    )
    measured_facings: dict[str, Facing] = Field(
        default_factory=dict, description="Which way each character found turns on screen."
    )
    crossed_line: list[str] = Field(
        default_factory=list,
        description="Characters drawn mirrored (on the other side, or turned the other way) with "
        "no move to motivate it: the picture crosses the 180-degree line.",
    )
    measured_angle: Angle | None = Field(
        None,
        description="The camera angle read in the first frame: from the set's vertical edges where "
        "enough show (their vanishing point gives the tilt), else by the figure detector.",
    )
    angle_confidence: float | None = Field(
        None,
        ge=0,
        le=1,
        description="How sure that reading is: the share of the near-vertical edges' length that "
        "agrees on the tilt, or the detector's probability for the angle.",
    )
    skipped: dict[str, str] = Field(
        default_factory=dict,
        description="Checks that were not run on this draft, and why, e.g. "
        "{'cameraclip': 'no CameraCLIP weights'}.",
    )

    @property
    def measured(self) -> dict[str, Any]:
        """The scores a check actually produced: neither null nor empty (`skipped` is not one)."""
        return {k: v for k, v in self.model_dump().items() if v not in (None, [], {}) and k != "skipped"}


class RevisionRequest(Noun):
    """One change the critic asks for, written as a directing note on one field of the shot."""

    field: str = Field(
        description="Dotted path of the shot field to change, e.g. 'camera.movements', "
        "'keyframes[1].prompt', 'duration_s'."
    )
    note: str = Field(description="What to change, in a director's words, e.g. 'slower push in'.")
    value: float | None = Field(
        None,
        description="The new value when the critic can compute it, e.g. 2.0 for 'camera.move_gain' "
        "or a new seed for 'seed'; applied as is, whatever brain designs the camera.",
    )


class Round(Noun):
    """One critic pass over one draft of a shot."""

    round: int = Field(ge=0, description="0 for the first draft, then one more per revision.")
    clip: str | None = Field(None, description="Cache key (content hash) of the draft that was scored.")
    camera: CameraSpec | None = Field(None, description="The camera the scored draft was rendered with.")
    seed: int | None = Field(None, description="The seed the scored draft was rendered with.")
    changes: list[str] = Field(
        default_factory=list,
        description="What changed since the previous round, e.g. 'move_gain 1.0 -> 2.2'.",
    )
    scores: Scores = Field(default_factory=Scores, description="What was measured.")
    passed: bool = Field(description="True when the draft is approved for refinement.")
    reasons: list[str] = Field(
        default_factory=list, description="Why it passed or failed, one sentence each."
    )
    revisions: list[RevisionRequest] = Field(
        default_factory=list,
        description="Changes requested before the next round (empty if passed).",
    )


class ShotCritique(Noun):
    """Every round the critic ran on one shot."""

    shot: str = Field(description="Id of the shot in the plan.")
    rounds: list[Round] = Field(min_length=1, description="Rounds in order, numbered from 0.")

    @field_validator("rounds")
    @classmethod
    def _numbered_in_order(cls, rounds: list[Round]) -> list[Round]:
        numbers = [r.round for r in rounds]
        if numbers != list(range(len(rounds))):
            raise ValueError(f"rounds must be numbered 0, 1, 2 ... in order, got {numbers}")
        return rounds

    @property
    def latest(self) -> Round:
        return self.rounds[-1]

    @property
    def passed(self) -> bool:
        return self.latest.passed


class Critique(Document):
    """The critic's report over a plan."""

    SCHEMA = "Critique"
    VERSION = 1
    schema_version: Literal["Critique.1"] = "Critique.1"

    max_rounds: int = Field(
        3, ge=0, description="Revision rounds allowed per shot after the first draft before giving up."
    )
    shots: list[ShotCritique] = Field(
        default_factory=list, description="One entry per shot scored, in plan order."
    )

    @field_validator("shots")
    @classmethod
    def _one_entry_per_shot(cls, shots: list[ShotCritique]) -> list[ShotCritique]:
        seen = set()
        for shot in shots:
            if shot.shot in seen:
                raise ValueError(f"shot {shot.shot!r} has two entries")
            seen.add(shot.shot)
        return shots

    def shot(self, shot_id: str) -> ShotCritique:
        for entry in self.shots:
            if entry.shot == shot_id:
                return entry
        raise KeyError(shot_id)
