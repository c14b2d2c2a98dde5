"""Re-cutting a film without re-encoding what did not change (stream copy).

    splice(cut, out, clips, segments) -> out, or None when the film cannot be spliced

A directing note changes a shot or two; the other clips are already H.264 at the film's size
and rate. So the film is laid out in runs:

  copy    an entry that starts and ends on a plain cut (no dissolve, fade or slate touches it),
          whose clip has exactly the frames the cut uses and was encoded with the film's own
          parameter sets (same size, rate, profile and reference frames: the `avcC` box):
          its packets go into the film as they are, never decoded;
  encode  every other segment (the entries a dissolve joins, as one run; a fade; a slate; a
          trimmed, resized or differently encoded clip): streamed through the ordinary assembly
          (`media.film.film_frames`) into a piece, kept under `pieces_dir` by the hash of what
          it holds, so the next re-cut finds it again. Pieces are as small as the transitions
          allow, so a note on one shot leaves the pieces of the others valid.

ffmpeg's concat demuxer then joins the runs by stream copy, and the result is checked to hold
exactly the film's frame count before it is renamed into place. A copied clip is bit-exact with
the shot's render (one generation less of compression than a re-encode). Returns None, having
written nothing, when nothing could be copied: the caller assembles frame by frame as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from storyreel.disk import no_space, out_of_space
from storyreel.errors import InputError
from storyreel.media.film import Segment, film_frames
from storyreel.media.mp4 import mp4_track
from storyreel.media.video import DEFAULT_CRF, DEFAULT_PRESET, VideoWriter
from storyreel.models.cut import Cut
from storyreel.project import atomic_write, intact, record

log = logging.getLogger(__name__)

PIECE_VERSION = "1"  # bump when what a piece holds for the same inputs changes
Progress = Callable[[int, int], None]


def splice(
    cut: Cut,
    out: Path,
    clips: list[Path],
    segments: list[Segment],
    *,
    pieces_dir: Path | None = None,
    progress: Progress | None = None,
) -> Path | None:
    """Write the film to `out` by copying unchanged clips and encoding only the rest."""
    # 1. Which entries can be copied: plain cuts, exact length, the film's parameter sets
    width, height = cut.resolution.width, cut.resolution.height
    signature = encoder_signature(width, height, cut.fps, pieces_dir, scratch=out.parent)
    runs = lay_out(cut, clips, segments, signature)
    if not any(kind == "copy" for kind, _ in runs):
        return None
    total = sum(s.frames - s.overlap for s in segments)

    # 2. Encode the other runs into pieces (cached), then 3. join everything by stream copy
    with tempfile.TemporaryDirectory(prefix=".tmp-splice-", dir=out.parent) as scratch:
        folder = pieces_dir or Path(scratch)
        files: list[Path] = []
        done = 0
        for kind, run in runs:
            if kind == "copy":
                files.append(clips[run[0].entry])
            else:
                piece = encode_piece(cut, clips, run, folder)
                if mp4_track(piece)[0] != signature:  # never mix parameter sets in one stream
                    return None
                files.append(piece)
            done += sum(s.frames - s.overlap for s in run)
            if progress is not None:
                progress(done, total)
        if not concatenate(files, out, total, Path(scratch)):
            return None
    return out


def lay_out(
    cut: Cut, clips: list[Path], segments: list[Segment], signature: bytes
) -> list[tuple[str, list[Segment]]]:
    """The film as runs: ("copy", [one entry]) or ("encode", [consecutive segments])."""
    runs: list[tuple[str, list[Segment]]] = []
    tracks = {index: mp4_track(path) for index, path in enumerate(clips)}
    # a clip encoded otherwise than the film would be re-encoded, unless most of the film shares it
    common = Counter(t[0] for t in tracks.values() if t[0] is not None).most_common(1)
    if not common or common[0][0] != signature:
        return [("encode", list(segments))]
    previous_overlap = 0
    for segment in segments:
        copy = not segment.is_slate and segment.overlap == 0 and previous_overlap == 0
        if copy:
            entry = cut.entries[segment.entry]
            avcc, samples = tracks[segment.entry]
            copy = (
                entry.transition_in.type != "fade"
                and entry.transition_out.type != "fade"
                and entry.in_frame == 0
                and samples == entry.out_frame
                and avcc == signature
            )
        if copy:
            runs.append(("copy", [segment]))
        elif runs and runs[-1][0] == "encode" and previous_overlap:
            runs[-1][1].append(segment)  # a dissolve joins it to the run before: one piece
        else:
            runs.append(("encode", [segment]))  # pieces stay small, so a note elsewhere keeps them
        previous_overlap = segment.overlap
    return runs


def encode_piece(cut: Cut, clips: list[Path], run: list[Segment], folder: Path) -> Path:
    """The run's frames through the ordinary assembly, encoded once and kept by content."""
    described = []
    for segment in run:
        item: dict[str, object] = {
            "frames": segment.frames,
            "overlap": segment.overlap,
            "slate": segment.slate,
        }
        if not segment.is_slate:
            entry = cut.entries[segment.entry]
            item["entry"] = entry.model_dump(mode="json", exclude={"clip", "shot"})
        described.append(item)
    key = {
        "version": PIECE_VERSION,
        "fps": cut.fps,
        "size": [cut.resolution.width, cut.resolution.height],
        "encoder": [DEFAULT_CRF, DEFAULT_PRESET],
        "run": described,
    }
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
    path = folder / f"{digest}.mp4"
    if intact(path):  # a piece cut short or deleted is encoded again
        return path
    folder.mkdir(parents=True, exist_ok=True)
    frames = film_frames(cut, run, clips)
    try:
        with VideoWriter(path, cut.resolution.width, cut.resolution.height, cut.fps) as writer:
            for frame in frames:
                writer.write(frame)
    finally:
        frames.close()  # type: ignore[attr-defined]
    record(path)
    return path


