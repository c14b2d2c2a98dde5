from typing import get_args

import pytest

from storyreel.models import ShotPlan
from storyreel.models.camera import (
    ANGLES,
    BASE_MOVEMENTS,
    CAMERACLIP_CLASSES,
    EXTENDED_MOVEMENTS,
    FAMILY,
    FRAMINGS,
    FULL_SPEED,
    GEOMETRY,
    LABELS,
    MOVEMENTS,
    OPPOSITE,
    SPEEDS,
    Angle,
    Framing,
    Movement,
)


def test_vocabulary_ids_are_exactly_the_agreed_ones():
    assert FRAMINGS == ("extreme_close_up", "close_up", "medium", "full", "long", "extreme_long")
    assert ANGLES == ("eye_level", "high", "low", "overhead", "dutch")
    assert BASE_MOVEMENTS == (
        "static", "pan_left", "pan_right", "tilt_up", "tilt_down",
        "zoom_in", "zoom_out", "dolly_in", "dolly_out",
    )  # fmt: skip
    assert EXTENDED_MOVEMENTS == (
        "truck_left", "truck_right", "pedestal_up", "pedestal_down",
        "arc_left", "arc_right", "handheld", "crane_up", "crane_down",
    )  # fmt: skip
    assert get_args(Framing) == FRAMINGS
    assert get_args(Angle) == ANGLES
    assert get_args(Movement) == MOVEMENTS


def test_cameraclip_has_twenty_classes_with_unique_ids():
    assert len(CAMERACLIP_CLASSES) == 20
    assert len(set(CAMERACLIP_CLASSES)) == 20
    assert set(EXTENDED_MOVEMENTS).isdisjoint(CAMERACLIP_CLASSES)
    # ids are unique across families, so FAMILY can key on the bare id
    assert len(FAMILY) == len(FRAMINGS) + len(ANGLES) + len(MOVEMENTS)


def test_every_id_has_a_label():
    assert set(LABELS) == set(FAMILY)
    assert LABELS["overhead"] == "bird's eye / overhead"
    assert LABELS["extreme_close_up"] == "extreme close-up"
    assert LABELS["dolly_in"] == "dolly in"


def test_every_movement_has_geometry_with_known_parameters():
    assert set(GEOMETRY) == set(MOVEMENTS)
    for move, geometry in GEOMETRY.items():
        for parameter, sign in geometry.changes:
            assert parameter in FULL_SPEED, move
            assert sign in (-1, 0, 1), move
    assert GEOMETRY["static"].changes == ()


@pytest.mark.parametrize(
    "move, changes, dx, dy, scale",
    [
        ("pan_left", (("yaw", -1),), +1, 0, 0),  # camera turns left, content slides right
        ("pan_right", (("yaw", +1),), -1, 0, 0),
        ("tilt_up", (("pitch", +1),), 0, -1, 0),  # camera tilts up, content slides down
        ("tilt_down", (("pitch", -1),), 0, +1, 0),
        ("zoom_in", (("focal_length", +1),), 0, 0, +1),  # content grows
        ("zoom_out", (("focal_length", -1),), 0, 0, -1),
        ("dolly_in", (("z", +1),), 0, 0, +1),
        ("truck_left", (("x", -1),), +1, 0, 0),
        ("pedestal_up", (("y", +1),), 0, -1, 0),
        ("arc_left", (("orbit", -1),), 0, 0, 0),
        ("crane_up", (("y", +1), ("pitch", -1)), 0, 0, 0),  # rises while tilting down
        ("handheld", (("jitter", 0),), 0, 0, 0),
    ],
)
def test_sign_conventions(move, changes, dx, dy, scale):
    geometry = GEOMETRY[move]
    assert geometry.changes == changes
    assert (geometry.content_dx, geometry.content_dy, geometry.content_scale) == (dx, dy, scale)


def test_zoom_and_dolly_differ_by_parallax():
    assert GEOMETRY["zoom_in"].content_scale == GEOMETRY["dolly_in"].content_scale
    assert not GEOMETRY["zoom_in"].parallax
    assert GEOMETRY["dolly_in"].parallax
    assert GEOMETRY["zoom_in"].changes != GEOMETRY["dolly_in"].changes


def test_opposites_are_symmetric_pairs():
    assert OPPOSITE["pan_left"] == "pan_right"
    assert OPPOSITE["crane_up"] == "crane_down"
    assert "static" not in OPPOSITE and "handheld" not in OPPOSITE
    for move, other in OPPOSITE.items():
        assert OPPOSITE[other] == move


def test_speed_words_lie_on_the_speed_scale():
    assert all(0 < value <= 1 for value in SPEEDS.values())
    assert SPEEDS["slow"] < SPEEDS["medium"] < SPEEDS["fast"]


def test_json_schema_lists_camera_ids_as_plain_string_enums():
    camera = ShotPlan.model_json_schema()["$defs"]["CameraSpec"]["properties"]
    assert camera["framing"]["enum"] == list(FRAMINGS)
    assert camera["framing"]["type"] == "string"
    assert camera["angle"]["enum"] == list(ANGLES)
    assert camera["movements"]["items"]["enum"] == list(MOVEMENTS)
