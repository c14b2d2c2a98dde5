"""Timing edits: a new length, its keyframes at the same places along it."""

from __future__ import annotations

from storyreel.agents.plan_edits.working import Working
from storyreel.models.edits import TimingEdit
from storyreel.models.plan import Keyframe, Shot


def apply_timing(state: Working, edit: TimingEdit) -> None:
    for shot_id in edit.shots:
        shot = state.shots[state.index(shot_id)]
        if edit.duration_s is not None:
            seconds = edit.duration_s
        elif edit.duration_scale is not None:
            seconds = shot.duration_s * edit.duration_scale
        else:
            seconds = shot.duration_s + (edit.duration_delta_s or 0.0)
        seconds = round(min(600.0, max(1.0 / state.fps, seconds)), 3)
        if seconds == shot.duration_s:
            continue
        state.replace(retimed(shot, seconds, state.fps))
        state.focus.append(shot_id)


def retimed(shot: Shot, seconds: float, fps: int) -> Shot:
    """The shot at a new length, its keyframes at the same places along it."""
    old_last = shot.frame_count(fps) - 1
    longer = shot.model_copy(update={"duration_s": seconds})
    new_last = longer.frame_count(fps) - 1
    keyframes = spread_keyframes(shot.keyframes, old_last, new_last)
    return longer.model_copy(update={"keyframes": keyframes})


def spread_keyframes(keyframes: list[Keyframe], old_last: int, new_last: int) -> list[Keyframe]:
    """Keyframes moved from a shot of `old_last + 1` frames to one of `new_last + 1`, in
    proportion; the first and last stay first and last, ones that would collide are dropped."""
    out: list[Keyframe] = []
    for index, keyframe in enumerate(keyframes):
        if index == len(keyframes) - 1 and keyframe.frame == old_last:
            frame = new_last
        else:
            frame = round(keyframe.frame * new_last / old_last) if old_last else 0
        frame = min(frame, new_last)
        if out and frame <= out[-1].frame:
            if index == len(keyframes) - 1 and frame == new_last and out[-1].frame == new_last:
                out[-1] = keyframe.model_copy(update={"frame": frame})  # the end frame wins
            continue
        out.append(keyframe.model_copy(update={"frame": frame}))
    return out
