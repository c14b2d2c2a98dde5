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

import re
import string
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from storyreel.agents.film_grammar.lexicon.camera import LENSES
from storyreel.errors import InputError
from storyreel.models.bible import Bible
from storyreel.models.camera import FRAMINGS, LABELS, OPPOSITE
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
from storyreel.models.plan import CameraSpec, FrameRef, Keyframe, Placement, Shot, ShotPlan, Transition
from storyreel.models.screenplay import Screenplay

DEFAULT_TRANSITION_S = 1.0  # a dissolve or fade the note gave no length
MOVING_SPEED = 0.5  # a static shot given a move without a speed moves at medium speed


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
    state = _Working(list(plan.shots), bible, plan.fps, screenplay)
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


# -- the working copy -------------------------------------------------------------------------


@dataclass
class _Working:
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


# -- camera -----------------------------------------------------------------------------------


def _camera(state: _Working, edit: CameraEdit) -> None:
    for shot_id in edit.shots:
        shot = state.shots[state.index(shot_id)]
        old = shot.camera
        framing = edit.framing or old.framing
        if edit.framing is None and edit.framing_steps:
            framing = step_framing(old.framing, edit.framing_steps)
            if framing == old.framing:
                state.notes.append(f"{state.number(shot_id)} is already a {LABELS[old.framing]}")
        moves = list(old.movements)
        if edit.movements is not None:
            moves = list(dict.fromkeys(edit.movements))
        if edit.add_movements:
            moves = combine_moves(moves, edit.add_movements)
        lens = old.lens_mm
        if edit.lens_mm is not None:
            lens = edit.lens_mm
        elif framing != old.framing and old.lens_mm in LENSES[old.framing]:
            lens = LENSES[framing][0]  # the lens went with the framing: it follows it
        speed = old.speed
        if edit.speed is not None:
            speed = edit.speed
        elif edit.speed_scale is not None:
            speed = round(min(1.0, max(0.05, (old.speed or MOVING_SPEED) * edit.speed_scale)), 2)
        if moves == ["static"]:
            speed = 0.0
        elif speed == 0:
            speed = MOVING_SPEED
        camera = old.model_copy(
            update={
                "framing": framing,
                "angle": edit.angle or old.angle,
                "movements": moves,
                "lens_mm": lens,
                "speed": speed,
            }
        )
        camera = CameraSpec.model_validate(camera.model_dump())  # moves that cancel out are refused
        updated = shot.model_copy(update={"camera": camera, "pacing": edit.pacing or shot.pacing})
        state.replace(restate_camera(updated, old, camera))
        state.focus.append(shot_id)


def step_framing(framing: str, steps: int) -> str:
    """`steps` tighter (positive) or wider (negative), stopping at either end of the scale."""
    index = FRAMINGS.index(framing) - steps  # FRAMINGS runs from tightest to widest
    return FRAMINGS[min(len(FRAMINGS) - 1, max(0, index))]


def combine_moves(moves: list[str], added: list[str]) -> list[str]:
    """`moves` plus `added`: a static shot takes just the new moves; an added move replaces the
    shot's opposite one (a pan right told to pan left pans left)."""
    combined = [] if moves == ["static"] else list(moves)
    for move in added:
        if move == "static":
            return ["static"]
        combined = [m for m in combined if m != OPPOSITE.get(move)]
        if move not in combined:
            combined.append(move)
    return combined or ["static"]


def camera_words(camera: CameraSpec) -> str:
    """The camera in a video prompt's words, as the cinematographer writes them."""
    if camera.is_static:
        motion = "locked-off static camera"
    else:
        pace = "slow" if camera.speed < 0.35 else ("fast" if camera.speed >= 0.75 else "steady")
        motion = f"{pace} " + " + ".join(LABELS[m] for m in camera.movements)
    return f"{LABELS[camera.angle]} {motion}, {camera.lens_mm:g}mm, {LABELS[camera.framing]}"


def image_camera_words(camera: CameraSpec) -> str:
    """The camera in an image prompt's words, as the cinematographer writes them."""
    return f"{LABELS[camera.framing]}, {LABELS[camera.angle]}, {camera.lens_mm:g}mm lens."


