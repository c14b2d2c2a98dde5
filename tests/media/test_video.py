"""The streaming encoder: atomic writes, format checks, and a faithful round trip."""

from __future__ import annotations

import numpy as np
import pytest

from storyreel.errors import InputError
from storyreel.media.video import VideoWriter, check_format, probe, read_frames

W, H, FPS = 64, 36, 24


def solid(colour: tuple[int, int, int], width: int = W, height: int = H) -> np.ndarray:
    frame = np.empty((height, width, 3), np.uint8)
    frame[:] = colour
    return frame


def test_round_trip_keeps_count_size_and_colours(tmp_path):
    path = tmp_path / "clip.mp4"
    colours = [(220, 30, 30)] * 5 + [(30, 30, 220)] * 5
    with VideoWriter(path, W, H, FPS) as video:
        for colour in colours:
            video.write(solid(colour))
    assert video.frames == 10
    info = probe(path)
    assert (info.width, info.height, info.fps, info.frames) == (W, H, FPS, 10)
    decoded = list(read_frames(path))
    assert len(decoded) == 10
    for frame, colour in zip(decoded, colours, strict=True):
        assert frame.shape == (H, W, 3)
        assert np.abs(frame.reshape(-1, 3).mean(axis=0) - colour).max() < 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4"]


def test_a_crash_mid_write_leaves_no_file_and_no_temporary(tmp_path):
    path = tmp_path / "film.mp4"
    with pytest.raises(RuntimeError, match="boom"), VideoWriter(path, W, H, FPS) as video:
        video.write(solid((0, 0, 0)))
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_a_crash_keeps_the_previous_video_untouched(tmp_path):
    path = tmp_path / "film.mp4"
    path.write_bytes(b"the previous film")
    with pytest.raises(RuntimeError), VideoWriter(path, W, H, FPS) as video:
        video.write(solid((0, 0, 0)))
        raise RuntimeError("boom")
    assert path.read_bytes() == b"the previous film"
    assert [p.name for p in tmp_path.iterdir()] == ["film.mp4"]


def test_no_frames_is_an_error_and_leaves_nothing(tmp_path):
    with pytest.raises(ValueError, match="no frames"), VideoWriter(tmp_path / "empty.mp4", W, H, FPS):
        pass
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("width", "height", "fps", "words"),
    [
        (63, 36, 24, "even width and height (try 64x36)"),
        (64, 35, 24, "even width and height"),
        (0, 36, 24, "positive"),
        (9000, 36, 24, "at most 8192"),
        (64, 36, 0, "fps 0"),
        (64, 36, 500, "at most 240"),
    ],
)
def test_check_format_refuses_in_one_line(width, height, fps, words):
    with pytest.raises(InputError) as error:
        check_format(width, height, fps)
    assert words in str(error.value)
    assert "\n" not in str(error.value)


def test_the_writer_refuses_an_odd_size_before_starting(tmp_path):
    with pytest.raises(InputError, match="even"):
        VideoWriter(tmp_path / "odd.mp4", 65, 36, FPS)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "frame",
    [solid((0, 0, 0), 32, 36), np.zeros((H, W), np.uint8), np.zeros((H, W, 3), np.float32)],
    ids=["size", "channels", "dtype"],
)
def test_a_frame_of_the_wrong_shape_is_refused(tmp_path, frame):
    with (
        pytest.raises(ValueError, match=r"expected \(36, 64, 3\) uint8"),
        VideoWriter(tmp_path / "clip.mp4", W, H, FPS) as video,
    ):
        video.write(frame)
    assert list(tmp_path.iterdir()) == []
