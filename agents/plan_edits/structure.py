"""Structural edits: removing, adding, splitting, merging and moving shots, keeping what the
plan holds across them (transitions handed on, memory frames pointed at the new shots, the
blocking divided, joined or made up as blocking.py says)."""

from __future__ import annotations

from storyreel.agents.film_grammar.lexicon.camera import LENSES
from storyreel.agents.plan_edits.blocking import added_blocking, merge_blocking, split_blocking
from storyreel.agents.plan_edits.working import MOVING_SPEED, Working
from storyreel.models.edits import AddEdit, MergeEdit, MoveEdit, RemoveEdit, SplitEdit
from storyreel.models.plan import CameraSpec, FrameRef, Keyframe, Shot, Transition


def apply_remove(state: Working, edit: RemoveEdit) -> None:
    doomed = list(dict.fromkeys(edit.shots))
    for shot_id in doomed:
        state.index(shot_id)  # every id must exist
    if len(doomed) >= len(state.shots):
        raise ValueError("a film needs at least one shot: this would remove them all")
    lost = _lost_lines(state, set(doomed))
    for shot_id in doomed:
        index = state.index(shot_id)
        shot = state.shots.pop(index)
        _hand_on_transitions(state.shots, index, shot)
        state.designs.pop(shot_id, None)
    state.focus = [shot_id for shot_id in state.focus if shot_id not in doomed]
    neighbour = min(index, len(state.shots) - 1)
    state.focus.append(state.shots[neighbour].id)
    for line in lost:
        state.notes.append(f"the film no longer shows {line}")


def _lost_lines(state: Working, doomed: set[str]) -> list[str]:
    """Speeches covered only by the shots being removed, quoted for the director."""
    if state.screenplay is None:
        return []
    kept = {element for shot in state.shots if shot.id not in doomed for element in shot.covers}
    speeches = {e.id: e for e in state.screenplay.all_elements() if e.type == "dialogue"}
    lost = []
    for shot in state.shots:
        if shot.id in doomed:
            for element_id in shot.covers:
                if element_id in speeches and element_id not in kept:
                    speech = speeches[element_id]
                    text = speech.text if len(speech.text) <= 48 else speech.text[:45] + "..."
                    lost.append(f"{speech.character}'s line {text!r}")
    return lost


def _hand_on_transitions(shots: list[Shot], index: int, removed: Shot) -> None:
    """A removed shot's fade in passes to the shot after it, its ending to the shot before."""
    if removed.transition_in.type != "cut" and index < len(shots):
        after = shots[index]
        if after.transition_in.type == "cut":
            shots[index] = after.model_copy(update={"transition_in": removed.transition_in})
    if removed.transition_out.type != "cut" and index > 0:
        before = shots[index - 1]
        if before.transition_out.type == "cut":
            shots[index - 1] = before.model_copy(update={"transition_out": removed.transition_out})


def apply_add(state: Working, edit: AddEdit) -> None:
    anchor = state.shots[state.index(edit.anchor)]
    names = {sheet.name for sheet in state.bible.characters}
    unknown = [name for name in edit.subjects if name not in names]
    if unknown:
        raise ValueError(f"no character {unknown[0]!r} in the bible")
    new_id = state.fresh_id(edit.anchor)
    scene = [s for s in state.shots if s.scene == anchor.scene]
    moves = list(edit.movements) if edit.movements else ["static"]
    shot = Shot(
        id=new_id,
        scene=anchor.scene,
        duration_s=edit.duration_s,
        description=edit.description,
        camera=CameraSpec(
            framing=edit.framing,
            angle=edit.angle or "eye_level",
            movements=moves,
            lens_mm=LENSES[edit.framing][0],
            speed=0.0 if moves == ["static"] else MOVING_SPEED,
        ),
        kind=edit.kind,
        subjects=list(edit.subjects),
        blocking=added_blocking(list(edit.subjects), edit.kind, scene, anchor),
    )
    last = shot.frame_count(state.fps) - 1
    keyframes = [Keyframe(frame=0, description=edit.description)]
    if last > 0:
        keyframes.append(Keyframe(frame=last, description=edit.description))
    shot = shot.model_copy(update={"keyframes": keyframes})
    at = state.index(edit.anchor) + (1 if edit.position == "after" else 0)
    state.shots.insert(at, shot)
    state.designs[new_id] = {
        "angle": edit.angle,
        "movements": list(edit.movements) if edit.movements else None,
    }
    state.focus.append(new_id)


