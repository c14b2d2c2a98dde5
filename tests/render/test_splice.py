"""Re-cutting by stream copy (render/splice.py): unchanged clips keep their packets, transitions are
encoded once into cached pieces, and anything that cannot be copied falls back to the full assembly."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pytest

from storyreel.media.film import film_segments
from storyreel.media.mp4 import mp4_track
from storyreel.media.video import VideoWriter, read_frames
from storyreel.models.cut import Cut, CutEntry
from storyreel.models.plan import Transition
from storyreel.render import splice as splicing
from storyreel.render.assemble import assemble, check_inputs
from storyreel.render.splice import lay_out, splice

W, H, FPS = 64, 36, 12


def clip(path: Path, shade: int, frames: int = 12, preset: str = "medium") -> Path:
    """A clip with a moving gradient (so a wrong frame order shows), at the film's encoder settings."""
    with VideoWriter(path, W, H, FPS, preset=preset) as video:
        for i in range(frames):
            frame = np.zeros((H, W, 3), np.uint8)
            frame[:, :, 0] = shade
            frame[:, :, 1] = (np.arange(W) * 3 + i * 9) % 256
            video.write(frame)
    return path


def entry(path: Path, shot: str, **update) -> CutEntry:
    frames = mp4_track(path)[1]
    fields = {
        "shot": shot,
        "clip": str(path),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "in_frame": 0,
        "out_frame": frames,
        "transition_in": Transition(),
        "transition_out": Transition(),
        **update,
    }
    return CutEntry(**fields)


def film(entries: list[CutEntry]) -> Cut:
    overlap = sum(
        math.floor(e.transition_out.duration_s * FPS + 0.5)
        for e in entries
        if e.transition_out.type == "dissolve"
    )
    frames = sum(e.frames for e in entries) - overlap
    return Cut(fps=FPS, resolution={"width": W, "height": H}, entries=entries, duration_s=frames / FPS)


@pytest.fixture
def clips(tmp_path) -> list[Path]:
    return [clip(tmp_path / f"c{i}.mp4", 40 * i + 20) for i in range(4)]


def frames_of(path: Path) -> list[np.ndarray]:
    return list(read_frames(path))


def test_a_film_of_cuts_is_copied_packet_for_packet(tmp_path, clips):
    cut = film([entry(c, f"s{i}") for i, c in enumerate(clips)])
    out = tmp_path / "film.mp4"
    segments = film_segments(cut, {}, 1.5)
    assert [
        kind for kind, _ in lay_out(cut, clips, segments, splicing.encoder_signature(W, H, FPS, None))
    ] == ["copy"] * 4
    assert splice(cut, out, clips, segments) == out
    expected = [f for c in clips for f in frames_of(c)]
    got = frames_of(out)
    assert len(got) == 48 and all(np.array_equal(a, b) for a, b in zip(got, expected, strict=True))


def test_transitions_are_encoded_into_cached_pieces_and_the_rest_is_copied(tmp_path, clips):
    dissolve = Transition(type="dissolve", duration_s=0.25)
    fade = Transition(type="fade", duration_s=0.5, colour="#000000")
    cut = film(
        [
            entry(clips[0], "s0"),
            entry(clips[1], "s1", transition_out=dissolve),
            entry(clips[2], "s2"),
            entry(clips[3], "s3", transition_out=fade),
        ]
    )
    segments = film_segments(cut, {}, 1.5)
    signature = splicing.encoder_signature(W, H, FPS, None)
    assert [(kind, len(run)) for kind, run in lay_out(cut, clips, segments, signature)] == [
        ("copy", 1),
        ("encode", 2),  # the dissolve's two sides
        ("encode", 1),  # the fade
    ]
    spliced = assemble(cut, tmp_path / "spliced.mp4", root=tmp_path)
    made = sorted((tmp_path / "cache" / "pieces").glob("*.mp4"))
    assert len(made) == 2  # kept for the next re-cut
    stamp = made[0].stat().st_mtime_ns
    assemble(cut, tmp_path / "again.mp4", root=tmp_path)
    assert (
        sorted((tmp_path / "cache" / "pieces").glob("*.mp4")) == made and made[0].stat().st_mtime_ns == stamp
    )
    got = frames_of(spliced)
    assert len(got) == 48 - 3  # the dissolve overlaps three frames
    assert np.array_equal(got[0], frames_of(clips[0])[0])  # the first clip, copied
    assert got[-1].max() < 20  # the fade ends on black
    redrawn = clip(tmp_path / "redrawn.mp4", 250)  # a note re-renders the last shot
    entries = [*cut.entries[:3], entry(redrawn, "s3", transition_out=fade)]
    assemble(film(entries), tmp_path / "noted.mp4", root=tmp_path)
    now = sorted((tmp_path / "cache" / "pieces").glob("*.mp4"))
    assert len(now) == 3 and set(made) <= set(now)  # only the fade's piece is new
    full = frames_of(
        assemble(cut.model_copy(), tmp_path / "plain.mp4")
    )  # no root: still spliced, pieces in a temporary folder
    assert len(full) == len(got)


