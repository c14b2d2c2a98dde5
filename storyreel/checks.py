"""Checks across documents: what a shot plan cannot know about on its own.

A `ShotPlan` validates itself (ids, durations, keyframe frames, camera ids). Whether the scenes
and elements it points at exist needs the screenplay, and whether its subjects have sheets needs
the bible; those checks are here, as pure functions. So is what a placement may name: an eyeline
someone of its scene (a character in one of the scene's shots, or one who speaks in it), a
`holding` a prop on the scene's set; the storyboard checks a board with the same function
(`placement_problems`) before any plan exists.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from storyreel.errors import InputError, PlanError
from storyreel.models.bible import Bible
from storyreel.models.plan import Placement, ShotPlan, where
from storyreel.models.screenplay import Element, Screenplay


def plan_problems(plan: ShotPlan, screenplay: Screenplay, bible: Bible | None = None) -> list[str]:
    """Every way `plan` disagrees with `screenplay` (and `bible`), one line each."""
    # Leading elements (before the first heading) have scene None: shots of scene 0 may cover them.
    scene_of: dict[str, int | None] = {e.id: None for e in screenplay.elements}
    for i, scene in enumerate(screenplay.scenes):
        scene_of.update((e.id, i) for e in scene.elements)
    n_scenes = len(screenplay.scenes)
    scenes = f"0..{n_scenes - 1}" if n_scenes else "none"
    characters = {sheet.name for sheet in bible.characters} if bible is not None else None

    casts = _people_by_scene(plan, screenplay)

    problems = []
    for i, shot in enumerate(plan.shots):
        at = where(shot.id, i)
        if shot.scene >= n_scenes:
            problems.append(
                f"{at} scene: no scene {shot.scene} in the screenplay ({n_scenes} scenes: {scenes})"
            )
        for k, element_id in enumerate(shot.covers):
            if element_id not in scene_of:
                problems.append(f"{at} covers[{k}]: no element {element_id!r} in the screenplay")
                continue
            home = scene_of[element_id]
            if home is None and shot.scene != 0:
                problems.append(
                    f"{at} covers[{k}]: element {element_id!r} comes before the first scene; "
                    "only shots of scene 0 may cover it"
                )
            elif home is not None and home != shot.scene:
                problems.append(
                    f"{at} covers[{k}]: element {element_id!r} is in scene {home}, not scene {shot.scene}"
                )
        if characters is not None:
            for k, name in enumerate(shot.subjects):
                if name not in characters:
                    problems.append(f"{at} subjects[{k}]: {name!r} has no sheet in the bible")
        people, props = casts[shot.scene], {prop.name for prop in plan.props(shot.scene)}
        problems.extend(f"{at} {problem}" for problem in placement_problems(shot.blocking, people, props))
    return problems + set_problems(plan, n_scenes)


def file_problems(plan: ShotPlan, folder: Path) -> list[str]:
    """What a plan file may not hold whatever its screenplay: no shots (a film of nothing), or a
    keyframe image that lies outside `folder`, the project the plan is in (a plan from elsewhere
    must not hand a renderer /etc/passwd or ../../secret.png), or is there but is no image make
    could use (a FIFO, a bomb)."""
    from storyreel.media.images import check_image  # OpenCV loads on use

    problems = [] if plan.shots else ["shots: a plan needs at least one shot"]
    root = folder.resolve()
    for i, shot in enumerate(plan.shots):
        for k, keyframe in enumerate(shot.keyframes):
            if not keyframe.image:
                continue
            at = f"{where(shot.id, i)} keyframes[{k}].image"
            image = (root / Path(keyframe.image).expanduser()).resolve()
            if not image.is_relative_to(root):
                problems.append(f"{at}: {keyframe.image!r} is outside the project folder {str(root)!r}")
                continue
            if not os.path.lexists(image):
                continue  # may be drawn later: make says so if it is still missing
            try:
                check_image(image, at)
            except InputError as exc:
                problems.append(str(exc))
    return problems


def _people_by_scene(plan: ShotPlan, screenplay: Screenplay) -> dict[int, set[str]]:
    """`scene_people` of every scene the plan has shots of."""
    subjects: dict[int, list[list[str]]] = {}
    for shot in plan.shots:
        subjects.setdefault(shot.scene, []).append(shot.subjects)
    people = {}
    for index, names in subjects.items():
        elements = screenplay.scenes[index].elements if index < len(screenplay.scenes) else []
        people[index] = scene_people(names, [*elements, *(screenplay.elements if index == 0 else [])])
    return people


def set_problems(plan: ShotPlan, n_scenes: int) -> list[str]:
    """A set for a scene the screenplay does not have, a scene with two sets, a prop named twice."""
    problems, seen = [], set()
    for k, scene_set in enumerate(plan.sets):
        if scene_set.scene >= n_scenes:
            problems.append(
                f"sets[{k}] scene: no scene {scene_set.scene} in the screenplay ({n_scenes} scenes)"
            )
        if scene_set.scene in seen:
            problems.append(f"sets[{k}] scene: scene {scene_set.scene} already has a set")
        seen.add(scene_set.scene)
        problems.extend(f"sets[{k}] props: {name}" for name in _twice(p.name for p in scene_set.props))
    return problems


def scene_people(subjects: Iterable[list[str]], elements: Iterable[Element] = ()) -> set[str]:
    """Everyone an eyeline of a scene may name: who is in its shots, and who speaks in it."""
    people = {name for names in subjects for name in names}
    return people | {e.character.upper() for e in elements if e.type == "dialogue" and e.character}


def placement_problems(blocking: list[Placement], people: set[str], props: set[str]) -> list[str]:
    """What a shot's placements name that is not there: an eyeline to no one of the scene (or to
    themselves), a held prop the set does not have; and more than one foreground shoulder."""
    problems = []
    for k, placement in enumerate(blocking):
        name, eyeline, holding = placement.character, placement.eyeline, placement.holding
        if eyeline is not None and (eyeline not in people or eyeline == name):
            whom = "themselves" if eyeline == name else "no one in the scene"
            problems.append(f"blocking[{k}].eyeline: {name} looks at {eyeline!r}, {whom}")
        if holding is not None and holding not in props:
            have = ", ".join(sorted(props)) or "none"
            problems.append(f"blocking[{k}].holding: {holding!r} is not a prop of the scene (props: {have})")
    if sum(p.foreground for p in blocking) > 1:
        problems.append("blocking: more than one foreground shoulder")
    return problems


def _twice(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        if name in seen:
            out.append(f"{name!r} is named twice")
        seen.add(name)
    return out


def check_plan(plan: ShotPlan, screenplay: Screenplay, bible: Bible | None = None) -> None:
    """Raise PlanError naming the first problem `plan_problems` finds (and how many more)."""
    problems = plan_problems(plan, screenplay, bible)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PlanError(problems[0] + more)
