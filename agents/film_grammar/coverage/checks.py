"""Checks on a storyboard of a scene: what makes it unusable, one line per problem.

Every shot covers elements of its scene; every line of dialogue is covered, first in script
order; every subject has one screen side, the same in every shot of the scene (180-degree rule);
an eyeline names someone of the scene, a `holding` one of the board's props (the same check the
plan gets, storyreel.checks.placement_problems), and no prop is named twice.
"""

from __future__ import annotations

from itertools import pairwise

from storyreel.agents.schemas import StoryboardOutput
from storyreel.checks import placement_problems, scene_people
from storyreel.models.screenplay import Scene


def coverage_problems(output: StoryboardOutput, scene: Scene) -> list[str]:
    """What makes a storyboard unusable for `scene`, one line per problem (empty when fine)."""
    problems: list[str] = []
    ids = {e.id for e in scene.elements}
    speeches = [e.id for e in scene.elements if e.type == "dialogue"]
    speech_set = set(speeches)
    first_cover: list[str] = []
    covered: set[str] = set()
    sides: dict[str, tuple[str, int]] = {}
    people = scene_people((shot.subjects for shot in output.shots), scene.elements)
    props = [prop.name for prop in output.props]
    problems.extend(
        f"props: {name!r} is named twice" for name in sorted({n for n in props if props.count(n) > 1})
    )
    for i, shot in enumerate(output.shots):
        problems.extend(
            f"shots[{i}] {problem}" for problem in placement_problems(shot.blocking, people, set(props))
        )
        for element_id in shot.covers:
            if element_id not in ids:
                problems.append(
                    f"shots[{i}] covers {element_id!r}, which is not an element of scene {scene.index}"
                )
                continue
            if element_id in speech_set and element_id not in covered:
                first_cover.append(element_id)
            covered.add(element_id)
        seen: set[str] = set()
        for placement in shot.blocking:
            name = placement.character
            if name not in shot.subjects:
                problems.append(f"shots[{i}] blocks {name!r}, who is not among its subjects {shot.subjects}")
            if name in seen:
                problems.append(f"shots[{i}] places {name!r} twice")
            seen.add(name)
            if name in sides and sides[name][0] != placement.side:
                problems.append(
                    f"shots[{i}] puts {name!r} {placement.side}, but shots[{sides[name][1]}] put them "
                    f"{sides[name][0]} (180-degree rule: one side per character in a scene)"
                )
            else:
                sides.setdefault(name, (placement.side, i))
        for name in shot.subjects:
            if name not in seen:
                problems.append(f"shots[{i}] gives subject {name!r} no screen side in its blocking")
    for element_id in speeches:
        if element_id not in covered:
            element = next(e for e in scene.elements if e.id == element_id)
            problems.append(
                f"element {element_id!r} (dialogue of {element.character}, line {element.line}) is covered by no shot"
            )
    order = {element_id: n for n, element_id in enumerate(speeches)}
    for earlier, later in pairwise(first_cover):
        if order[later] < order[earlier]:
            shot_index = next(i for i, s in enumerate(output.shots) if later in s.covers)
            problems.append(
                f"shots[{shot_index}] first covers {later!r} after {earlier!r}, against script order"
            )
    return problems
