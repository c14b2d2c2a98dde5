"""The project directory: where a run keeps everything, written so a kill never corrupts it.

    PROJECT/
      plan.json  bible.json  shots.csv  screenplay.json  report.json   the documents
      cache/<stage>/<key>[.ext]                      content-addressed assets (keyframes, draft, refine)
      cache/<stage>/.<key>[.ext].json                each asset's record: its files' sizes and hashes
      cache/answers/<key>.json                       a model's accepted answers (agents/brains/cache.py)
      .storyreel/checkpoints.sqlite                                     LangGraph checkpoints
      .storyreel/documents/<sha256>.json          the documents the checkpoints refer to (agents/state.py)
      .storyreel/lock                                                   one writer at a time

Every file is written to a temporary name in the same folder and renamed into place
(`os.replace` is atomic on POSIX), so a reader sees the old file or the new one, never half of
one. Cache entries are named by the hash of what determines them (render/keys.py), so a
finished asset is found again after a crash and never re-made.

The cache is not trusted blindly: a user may truncate, delete or `rm -rf` what is in it. Each
asset gets a record at write (`Record`: every file's size and fingerprint), written atomically
beside it, and an asset is served only when it still matches (`Project.intact`); a missing or
damaged one is treated as absent, so it is made again.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import secrets
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from storyreel.disk import no_space, out_of_space
from storyreel.errors import InputError, ProjectBusy, StoryreelError

STATE_DIR = ".storyreel"
# mkstemp makes private (0600) files; documents get the permissions any new file would get.
_UMASK = os.umask(0)
os.umask(_UMASK)
# A file up to this size is hashed whole; a larger one by its first and last MiB and its size.
_WHOLE = 4 << 20
_SAMPLE = 1 << 20


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
            documents = self.state_dir.glob(f"documents/{pattern}")  # agents/state.py writes them
            for path in [*self.root.glob(pattern), *self.cache_dir.glob(f"*/{pattern}"), *documents]:
                _remove(path)
                removed += 1
        return removed

    # -- atomic writes ----------------------------------------------------------------------
    def write_bytes(self, name: str | Path, data: bytes) -> Path:
        return atomic_write(self.root / name, data)

    def write_text(self, name: str | Path, text: str) -> Path:
        return atomic_write(self.root / name, text.encode("utf-8"))

    def write_json(self, name: str | Path, data: Any) -> Path:
        return self.write_text(name, json_text(data) + "\n")

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
        if self.intact(final):
            return final, True
        _remove(_record_path(final))  # damaged or half there: made again below
        _remove(final)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(
            f".tmp-{os.getpid()}-{threading.get_ident()}-{secrets.token_hex(4)}-{final.name}"
        )
        try:
            make(tmp)
            if not tmp.exists():
                raise RuntimeError(f"renderer wrote nothing for {stage} {key[:12]}")
            _rename(tmp, final)
            record(final)
        except OSError as exc:  # a full disk mid-render: what was finished stays, nothing half-made
            if out_of_space(exc):
                raise no_space(final.parent, _typical_size(final.parent)) from None
            raise InputError(f"{final.parent}: cannot write a {stage} asset: {exc.strerror or exc}") from None
        finally:
            _remove(tmp)
        return final, False

    def intact(self, asset: str | Path) -> bool:
        """Whether a cache asset is still what was written (`intact`)."""
        return intact(Path(asset))

    def damaged(self, assets: list[str | None]) -> list[str]:
        """The assets of `assets` (None ones skipped) that are missing or damaged."""
        return [a for a in assets if a is not None and not self.intact(a)]


class Record(BaseModel):
    """What a cache asset was when written: each file's size and fingerprint, by name within
    the asset ("" for a file asset, the file names for a folder)."""

    model_config = ConfigDict(extra="forbid")
    sizes: dict[str, int]
    hashes: dict[str, str]


_OPENED: dict[Path, None] = {}  # project roots whose checkpoints this process opened, in order


def remember_opened(root: Path) -> None:
    """`root`'s checkpoints were opened (storyreel/thread.py): what they refer to may be there."""
    _OPENED.pop(root, None)
    _OPENED[root] = None


def opened_roots() -> list[Path]:
    """The project roots whose checkpoints this process opened, the latest first: where a
    content-addressed file a checkpoint names by an old absolute path (a project moved or
    copied since) is found again."""
    return list(reversed(_OPENED))


def intact(asset: Path) -> bool:
    """Whether a cache asset (a file or a folder of them) is still what was written.

    Its record's sizes are checked first (a stat each, so a truncated or deleted file costs
    nothing to find), then each file's fingerprint (`fingerprint`: at most 2 MiB read). An
    asset written before records existed has none: it is trusted this once and recorded.
    """
    if not asset.exists():
        return False
    written = _read_record(asset)
    if written is None:
        # a read-only or full cache still serves what it has, unrecorded
        with contextlib.suppress(StoryreelError, OSError):
            record(asset)
        return True
    try:
        now = _files(asset)
        if {name: os.stat(file).st_size for name, file in now.items()} != written.sizes:
            return False
        return {name: fingerprint(file) for name, file in now.items()} == written.hashes
    except OSError:  # a file vanished or cannot be read while being checked
        return False


def fingerprint(path: Path) -> str:
    """sha256 of a file whole when it is small (keyframes, short drafts), else of its size and its
    first and last MiB. A clip can be hundreds of MB and is checked each time it is served: a
    whole hash would read it all every run, while truncation (the common damage: a copy cut
    short, a full disk) changes its size and tail, and an overwrite its head. Reads 2 MiB at most:
    3 ms for a 200 MB clip where a whole sha256 takes 290 ms (page-cached, one core)."""
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with open(path, "rb") as handle:
        if size <= _WHOLE:
            digest.update(handle.read())
        else:
            digest.update(handle.read(_SAMPLE))
            handle.seek(size - _SAMPLE)
            digest.update(handle.read(_SAMPLE))
    return digest.hexdigest()


def _record_path(asset: Path) -> Path:
    return asset.with_name(f".{asset.name}.json")


def _files(asset: Path) -> dict[str, Path]:
    if asset.is_dir():
        return {p.name: p for p in sorted(asset.iterdir()) if not p.name.startswith(".")}
    return {"": asset}


def record(asset: Path) -> None:
    """Record what a cache asset is now, atomically beside it (`Record`)."""
    files = _files(asset)
    record = Record(
        sizes={name: file.stat().st_size for name, file in files.items()},
        hashes={name: fingerprint(file) for name, file in files.items()},
    )
    atomic_write(_record_path(asset), record.model_dump_json().encode())


def _read_record(asset: Path) -> Record | None:
    try:
        return Record.model_validate_json(_record_path(asset).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValidationError):  # an unreadable record: the asset cannot be vouched for
        return Record(sizes={}, hashes={"": "unreadable"})


def json_text(data: Any) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)`, the text documents are written as.
    Python indents in pure Python (0.55 s for a 6,700-shot plan); orjson indents in 0.03 s but
    writes some floats its own way (0.00001 for 1e-05). Python's compact text comes from its C
    encoder (0.17 s): where orjson's compact text is the same, so is its indented text."""
    try:
        import orjson

        same = orjson.dumps(data).decode("utf-8") == json.dumps(
            data, separators=(",", ":"), ensure_ascii=False
        )
        if same:
            return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (ImportError, TypeError, ValueError):  # not installed; a key not a string, a huge int, NaN
        pass
    return json.dumps(data, indent=2, ensure_ascii=False)


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
