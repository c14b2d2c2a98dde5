"""A cut as a stream of frames: its entries' clips and slate cards, through the transitions.

    segments = film_segments(cut, slates={0: "SCENE 1"}, slate_seconds=1.5)
    for frame in film_frames(cut, segments, clips):    # (height, width, 3) uint8 RGB
        ...

Frames stream from each clip's decoder one at a time: at most two clips are open (the two sides
of a dissolve), each with one frame in memory. A cut switches at the frame; a dissolve blends
the outgoing segment's last N frames with the incoming one's first N (N = its `overlap`); a fade
darkens (or burns) an entry's own first or last frames to or from its colour, the outermost
frame fully that colour. A clip a frame or two short holds its last frame; a clip shorter than
that is refused as truncated.

The film's assembly (render/assemble.py) streams every segment into one encoder; the splicer
(render/splice.py) streams only the runs around transitions into pieces and copies the rest.
Both lay the film out the same way because both read it from here.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from storyreel.errors import InputError
from storyreel.media.paint import rgb
from storyreel.media.video import read_frames
from storyreel.models.cut import Cut, CutEntry
from storyreel.models.plan import Transition

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
                last = _at_size(frame, size)
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


def _at_size(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
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
            solid[colour][:] = rgb(colour)
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


def _close(frames: Iterator[np.ndarray]) -> None:
    close = getattr(frames, "close", None)
    if close is not None:
        with contextlib.suppress(OSError):  # a pipe to an ffmpeg that already died
            close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
