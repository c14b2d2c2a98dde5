"""Assembling the film from synthetic solid-colour clips: counts, transitions, errors, memory."""

from __future__ import annotations

import hashlib
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from storyreel.errors import InputError
from storyreel.media import film
from storyreel.media.video import VideoWriter, probe, read_frames
from storyreel.models.cut import Cut, CutEntry
from storyreel.models.plan import Transition
from storyreel.render.assemble import assemble, cut_timeline

W, H, FPS = 64, 36, 24
RED, GREEN, BLUE = (220, 30, 30), (30, 200, 30), (30, 30, 220)
BLACK, WHITE = (0, 0, 0), (255, 255, 255)
TOLERANCE = 14  # H.264 on flat colours is within a few levels; a blend step is ~50 levels


def make_clip(path: Path, colours: list[tuple[int, int, int]], width: int = W, height: int = H) -> Path:
    with VideoWriter(path, width, height, FPS, preset="ultrafast") as video:
        for colour in colours:
            frame = np.empty((height, width, 3), np.uint8)
            frame[:] = colour
            video.write(frame)
    return path


def entry(
    path: Path,
    *,
    shot: str = "s1",
    in_frame: int = 0,
    out_frame: int | None = None,
    transition_in: Transition | None = None,
    transition_out: Transition | None = None,
    sha256: str | None = None,
) -> CutEntry:
    if out_frame is None:
        out_frame = probe(path).frames
    return CutEntry(
        shot=shot,
        clip=str(path),
        sha256=sha256 or hashlib.sha256(path.read_bytes()).hexdigest(),
        in_frame=in_frame,
        out_frame=out_frame,
        transition_in=transition_in or Transition(),
        transition_out=transition_out or Transition(),
    )


def make_cut(entries: list[CutEntry], width: int = W, height: int = H) -> Cut:
    overlaps = sum(
        math.floor(e.transition_out.duration_s * FPS + 0.5)
        for e in entries
        if e.transition_out.type == "dissolve"
    )
    frames = sum(e.frames for e in entries) - overlaps
    return Cut(
        fps=FPS, resolution={"width": width, "height": height}, entries=entries, duration_s=frames / FPS
    )


def colours_of(path: Path) -> list[np.ndarray]:
    return [frame.reshape(-1, 3).mean(axis=0) for frame in read_frames(path)]


def near(measured: np.ndarray, colour: tuple[float, float, float]) -> bool:
    return bool(np.abs(measured - np.array(colour)).max() < TOLERANCE)


def dissolve(seconds: float) -> Transition:
    return Transition(type="dissolve", duration_s=seconds, text="DISSOLVE TO:")


def fade(seconds: float, colour: str, text: str) -> Transition:
    return Transition(type="fade", duration_s=seconds, colour=colour, text=text)


@pytest.fixture
def red(tmp_path):
    return make_clip(tmp_path / "red.mp4", [RED] * 12)


@pytest.fixture
def blue(tmp_path):
    return make_clip(tmp_path / "blue.mp4", [BLUE] * 12)


def test_a_hard_cut_switches_colour_at_the_entry_boundary(tmp_path, red, blue):
    cut = make_cut([entry(red, shot="s1"), entry(blue, shot="s2")])
    film = assemble(cut, tmp_path / "out" / "film.mp4")
    assert film == tmp_path / "out" / "film.mp4"
    info = probe(film)
    assert (info.width, info.height, info.fps, info.frames) == (W, H, FPS, cut.total_frames)
    assert cut_timeline(cut) == [(0, 12), (12, 24)]
    colours = colours_of(film)
    assert all(near(c, RED) for c in colours[:12])
    assert all(near(c, BLUE) for c in colours[12:])
    assert sorted(p.name for p in film.parent.iterdir()) == ["film.mp4"]  # no temporary left


