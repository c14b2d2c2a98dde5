"""Applying a director's edits: pure functions from (plan, bible, edits) to a new plan and bible.

    apply_edits(plan, bible, edits, screenplay) -> Applied(plan, bible, notes, designs, focus)

Each edit (storyreel.models.edits) is applied in order to new objects; nothing is changed in
place. What an edit touches is all it touches: a shot whose plan entry and bible sheets are
unchanged keeps its render cache key, so only changed shots are rendered again.

Where an edit makes text in the plan stale, it is restated: a new camera rewrites the camera
words of the shot's image and video prompts, a new wardrobe or look replaces the old one in the
prompts of every shot that shows it. New keyframe positions follow a new length. Shots added by
a note carry a plain camera; `Applied.designs` names them so the director has the
cinematographer design what the note left open.

An edit that cannot be applied (a shot id that is not in the plan, merging shots of two scenes)
raises `EditError`, one line naming the edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from storyreel.agents.plan_edits.camera import apply_camera
from storyreel.agents.plan_edits.looks import apply_character, apply_location, apply_style
from storyreel.agents.plan_edits.structure import (
    apply_add,
    apply_merge,
    apply_move,
    apply_remove,
    apply_split,
)
from storyreel.agents.plan_edits.takes import apply_reseed, apply_transition
from storyreel.agents.plan_edits.timing import apply_timing
from storyreel.agents.plan_edits.working import Working
from storyreel.errors import InputError
from storyreel.models.bible import Bible
from storyreel.models.edits import (
    AddEdit,
    CameraEdit,
    CharacterEdit,
    Edit,
    LocationEdit,
    MergeEdit,
    MoveEdit,
    RemoveEdit,
    ReseedEdit,
    SplitEdit,
    StyleEdit,
    TimingEdit,
    TransitionEdit,
)
from storyreel.models.plan import FrameRef, Shot, ShotPlan, Transition
from storyreel.models.screenplay import Screenplay


class EditError(InputError):
    """An edit that cannot be applied to this plan; the message names the edit."""


@dataclass
class Applied:
    """The result of applying edits: new documents, and what the director should know."""

    plan: ShotPlan
    bible: Bible
    notes: list[str] = field(default_factory=list)  # warnings for the director: a lost line...
    designs: dict[str, dict[str, Any]] = field(default_factory=dict)  # new shot id -> fields set
    focus: list[str] = field(default_factory=list)  # ids of the shots the edits were about


def apply_edits(
    plan: ShotPlan, bible: Bible, edits: list[Edit], screenplay: Screenplay | None = None
) -> Applied:
    """Apply `edits` in order; raise EditError for one that does not fit the plan."""
    state = Working(list(plan.shots), bible, plan.fps, screenplay)
    for index, edit in enumerate(edits):
        try:
            _APPLY[type(edit)](state, edit)
        except (ValidationError, ValueError) as exc:
            raise EditError(f"edit {index + 1} ({edit.op}): {_first_error(exc)}") from None
    shots = _tidy(state.shots, plan.fps)
    try:
        new_plan = plan.model_copy(update={"shots": shots})
        new_plan = ShotPlan.model_validate(new_plan.model_dump(mode="json"))
    except ValidationError as exc:
        raise EditError(f"the edited plan is invalid: {_first_error(exc)}") from None
    present = {shot.id for shot in new_plan.shots}
    focus = [shot_id for shot_id in dict.fromkeys(state.focus) if shot_id in present]
    return Applied(new_plan, state.bible, state.notes, state.designs, focus)


_APPLY = {
    CameraEdit: apply_camera,
    TimingEdit: apply_timing,
    RemoveEdit: apply_remove,
    AddEdit: apply_add,
    SplitEdit: apply_split,
    MergeEdit: apply_merge,
    MoveEdit: apply_move,
    CharacterEdit: apply_character,
    LocationEdit: apply_location,
    StyleEdit: apply_style,
    ReseedEdit: apply_reseed,
    TransitionEdit: apply_transition,
}


def _tidy(shots: list[Shot], fps: int) -> list[Shot]:
    """What edits can leave behind that a plan may not hold: memory of shots that are gone,
    later or shorter now, and a dissolve out of the last shot."""
    seen: dict[str, int] = {}
    out = []
    for shot in shots:
        memory = [
            FrameRef(shot=r.shot, frame=min(r.frame, seen[r.shot] - 1)) for r in shot.memory if r.shot in seen
        ]
        if memory != shot.memory:
            shot = shot.model_copy(update={"memory": memory})
        seen[shot.id] = shot.frame_count(fps)
        out.append(shot)
    if out and out[-1].transition_out.type == "dissolve":
        out[-1] = out[-1].model_copy(update={"transition_out": Transition()})
    return out


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        return f"{where}: {error['msg']}" if where else error["msg"]
    return str(exc).splitlines()[0]