def apply_split(state: Working, edit: SplitEdit) -> None:
    index = state.index(edit.shot)
    shot = state.shots[index]
    frames = shot.frame_count(state.fps)
    if frames < 2:
        raise ValueError(f"{state.number(shot.id)} is one frame long: nothing to split")
    cut = min(frames - 1, max(1, round(frames * edit.at)))
    second_id = state.fresh_id(shot.id)
    before = [k for k in shot.keyframes if k.frame < cut]
    after = [k.model_copy(update={"frame": k.frame - cut}) for k in shot.keyframes if k.frame >= cut]
    # each part ends and starts on a keyframe: the one the action heads for, the one it left
    first_keys, second_keys = list(before), list(after)
    if before and after and before[-1].frame != cut - 1:
        first_keys.append(after[0].model_copy(update={"frame": cut - 1}))
    if before and after and after[0].frame != 0:
        second_keys.insert(0, before[-1].model_copy(update={"frame": 0}))
    covers_first, covers_second = _split_covers(shot.covers, edit.at)
    blocking_first, blocking_second = split_blocking(shot.blocking, cut / frames)
    first = shot.model_copy(
        update={
            "duration_s": round(cut / state.fps, 3),
            "keyframes": first_keys,
            "covers": covers_first,
            "blocking": blocking_first,
            "transition_out": Transition(),
        }
    )
    second = shot.model_copy(
        update={
            "id": second_id,
            "duration_s": round((frames - cut) / state.fps, 3),
            "keyframes": second_keys,
            "covers": covers_second,
            "blocking": blocking_second,
            "transition_in": Transition(),
        }
    )
    state.shots[index : index + 1] = [first, second]
    _remap_memory(state.shots, {shot.id: [(0, cut, shot.id), (cut, frames, second_id)]})
    state.focus += [shot.id, second_id]


def _split_covers(covers: list[str], at: float) -> tuple[list[str], list[str]]:
    """Elements before the cut go with the first part; a lone element stays with the longer part."""
    if len(covers) < 2:
        return (list(covers), []) if at >= 0.5 else ([], list(covers))
    cut = min(len(covers) - 1, max(1, round(len(covers) * at)))
    return list(covers[:cut]), list(covers[cut:])


def apply_merge(state: Working, edit: MergeEdit) -> None:
    ids = list(dict.fromkeys(edit.shots))
    indices = sorted(state.index(shot_id) for shot_id in ids)
    if indices != list(range(indices[0], indices[0] + len(indices))):
        raise ValueError("only consecutive shots can be merged")
    group = state.shots[indices[0] : indices[-1] + 1]
    if len({shot.scene for shot in group}) > 1:
        raise ValueError("shots of different scenes cannot be merged")
    first, last = group[0], group[-1]
    frames = [shot.frame_count(state.fps) for shot in group]
    total = sum(frames)
    subjects = list(dict.fromkeys(name for shot in group for name in shot.subjects))
    kind = first.kind
    if len(subjects) > 1 and kind not in (
        "two_shot",
        "master",
        "over_the_shoulder",
        "establishing",
        "montage",
    ):
        kind = "two_shot" if len(subjects) == 2 else "master"  # one shot now holds them all
    keyframes = [k for k in first.keyframes if k.frame < total - 1]
    if last.keyframes:
        keyframes.append(last.keyframes[-1].model_copy(update={"frame": total - 1}))
    merged = first.model_copy(
        update={
            "duration_s": round(total / state.fps, 3),
            "description": " ".join(shot.description.strip() for shot in group if shot.description.strip()),
            "kind": kind,
            "subjects": subjects,
            "blocking": merge_blocking(group, subjects, kind),
            "covers": list(dict.fromkeys(e for shot in group for e in shot.covers)),
            "keyframes": keyframes,
            "transition_out": last.transition_out,
        }
    )
    state.shots[indices[0] : indices[-1] + 1] = [merged]
    offsets, start = {}, 0
    for shot, count in zip(group, frames, strict=True):
        offsets[shot.id] = [(-start, count + start, first.id)]  # frame f of it -> f + start of the merged
        start += count
    _remap_memory(state.shots, offsets, shift=True)
    for shot in group[1:]:
        state.designs.pop(shot.id, None)
    state.focus = [s for s in state.focus if s not in ids] + [first.id]


def apply_move(state: Working, edit: MoveEdit) -> None:
    if edit.shot == edit.anchor:
        raise ValueError("a shot cannot move next to itself")
    shot = state.shots.pop(state.index(edit.shot))
    anchor = state.index(edit.anchor)
    state.shots.insert(anchor + (1 if edit.position == "after" else 0), shot)
    neighbour = state.shots[anchor if edit.position == "after" else anchor + 1]
    if neighbour.scene != shot.scene:
        state.notes.append(
            f"{state.number(shot.id)} now plays among scene {neighbour.scene + 1}'s shots "
            f"(it still belongs to scene {shot.scene + 1})"
        )
    state.focus.append(shot.id)


def _remap_memory(
    shots: list[Shot], moved: dict[str, list[tuple[int, int, str]]], shift: bool = False
) -> None:
    """Point memory references at the shots a split or merge made.

    `moved[old id]` lists (start, end, new id): frames start..end-1 of the old shot now live in
    the new shot, from its frame 0 (a split) or, with `shift`, at their frame minus start.
    """
    for index, shot in enumerate(shots):
        memory = []
        for ref in shot.memory:
            target = moved.get(ref.shot)
            if target is None:
                memory.append(ref)
                continue
            for start, end, new_id in target:
                if shift or start <= ref.frame < end:
                    memory.append(FrameRef(shot=new_id, frame=max(0, ref.frame - start)))
                    break
        shots[index] = shot.model_copy(update={"memory": memory})