def restate_camera(shot: Shot, old: CameraSpec, new: CameraSpec) -> Shot:
    """The shot with its prompts saying the new camera: the old camera words replaced where
    the prompt has them, a 'Camera: ...' sentence otherwise."""
    if old == new:
        return shot

    def restate(prompt: str | None, before: str, after: str) -> str | None:
        if not prompt:
            return prompt
        if before in prompt:
            return prompt.replace(before, after)
        head, marker, _ = prompt.partition(" Camera: ")
        return f"{head if marker else prompt.rstrip()} Camera: {camera_words(new)}."

    keyframes = [
        k.model_copy(update={"prompt": restate(k.prompt, image_camera_words(old), image_camera_words(new))})
        for k in shot.keyframes
    ]
    prompt = restate(shot.prompt, camera_words(old), camera_words(new))
    description = shot.description
    if old.framing != new.framing:  # "Two-shot, long shot: ..." says the framing in words too
        label = re.escape(LABELS[old.framing])
        description = re.sub(rf"(?<!extreme ){label}", LABELS[new.framing], description, flags=re.IGNORECASE)
    return shot.model_copy(update={"keyframes": keyframes, "prompt": prompt, "description": description})


# -- timing -----------------------------------------------------------------------------------


def _timing(state: _Working, edit: TimingEdit) -> None:
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


# -- structure: remove, add, split, merge, move -----------------------------------------------


def _remove(state: _Working, edit: RemoveEdit) -> None:
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


def _lost_lines(state: _Working, doomed: set[str]) -> list[str]:
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


def _add(state: _Working, edit: AddEdit) -> None:
    anchor = state.shots[state.index(edit.anchor)]
    names = {sheet.name for sheet in state.bible.characters}
    unknown = [name for name in edit.subjects if name not in names]
    if unknown:
        raise ValueError(f"no character {unknown[0]!r} in the bible")
    new_id = state.fresh_id(edit.anchor)
    sides = {p.character: p.side for s in state.shots if s.scene == anchor.scene for p in s.blocking}
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
        blocking=[Placement(character=n, side=sides[n]) for n in edit.subjects if n in sides],
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


