"""Reading an MP4's video track without decoding it: the H.264 parameter sets and the frame count.

    mp4_track(path) -> (avcC payload, sample count), or (None, None) for anything else

Only box headers are read until the `moov` box, which is small; the media data is never read.
Used to tell whether a clip can be stream-copied into a film (render/splice.py) and that a clip
is a video at all without starting ffmpeg (render/assemble.py).
"""

from __future__ import annotations

import os
import struct
from pathlib import Path


def mp4_track(path: Path) -> tuple[bytes | None, int | None]:
    """(avcC payload, sample count) of the first H.264 video track, or (None, None)."""
    try:
        with open(path, "rb") as file:
            moov = _top_level_box(file, b"moov")
    except OSError:
        return None, None
    if moov is None:
        return None, None
    for trak in _children(moov, b"trak"):
        mdia = _child(trak, b"mdia")
        hdlr = _child(mdia, b"hdlr") if mdia else None
        if not hdlr or hdlr[8:12] != b"vide":
            continue
        minf = _child(mdia, b"minf")
        stbl = _child(minf, b"stbl") if minf else None
        if not stbl:
            return None, None
        stsd, stsz = _child(stbl, b"stsd"), _child(stbl, b"stsz")
        avcc = None
        if stsd and b"avcC" in stsd:
            at = stsd.find(b"avcC")
            size = struct.unpack(">I", stsd[at - 4 : at])[0]
            avcc = stsd[at + 4 : at - 4 + size]
        samples = struct.unpack(">I", stsz[8:12])[0] if stsz and len(stsz) >= 12 else None
        return avcc, samples
    return None, None


def _top_level_box(file, kind: bytes) -> bytes | None:  # noqa: ANN001 - a binary file
    """The payload of the first top-level box of `kind`, reading only box headers until then."""
    while True:
        header = file.read(8)
        if len(header) < 8:
            return None
        size, name = struct.unpack(">I4s", header)
        skip = 8
        if size == 1:
            size = struct.unpack(">Q", file.read(8))[0]
            skip = 16
        if size == 0:  # to the end of the file
            data = file.read()
            return data if name == kind else None
        if size < skip:
            return None
        if name == kind:
            return file.read(size - skip)
        file.seek(size - skip, os.SEEK_CUR)


def _children(payload: bytes, kind: bytes) -> list[bytes]:
    found, at = [], 0
    while at + 8 <= len(payload):
        size, name = struct.unpack(">I4s", payload[at : at + 8])
        start = at + 8
        if size == 1:
            size = struct.unpack(">Q", payload[at + 8 : at + 16])[0]
            start = at + 16
        if size < start - at:
            break
        if name == kind:
            found.append(payload[start : at + size])
        at += size
    return found


def _child(payload: bytes | None, kind: bytes) -> bytes | None:
    if not payload:
        return None
    found = _children(payload, kind)
    return found[0] if found else None
