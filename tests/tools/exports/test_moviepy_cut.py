"""The cut handed to moviepy: one subclip per entry, timed and blended as storyreel's own film."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from storyreel.media.video import VideoWriter, read_frames
from storyreel.models.cut import Cut, CutEntry
from storyreel.models.plan import Transition
from storyreel.render.assemble import assemble

pytest.importorskip("moviepy")
from storyreel.tools.exports.moviepy_cut import OPEN_READERS, to_moviepy  # noqa: E402

FPS, W, H = 8, 32, 18
COLOURS = {"s1": (200, 30, 30), "s2": (30, 200, 30), "s3": (30, 30, 200), "s4": (220, 220, 40)}


def _clip(folder: Path, shot: str, frames: int) -> Path:
    path = folder / f"{shot}.mp4"
    frame = np.empty((H, W, 3), np.uint8)
    frame[:] = COLOURS[shot]
    with VideoWriter(path, W, H, FPS, preset="ultrafast") as video:
        for _ in range(frames):
            video.write(frame)
    return path


@pytest.fixture
def cut(tmp_path) -> Cut:
    """Four shots: a fade in from black, a 4-frame dissolve, a cut, a fade out to white; the
    second clip is used from its 4th frame, and its path is relative to the project."""
    entries = []
    for shot, frames, first in (("s1", 12, 0), ("s2", 16, 4), ("s3", 10, 0), ("s4", 12, 0)):
        path = _clip(tmp_path, shot, frames)
        entries.append(
            CutEntry(
                shot=shot,
                clip=path.name if shot == "s2" else str(path),
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                in_frame=first,
                out_frame=frames,
            )
        )
    entries[0].transition_in = Transition(type="fade", duration_s=0.5, colour="#000000")
    entries[0].transition_out = Transition(type="dissolve", duration_s=0.5)
    entries[3].transition_out = Transition(type="fade", duration_s=0.5, colour="#FFFFFF")
    frames = 12 + 12 + 10 + 12 - 4
    return Cut(fps=FPS, resolution={"width": W, "height": H}, entries=entries, duration_s=frames / FPS)


def test_one_subclip_per_entry_placed_where_the_film_has_it(cut, tmp_path):
    with to_moviepy(cut, root=tmp_path) as film:
        assert film.shots == ["s1", "s2", "s3", "s4"] and len(film.clips) == 4
        assert [round(c.start * FPS) for c in film.clips] == [0, 8, 20, 30]
        assert [round(c.duration * FPS) for c in film.clips] == [12, 12, 10, 12]
        assert film.size == (W, H) and film.fps == FPS
        assert film.duration == pytest.approx(cut.duration_s)


def test_its_frames_are_the_films_frames(cut, tmp_path):
    made = assemble(cut, tmp_path / "film.mp4", root=tmp_path)
    reference = list(read_frames(made))
    with to_moviepy(cut, root=tmp_path) as film:
        frames = [film.get_frame(k / FPS) for k in range(len(reference))]
    assert len(reference) == round(cut.duration_s * FPS)
    for k, (ours, theirs) in enumerate(zip(frames, reference, strict=True)):
        # The same picture; blends differ by up to one step of the transition (moviepy's ramps
        # start at the first frame, storyreel's dissolve leaves both ends impure).
        difference = np.abs(ours.astype(int) - theirs.astype(int)).mean()
        assert difference < 30, f"frame {k}: mean difference {difference:.1f}"
    middle = frames[4].reshape(-1, 3).mean(axis=0)
    assert np.allclose(middle, COLOURS["s1"], atol=8)  # a pure shot between its transitions
    assert frames[0].mean() < 10 and frames[-1].mean() > 200  # from black, to white
    blend = frames[10].reshape(-1, 3).mean(axis=0)  # mid-dissolve: red and green both there
    assert blend[0] > 60 and blend[1] > 60


def test_shot_readers_open_on_demand_and_close_with_the_film(cut, tmp_path):
    film = to_moviepy(cut, root=tmp_path)
    assert film.readers.open == {}  # no ffmpeg runs until a frame is asked for
    for k in range(round(cut.duration_s * FPS)):
        film.get_frame(k / FPS)
        assert len(film.readers.open) <= OPEN_READERS
    processes = [reader.proc for reader in film.readers.open.values()]
    film.close()
    assert film.readers.open == {}
    assert all(proc is None or proc.poll() is not None for proc in processes)