def _split(state: _Working, edit: SplitEdit) -> None:
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
    first = shot.model_copy(
        update={
            "duration_s": round(cut / state.fps, 3),
            "keyframes": first_keys,
            "covers": covers_first,
            "transition_out": Transition(),
        }
    )
    second = shot.model_copy(
        update={
            "id": second_id,
            "duration_s": round((frames - cut) / state.fps, 3),
            "keyframes": second_keys,
            "covers": covers_second,
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


def _merge(state: _Working, edit: MergeEdit) -> None:
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
    blocking = list({p.character: p for shot in reversed(group) for p in reversed(shot.blocking)}.values())
    blocking.reverse()
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
            "blocking": blocking,
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


def _move(state: _Working, edit: MoveEdit) -> None:
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


# -- the bible --------------------------------------------------------------------------------


def _character(state: _Working, edit: CharacterEdit) -> None:
    try:
        sheet = state.bible.character(edit.name)
    except KeyError:
        raise ValueError(f"no character {edit.name!r} in the bible") from None
    identity = sheet.identity.model_copy(
        update={
            k: v
            for k, v in {"colour": edit.colour, "hair_colour": edit.hair_colour, "build": edit.build}.items()
            if v is not None
        }
    )
    if edit.hair is not None:
        identity = identity.model_copy(update={"hair": edit.hair})
    texts = {"wardrobe": edit.wardrobe, "description": edit.description}
    new_sheet = sheet.model_copy(
        update={"identity": identity, **{k: v for k, v in texts.items() if v is not None}}
    )
    characters = [new_sheet if s.name == sheet.name else s for s in state.bible.characters]
    state.bible = state.bible.model_copy(update={"characters": characters})
    swaps = [(getattr(sheet, k), v) for k, v in texts.items() if v is not None]
    if edit.hair is not None:
        swaps.append((sheet.identity.hair, edit.hair))
    showing = [shot.id for shot in state.shots if sheet.name in shot.subjects]
    _swap_in_prompts(state, showing, swaps)
    state.focus += showing


def _location(state: _Working, edit: LocationEdit) -> None:
    try:
        sheet = state.bible.location(edit.name)
    except KeyError:
        raise ValueError(f"no location {edit.name!r} in the bible") from None
    update: dict[str, Any] = {}
    if edit.description is not None:
        update["description"] = edit.description
    if edit.palette is not None:
        update["palette"] = list(edit.palette)
    new_sheet = sheet.model_copy(update=update)
    locations = [new_sheet if s.name == sheet.name else s for s in state.bible.locations]
    state.bible = state.bible.model_copy(update={"locations": locations})
    scenes = _scenes_at(state, sheet.name)
    there = [shot.id for shot in state.shots if shot.scene in scenes]
    if edit.description is not None and sheet.description:
        old_first = sheet.description.split(". ")[0].rstrip(" .!?")
        new_first = edit.description.split(". ")[0].rstrip(" .!?")
        _swap_in_prompts(state, there, [(old_first, new_first)])
    state.focus += there


def _scenes_at(state: _Working, name: str) -> set[int]:
    if state.screenplay is None:
        return set()
    from storyreel.agents.film_grammar.bible import location_name

    return {
        scene.index
        for scene in state.screenplay.scenes
        if scene.location == name or location_name(scene) == name
    }


def _style(state: _Working, edit: StyleEdit) -> None:
    style = state.bible.style
    update: dict[str, Any] = {}
    if edit.look is not None:
        update["look"] = edit.look
    if edit.seed is not None:
        update["seed"] = edit.seed
    state.bible = state.bible.model_copy(update={"style": style.model_copy(update=update)})
    if edit.look is not None and edit.look != style.look:
        for index, shot in enumerate(state.shots):
            state.shots[index] = _with_look(shot, style.look, edit.look)
    state.focus += [shot.id for shot in state.shots]


def _with_look(shot: Shot, old: str, new: str) -> Shot:
    def swap(prompt: str | None) -> str | None:
        if not prompt:
            return prompt
        if old and f"Look: {old}." in prompt:
            return prompt.replace(f"Look: {old}.", f"Look: {new}." if new else "").rstrip()
        return f"{prompt.rstrip()} Look: {new}." if new else prompt

    keyframes = [k.model_copy(update={"prompt": swap(k.prompt)}) for k in shot.keyframes]
    return shot.model_copy(update={"keyframes": keyframes, "prompt": swap(shot.prompt)})


def _swap_in_prompts(state: _Working, shot_ids: list[str], swaps: list[tuple[str, str]]) -> None:
    """Replace old text with new in the prompts of the shots listed (where the old text is)."""
    swaps = [(old, new) for old, new in swaps if old and old != new]
    if not swaps:
        return

    def swap(prompt: str | None) -> str | None:
        for old, new in swaps:
            if prompt and old in prompt:
                prompt = prompt.replace(old, new)
        return prompt

    for shot_id in shot_ids:
        shot = state.shots[state.index(shot_id)]
        keyframes = [k.model_copy(update={"prompt": swap(k.prompt)}) for k in shot.keyframes]
        state.replace(shot.model_copy(update={"keyframes": keyframes, "prompt": swap(shot.prompt)}))


# -- takes and transitions --------------------------------------------------------------------


def _reseed(state: _Working, edit: ReseedEdit) -> None:
    for shot_id in edit.shots:
        shot = state.shots[state.index(shot_id)]
        current = shot.seed if shot.seed is not None else state.bible.style.seed
        seed = edit.seed if edit.seed is not None else current + 1
        state.replace(shot.model_copy(update={"seed": seed}))
        state.focus.append(shot_id)


def _transition(state: _Working, edit: TransitionEdit) -> None:
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


_APPLY = {
    CameraEdit: _camera,
    TimingEdit: _timing,
    RemoveEdit: _remove,
    AddEdit: _add,
    SplitEdit: _split,
    MergeEdit: _merge,
    MoveEdit: _move,
    CharacterEdit: _character,
    LocationEdit: _location,
    StyleEdit: _style,
    ReseedEdit: _reseed,
    TransitionEdit: _transition,
}


# -- keeping the plan valid -------------------------------------------------------------------


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
