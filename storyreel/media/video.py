"""Streaming video in and out through the ffmpeg binary that imageio-ffmpeg ships.

Frames go to ffmpeg one at a time, so no shot or film is ever held whole in memory. A video is
written to a temporary name beside its destination and renamed into place only when ffmpeg has
finished cleanly: a crash, a kill or a full disk never leaves a half-written .mp4 under its
real name. A full disk is told as one: ffmpeg dying of ENOSPC reaches us as a broken pipe (or a
file that never got its index), so the free space left decides (storyreel/disk.py).

    with VideoWriter(path, width, height, fps) as video:
        for frame in frames:          # (height, width, 3) uint8 RGB
            video.write(frame)

    for frame in read_frames(path):   # the same, decoded
        ...
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import numpy as np

from storyreel.disk import NEARLY_FULL, encoder_stopped, free_bytes, no_space
from storyreel.errors import InputError, StoryreelError
from storyreel.media.mp4 import mp4_track
from storyreel.reading import require_regular
from storyreel.stopping import check

# imageio-ffmpeg warns on stderr of a video closed with no frames (a run stopped before its
# first frame); what went wrong is ours to say, in one line.
logging.getLogger("imageio_ffmpeg").setLevel(logging.ERROR)

# H.264 in yuv420p plays everywhere (browsers, QuickTime, editors). CRF 20 at preset "medium"
# is visually clean for flat animatic colours; "veryfast" trades size for speed.
DEFAULT_CRF = 20
DEFAULT_PRESET = "medium"


def check_format(width: int, height: int, fps: float) -> None:
    """Refuse what H.264/yuv420p cannot encode, before any work starts."""
    if not (isinstance(width, int) and isinstance(height, int)) or width <= 0 or height <= 0:
        raise InputError(f"resolution {width}x{height}: width and height must be positive whole numbers")
    if width % 2 or height % 2:
        raise InputError(
            f"resolution {width}x{height}: H.264 in yuv420p needs even width and height "
            f"(try {width + width % 2}x{height + height % 2})"
        )
    if width > 8192 or height > 8192:
        raise InputError(f"resolution {width}x{height}: at most 8192 pixels a side")
    if not fps > 0 or fps > 240:
        raise InputError(f"fps {fps}: must be more than 0 and at most 240")


class VideoWriter:
    """An H.264 MP4 written frame by frame, atomically."""

    def __init__(
        self,
        path: str | Path,
        width: int,
        height: int,
        fps: float,
        *,
        crf: int = DEFAULT_CRF,
        preset: str = DEFAULT_PRESET,
    ):
        check_format(width, height, fps)
        self.path = Path(path)
        self.width, self.height, self.fps = width, height, fps
        self.frames = 0
        self._tmp = self.path.with_name(f".tmp-{os.getpid()}-{self.path.name}")
        self._gen: Any = None
        self._crf, self._preset = crf, preset

    def __enter__(self) -> VideoWriter:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"{self.path.parent}: cannot create the folder: {error.strerror}") from None
        self._gen = imageio_ffmpeg.write_frames(
            str(self._tmp),
            (self.width, self.height),
            fps=self.fps,
            codec="libx264",
            pix_fmt_in="rgb24",
            pix_fmt_out="yuv420p",
            quality=None,
            macro_block_size=1,  # we check evenness ourselves; never let it rescale silently
            output_params=["-crf", str(self._crf), "-preset", self._preset, "-movflags", "+faststart"],
            ffmpeg_log_level=_ffmpeg_log_level(),
        )
        self._gen.send(None)  # start ffmpeg
        return self

    def write(self, frame: np.ndarray) -> None:
        if frame.shape != (self.height, self.width, 3) or frame.dtype != np.uint8:
            raise ValueError(
                f"frame of shape {frame.shape} {frame.dtype}, expected ({self.height}, {self.width}, 3) uint8"
            )
        check()  # Ctrl-C: the temporary is removed on the way out, nothing half-written stays
        try:
            self._gen.send(np.ascontiguousarray(frame))
        except OSError as error:  # ffmpeg died: imageio-ffmpeg says so with its whole command
            raise self._failed(error) from None
        self.frames += 1

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        gen, self._gen = self._gen, None
        try:
            if exc_type is None and self.frames == 0:
                with contextlib.suppress(OSError):  # imageio-ffmpeg's error family (IOError)
                    gen.close()
                raise ValueError(f"{self.path}: no frames were written")
            if exc_type is None:
                gen.close()  # flushes and waits for ffmpeg (whose exit status is not passed on)
                self._check_finished()
                os.replace(self._tmp, self.path)
            else:  # already failing: ffmpeg's own complaint would hide the first error
                with contextlib.suppress(OSError):
                    gen.close()
        except OSError as error:
            raise self._failed(error) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                self._tmp.unlink()

    def _check_finished(self) -> None:
        """ffmpeg that cannot write its index at the end (a disk that filled on the last packets)
        exits quietly: a file without a complete index is refused, never renamed into place."""
        if mp4_track(self._tmp)[1]:  # an index, holding frames
            return
        free = free_bytes(self._tmp.parent)
        if free is not None and free < NEARLY_FULL:
            raise no_space(self._tmp.parent)
        raise InputError(f"{self.path}: the encoder did not finish the video")

    def _failed(self, error: OSError) -> StoryreelError:
        check()  # ffmpeg died of the terminal's Ctrl-C with us: a stop, not a failure
        if encoder_stopped(self._tmp.parent, error):
            return no_space(self._tmp.parent)
        reason = error.strerror or str(error).splitlines()[0]  # never ffmpeg's command dump
        return InputError(
            f"{self.path}: cannot write the video: {reason} (STORYREEL_DEBUG=1 shows ffmpeg's messages)"
        )


def _ffmpeg_log_level() -> str:
    """ffmpeg prints straight to our stderr (imageio-ffmpeg does not capture it): only its fatal
    messages, so a failure is our one line; all its errors with STORYREEL_DEBUG=1."""
    return "error" if os.environ.get("STORYREEL_DEBUG") else "fatal"


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    fps: float
    frames: int


def video_header(path: Path) -> tuple[int, int, float]:
    """Width, height and fps from ffmpeg's description of the file."""
    require_regular(path, "video")
    result = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
        capture_output=True,
        text=True,
        errors="replace",
    )
    match = _VIDEO_STREAM.search(result.stderr)
    if match is None:
        raise InputError(f"{path}: not a video ffmpeg can read")
    fps = _FPS.search(match.group(0))
    return int(match.group("w")), int(match.group("h")), float(fps.group(1)) if fps else 0.0


