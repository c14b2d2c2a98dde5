"""Edits to the bible: a character's look, a set's description and palette, the film's style;
the prompts of every shot that shows what changed say the new words."""

from __future__ import annotations

from typing import Any

from storyreel.agents.film_grammar.bible import location_name
from storyreel.agents.plan_edits.working import Working
from storyreel.models.edits import CharacterEdit, LocationEdit, StyleEdit
from storyreel.models.plan import Shot


def apply_character(state: Working, edit: CharacterEdit) -> None:
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


def apply_location(state: Working, edit: LocationEdit) -> None:
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


def _scenes_at(state: Working, name: str) -> set[int]:
    if state.screenplay is None:
        return set()
    return {
        scene.index
        for scene in state.screenplay.scenes
        if scene.location == name or location_name(scene) == name
    }


def apply_style(state: Working, edit: StyleEdit) -> None:
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


def _swap_in_prompts(state: Working, shot_ids: list[str], swaps: list[tuple[str, str]]) -> None:
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
