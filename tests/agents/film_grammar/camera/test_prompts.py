"""A camera is put into words one way, so a note that changes the camera finds the old words in
the prompts and restates them (plan_edits.camera.restate_camera)."""

from __future__ import annotations

from storyreel.agents.film_grammar.camera.moves import Design
from storyreel.agents.film_grammar.camera.prompts import camera_words, image_camera_words
from storyreel.agents.plan_edits.camera import restate_camera
from storyreel.models.plan import CameraSpec, Keyframe, Shot


def test_camera_words_for_a_moving_and_a_static_camera():
    moving = CameraSpec(
        framing="medium", angle="low", movements=["dolly_in", "tilt_up"], lens_mm=50, speed=0.2
    )
    still = CameraSpec(framing="close_up", angle="eye_level", movements=["static"], lens_mm=85, speed=0)
    assert camera_words(moving) == "low angle slow dolly in + tilt up, 50mm, medium shot"
    assert camera_words(still) == "eye level locked-off static camera, 85mm, close-up"
    assert image_camera_words(still) == "close-up, eye level, 85mm lens."


def test_a_design_and_its_plan_camera_read_the_same():
    design = Design("long", "high", ["pan_left"], 27.0, 0.9, "linear", "", [])
    spec = CameraSpec(framing="long", angle="high", movements=["pan_left"], lens_mm=27.0, speed=0.9)
    assert camera_words(design) == camera_words(spec) == "high angle fast pan left, 27mm, long shot"


def test_a_new_camera_is_restated_where_the_old_words_stood():
    old = CameraSpec(framing="medium", angle="eye_level", movements=["static"], lens_mm=45, speed=0)
    new = old.model_copy(update={"framing": "close_up", "lens_mm": 85.0})
    shot = Shot(
        id="s1",
        scene=0,
        duration_s=2,
        description="Single, medium shot: Nell.",
        camera=old,
        keyframes=[Keyframe(frame=0, description="Nell", prompt=f"Nell. {image_camera_words(old)}")],
        prompt=f"{camera_words(old)}. Nell waits.",
    )
    restated = restate_camera(shot, old, new)
    assert restated.prompt == f"{camera_words(new)}. Nell waits."
    assert restated.keyframes[0].prompt == f"Nell. {image_camera_words(new)}"
    assert restated.description == "Single, close-up: Nell."
