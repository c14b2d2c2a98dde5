"""A camera is put into words one way, so a note that changes the camera finds the old words in
the prompts and restates them (plan_edits.camera.restate_camera)."""

from __future__ import annotations

from storyreel.agents.film_grammar.bible import write_bible
from storyreel.agents.film_grammar.camera.design import design_camera
from storyreel.agents.film_grammar.camera.moves import Design
from storyreel.agents.film_grammar.camera.prompts import (
    blocking_words,
    camera_words,
    image_camera_words,
    props_in_view,
)
from storyreel.agents.plan_edits.camera import restate_camera
from storyreel.models.plan import CameraSpec, Keyframe, Placement, Prop, Shot


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


# -- blocking and props in the prompts ----------------------------------------------------------


def _blocked(kind: str, framing: str, blocking, description: str = "Nell and Danny.") -> Shot:
    camera = CameraSpec(framing=framing, angle="eye_level", movements=["static"], lens_mm=45, speed=0)
    subjects = [p.character for p in blocking]
    return Shot(
        id="s1", scene=0, duration_s=2, description=description, camera=camera, kind=kind,
        subjects=subjects, blocking=blocking,
    )  # fmt: skip


SET = [
    Prop(name="the car", shape="vehicle", x=0.0, depth=2.5),
    Prop(name="the bucket", shape="seat", x=0.4, depth=0.2),
    Prop(name="the phone", shape="phone", x=-0.62, depth=0.6),
]


def test_blocking_words_say_who_faces_whom_their_pose_motion_and_hands():
    shot = _blocked(
        "over_the_shoulder",
        "medium",
        [
            Placement(
                character="DANNY", side="right", eyeline="NELL", facing="left", pose="sit", holding="the beer"
            ),
            Placement(character="NELL", side="left", eyeline="DANNY", facing="away", foreground=True),
        ],
    )
    words = blocking_words(shot)
    assert "DANNY (right of frame): sitting, turned to the left toward NELL, holding the beer" in words
    assert "NELL (left of frame): in the foreground" in words and "back to the camera" in words
    entering = _blocked(
        "single",
        "full",
        [Placement(character="OMAR", side="left", facing="right", motion="enter", start_x=-0.15)],
    )
    assert "entering from the left" in blocking_words(entering)
    leaving = _blocked(
        "single",
        "full",
        [Placement(character="RUTH", side="right", facing="right", motion="exit", end_x=1.15)],
    )
    assert "exiting to the right" in blocking_words(leaving)


def test_props_in_view_follow_the_framing():
    nell = Placement(character="NELL", side="left", facing="right")
    danny = Placement(character="DANNY", side="right", facing="left")
    wide = _blocked("two_shot", "full", [nell, danny])
    assert props_in_view(wide, SET) == SET
    medium = _blocked("single", "medium", [danny])
    assert [p.name for p in props_in_view(medium, SET)] == ["the car", "the bucket"]  # near his mark
    close = _blocked("single", "close_up", [nell.model_copy(update={"holding": "the phone"})])
    assert [p.name for p in props_in_view(close, SET)] == ["the phone"]  # only what is in hand
    insert = _blocked("insert", "close_up", [], description="Insert: the phone lights up.")
    assert [p.name for p in props_in_view(insert, SET)] == ["the phone"]


def test_the_cinematographer_s_prompts_say_the_blocking_and_the_props(parse):
    screenplay = parse("INT. GARAGE - NIGHT\n\nA car under a sheet.\n\nNELL\nWell?\n\nDANNY\nNo.\n")
    scene = screenplay.scenes[0]
    shot = _blocked(
        "two_shot",
        "full",
        [
            Placement(character="NELL", side="left", eyeline="DANNY", facing="right"),
            Placement(character="DANNY", side="right", eyeline="NELL", facing="left", pose="sit"),
        ],
    )
    choice = design_camera([shot], scene, write_bible(screenplay), fps=24, props=SET[:1]).shots[0]
    for prompt in [choice.prompt, *(k.prompt for k in choice.keyframes)]:
        assert "NELL (left of frame): turned to the right toward DANNY" in prompt
        assert "DANNY (right of frame): sitting" in prompt
        assert "In view: the car (vehicle)." in prompt
