"""A shot's render job (`ShotJob`), built from the plan, the bible and the screenplay.

    ShotIndex(plan, bible, screenplay).job(shot_id, keyframes_dir=..., project_dir=...)
    shot_jobs(plan, bible, screenplay, shot_ids, keyframes_dir=..., project_dir=...)

`ShotIndex` looks up a shot, its characters, location and lines once per set of documents, so a
per-shot task (which gets references to the documents, not its job: agents/state.py) builds its
own job in constant time, however long the film.
"""

from __future__ import annotations

from pathlib import Path

from storyreel.errors import PlanError
from storyreel.models.bible import Bible
from storyreel.models.job import ShotJob, Speech
from storyreel.models.plan import Shot, ShotPlan
from storyreel.models.screenplay import Screenplay

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


def with_keyframe_images(shot: Shot, folder: str | None, project_dir: str | None) -> Shot:
    """The shot with every keyframe image it has as an absolute path: the user's own from
    <folder>/<shot id>_<index>.<png|jpg|...> (`--keyframes`), else the plan's `image`, which the
    schema reads relative to the project directory. Renderers then read the path as given.
    A plan's image outside the project is refused (`storyreel check` says the same of a plan
    file): a plan from elsewhere must not hand a renderer /etc/passwd or ../../secret.png."""
    keyframes = []
    for index, keyframe in enumerate(shot.keyframes):
        found = folder and next(
            (p for suffix in IMAGE_SUFFIXES if (p := Path(folder) / f"{shot.id}_{index}{suffix}").is_file()),
            None,
        )
        if found:
            keyframe = keyframe.model_copy(update={"image": str(found.resolve())})
        elif keyframe.image and project_dir is not None:
            root = Path(project_dir).resolve()
            image = (root / Path(keyframe.image).expanduser()).resolve()
            if not image.is_relative_to(root):
                raise PlanError(
                    f"shot {shot.id} keyframes[{index}].image: {keyframe.image!r} is outside the "
                    f"project folder {str(root)!r}"
                )
            keyframe = keyframe.model_copy(update={"image": str(image)})
        keyframes.append(keyframe)
    return shot.model_copy(update={"keyframes": keyframes})


class ShotIndex:
    """The plan's shots, the bible's sheets and the screenplay's lines by id, for building jobs."""

    def __init__(self, plan: ShotPlan, bible: Bible, screenplay: Screenplay) -> None:
        self.plan, self.bible, self.screenplay = plan, bible, screenplay
        self.shots = {shot.id: shot for shot in plan.shots}
        self.characters = {sheet.name: sheet for sheet in bible.characters}
        self.locations = {sheet.name: sheet for sheet in bible.locations}
        self.speeches = {e.id: e for e in screenplay.all_elements() if e.type == "dialogue"}
        self.props: dict[int, tuple] = {}
        for scene_set in plan.sets:  # the first set of a scene, as `ShotPlan.props` reads it
            self.props.setdefault(scene_set.scene, tuple(scene_set.props))

    def job(self, shot_id: str, keyframes_dir: str | None = None, project_dir: str | None = None) -> ShotJob:
        """The job of shot `shot_id`; keyframe images from `keyframes_dir`, and the plan's
        relative to `project_dir`."""
        shot = self.shots[shot_id]
        scene = self.screenplay.scenes[shot.scene]
        return ShotJob(
            shot=with_keyframe_images(shot, keyframes_dir, project_dir),
            scene_heading=scene.heading,
            location=self.locations.get(scene.location),
            characters=tuple(self.characters[n] for n in shot.subjects if n in self.characters),
            style=self.bible.style,
            fps=self.plan.fps,
            seed=shot.seed if shot.seed is not None else self.bible.style.seed,
            dialogue=tuple(
                Speech(element=i, character=self.speeches[i].character, text=self.speeches[i].text)
                for i in shot.covers
                if i in self.speeches
            ),
            props=self.props.get(shot.scene, ()),
        )


def shot_jobs(
    plan: ShotPlan,
    bible: Bible,
    screenplay: Screenplay,
    shot_ids: set[str] | None = None,
    *,
    keyframes_dir: str | None = None,
    project_dir: str | None = None,
) -> list[ShotJob]:
    """The job of every shot (or of `shot_ids`), in the plan's order."""
    index = ShotIndex(plan, bible, screenplay)
    return [
        index.job(shot.id, keyframes_dir, project_dir)
        for shot in plan.shots
        if shot_ids is None or shot.id in shot_ids
    ]
