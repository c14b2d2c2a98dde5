"""Shot jobs: what a renderer is handed for each shot, keyframe images resolved."""

from __future__ import annotations

import pytest

from storyreel.agents.rendering import shot_jobs
from storyreel.errors import PlanError
from storyreel.models.bible import Bible
from storyreel.models.job import Speech
from storyreel.models.plan import CameraSpec, Keyframe, Shot, ShotPlan
from storyreel.tools.screenplay import parse_fountain

SCRIPT = "INT. GARAGE - NIGHT\n\nNELL waits.\n\nNELL\nHe's late.\n"


def _film(images: list[str | None]):
    screenplay = parse_fountain(SCRIPT)
    speech = next(e for e in screenplay.all_elements() if e.type == "dialogue")
    keyframes = [Keyframe(frame=i, description="Nell", image=image) for i, image in enumerate(images)]
    shot = Shot(
        id="s1-1",
        scene=0,
        duration_s=2.0,
        description="Nell waits.",
        camera=CameraSpec(framing="medium", angle="eye_level", movements=["static"], lens_mm=45.0),
        subjects=["NELL"],
        covers=[speech.id],
        keyframes=keyframes,
    )
    return ShotPlan(fps=24, shots=[shot]), Bible(), screenplay, speech


def test_a_plans_relative_image_is_read_from_the_project(tmp_path):
    inside = tmp_path / "p" / "boards" / "k1.png"
    plan, bible, screenplay, _ = _film(["boards/k0.png", str(inside), None])
    (job,) = shot_jobs(plan, bible, screenplay, project_dir=str(tmp_path / "p"))
    images = [k.image for k in job.shot.keyframes]
    assert images == [str((tmp_path / "p" / "boards" / "k0.png").resolve()), str(inside.resolve()), None]


@pytest.mark.parametrize("image", ["/etc/passwd", "../../secret.png", "boards/../../x.png"])
def test_a_plans_image_outside_the_project_is_refused(tmp_path, image):
    plan, bible, screenplay, _ = _film([image])
    with pytest.raises(PlanError, match=r"shot s1-1 keyframes\[0\]\.image: .* is outside the project folder"):
        shot_jobs(plan, bible, screenplay, project_dir=str(tmp_path / "p"))


def test_the_users_keyframe_folder_wins_over_the_plan(tmp_path):
    plan, bible, screenplay, _ = _film(["boards/k0.png", None, None])
    folder = tmp_path / "drawn"
    folder.mkdir()
    (folder / "s1-1_0.jpg").write_bytes(b"drawn")
    (job,) = shot_jobs(plan, bible, screenplay, keyframes_dir=str(folder), project_dir=str(tmp_path))
    assert [k.image for k in job.shot.keyframes][:2] == [str((folder / "s1-1_0.jpg").resolve()), None]


def test_a_job_carries_the_speeches_its_shot_covers(tmp_path):
    plan, bible, screenplay, speech = _film([None])
    (job,) = shot_jobs(plan, bible, screenplay)
    assert job.dialogue == (Speech(element=speech.id, character="NELL", text="He's late."),)
    assert job.shot.keyframes[0].image is None  # no image: none invented