def test_a_differently_encoded_or_trimmed_clip_is_not_copied(tmp_path, clips):
    odd = clip(tmp_path / "odd.mp4", 200, preset="ultrafast")  # other parameter sets
    cut = film(
        [entry(clips[0], "s0"), entry(odd, "s1"), entry(clips[1], "s2", out_frame=8), entry(clips[2], "s3")]
    )
    segments = film_segments(cut, {}, 1.5)
    runs = lay_out(
        cut, [clips[0], odd, clips[1], clips[2]], segments, splicing.encoder_signature(W, H, FPS, None)
    )
    assert [kind for kind, _ in runs] == ["copy", "encode", "encode", "copy"]
    out = assemble(cut, tmp_path / "film.mp4", root=tmp_path)
    assert len(frames_of(out)) == 12 + 12 + 8 + 12


def test_a_film_of_foreign_clips_is_assembled_frame_by_frame(tmp_path):
    foreign = [clip(tmp_path / f"u{i}.mp4", 50 * i, preset="ultrafast") for i in range(2)]
    cut = film([entry(c, f"s{i}") for i, c in enumerate(foreign)])
    assert splice(cut, tmp_path / "film.mp4", foreign, film_segments(cut, {}, 1.5)) is None
    assert not (tmp_path / "film.mp4").exists()  # nothing written: the caller encodes
    out = assemble(cut, tmp_path / "film.mp4")
    assert len(frames_of(out)) == 24


def test_a_failed_join_falls_back_to_the_full_assembly(tmp_path, clips, monkeypatch):
    monkeypatch.setattr(splicing, "concatenate", lambda *args: False)
    cut = film([entry(c, f"s{i}") for i, c in enumerate(clips)])
    out = assemble(cut, tmp_path / "film.mp4", root=tmp_path)
    assert len(frames_of(out)) == 48
    assert not list(tmp_path.glob(".tmp-*"))


def test_slates_are_encoded_and_their_entries_copied(tmp_path, clips):
    cut = film([entry(c, f"s{i}") for i, c in enumerate(clips[:2])])
    out = assemble(cut, tmp_path / "film.mp4", slates={1: "SCENE 2"}, slate_seconds=0.5, root=tmp_path)
    got = frames_of(out)
    assert len(got) == 24 + 6
    assert np.array_equal(got[-1], frames_of(clips[1])[-1])


def test_check_inputs_needs_no_ffmpeg_for_an_mp4(tmp_path, clips, monkeypatch):
    from storyreel.render import assemble as assembly

    def no_ffmpeg(path):
        raise AssertionError("ffmpeg was started")

    monkeypatch.setattr(assembly, "video_header", no_ffmpeg)
    cut = film([entry(c, f"s{i}") for i, c in enumerate(clips)])
    assert check_inputs(cut, tmp_path / "x.mp4", {}, 1.5, root=None, verify_hashes=True) == clips


def test_a_truncated_piece_is_encoded_again(tmp_path, clips):
    fade = Transition(type="fade", duration_s=0.5, colour="#000000")
    cut = film([entry(clips[0], "s0"), entry(clips[1], "s1", transition_out=fade)])
    good = frames_of(assemble(cut, tmp_path / "first.mp4", root=tmp_path))
    (piece,) = (tmp_path / "cache" / "pieces").glob("*.mp4")
    whole = piece.read_bytes()
    piece.write_bytes(whole[: len(whole) // 2])
    again = frames_of(assemble(cut, tmp_path / "again.mp4", root=tmp_path))
    assert len(again) == len(good) and piece.read_bytes() == whole
