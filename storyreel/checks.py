"""Checks across documents: what a shot plan cannot know about on its own.

A `ShotPlan` validates itself (ids, durations, keyframe frames, camera ids). Whether the scenes
and elements it points at exist needs the screenplay, and whether its subjects have sheets needs
the bible; those checks are here, as pure functions.
"""

from __future__ import annotations

from storyreel.errors import PlanError
from storyreel.models.bible import Bible
from storyreel.models.plan import ShotPlan, where
from storyreel.models.screenplay import Screenplay


def plan_problems(plan: ShotPlan, screenplay: Screenplay, bible: Bible | None = None) -> list[str]:
    """Every way `plan` disagrees with `screenplay` (and `bible`), one line each."""
    # Leading elements (before the first heading) have scene None: shots of scene 0 may cover them.
    scene_of: dict[str, int | None] = {e.id: None for e in screenplay.elements}
    for i, scene in enumerate(screenplay.scenes):
        scene_of.update((e.id, i) for e in scene.elements)
    n_scenes = len(screenplay.scenes)
    scenes = f"0..{n_scenes - 1}" if n_scenes else "none"
    characters = {sheet.name for sheet in bible.characters} if bible is not None else None

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
    return problems


def check_plan(plan: ShotPlan, screenplay: Screenplay, bible: Bible | None = None) -> None:
    """Raise PlanError naming the first problem `plan_problems` finds (and how many more)."""
    problems = plan_problems(plan, screenplay, bible)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PlanError(problems[0] + more)
