"""A cut as a stream of frames: its layout in segments, dissolves, fades, slates and short clips."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from storyreel.errors import InputError
from storyreel.media.film import Segment, film_frames, film_segments, slate_frames
from storyreel.media.video import VideoWriter
from storyreel.models.cut import Cut, CutEntry
from storyreel.models.plan import Transition

W, H, FPS = 32, 18, 8
RED, BLUE = (220, 30, 30), (30, 30, 220)


def solid_clip(path: Path, colour: tuple[int, int, int], frames: int) -> Path:
    with VideoWriter(path, W, H, FPS, preset="ultrafast") as video:
        for _ in range(frames):
            video.write(np.full((H, W, 3), colour, np.uint8))
    return path


def entry(path: Path, frames: int, shot: str, **transitions: Transition) -> CutEntry:
    return CutEntry(
        shot=shot,
        clip=str(path),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        in_frame=0,
        out_frame=frames,
        transition_in=transitions.get("transition_in", Transition()),
        transition_out=transitions.get("transition_out", Transition()),
    )


def cut_of(entries: list[CutEntry], frames: int) -> Cut:
    return Cut(fps=FPS, resolution={"width": W, "height": H}, entries=entries, duration_s=frames / FPS)


def mean_colour(frame: np.ndarray) -> np.ndarray:
    return frame.reshape(-1, 3).mean(axis=0)


def test_segments_lay_out_entries_slates_and_dissolve_overlaps(tmp_path):
    red, blue = solid_clip(tmp_path / "r.mp4", RED, 8), solid_clip(tmp_path / "b.mp4", BLUE, 8)
    dissolve = Transition(type="dissolve", duration_s=0.5, text="DISSOLVE TO:")
    cut = cut_of([entry(red, 8, "s1", transition_out=dissolve), entry(blue, 8, "s2")], 12)
    assert film_segments(cut, {}, 1.0) == [Segment(0, 8, 4), Segment(1, 8, 0)]
    # a dissolve into a slated entry dissolves into its card, which lasts at least as long
    assert film_segments(cut, {1: "SCENE 2"}, 0.25) == [
        Segment(0, 8, 4),
        Segment(1, 4, 0, slate="SCENE 2"),
        Segment(1, 8, 0),
    ]


def test_a_dissolve_blends_from_one_clip_into_the_next(tmp_path):
    red, blue = solid_clip(tmp_path / "r.mp4", RED, 8), solid_clip(tmp_path / "b.mp4", BLUE, 8)
    dissolve = Transition(type="dissolve", duration_s=0.5, text="DISSOLVE TO:")
    cut = cut_of([entry(red, 8, "s1", transition_out=dissolve), entry(blue, 8, "s2")], 12)
    frames = list(film_frames(cut, film_segments(cut, {}, 1.0), [red, blue]))
    assert len(frames) == 12 and frames[0].shape == (H, W, 3)
    reds = [mean_colour(f)[0] for f in frames]
    assert reds[3] > 200 and reds[8] < 50  # red before the dissolve, blue after it
    assert all(a > b for a, b in zip(reds[3:9], reds[4:9], strict=False))  # strictly fading across
    assert reds[4] > 50 and reds[7] < 200  # no end of a dissolve is a pure frame


def test_a_fade_in_starts_all_colour_and_a_short_clip_holds_its_last_frame(tmp_path):
    red = solid_clip(tmp_path / "r.mp4", RED, 7)  # the cut asks for 8: one frame short
    fade = Transition(type="fade", duration_s=0.25, colour="#FFFFFF", text="FADE IN:")
    cut = cut_of([entry(red, 8, "s1", transition_in=fade)], 8)
    frames = list(film_frames(cut, film_segments(cut, {}, 1.0), [red]))
    assert len(frames) == 8
    assert mean_colour(frames[0]).min() > 245  # the first frame is the fade's colour
    assert 245 > mean_colour(frames[1])[1] > 40  # then the picture comes in
    np.testing.assert_array_equal(frames[6], frames[7])  # the last frame, held


def test_a_clip_far_shorter_than_the_cut_is_refused_as_truncated(tmp_path):
    red = solid_clip(tmp_path / "r.mp4", RED, 2)
    cut = cut_of([entry(red, 8, "s1")], 8)
    with pytest.raises(InputError, match=r"^shot s1: clip .*r.mp4: ends at frame 2, .*truncated"):
        list(film_frames(cut, film_segments(cut, {}, 1.0), [red]))


def test_a_slate_is_a_black_card_with_white_text(tmp_path):
    cards = list(slate_frames("SCENE 1\nINT. KITCHEN - DAY", (320, 180), 3))
    assert len(cards) == 3 and cards[0] is cards[2]  # one image, shared
    card = cards[0]
    assert card.shape == (180, 320, 3)
    assert (card.min(axis=2) > 200).sum() > 100  # white text
    assert (card.max(axis=2) == 0).mean() > 0.8  # on black