# "Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 640x360, ..., 24 fps"
# WxH as a whole word ("16x8", "1280x720"), never a codec tag's hex ("0x31637661").
_VIDEO_STREAM = re.compile(
    r"Stream #\S+.*?: Video: .*?(?<![\w.])(?P<w>[1-9]\d{0,4})x(?P<h>[1-9]\d{0,4})\b[^\n]*"
)
_FPS = re.compile(r"(\d+(?:\.\d+)?) (?:fps|tbr)")


def probe(path: str | Path) -> VideoInfo:
    """Size, frame rate and frame count of a video."""
    path = Path(path)
    width, height, fps = video_header(path)
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    return VideoInfo(width=width, height=height, fps=fps, frames=frames)


def read_frames(path: str | Path) -> Iterator[np.ndarray]:
    """Decoded RGB frames, one at a time.

    Our own pipe to ffmpeg rather than imageio-ffmpeg's reader, which leaves its pipes open when
    ffmpeg ends by itself (a ResourceWarning for every clip read to the end).
    """
    path = Path(path)
    width, height, _ = video_header(path)
    size = width * height * 3
    process = subprocess.Popen(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
         "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        while True:
            check()
            raw = process.stdout.read(size)
            if len(raw) < size:
                break
            yield np.frombuffer(raw, dtype=np.uint8).reshape(height, width, 3)
    finally:
        process.stdout.close()  # type: ignore[union-attr]
        if process.poll() is None:
            process.kill()
        process.wait()
