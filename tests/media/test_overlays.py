"""Subtitles and captions burned into a shot: timed by words, at the bottom and the top, and
always inside the frame."""

from __future__ import annotations

import numpy as np
import pytest

from storyreel.media.overlays import Overlays, speech_frames
from storyreel.models.bible import Style
from storyreel.models.job import ShotJob, Speech
from storyreel.models.plan import CameraSpec, Shot


def job(size: tuple[int, int], dialogue: tuple[Speech, ...], duration_s: float, fps: int = 12) -> ShotJob:
    shot = Shot(
        id="t1",
        scene=0,
        duration_s=duration_s,
        description="Ana waits by the fountain.",
        camera=CameraSpec(framing="medium", angle="eye_level", movements=["static"]),
    )
    style = Style(
        resolution={"width": size[0], "height": size[1]}, aspect_ratio=f"{size[0]}:{size[1]}", fps=fps
    )
    return ShotJob(
        shot=shot, scene_heading="EXT. PARK - DAY", location=None, characters=(), style=style, fps=fps, seed=1,
        dialogue=dialogue,
    )  # fmt: skip


def test_subtitles_are_timed_by_words_and_burned_at_the_bottom():
    dialogue = (
        Speech(element="d1", character="ANA", text="One two three four five six."),
        Speech(element="d2", character="BEN", text="Seven eight."),
    )
    assert speech_frames(dialogue, 24) == [(0, 18), (18, 24)]
    overlays = Overlays.for_shot(job((320, 180), dialogue, 2.0), 320, 180, subtitles=True, captions=True)
    frame = overlays.apply(np.zeros((180, 320, 3), np.uint8), 3)
    white = frame.min(axis=2) > 200
    assert white[120:].sum() > 50  # the speech
    assert white[:60].sum() > 50  # the caption
    assert white[60:120].sum() == 0
    later = overlays.apply(np.zeros((180, 320, 3), np.uint8), 20)  # the second speech's own card
    assert not np.array_equal(later[120:], frame[120:])


def test_without_subtitles_or_captions_nothing_is_drawn():
    dialogue = (Speech(element="d1", character="ANA", text="Hello."),)
    overlays = Overlays.for_shot(job((160, 90), dialogue, 1.0), 160, 90, subtitles=False, captions=False)
    assert overlays.apply(np.zeros((90, 160, 3), np.uint8), 0).max() == 0


@pytest.mark.parametrize("size", [(64, 36), (32, 18), (16, 10)])
def test_subtitles_on_a_frame_smaller_than_their_card_still_fit(size):
    # at 64x36 this card is 37 pixels tall: it used to be pasted one row above the frame
    dialogue = (
        Speech(element="d1", character="DANNY", text="A line far too long for a tiny frame to hold."),
    )
    width, height = size
    overlays = Overlays.for_shot(job(size, dialogue, 1.0), width, height, subtitles=True, captions=True)
    frame = overlays.apply(np.zeros((height, width, 3), np.uint8), 0)
    assert frame.shape == (height, width, 3) and frame.max() > 200