def encoder_signature(
    width: int, height: int, fps: int, folder: Path | None, *, scratch: Path | None = None
) -> bytes:
    """The `avcC` (H.264 parameter sets) our encoder writes at this size and rate, from a
    one-frame encode (x264 sets them from the settings, not the content); kept in `folder`.

    The probe is encoded in `folder` (else `scratch`), inside the project: never in the system
    temp folder, which may be small, shared or on another device. Its `.tmp-` name is one
    `Project.sweep_temporaries` removes if a kill leaves it behind."""
    name = f"signature-{width}x{height}-{fps}-{DEFAULT_CRF}-{DEFAULT_PRESET}.avcc"
    if folder is not None and (folder / name).is_file():
        return (folder / name).read_bytes()
    where = folder if folder is not None else scratch
    if where is not None:
        where.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tmp-signature-", dir=where) as probe_dir:
        probe = Path(probe_dir) / "one.mp4"
        with VideoWriter(probe, width, height, fps) as writer:
            writer.write(np.zeros((height, width, 3), np.uint8))
        signature = mp4_track(probe)[0] or b""
    if folder is not None:
        atomic_write(folder / name, signature)
    return signature


def concatenate(files: list[Path], out: Path, total: int, scratch: Path) -> bool:
    """Join `files` by stream copy into `out`, atomically. False, writing nothing, when ffmpeg
    fails or the result does not hold exactly `total` frames: the film is then encoded instead."""
    listing = scratch / "films.txt"
    tmp = out.with_name(f".tmp-{os.getpid()}-{out.name}")
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "concat", "-safe", "0", "-i", str(listing), "-map", "0:v", "-c", "copy",
        "-movflags", "+faststart", str(tmp),
    ]  # fmt: skip
    try:
        listing.write_text("".join(f"file '{_quoted(f)}'\n" for f in files), encoding="utf-8")
        result = subprocess.run(command, capture_output=True, text=True, errors="replace")
        if "No space left on device" in result.stderr:  # the film is about its pieces' size
            raise no_space(out.parent, sum(f.stat().st_size for f in files))
        if result.returncode != 0 or mp4_track(tmp)[1] != total:
            log.warning("splicing %s failed, encoding it instead: %s", out.name, result.stderr.strip()[:200])
            return False
        os.replace(tmp, out)
        return True
    except OSError as error:
        if out_of_space(error):
            raise no_space(out.parent) from None
        raise InputError(f"{out}: cannot write the film: {error.strerror or error}") from None
    finally:
        tmp.unlink(missing_ok=True)


def _quoted(path: Path) -> str:
    return str(path.resolve()).replace("'", "'\\''")
