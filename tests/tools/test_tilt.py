"""The camera's tilt read from the set's verticals: on synthetic lines with a known vanishing
point, and on the animatic's own frames at each angle, against the camera that drew them."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from storyreel.tools.tilt import ANGLE_BANDS, DUTCH_MIN, Tilt, angle_of, read_tilt


def converging(pitch: float, roll: float = 0.0, size=(640, 360), focal: float = 500.0) -> np.ndarray:
    """Upright poles in front of a camera pitched by `pitch` and rolled by `roll` (degrees), drawn
    as lines through a pinhole: where world verticals go."""
    width, height = size
    image = np.full((height, width, 3), 200, np.uint8)
    p, r = math.radians(pitch), math.radians(roll)
    tilt_x = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    roll_z = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    world_to_camera = roll_z @ tilt_x  # rows: the camera's axes (x right, y up, z forward)
    for x in np.linspace(-3, 3, 9):
        for z in (5.0, 8.0):
            middle = world_to_camera.T @ np.array([x, 0.0, z])  # on the camera's line of sight
            ends = [world_to_camera @ (middle + np.array([0.0, y, 0.0])) for y in (-1.0, 1.0)]
            if min(e[2] for e in ends) <= 0.1:
                continue
            pix = [
                (int(width / 2 + focal * e[0] / e[2]), int(height / 2 - focal * e[1] / e[2])) for e in ends
            ]
            cv2.line(image, pix[0], pix[1], (30, 30, 30), 2)
    return image


@pytest.mark.parametrize("pitch", [-35.0, -8.0, 0.0, 3.0, 22.0])
def test_the_pitch_of_upright_lines_is_measured(pitch):
    tilt = read_tilt(converging(pitch), 500.0)
    assert tilt is not None and abs(tilt.pitch - pitch) < 1.0 and abs(tilt.roll) < 1.0


def test_a_rolled_camera_reads_as_dutch_and_a_slight_roll_is_refused():
    rolled = read_tilt(converging(-5.0, roll=20.0), 500.0)
    assert rolled is not None and angle_of(rolled) == "dutch" and abs(abs(rolled.roll) - 20.0) < 1.5
    assert read_tilt(converging(-5.0, roll=7.0), 500.0) is None  # neither level nor dutch


def test_a_frame_without_straight_edges_cannot_be_read():
    yy, xx = np.mgrid[0:180, 0:320]
    blob = (128 + 100 * np.sin(xx / 17.0) * np.cos(yy / 23.0)).astype(np.uint8)
    assert read_tilt(np.dstack([blob] * 3), 300.0) is None
    assert read_tilt(np.full((180, 320, 3), 90, np.uint8), 300.0) is None


def test_the_bands_cover_every_pitch_in_order():
    edges = list(ANGLE_BANDS.values())
    assert edges[0][0] == -90.0 and edges[-1][1] == 90.0
    assert all(a[1] == b[0] for a, b in zip(edges, edges[1:], strict=False))
    assert angle_of(Tilt(-90.0, 0.0, 9, 3.0, 1.0)) == "overhead"
    assert angle_of(Tilt(-8.0, DUTCH_MIN, 9, 3.0, 1.0)) == "dutch"
