"""The project directory: where a run keeps everything, written so a kill never corrupts it.

    PROJECT/
      plan.json  bible.json  shots.csv  screenplay.json  report.json   the documents
      cache/<stage>/<key>[.ext]                      content-addressed assets (keyframes, draft, refine)
      cache/answers/<key>.json                       a model's accepted answers (agents/brains/cache.py)
      .storyreel/checkpoints.sqlite                                     LangGraph checkpoints
      .storyreel/lock                                                   one writer at a time

Every file is written to a temporary name in the same folder and renamed into place
(`os.replace` is atomic on POSIX), so a reader sees the old file or the new one, never half of
one. Cache entries are named by the hash of what determines them (render/keys.py), so a
finished asset is found again after a crash and never re-made.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from storyreel.disk import no_space, out_of_space
from storyreel.errors import InputError, ProjectBusy

STATE_DIR = ".storyreel"
# mkstemp makes private (0600) files; documents get the permissions any new file would get.
_UMASK = os.umask(0)
os.umask(_UMASK)


class Project:
    def __init__(self, root: str | Path):
        if not str(root).strip():  # Path("") is the current folder: `plan -o ''` would write there
            raise InputError("no project directory given: name a folder (-o out/film)")
        # Absolute once, here: asset paths in the state and the cut must not depend on the cwd.
        self.root = Path(root).absolute()

    # -- layout -----------------------------------------------------------------------------
    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def checkpoints(self) -> Path:
        return self.state_dir / "checkpoints.sqlite"

    @property
    def cache_dir(self) -> Path:
        return self.root / "cache"

    def path(self, name: str) -> Path:
        return self.root / name

    def create(self) -> Project:
        if self.root.exists() and not self.root.is_dir():
            raise InputError(f"{self.root}: exists and is not a directory")
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            self.cache_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise InputError(f"{self.root}: cannot create the project directory: {exc.strerror}") from None
        if not os.access(self.root, os.W_OK) or not os.access(self.state_dir, os.W_OK):
            raise InputError(f"{self.root}: the project directory is not writable")
        return self

    # -- one writer at a time ---------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the project for this process; a second storyreel on it gets a clear error."""
        self.create()
        path = self.state_dir / "lock"
        try:
            handle = open(path, "a+")  # noqa: SIM115 - held for the block
        except OSError as exc:  # a directory in its place, a file we may not write
            raise InputError(f"{path}: cannot open the project's lock: {exc.strerror or exc}") from None
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise ProjectBusy(
                    f"{self.root}: in use by another storyreel run ({holder})", holder
                ) from None
            try:  # a FIFO in its place opens but cannot be truncated
                handle.seek(0)
                handle.truncate()
                handle.write(f"pid {os.getpid()}")
                handle.flush()
            except OSError as exc:
                raise InputError(f"{path}: cannot write the project's lock: {exc.strerror or exc}") from None
            yield
        finally:
            handle.close()  # closing releases the lock, also when the process is killed

    def sweep_temporaries(self) -> int:
        """Remove what killed runs left half-written (call under `lock()`: no one else writes)."""
        removed = 0
        for pattern in (".tmp-*", ".*.tmp"):
            for path in [*self.root.glob(pattern), *self.cache_dir.glob(f"*/{pattern}")]:
                _remove(path)
                removed += 1
        return removed

    # -- atomic writes ----------------------------------------------------------------------
    def write_bytes(self, name: str | Path, data: bytes) -> Path:
        return atomic_write(self.root / name, data)

    def write_text(self, name: str | Path, text: str) -> Path:
        return atomic_write(self.root / name, text.encode("utf-8"))

    def write_json(self, name: str | Path, data: Any) -> Path:
        return self.write_text(name, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    # -- the content-addressed cache --------------------------------------------------------
    def cache_path(self, stage: str, key: str, suffix: str = "") -> Path:
        return self.cache_dir / stage / f"{key}{suffix}"

    def cached(self, stage: str, key: str, suffix: str, make: Callable[[Path], Any]) -> tuple[Path, bool]:
        """The asset at (stage, key), made by `make(tmp_path)` if it is not there yet.

        Returns (path, hit). `make` writes to a temporary path that is renamed into place only
        when it returns, so a killed render leaves no half-written asset behind. The temporary
        name is unique to this write (process, thread and a random part): two tasks of one run
        may render the same key at once (two shots a note made identical), and neither may
        touch the other's half-made asset. The first rename wins; a folder asset the other
        writer already put in place is used as it is (the same key is the same content).
        """
        final = self.cache_path(stage, key, suffix)
        if final.exists():
            return final, True
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(
            f".tmp-{os.getpid()}-{threading.get_ident()}-{secrets.token_hex(4)}-{final.name}"
        )
        try:
            make(tmp)
            if not tmp.exists():
                raise RuntimeError(f"renderer wrote nothing for {stage} {key[:12]}")
            _rename(tmp, final)
        except OSError as exc:  # a full disk mid-render: what was finished stays, nothing half-made
            if out_of_space(exc):
                raise no_space(final.parent, _typical_size(final.parent)) from None
            raise InputError(f"{final.parent}: cannot write a {stage} asset: {exc.strerror or exc}") from None
        finally:
            _remove(tmp)
        return final, False


def atomic_write(path: Path, data: bytes) -> Path:
    """Write `data` to `path` so a reader sees the old file or the new one, never half of one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        if out_of_space(exc):
            raise no_space(path.parent, len(data)) from None
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # a full disk, a vanished folder: the old file is untouched
        _remove(Path(tmp))
        if out_of_space(exc):
            raise no_space(path.parent, len(data)) from None
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        _remove(Path(tmp))
        raise
    return path


def _typical_size(folder: Path) -> int | None:
    """What one more asset of a cache stage needs: the largest finished file asset there (an
    estimate; None when there is none to go by)."""
    try:
        sizes = [p.stat().st_size for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    except OSError:
        return None
    return max(sizes, default=None)


def _rename(tmp: Path, final: Path) -> None:
    """Put `tmp` in place as `final`. A file replaces one another writer of the same key put
    there; a folder cannot replace a full one, so a `final` already in place is kept."""
    try:
        os.replace(tmp, final)
    except OSError as exc:
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not final.is_dir():
            raise


def _remove(path: Path) -> None:
    if path.is_dir():
        for child in path.iterdir():
            _remove(child)
        path.rmdir()
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
