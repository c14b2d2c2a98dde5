"""Small JPEG thumbnails of keyframes (or a clip's first frame), cached in the project.

    PROJECT/cache/thumbs/<sha256 of the source's path, mtime and size>.jpg   at most 320 px wide

A storyboard of 2,000 panels cannot send 2,000 full keyframes: a thumbnail is a few kilobytes and
made once per source file (a re-rendered keyframe is a new file, so a new thumbnail). Written by
an atomic rename like every cache entry, so two tabs asking at once never see half a JPEG.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from pathlib import Path
from stat import S_ISREG

from PIL import Image

from storyreel.errors import InputError
from storyreel.media.images import open_image
from storyreel.project import atomic_write

WIDTH = 320
QUALITY = 80
FOLDER = Path("cache") / "thumbs"
VIDEO_SUFFIXES = (".mp4", ".mov", ".mkv", ".webm")
WAIT_S = 30.0  # for a thumbnail another thread is making

_making: dict[Path, threading.Event] = {}  # thumbnails being made now, by their cache path
_guard = threading.Lock()


def file_key(source: Path) -> str | None:
    """A key of the file at `source` (an absolute path) that changes when the file does; None
    when there is no file. One stat: a feature's board asks this of thousands of keyframes."""
    try:
        stat = os.stat(source)
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None
    key = f"{source}\0{stat.st_mtime_ns}\0{stat.st_size}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def thumb_name(source: Path) -> str:
    """The cache name of `source`'s thumbnail."""
    key = file_key(source.absolute())
    if key is None:
        raise InputError(f"{source.name}: no such file to make a thumbnail of")
    return key + ".jpg"


def thumbnail(project_root: Path, source: Path) -> Path:
    """The thumbnail of `source` (an image or a clip), made now if it is not cached yet; when
    another thread is making it (the warmer, another tab), waited for rather than made twice."""
    path = project_root / FOLDER / thumb_name(source)
    if path.is_file():
        return path
    with _guard:
        making = _making.get(path)
        if making is None:
            _making[path] = threading.Event()
    if making is not None:
        making.wait(WAIT_S)
        if path.is_file():
            return path
        return _make(path, source)  # that thread failed or is stuck: make it here
    try:
        return _make(path, source)
    finally:
        with _guard:
            _making.pop(path).set()


def _make(path: Path, source: Path) -> Path:
    image = _first_frame(source) if source.suffix.lower() in VIDEO_SUFFIXES else _image(source)
    if image.width > WIDTH:
        image = image.resize((WIDTH, max(1, round(image.height * WIDTH / image.width))), Image.BILINEAR)
    data = io.BytesIO()
    image.convert("RGB").save(data, "JPEG", quality=QUALITY, optimize=True)
    return atomic_write(path, data.getvalue())


def _image(source: Path) -> Image.Image:
    try:  # checked as every keyframe is (a regular file, its size by the header) before decoding
        with open_image(source, "thumbnail") as image:
            image.draft("RGB", (WIDTH, WIDTH))  # JPEG sources decode at a fraction of their size
            return image.convert("RGB")
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{source.name}: cannot make a thumbnail ({exc})") from None


def _first_frame(source: Path) -> Image.Image:
    from storyreel.media.video import read_frames

    frames = read_frames(source)
    try:
        first = next(frames)
    except StopIteration:
        raise InputError(f"{source.name}: the clip has no frames") from None
    finally:
        close = getattr(frames, "close", None)
        if close is not None:
            close()
    return Image.fromarray(first)
