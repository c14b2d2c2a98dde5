"""Assembling the film: the cut's clips, in order, with the script's transitions, into film.mp4.

    assemble(cut, project.path / "film.mp4", slates={0: "SCENE 1\\nINT. KITCHEN - DAY"})

Frames stream from each clip's decoder through the transitions into the encoder one at a time:
at most two clips are open (the two sides of a dissolve), each with one frame in memory. The
film has exactly `cut.total_frames` frames plus the slates' frames, and is renamed into place
only when complete.

Transitions: a cut switches at the frame; a dissolve blends the outgoing entry's last N frames
with the incoming entry's first N (N = `cut.overlap_frames(i)`); a fade darkens (or burns) the
entry's own first or last frames to or from its colour, the outermost frame fully that colour.

Re-cutting after a change copies what did not change: clips that cut in and out are joined by
stream copy, and only the runs around dissolves, fades and slates are encoded (splice.py).

Why not moviepy: moviepy 2 streams too, but it composites every frame through float masks and
leaves its readers' pipes open (ResourceWarnings); three 720p clips of 96 frames with two
12-frame dissolves took 12.5-13.6 s and 186 MB peak RSS with moviepy against 5.8-6.1 s and
80 MB here (uint8 OpenCV blends, frame-exact indices instead of times in seconds).
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from storyreel.errors import InputError
from storyreel.models.cut import Cut, CutEntry
from storyreel.models.plan import Transition
from storyreel.render.encoder import VideoWriter, read_frames, video_header
from storyreel.render.mp4 import mp4_track

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 8  # frames between progress calls
# A renderer may round a shot's length by a frame or two: its last frame is held that long. A clip
# shorter by more than this is truncated or wrong, and refused rather than frozen on screen.
HOLD_AT_MOST_S = 0.5


@dataclass(frozen=True)
class Segment:
    """A run of film frames from one source: a cut entry, or a slate card before one."""

    entry: int  # index into cut.entries (for a slate: the entry it stands before)
    frames: int
    overlap: int  # frames blended with the next segment (a dissolve), else 0
    slate: str | None = None

    @property
    def is_slate(self) -> bool:
        return self.slate is not None


def assemble(
    cut: Cut,
    out: Path,
    *,
    slates: dict[int, str] | None = None,
    slate_seconds: float = 1.5,
    progress: Progress | None = None,
    root: Path | None = None,
    verify_hashes: bool = True,
) -> Path:
    """Write the cut to `out` (an MP4 at cut.resolution and cut.fps) and return `out`.

    `slates` maps an entry's index to the text of a black title card shown for `slate_seconds`
    before it (a dissolve into that entry dissolves into the card, which then lasts at least as
    long as the dissolve). Relative clip paths resolve against `root` (default: the current
    directory). With `verify_hashes`, a clip whose sha256 differs from the cut's is refused.
    """
    # 1. Check inputs: every clip readable (and the one the cut pinned), the output writable
    out = Path(out)
    clips = check_inputs(cut, out, slates or {}, slate_seconds, root=root, verify_hashes=verify_hashes)

    # 2. Lay out the film: entries and slates as segments with their overlaps
    segments = film_segments(cut, slates or {}, slate_seconds)
    total = sum(s.frames - s.overlap for s in segments)

    # 3. Copy what needs no new pixels: clips that cut in and out keep their packets (splice.py)
    from storyreel.render.splice import splice  # it builds on this module

    pieces = Path(root) / "cache" / "pieces" if root is not None else None
    if splice(cut, out, clips, segments, pieces_dir=pieces, progress=progress) is not None:
        return out

    # 4. Stream every segment through its transitions into the encoder
    width, height = cut.resolution.width, cut.resolution.height
    try:
        with (
            VideoWriter(out, width, height, cut.fps) as writer,
            contextlib.closing(film_frames(cut, segments, clips)) as stream,
        ):
            done = 0
            for frame in stream:
                writer.write(frame)
                done += 1
                if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                    progress(done, total)
            if done != total:  # a bug, not bad input: refuse before the film is renamed into place
                raise AssertionError(f"streamed {done} frames, the cut has {total}")
    except OSError as error:
        raise InputError(f"{out}: cannot write the film: {error.strerror or error}") from None
    return out


def check_inputs(
    cut: Cut,
    out: Path,
    slates: dict[int, str],
    slate_seconds: float,
    *,
    root: Path | None,
    verify_hashes: bool,
) -> list[Path]:
    """The clips' paths, after refusing anything that would fail part-way through the film."""
    if not cut.entries:
        raise InputError("the cut has no entries: nothing to assemble")
    for index in slates:
        if not 0 <= index < len(cut.entries):
            raise InputError(f"slate before entry {index}: the cut has {len(cut.entries)} entries")
    if slates and not 0 < slate_seconds <= 60:
        raise InputError(f"slate_seconds {slate_seconds}: must be more than 0 and at most 60")
    clips = []
    for entry in cut.entries:
        path = Path(entry.clip)
        if not path.is_absolute() and root is not None:
            path = Path(root) / path
        check_clip(entry, path, verify_hash=verify_hashes)
        clips.append(path)
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{out}: cannot create its folder: {error.strerror or error}") from None
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{out}: its folder {parent} is not writable")
    return clips


