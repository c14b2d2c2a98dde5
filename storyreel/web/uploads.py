"""A new film from the start page: the script (uploaded, or a path on this machine) checked the way
`storyreel make` checks it, in a new project folder under the studio's --root.

    upload -> at most MAX_BYTES (the screenplay reader's own limit) -> ROOT/<name>/<name>.<suffix>
           (written by an atomic rename) -> read_screenplay(): the CLI's one-line error, or a film

A refused script leaves nothing behind: the folder made for it goes again.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from fastapi import UploadFile

from storyreel.errors import InputError, StoryreelError
from storyreel.project import atomic_write
from storyreel.tools.screenplay.source import FORMATS, MAX_BYTES
from storyreel.web.views import Catalog

CHUNK = 1 << 16
FORM_SLACK = 1 << 16  # the multipart envelope and the form's other fields around the script
_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class TooLarge(InputError):
    """An upload over the screenplay reader's size limit (the route answers 413)."""


def too_large() -> TooLarge:
    return TooLarge(f"the script is over {MAX_BYTES / 1e6:.0f} MB; files that large are refused")


def check_length(header: str | None) -> None:
    """Refuse an upload by its declared length, before reading any of it."""
    if header is not None and header.isdigit() and int(header) > MAX_BYTES + FORM_SLACK:
        raise too_large()


async def receive(
    catalog: Catalog, upload: UploadFile | None, script_path: str | None, name: str | None, *, local: bool
) -> tuple[Path, Path]:
    """The new project's folder and its script, read and checked; (folder, script). A path on the
    server's disk is taken only from the loopback (`local`): from elsewhere it would let a page
    read any text file of the server into a film's documents; there, scripts are uploaded."""
    from storyreel.tools.screenplay import read_screenplay

    if catalog.root is None:
        raise InputError("this studio makes no new films: start it with --root DIR")
    if (upload is None) == (not script_path):
        raise InputError("give a script: upload one, or name a script_path, not both")
    if script_path and not local:
        raise InputError("a studio open to other machines takes scripts as uploads, not paths on its disk")
    given = Path(upload.filename or "script") if upload is not None else Path(script_path or "")
    folder = _new_folder(catalog.root, name or given.stem)
    try:
        if upload is not None:
            suffix = given.suffix.lower() if given.suffix.lower() in FORMATS else ".txt"
            script = atomic_write(folder / f"{folder.name}{suffix}", await _read(upload))
        else:
            script = given.expanduser().absolute()
        read_screenplay(script)  # the CLI's check: a one-line ScreenplayError names file and line
    except (StoryreelError, OSError):
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, script


async def _read(upload: UploadFile) -> bytes:
    data = bytearray()
    while chunk := await upload.read(CHUNK):
        data += chunk
        if len(data) > MAX_BYTES:
            raise too_large()
    return bytes(data)


def _new_folder(root: Path, name: str) -> Path:
    base = re.sub(r"-{2,}", "-", re.sub(r"\.{2,}", "-", _NAME.sub("-", name))).strip("-.") or "film"
    root.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        folder = root / (base if n == 1 else f"{base}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise InputError(f"{root}: cannot make a project folder: {exc.strerror or exc}") from None
        return folder
    raise InputError(f"{root}: too many projects named {base!r}")


def settings(*, brain: str | None, renderer: str | None, resolution: str | None) -> dict[str, Any]:
    """The form's choices as Studio keywords (unset ones are Studio's defaults)."""
    from storyreel.agents.context import Context, parse_size
    from storyreel.render import RENDERERS

    offered = {name: setting.choices for name, _info, setting in Context.declared()}
    chosen: dict[str, Any] = {}
    for name, value, also in (("brain", brain, ()), ("renderer", renderer, tuple(RENDERERS))):
        if not value:
            continue
        allowed = (*offered[name], *(a for a in also if a not in offered[name]))
        if value not in allowed:  # the CLI's choices (and any renderer registered in this process)
            raise InputError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
        chosen[name] = value
    if resolution:
        try:
            chosen["resolution"] = parse_size(resolution)
        except ValueError as exc:
            raise InputError(f"resolution: {exc}") from None
    return chosen


def check_new_film(folder: Path, script: Path, chosen: dict[str, Any]) -> None:
    """Studio's own check of the settings, before the job is queued: a bad one is a 400 now."""
    from storyreel.api import Studio

    try:
        Studio(folder, **chosen)
    except StoryreelError:
        shutil.rmtree(folder, ignore_errors=True)  # made for this film a moment ago
        raise
