"""The cut as a moviepy clip, for people who finish the film in Python: their own titles, music,
grading or a different encode, on top of storyreel's shots.

    from storyreel.api import Studio
    with Studio("out/garage").to_moviepy() as film:          # a CompositeVideoClip
        titled = CompositeVideoClip([film, my_title.with_duration(3)])
        titled.with_audio(AudioFileClip("score.wav")).write_videofile("garage-scored.mp4")

One subclip per cut entry (`film.clips`, in film order, `film.shots` their shot ids), each
placed at its start in the film, trimmed to its entry's frames, with the cut's transitions as
moviepy effects: a fade in or out through the entry's colour (`vfx.FadeIn`/`vfx.FadeOut`) and a
dissolve as the incoming clip cross-fading over the outgoing one (`vfx.CrossFadeIn`). Slates and
audio are not part of the cut and are not included. storyreel's own film.mp4 does not go
through moviepy (render/assemble.py says why: speed and memory).

Frames are read with moviepy's own ffmpeg reader, but not through `VideoFileClip`: that starts
an ffmpeg process per clip when it is made, and a feature's cut has about 2,000 entries. Here a
reader opens when a shot is first asked for a frame, and at most `OPEN_READERS` stay open (a
dissolve needs two), least recently used closed first; `film.close()` closes them all.

moviepy is optional (`pip install 'storyreel[moviepy]'`); nothing else in storyreel imports it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import numpy as np

from storyreel.extras import require
from storyreel.models.cut import Cut, CutEntry
from storyreel.models.plan import Transition

moviepy = require("moviepy", "handing the cut to moviepy")
from moviepy.video.io.ffmpeg_reader import FFMPEG_VideoReader  # noqa: E402 - after the one-line check

OPEN_READERS = 3  # the two sides of a dissolve, and the next shot's reader opening


class _Reader(FFMPEG_VideoReader):
    """moviepy's reader, closing its pipes also when ffmpeg has already exited (moviepy 2.1
    closes them only while the process runs, so a short clip read to its end leaks two)."""

    def close(self, delete_lastread: bool = True) -> None:
        proc = self.proc
        super().close(delete_lastread)
        if proc is not None:
            proc.stdout.close()
            proc.stderr.close()
            proc.wait()


class Readers:
    """ffmpeg readers by clip path, opened on first use, the least recently used closed first."""

    def __init__(self, limit: int = OPEN_READERS):
        self.limit = limit
        self.open: OrderedDict[Path, _Reader] = OrderedDict()

    def frame(self, path: Path, t: float) -> np.ndarray:
        reader = self.open.pop(path, None)
        if reader is None:
            while len(self.open) >= self.limit:
                self.open.popitem(last=False)[1].close()
            reader = _Reader(str(path))
        self.open[path] = reader  # most recently used last
        return reader.get_frame(t)

    def close(self) -> None:
        while self.open:
            self.open.popitem()[1].close()


class ShotClip(moviepy.VideoClip):
    """One entry's frames. Its size comes from the cut: moviepy's VideoClip would decode frame 0
    of every shot to learn it, an ffmpeg start per shot before anything plays."""

    def __init__(self, frame_function: Callable[[float], np.ndarray], size: tuple[int, int], duration: float):
        super().__init__(duration=duration)
        self.frame_function = frame_function
        self.size = size


class CutClip(moviepy.CompositeVideoClip):
    """The cut: a CompositeVideoClip of one subclip per entry, which also closes the shots'
    readers when it is closed. `shots` are the entries' shot ids, in the order of `clips`."""

    def __init__(self, clips: list[moviepy.VideoClip], shots: list[str], cut: Cut, readers: Readers):
        super().__init__(clips, size=(cut.resolution.width, cut.resolution.height))
        self.fps = cut.fps
        self.shots = shots
        self.readers = readers

    def close(self) -> None:
        self.readers.close()
        super().close()


def to_moviepy(cut: Cut, root: Path | None = None) -> CutClip:
    """The cut as a moviepy clip (see the module docstring). Relative clip paths resolve against
    `root` (the project directory). Close it (or use `with`) when done."""
    fx = moviepy.video.fx
    readers = Readers()
    clips, start = [], 0
    for index, entry in enumerate(cut.entries):
        clip = _shot_clip(readers, entry, cut, root).with_start(start / cut.fps)
        effects = []
        if entry.transition_in.type == "fade":
            effects.append(fx.FadeIn(entry.transition_in.duration_s, initial_color=_rgb(entry.transition_in)))
        if entry.transition_out.type == "fade":
            effects.append(
                fx.FadeOut(entry.transition_out.duration_s, final_color=_rgb(entry.transition_out))
            )
        if index and cut.overlap_frames(index - 1):
            effects.append(fx.CrossFadeIn(cut.overlap_frames(index - 1) / cut.fps))
        clips.append(clip.with_effects(effects) if effects else clip)
        start += entry.frames - cut.overlap_frames(index)
    readers.close()  # moviepy's fade effects read frame 0 of their shot to learn its size
    return CutClip(clips, [entry.shot for entry in cut.entries], cut, readers)


def _shot_clip(readers: Readers, entry: CutEntry, cut: Cut, root: Path | None) -> ShotClip:
    path = Path(entry.clip)
    if not path.is_absolute() and root is not None:
        path = Path(root) / path
    first = entry.in_frame / cut.fps

    def frame(t: float) -> np.ndarray:
        return readers.frame(path, first + t)

    return ShotClip(frame, (cut.resolution.width, cut.resolution.height), entry.frames / cut.fps)


def _rgb(transition: Transition) -> list[int]:
    colour = (transition.colour or "#000000").lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