def test_a_dissolve_blends_and_shortens_the_film_by_its_overlap(tmp_path, red, blue):
    # 0.125 s at 24 fps = 3 frames shared: blended 1/4, 2/4, 3/4 of the way to blue
    cut = make_cut([entry(red, transition_out=dissolve(0.125)), entry(blue, shot="s2")])
    assert cut.overlap_frames(0) == 3 and cut.total_frames == 21
    film = assemble(cut, tmp_path / "film.mp4")
    assert cut_timeline(cut) == [(0, 12), (9, 21)]
    colours = colours_of(film)
    assert len(colours) == 21
    assert all(near(c, RED) for c in colours[:9])
    assert near(colours[10], np.add(RED, BLUE) / 2)  # the middle of the dissolve: half of each
    assert colours[9][0] > colours[10][0] > colours[11][0]  # red falls, blue rises
    assert colours[9][2] < colours[10][2] < colours[11][2]
    assert all(near(c, BLUE) for c in colours[12:])


def test_fade_in_from_white_and_fade_to_black(tmp_path):
    clip = make_clip(tmp_path / "green.mp4", [GREEN] * 24)
    cut = make_cut(
        [
            entry(
                clip,
                transition_in=fade(0.25, "#FFFFFF", "BURN IN FROM WHITE."),
                transition_out=fade(0.25, "#000000", "FADE TO BLACK."),
            )
        ]
    )
    colours = colours_of(assemble(cut, tmp_path / "film.mp4"))
    assert len(colours) == 24
    assert near(colours[0], WHITE)  # the first frame is all colour
    assert all(near(c, GREEN) for c in colours[6:18])  # 6 frames of fade each end, picture between
    assert colours[1].sum() > colours[3].sum() > colours[5].sum()  # the white recedes
    assert colours[18].sum() > colours[20].sum() > colours[22].sum()  # the black comes
    assert near(colours[-1], BLACK)  # and the film ends black


def test_a_clip_short_of_out_frame_holds_its_last_frame(tmp_path):
    clip = make_clip(tmp_path / "short.mp4", [RED] * 11 + [GREEN])  # the renderer rounded down
    cut = make_cut([entry(clip, out_frame=14)])
    colours = colours_of(assemble(cut, tmp_path / "film.mp4"))
    assert len(colours) == 14
    assert all(near(c, RED) for c in colours[:11])
    assert all(near(c, GREEN) for c in colours[11:])


def test_in_and_out_frames_trim_the_clip(tmp_path):
    clip = make_clip(tmp_path / "two.mp4", [RED] * 12 + [BLUE] * 12)
    colours = colours_of(assemble(make_cut([entry(clip, in_frame=9, out_frame=15)]), tmp_path / "f.mp4"))
    assert len(colours) == 6
    assert all(near(c, RED) for c in colours[:3]) and all(near(c, BLUE) for c in colours[3:])


def test_a_clip_of_another_size_is_resized(tmp_path):
    big = make_clip(tmp_path / "big.mp4", [GREEN] * 6, 128, 72)
    small = make_clip(tmp_path / "small.mp4", [BLUE] * 6, 32, 18)
    film = assemble(make_cut([entry(big), entry(small, shot="s2")]), tmp_path / "film.mp4")
    info = probe(film)
    assert (info.width, info.height, info.frames) == (W, H, 12)
    colours = colours_of(film)
    assert all(near(c, GREEN) for c in colours[:6]) and all(near(c, BLUE) for c in colours[6:])


def test_slates_are_black_cards_with_white_text_before_their_entry(tmp_path, red, blue):
    cut = make_cut([entry(red), entry(blue, shot="s2")])
    slates = {1: "SCENE 2\nEXT. ROOFTOP - NIGHT"}
    film = assemble(cut, tmp_path / "film.mp4", slates=slates, slate_seconds=0.25)
    frames = list(read_frames(film))
    assert len(frames) == cut.total_frames + 6
    assert cut_timeline(cut, slates=slates, slate_seconds=0.25) == [(0, 12), (18, 30)]
    for card in frames[12:18]:
        assert np.median(card) < 20  # black...
        assert card.max() > 200  # ...with white text on it
    assert near(frames[11].reshape(-1, 3).mean(axis=0), RED)
    assert near(frames[18].reshape(-1, 3).mean(axis=0), BLUE)


