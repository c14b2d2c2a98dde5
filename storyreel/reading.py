"""Reading a file a user named: only a regular file, and never more than a limit.

Every reader of a path that came from outside (a screenplay, a plan or a bible, a keyframe image,
a prompt template, a keyframe folder's images) opens it here, so each refuses the same things in
one line naming the file, before reading any of it:

- a device: /dev/zero or /dev/urandom never ends, and reading one grew `storyreel check` to 24 GB
  before the kernel killed it;
- a FIFO or a socket: opening or reading one waits for a writer forever;
- a directory, a missing file, one we may not read;
- a file over the reader's limit, by its size on disk; the read stops at the limit anyway, since
  a file may grow between the check and the read.

The file is opened with O_NONBLOCK (so opening a FIFO returns at once, to be refused) and the
checks are made on the open descriptor (fstat), so a path swapped for a device between the check
and the read cannot slip through.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from storyreel.errors import FileError

_KINDS = (  # what a path is, when it is not a regular file
    (stat.S_ISDIR, "is a directory, not a file"),
    (stat.S_ISCHR, "is not a regular file (a device)"),
    (stat.S_ISBLK, "is not a regular file (a device)"),
    (stat.S_ISFIFO, "is not a regular file (a pipe)"),
    (stat.S_ISSOCK, "is not a regular file (a socket)"),
)


def open_regular(
    path: str | Path, max_bytes: int, *, error: type[FileError] = FileError, hint: str = ""
) -> BinaryIO:
    """`path` opened for reading in binary, if it is a regular file of at most `max_bytes`;
    `error(path, problem)` (one line) otherwise. `hint` follows the size refusal ("a feature
    screenplay is about 0.15 MB"). Read it with `read_limited`, or hand it to a library that
    reads a file object (PIL)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(path, "no such file") from None
    except OSError as exc:
        raise error(path, f"cannot be read: {exc.strerror or exc}") from None
    try:
        status = os.fstat(fd)
        problem = _not_regular(status.st_mode)
        if problem is None and status.st_size > max_bytes:
            problem = f"is {status.st_size / 1e6:.1f} MB; files over {_mb(max_bytes)} are refused" + (
                f" ({hint})" if hint else ""
            )
        if problem is not None:
            raise error(path, problem)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(
    handle: BinaryIO, path: str | Path, max_bytes: int, error: type[FileError] = FileError
) -> bytes:
    """At most `max_bytes` of an open file: `error` if there is more (it grew since it was checked)."""
    try:
        data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise error(path, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise error(path, f"is over {_mb(max_bytes)}")
    return data


def read_regular(
    path: str | Path, max_bytes: int, *, error: type[FileError] = FileError, hint: str = ""
) -> bytes:
    """The bytes of `path`, a regular file of at most `max_bytes`; `error(path, problem)` otherwise."""
    with open_regular(path, max_bytes, error=error, hint=hint) as handle:
        return read_limited(handle, path, max_bytes, error)


def require_regular(path: str | Path, what: str = "file", *, error: type[FileError] = FileError) -> None:
    """`error(path, problem)` unless `path` is a regular file: for a file another program opens by
    its name (ffmpeg reading a video would read /dev/zero forever, and wait on a FIFO). `what` names
    it in the refusal of a missing one ("no such video")."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise error(path, f"no such {what}") from None
    except OSError as exc:
        raise error(path, f"cannot be read: {exc.strerror or exc}") from None
    problem = _not_regular(mode)
    if problem is not None:
        raise error(path, problem)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((problem for test, problem in _KINDS if test(mode)), "is not a regular file")


def _mb(limit: int) -> str:
    return f"{limit / 1e6:.0f} MB" if limit >= 1e6 else f"{limit / 1e3:.0f} kB"
