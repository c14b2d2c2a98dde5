"""The pinhole camera: pacing curves, the start pose a framing and angle make, the moves' changes
and their limits, and the image motion (homography) between two poses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from storyreel.media.camera import (
    FRAMING_EXTENT,
    MAX_ZOOM_FACTOR,
    MIN_CAMERA_HEIGHT_M,
    SENSOR_WIDTH_MM,
    homography,
    pacing_curve,
    plan_camera,
)
from storyreel.models.plan import CameraSpec, Shot

W, H, FPS = 320, 180, 24


def shot(**camera) -> Shot:
    spec = {"framing": "medium", "angle": "eye_level", "movements": ["static"], **camera}
    return Shot(id="s1", scene=0, duration_s=2.0, description="Ana waits.", camera=CameraSpec(**spec))


def centre_moves_to(matrix: np.ndarray) -> np.ndarray:
    x, y, w = matrix @ np.array([W / 2, H / 2, 1.0])
    return np.array([x / w, y / w])


def test_pacing_curves_start_at_zero_end_at_one_and_shape_the_middle():
    for pacing in ("linear", "ease_in", "ease_out", "ease_in_out"):
        assert pacing_curve(pacing, 0.0) == 0.0 and pacing_curve(pacing, 1.0) == 1.0
        assert pacing_curve(pacing, -1.0) == 0.0 and pacing_curve(pacing, 2.0) == 1.0  # clamped
    assert pacing_curve("ease_in", 0.5) < 0.5 < pacing_curve("ease_out", 0.5)
    assert pacing_curve("ease_in_out", 0.25) == pytest.approx(1 - pacing_curve("ease_in_out", 0.75))


def test_the_framing_sets_the_distance_at_which_the_frame_holds_its_extent():
    focal_px = 35.0 / SENSOR_WIDTH_MM * W
    medium = plan_camera(shot(framing="medium", lens_mm=35.0), FPS, W, H, [1.75], 0)
    assert medium.subject_distance == pytest.approx(FRAMING_EXTENT["medium"] * focal_px / H)
    distances = [
        plan_camera(shot(framing=f), FPS, W, H, [1.75], 0).subject_distance
        for f in ("extreme_close_up", "close_up", "medium", "full", "long", "extreme_long")
    ]
    assert distances == sorted(distances)


def test_angles_place_the_camera_around_the_subject():
    overhead = plan_camera(shot(angle="overhead"), FPS, W, H, [1.75], 0).start
    assert overhead.pitch == -90.0 and overhead.position[1] > 1.75
    low = plan_camera(shot(angle="low"), FPS, W, H, [1.75], 0).start
    high = plan_camera(shot(angle="high"), FPS, W, H, [1.75], 0).start
    assert low.pitch > 0 > high.pitch and MIN_CAMERA_HEIGHT_M <= low.position[1] < high.position[1]
    assert plan_camera(shot(angle="dutch"), FPS, W, H, [1.75], 0).start.roll != 0


def test_moves_change_their_parameter_by_speed_gain_damping_and_time_within_limits():
    pan = plan_camera(shot(movements=["pan_left"], speed=0.5), FPS, W, H, [1.75], 0)
    damped = plan_camera(shot(movements=["pan_left"], speed=0.5), FPS, W, H, [1.75], 0, damping=0.5)
    gained = plan_camera(shot(movements=["pan_left"], speed=0.5, move_gain=1.5), FPS, W, H, [1.75], 0)
    assert pan.deltas["yaw"] < 0  # + yaw turns right
    assert damped.deltas["yaw"] == pytest.approx(pan.deltas["yaw"] / 2)
    assert gained.deltas["yaw"] == pytest.approx(pan.deltas["yaw"] * 1.5)
    zoom = plan_camera(shot(movements=["zoom_in"], speed=1.0, move_gain=3.0), FPS, W, H, [1.75], 0)
    assert zoom.deltas["focal_length"] == pytest.approx(math.log(MAX_ZOOM_FACTOR))  # the lens's range
    dolly = plan_camera(shot(movements=["dolly_in"], speed=1.0, move_gain=3.0), FPS, W, H, [1.75], 0)
    assert 0 < dolly.deltas["z"] <= 0.7 * (dolly.subject_distance - 0.25)  # stops short of the subject
    assert dolly.pose(dolly.frames - 1).position[2] > dolly.start.position[2]
    shaky = plan_camera(shot(movements=["handheld"]), FPS, W, H, [1.75], 0)
    assert shaky.jitter > 0 and shaky.pose(5) != shaky.pose(6)


def test_a_turn_moves_the_image_the_same_at_every_depth_and_a_truck_does_not():
    pan = plan_camera(shot(movements=["pan_left"], speed=0.5), FPS, W, H, [1.75], 0)
    a, b = pan.pose(0), pan.pose(pan.frames - 1)
    near, far = (homography(a, b, (W, H), (W, H), depth) for depth in (2.0, 50.0))
    np.testing.assert_allclose(near, far, atol=1e-9)
    assert centre_moves_to(near)[0] > W / 2 + 0.3 * W  # panning left slides the picture right
    truck = plan_camera(shot(movements=["truck_left"], speed=0.5), FPS, W, H, [1.75], 0)
    a, b = truck.pose(0), truck.pose(truck.frames - 1)
    shift_near = centre_moves_to(homography(a, b, (W, H), (W, H), 2.0))[0] - W / 2
    shift_far = centre_moves_to(homography(a, b, (W, H), (W, H), 50.0))[0] - W / 2
    assert shift_near > 10 * shift_far > 0  # parallax: near things slide more
    np.testing.assert_allclose(homography(a, a, (W, H), (W, H), 3.0), np.eye(3), atol=1e-9)