def test_a_dissolve_into_a_slated_entry_dissolves_into_the_card(tmp_path, red, blue):
    cut = make_cut([entry(red, transition_out=dissolve(0.25)), entry(blue, shot="s2")])  # 6 frames
    slates = {1: "SCENE 2"}
    # the card lasts at least as long as the dissolve into it: 6 frames, not 0.125 s = 3
    film = assemble(cut, tmp_path / "film.mp4", slates=slates, slate_seconds=0.125)
    assert probe(film).frames == cut.total_frames + 6
    assert cut_timeline(cut, slates=slates, slate_seconds=0.125) == [(0, 12), (12, 24)]


def test_progress_counts_up_to_the_total(tmp_path, red, blue):
    calls = []
    cut = make_cut([entry(red, transition_out=dissolve(0.125)), entry(blue, shot="s2")])
    assemble(cut, tmp_path / "film.mp4", progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (21, 21)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    assert len(calls) >= 3


def test_timeline_with_several_dissolves_and_slates_without_clips(tmp_path):
    clip = tmp_path / "never-read.mp4"
    clip.write_bytes(b"")
    entries = [
        entry(clip, shot="a", out_frame=48, transition_out=dissolve(0.5)),  # 12 frames
        entry(clip, shot="b", out_frame=24),
        entry(clip, shot="c", out_frame=30, transition_out=dissolve(0.25)),  # 6 frames
        entry(clip, shot="d", out_frame=24),
    ]
    cut = make_cut(entries)
    assert cut_timeline(cut) == [(0, 48), (36, 60), (60, 90), (84, 108)]
    assert cut_timeline(cut)[-1][1] == cut.total_frames
    assert cut_timeline(cut, slates={0: "ONE", 2: "TWO"}, slate_seconds=1) == [
        (24, 72),
        (60, 84),
        (108, 138),
        (132, 156),
    ]


# --- errors: one line, naming the shot and the path, and never a half-written film ---------------


def test_a_missing_clip_names_the_shot_before_anything_is_written(tmp_path, red):
    gone = tmp_path / "gone.mp4"
    cut = make_cut([entry(red), entry(red, shot="s7")])
    cut.entries[1].clip = str(gone)
    out = tmp_path / "out" / "film.mp4"
    with pytest.raises(InputError) as error:
        assemble(cut, out)
    message = str(error.value)
    assert "shot s7" in message and str(gone) in message and "\n" not in message
    assert not out.parent.exists()  # checked before the output folder was even made


def test_a_corrupt_clip_is_refused_before_any_output(tmp_path, red):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out" / "film.mp4"
    with pytest.raises(InputError, match=r"shot s2: clip .*junk.mp4: not a video ffmpeg can read") as error:
        assemble(make_cut([entry(red), entry(junk, shot="s2", out_frame=12)]), out)
    assert "\n" not in str(error.value)
    assert not out.parent.exists()


def test_a_clip_changed_since_the_cut_is_refused(tmp_path, red):
    cut = make_cut([entry(red, sha256="0" * 64)])
    with pytest.raises(InputError, match="shot s1: .*changed since the cut"):
        assemble(cut, tmp_path / "film.mp4")
    assert probe(assemble(cut, tmp_path / "film.mp4", verify_hashes=False)).frames == 12


def test_a_truncated_clip_fails_mid_film_and_leaves_the_old_film_untouched(tmp_path, red):
    noise = np.random.default_rng(0).integers(0, 256, (48, H, W, 3), dtype=np.uint8)
    with VideoWriter(tmp_path / "whole.mp4", W, H, FPS, preset="ultrafast") as video:
        for frame in noise:  # noise, so the frames, not the header, fill the file
            video.write(frame)
    truncated = tmp_path / "truncated.mp4"
    truncated.write_bytes((tmp_path / "whole.mp4").read_bytes()[: video.path.stat().st_size // 2])
    out = tmp_path / "out" / "film.mp4"
    out.parent.mkdir()
    out.write_bytes(b"yesterday's film")
    with pytest.raises(InputError, match=r"shot s2: clip .*truncated.mp4: ends at frame \d+") as error:
        assemble(make_cut([entry(red), entry(truncated, shot="s2", out_frame=48)]), out)
    assert "\n" not in str(error.value)
    assert out.read_bytes() == b"yesterday's film"
    assert [p.name for p in out.parent.iterdir()] == ["film.mp4"]  # no temporary left behind


def test_a_decoder_failing_mid_clip_leaves_no_film(tmp_path, red, blue, monkeypatch):
    real = film.read_frames

    def failing(path):
        for index, frame in enumerate(real(path)):
            if index == 5 and Path(path) == blue:
                raise RuntimeError("ffmpeg died\nwith a long log")
            yield frame

    monkeypatch.setattr(film, "read_frames", failing)
    out = tmp_path / "out" / "film.mp4"
    with pytest.raises(
        InputError, match=r"^shot s2: clip .*blue.mp4: decoding failed at frame 5 \(ffmpeg died\)$"
    ):
        assemble(make_cut([entry(red), entry(blue, shot="s2")]), out)
    assert list(out.parent.iterdir()) == []


def test_an_unwritable_output_folder_is_one_line(tmp_path, red):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(InputError, match="not-a-folder/film.mp4: cannot create its folder") as error:
        assemble(make_cut([entry(red)]), blocker / "film.mp4")
    assert "\n" not in str(error.value)


def test_slates_must_name_an_entry_and_last_a_while(tmp_path, red):
    with pytest.raises(InputError, match="slate before entry 3: the cut has 1 entries"):
        assemble(make_cut([entry(red)]), tmp_path / "film.mp4", slates={3: "SCENE 4"})
    with pytest.raises(InputError, match="slate_seconds 0: must be more than 0"):
        assemble(make_cut([entry(red)]), tmp_path / "film.mp4", slates={0: "SCENE 1"}, slate_seconds=0)
    assert list(tmp_path.iterdir()) == [red]


# --- memory: streamed, so a film ten times longer needs no more memory ----------------------------

# Measured in a fresh interpreter: under pytest, each ResourceWarning from imageio-ffmpeg's pipes
# (see pytestmark) is kept with its traceback until the test ends, and with it a decoded frame.
PEAK = """
import sys, tracemalloc
from pathlib import Path
from storyreel.models.cut import Cut
from storyreel.render.assemble import assemble
cut = Cut.model_validate_json(Path(sys.argv[1]).read_text())
tracemalloc.start()
assemble(cut, Path(sys.argv[2]))
print(tracemalloc.get_traced_memory()[1])
"""


def peak_bytes(cut: Cut, tmp_path: Path, name: str) -> int:
    cut_json = tmp_path / f"{name}.json"
    cut_json.write_text(cut.model_dump_json())
    result = subprocess.run(
        [sys.executable, "-c", PEAK, str(cut_json), str(tmp_path / f"{name}.mp4")],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout)


@pytest.mark.slow
def test_memory_does_not_grow_with_the_length_of_the_film(tmp_path):
    width, height = 320, 180  # 170 KB a frame: holding a clip (4 MB) would show
    red = make_clip(tmp_path / "red.mp4", [RED] * 24, width, height)
    blue = make_clip(tmp_path / "blue.mp4", [BLUE] * 24, width, height)

    def film(entries: int) -> Cut:
        return make_cut(
            [
                entry(red if i % 2 == 0 else blue, shot=f"s{i}", transition_out=dissolve(0.25))
                if i + 1 < entries
                else entry(blue if i % 2 else red, shot=f"s{i}")
                for i in range(entries)
            ],
            width,
            height,
        )

    short, long = film(2), film(23)
    assert long.total_frames == 10 * short.total_frames
    short_peak = peak_bytes(short, tmp_path, "short")
    long_peak = peak_bytes(long, tmp_path, "long")
    assert long_peak < 1.2 * short_peak, (short_peak, long_peak)
    assert long_peak < 8 * width * height * 3  # a handful of frames, never a clip