def check_clip(entry: CutEntry, path: Path, *, verify_hash: bool) -> None:
    """Refuse a clip that is missing, changed since the cut, or not a video ffmpeg can open."""
    where = f"shot {entry.shot}: clip {path}"
    if not path.is_file():
        raise InputError(f"{where}: no such file")
    if verify_hash:
        digest = hashlib.sha256()
        try:
            with path.open("rb") as file:
                for block in iter(lambda: file.read(1 << 18), b""):
                    digest.update(block)
        except OSError as error:
            raise InputError(f"{where}: cannot read it: {error.strerror or error}") from None
        if digest.hexdigest() != entry.sha256:
            raise InputError(f"{where}: changed since the cut was made (sha256 differs); rebuild the cut")
    if mp4_track(path)[0] is not None:
        return  # an H.264 MP4 whose boxes parse: no need to start ffmpeg to know it (mp4.py)
    try:
        video_header(path)  # ffmpeg parses the header: a corrupt or non-video file fails here
    except InputError:
        raise InputError(f"{where}: not a video ffmpeg can read") from None


def film_segments(cut: Cut, slates: dict[int, str], slate_seconds: float) -> list[Segment]:
    """The film as a list of segments; their frames less their overlaps are the film's frames."""
    slate_frames = max(1, math.floor(slate_seconds * cut.fps + 0.5))
    segments: list[Segment] = []
    for index, entry in enumerate(cut.entries):
        overlap = cut.overlap_frames(index)
        if index in slates:
            # a dissolve into a slated entry dissolves into its card instead
            into = segments[-1].overlap if segments else 0
            segments.append(Segment(index, max(slate_frames, into), 0, slate=slates[index]))
        segments.append(Segment(index, entry.frames, overlap))
    return segments


def cut_timeline(
    cut: Cut, *, slates: dict[int, str] | None = None, slate_seconds: float = 1.5
) -> list[tuple[int, int]]:
    """Each entry's first frame in the film and the frame after its last (dissolves overlap)."""
    timeline: list[tuple[int, int]] = []
    start = 0
    for segment in film_segments(cut, slates or {}, slate_seconds):
        if not segment.is_slate:
            timeline.append((start, start + segment.frames))
        start += segment.frames - segment.overlap
    return timeline


def film_frames(cut: Cut, segments: list[Segment], clips: list[Path]) -> Iterator[np.ndarray]:
    """Every frame of the film in order; a dissolve holds the outgoing and incoming clips open."""
    size = (cut.resolution.width, cut.resolution.height)
    outgoing: Iterator[np.ndarray] | None = None  # the previous segment's tail, during a dissolve
    frames: Iterator[np.ndarray] | None = None
    blend = 0
    try:
        for segment in segments:
            if segment.is_slate:
                frames = slate_frames(segment.slate or "", size, segment.frames)
            else:
                entry = cut.entries[segment.entry]
                frames = faded(entry, clip_frames(entry, clips[segment.entry], size, cut.fps), cut.fps)
            if outgoing is not None:
                for step in range(blend):
                    alpha = (step + 1) / (blend + 1)  # neither end of a dissolve is a pure frame
                    yield cv2.addWeighted(next(outgoing), 1 - alpha, next(frames), alpha, 0)
                _close(outgoing)
                outgoing = None
            for _ in range(segment.frames - blend - segment.overlap):
                yield next(frames)
            if segment.overlap:
                outgoing, frames, blend = frames, None, segment.overlap
            else:
                _close(frames)
                frames, blend = None, 0
    finally:  # a failure or an abandoned film closes whatever decoders are open
        for still_open in (outgoing, frames):
            if still_open is not None:
                _close(still_open)


