"""Reading an MP4's H.264 parameter sets and frame count from its boxes, without ffmpeg."""

from __future__ import annotations

import numpy as np

from storyreel.media.mp4 import mp4_track
from storyreel.media.video import VideoWriter


def test_mp4_track_reads_parameter_sets_and_frame_count(tmp_path):
    clip = tmp_path / "clip.mp4"
    with VideoWriter(clip, 64, 36, 12) as video:
        for i in range(12):
            video.write(np.full((36, 64, 3), 20 * i, np.uint8))
    avcc, frames = mp4_track(clip)
    assert avcc and avcc[0] == 1 and frames == 12  # avcC version 1
    other = tmp_path / "other.mp4"
    with VideoWriter(other, 32, 18, 12) as video:
        video.write(np.zeros((18, 32, 3), np.uint8))
    assert mp4_track(other)[0] != avcc  # another size: other parameter sets
    (tmp_path / "text.mp4").write_text("not a video")
    assert mp4_track(tmp_path / "text.mp4") == (None, None)
    assert mp4_track(tmp_path / "missing.mp4") == (None, None)
