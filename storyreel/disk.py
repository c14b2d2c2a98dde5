"""A full disk, told in one line wherever the project writes.

A write that finds no space fails in one of three ways, each caught where it happens:

  OSError(ENOSPC or EDQUOT)              our own writes: documents, cache assets, the splice list
  sqlite3.OperationalError SQLITE_FULL   the checkpointer ("database or disk is full")
  BrokenPipeError from the encoder       ffmpeg died writing its file; only the free space left
                                         tells a full disk from another death (`encoder_stopped`)

Each becomes `DiskFull` naming the mount point (the device a user frees space on) and, where
the writer knows it, how much it needed. Nothing half-written is renamed into place, so the same
command run again after space is freed resumes from the last finished asset and checkpoint.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from storyreel.errors import DiskFull

NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})
# ffmpeg dying with less than this free is taken for a full disk: a full disk leaves about 0
# bytes to an unprivileged writer (statvfs f_bavail), and an encoder's last write is at most a
# few megabytes of buffered packets.
NEARLY_FULL = 8 * 1024 * 1024


def out_of_space(error: BaseException) -> bool:
    """Whether `error` says the device is full (an OSError's errno, SQLite's SQLITE_FULL)."""
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "")
        return name == "SQLITE_FULL" or "database or disk is full" in str(error)
    return isinstance(error, OSError) and error.errno in NO_SPACE


def no_space(path: str | Path, needed: int | None = None) -> DiskFull:
    """The one-line error for a write under `path` that found its device full."""
    return DiskFull(mount_point(Path(path)), needed)


def mount_point(path: Path) -> Path:
    """The mount point holding `path` (its nearest existing folder, climbed to the mount)."""
    path = _existing(path)
    while not os.path.ismount(path) and path.parent != path:
        path = path.parent
    return path


def free_bytes(path: Path) -> int | None:
    """Bytes an unprivileged writer may still use on the device of `path`, None if unknown."""
    try:
        return shutil.disk_usage(_existing(path)).free
    except OSError:
        return None


def encoder_stopped(path: Path, error: OSError) -> bool:
    """Whether the encoder writing under `path` died of a full disk: the pipe to it broke
    (imageio-ffmpeg wraps the BrokenPipeError in an OSError with ffmpeg's whole command) and
    the device has next to nothing free."""
    broke = isinstance(error, BrokenPipeError) or isinstance(error.__context__, BrokenPipeError)
    free = free_bytes(path) if broke else None
    if out_of_space(error):
        return True
    return broke and free is not None and free < NEARLY_FULL


def _existing(path: Path) -> Path:
    path = Path(os.path.abspath(path))
    while not path.exists() and path.parent != path:
        path = path.parent
    return path
