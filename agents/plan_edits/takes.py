"""Another take of a shot (its seed), and the transitions between shots."""

from __future__ import annotations

from storyreel.agents.plan_edits.working import Working
from storyreel.models.edits import ReseedEdit, TransitionEdit
from storyreel.models.plan import Transition

DEFAULT_TRANSITION_S = 1.0  # a dissolve or fade the note gave no length


def apply_reseed(state: Working, edit: ReseedEdit) -> None:
    for shot_id in edit.shots:
        shot = state.shots[state.index(shot_id)]
        current = shot.seed if shot.seed is not None else state.bible.style.seed
        seed = edit.seed if edit.seed is not None else current + 1
        state.replace(shot.model_copy(update={"seed": seed}))
        state.focus.append(shot_id)


def apply_transition(state: Working, edit: TransitionEdit) -> None:
    index = state.index(edit.shot)
    shot = state.shots[index]
    if edit.type == "dissolve" and edit.side == "in":
        raise ValueError("a dissolve joins two shots: give it as the end ('out') of the shot before")
    if edit.type == "dissolve" and index == len(state.shots) - 1:
        raise ValueError(f"{state.number(shot.id)} is the last shot: there is nothing to dissolve into")
    if edit.type == "cut":
        transition = Transition()
    else:
        seconds = edit.duration_s or DEFAULT_TRANSITION_S
        colour = (edit.colour or "#000000") if edit.type == "fade" else None
        transition = Transition(type=edit.type, duration_s=seconds, colour=colour)
    # no script text: the editor would read 'DISSOLVE TO:' back over a cut the director asked for
    key = "transition_in" if edit.side == "in" else "transition_out"
    state.replace(shot.model_copy(update={key: transition}))
    state.focus.append(shot.id)