def clip_frames(entry: CutEntry, path: Path, size: tuple[int, int], fps: int) -> Iterator[np.ndarray]:
    """Exactly entry.frames frames of the clip at `size`: the last frame held if the clip is short."""
    reader = read_frames(path)
    last: np.ndarray | None = None
    index = yielded = 0
    try:
        while index < entry.out_frame:
            try:
                frame = next(reader)
            except StopIteration:
                break
            except (OSError, RuntimeError, ValueError) as error:
                raise InputError(
                    f"shot {entry.shot}: clip {path}: decoding failed at frame {index} ({_first_line(error)})"
                ) from None
            if index >= entry.in_frame:
                last = fit(frame, size)
                yield last
                yielded += 1
            index += 1
    finally:
        reader.close()
    if last is None:
        raise InputError(f"shot {entry.shot}: clip {path}: has no frame {entry.in_frame} (it has {index})")
    missing = entry.frames - yielded
    if missing > max(2, math.floor(HOLD_AT_MOST_S * fps)):
        raise InputError(
            f"shot {entry.shot}: clip {path}: ends at frame {index}, the cut uses it to frame "
            f"{entry.out_frame} (truncated? re-render the shot)"
        )
    for _ in range(missing):
        yield last


def fit(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The frame at the film's size: area averaging to shrink, bilinear to enlarge."""
    width, height = size
    if frame.shape[1] == width and frame.shape[0] == height:
        return frame
    shrink = frame.shape[1] * frame.shape[0] > width * height
    return cv2.resize(frame, size, interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)


def faded(entry: CutEntry, frames: Iterator[np.ndarray], fps: int) -> Iterator[np.ndarray]:
    """The entry's frames with its fade in and fade out applied to its own first and last frames."""
    fade_in = _fade_length(entry.transition_in, entry.frames, fps)
    fade_out = _fade_length(entry.transition_out, entry.frames, fps)
    if not fade_in and not fade_out:
        return frames
    return _faded(entry, frames, fps, fade_in, fade_out)


def _faded(
    entry: CutEntry, frames: Iterator[np.ndarray], fps: int, fade_in: int, fade_out: int
) -> Iterator[np.ndarray]:
    solid: dict[str, np.ndarray] = {}

    def towards(frame: np.ndarray, colour: str, amount: float) -> np.ndarray:
        if colour not in solid:
            solid[colour] = np.empty_like(frame)
            solid[colour][:] = _rgb(colour)
        return cv2.addWeighted(frame, 1 - amount, solid[colour], amount, 0)

    try:
        for position, frame in enumerate(frames):
            if position < fade_in:  # the first frame is all colour, frame `fade_in` all picture
                frame = towards(frame, entry.transition_in.colour or "#000000", 1 - position / fade_in)
            from_end = entry.frames - 1 - position
            if from_end < fade_out:  # the last frame is all colour
                frame = towards(frame, entry.transition_out.colour or "#000000", 1 - from_end / fade_out)
            yield frame
    finally:
        _close(frames)


def slate_frames(text: str, size: tuple[int, int], count: int) -> Iterator[np.ndarray]:
    """A black card with the text centred in white, `count` times (one image, shared)."""
    width, height = size
    image = Image.new("RGB", size, (0, 0, 0))
    draw = ImageDraw.Draw(image)
    lines = text.splitlines() or [""]
    font_size = max(8, min(height // (3 * len(lines) + 3), width // max(12, max(map(len, lines)))))
    font = ImageFont.load_default(size=font_size)
    draw.multiline_text(
        (width / 2, height / 2),
        "\n".join(lines),
        fill=(255, 255, 255),
        font=font,
        anchor="mm",
        align="center",
    )
    card = np.asarray(image)
    for _ in range(count):
        yield card


def _fade_length(transition: Transition, frames: int, fps: int) -> int:
    if transition.type != "fade":
        return 0
    return min(frames, max(1, math.floor(transition.duration_s * fps + 0.5)))


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _close(frames: Iterator[np.ndarray]) -> None:
    close = getattr(frames, "close", None)
    if close is not None:
        with contextlib.suppress(Exception):
            close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
