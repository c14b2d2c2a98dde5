"""The plan's expected image motion, and the critic's judgement of measured against planned."""

from __future__ import annotations

import math

import pytest

from storyreel.agents.context import Context
from storyreel.agents.critic import Thresholds, judge
from storyreel.models.critique import Scores
from storyreel.models.plan import CameraSpec, Keyframe, Shot
from storyreel.tools.camera_check import check_movement, expected_motion
from storyreel.tools.probe import ProbeResult

SIZE = (256, 144)
FPS = 12


def shot(
    moves: list[str], framing: str = "medium", speed: float = 0.5, duration: float = 2.0, **camera
) -> Shot:
    return Shot(
        id="s1",
        scene=0,
        duration_s=duration,
        description="A test shot.",
        camera=CameraSpec(framing=framing, angle="eye_level", movements=moves, speed=speed, **camera),
        keyframes=[Keyframe(frame=0, description="start")],
    )


def probe(movements: list[str], tracked: int = 23, **totals: float) -> ProbeResult:
    full = {"pan": 0.0, "tilt": 0.0, "zoom": 0.0, "roll": 0.0, **totals}
    return ProbeResult(
        movements=movements,
        confidence={},
        rates=full,
        totals=full,
        parallax=0.0,
        radial=0.0,
        frames=24,
        fps=FPS,
        pairs_fitted=tracked,
    )


def test_a_pan_is_expected_to_move_the_image_by_the_turn_over_the_field_of_view():
    planned = shot(["pan_right"], lens_mm=35.0)
    turn = math.radians(30.0 * 0.5 * (planned.frame_count(FPS) / FPS))
    expected = expected_motion(planned, FPS, SIZE)
    assert expected["pan"] == pytest.approx(turn * 35.0 / 36.0, rel=0.02)
    # a pitched camera turning about the vertical drifts a little: far under the probe's 3 % floor
    assert abs(expected["tilt"]) < 0.01 and abs(expected["zoom"]) < 0.01


def test_a_zoom_is_expected_to_scale_the_image_by_the_focal_change():
    planned = shot(["zoom_in"], speed=0.25)
    expected = expected_motion(planned, FPS, SIZE)
    assert expected["zoom"] == pytest.approx(math.log(1.5) * 0.25 * planned.frame_count(FPS) / FPS, rel=0.02)


def test_the_gain_is_a_request_to_the_renderer_not_the_expectation():
    plain, pushed = shot(["tilt_up"]), shot(["tilt_up"], move_gain=3.0)
    assert expected_motion(pushed, FPS, SIZE) == pytest.approx(expected_motion(plain, FPS, SIZE))


@pytest.mark.parametrize("share", [0.4, 1.0])
def test_delivered_is_the_measured_share_of_the_planned_motion(share):
    planned = shot(["pan_left", "zoom_in"])
    expected = expected_motion(planned, FPS, SIZE)
    measured = probe(["zoom_in", "pan_left"], pan=share * expected["pan"], zoom=share * expected["zoom"])
    check = check_movement(planned, measured, FPS, SIZE)
    assert check.match == 1.0
    assert check.delivered == pytest.approx(share, rel=1e-6)
    assert check.measured_speed == pytest.approx(0.5 * share)


def test_a_move_the_wrong_way_delivers_nothing_and_a_twin_counts_half():
    planned = shot(["pan_right"])
    expected = expected_motion(planned, FPS, SIZE)
    assert check_movement(planned, probe(["pan_left"], pan=-expected["pan"]), FPS, SIZE).delivered == 0.0
    assert check_movement(planned, probe(["truck_right"], pan=expected["pan"]), FPS, SIZE).match == 0.5


def test_the_size_of_a_move_is_not_judged_when_the_probe_lost_track():
    planned = shot(["tilt_up"])
    expected = expected_motion(planned, FPS, SIZE)
    check = check_movement(planned, probe(["tilt_up"], tracked=8, tilt=0.3 * expected["tilt"]), FPS, SIZE)
    assert check.match == 1.0 and check.delivered is None
    assert "tracked only 35%" in check.unjudged["size"]


def test_a_static_plan_fails_only_when_the_camera_moved():
    planned = shot(["static"])
    assert check_movement(planned, probe(["static"]), FPS, SIZE).match == 1.0
    assert check_movement(planned, probe(["pan_left"], pan=-0.2), FPS, SIZE).match == 0.0


def test_moves_the_probe_cannot_measure_are_not_judged():
    arc = check_movement(shot(["arc_left"]), probe(["truck_left"], pan=0.2), FPS, SIZE)
    assert arc.match is None and "arc" in arc.unjudged["arc_left"]
    tiny = check_movement(shot(["dolly_in"], framing="extreme_long", speed=0.1), probe(["static"]), FPS, SIZE)
    assert tiny.match is None and "too little" in tiny.unjudged["dolly_in"]


def test_judge_asks_for_the_gain_that_would_deliver_the_move():
    planned = shot(["pan_right"])
    verdict = judge(
        planned, Scores(movement_match=1.0, measured_movements=["pan_right"], delivered=0.4), seed=7
    )
    assert not verdict.passed
    assert [(r.field, r.value) for r in verdict.revisions] == [("camera.move_gain", 2.5)]


def test_judge_is_rougher_on_translations_and_stops_at_the_gain_limit():
    dolly = shot(["dolly_in"])
    assert judge(
        dolly, Scores(movement_match=1.0, measured_movements=["dolly_in"], delivered=0.3), seed=1
    ).passed
    pushed = shot(["pan_right"], move_gain=4.0)
    verdict = judge(
        pushed, Scores(movement_match=1.0, measured_movements=["pan_right"], delivered=0.3), seed=1
    )
    assert not verdict.passed and verdict.revisions == []
    assert any("already pushed 4x" in reason for reason in verdict.reasons)


def test_judge_uses_the_thresholds_it_is_given_and_names_skipped_checks():
    planned = shot(["pan_right"])
    scores = Scores(
        movement_match=1.0,
        measured_movements=["pan_right"],
        delivered=0.4,
        keyframe_ssim=0.45,
        skipped={"cameraclip": "no CameraCLIP weights"},
    )
    lenient = Thresholds.of(Context(delivered_min=0.3, keyframe_ssim_min=0.4))
    verdict = judge(planned, scores, seed=1, limits=lenient)
    assert verdict.passed
    assert "not checked: cameraclip (no CameraCLIP weights)" in verdict.reasons
    strict = judge(planned, scores, seed=1)
    assert {r.field for r in strict.revisions} == {"camera.move_gain", "seed"}
    assert any("SSIM 0.45" in reason for reason in strict.reasons)
