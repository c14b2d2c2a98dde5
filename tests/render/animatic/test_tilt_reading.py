"""The critic's tilt reading (storyreel/tools/tilt.py) on the animatic's own frames: each angle
reads as the angle it was drawn from, and the pitch as the camera's; where the frame shows too
few verticals to say (looking straight down at a floor, a close-up against a wall), it says
nothing rather than something wrong."""

from __future__ import annotations

import pytest

from storyreel.media.camera import focal_px
from storyreel.models.bible import LocationSheet
from storyreel.render.animatic.pipeline import AnimaticRenderer
from storyreel.tools.tilt import angle_of, read_tilt

# A room: its walls' corners and furniture give the verticals a tilt is read from
OFFICE = LocationSheet(name="OFFICE", int_ext="INT", times_of_day=["NIGHT"], palette=["#705030", "#C0B090"])
READ = [
    ("medium", "eye_level"),
    ("full", "eye_level"),
    ("long", "eye_level"),
    ("full", "high"),
    ("medium", "low"),
    ("full", "dutch"),
]
MAYBE = [("full", "overhead"), ("close_up", "high"), ("close_up", "eye_level"), ("extreme_close_up", "low")]


def first_frame(job_factory, render, framing, angle):
    job = job_factory(framing=framing, angle=angle, location=OFFICE, size=(320, 180), lens_mm=35.0)
    [frame] = render(job, [0])
    return read_tilt(frame, focal_px(35.0, 320)), AnimaticRenderer().setup(job, 320, 180).path.pose(0)


@pytest.mark.parametrize(("framing", "angle"), READ)
def test_a_frame_reads_as_the_angle_it_was_drawn_from(job_factory, render, framing, angle):
    tilt, pose = first_frame(job_factory, render, framing, angle)
    assert tilt is not None, (framing, angle)
    assert angle_of(tilt) == angle, (tilt, pose)
    if angle != "dutch":
        assert abs(tilt.pitch - pose.pitch) < 2.0, (tilt, pose)


@pytest.mark.parametrize(("framing", "angle"), MAYBE)
def test_a_frame_with_few_verticals_reads_right_or_not_at_all(job_factory, render, framing, angle):
    tilt, pose = first_frame(job_factory, render, framing, angle)
    assert tilt is None or angle_of(tilt) == angle, (tilt, pose)
