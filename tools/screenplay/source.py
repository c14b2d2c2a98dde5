"""Reading a screenplay file safely: size limit, format by extension, binary and encoding checks.

Every refusal is a ScreenplayError whose message starts with the file (and line), so the CLI
prints one line and exits non-zero.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from storyreel.errors import ScreenplayError
from storyreel.reading import open_regular, read_limited

# A feature screenplay is about 150 kB of Fountain (250 kB of FDX). 8 MiB leaves room for
# FDX files with embedded revision data while refusing things that are plainly not scripts.
MAX_BYTES = 8 * 1024 * 1024
_SIZE_HINT = "a feature screenplay is about 0.15 MB"

FORMATS = {
    ".fountain": "fountain",
    ".spmd": "fountain",  # Slugline's older extension
    ".txt": "text",  # Fountain or prose: decided by content
    ".text": "text",
    ".md": "text",
    ".fdx": "fdx",
}

_MAGIC = {
    b"%PDF": "a PDF; export the screenplay from your writing app as Fountain or Final Draft (.fdx)",
    b"PK\x03\x04": "a zip archive (perhaps .docx or .fadein); export it as Fountain or .fdx",
    b"{\\rtf": "an RTF document; export it as Fountain or .fdx",
    b"\xd0\xcf\x11\xe0": "an old Office document; export it as Fountain or .fdx",
}


@dataclass(frozen=True)
class SourceFile:
    path: Path
    format: str  # fountain | fdx | text
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def open_source(path: str | Path, max_bytes: int = MAX_BYTES) -> SourceFile:
    """Check and read `path`; raise ScreenplayError with one clear line on anything unusable."""
    path = Path(path)
    suffix = path.suffix.lower()
    fmt = FORMATS.get(suffix) if suffix else "text"
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise ScreenplayError(path, f"unknown extension {suffix!r}; storyreel reads {known}")
    with open_regular(path, max_bytes, error=ScreenplayError, hint=_SIZE_HINT) as handle:
        data = read_limited(handle, path, max_bytes, ScreenplayError)
    if not data.strip():
        raise ScreenplayError(path, "is empty")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ScreenplayError(path, f"is {what}")
    if fmt == "text" and data.lstrip().startswith(b"<?xml") and b"<FinalDraft" in data[:4096]:
        fmt = "fdx"
    return SourceFile(path=path, format=fmt, data=data)


def decode_text(source: SourceFile) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16 text, newlines normalised to LF."""
    data = source.data
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ScreenplayError(source.path, "is marked UTF-16 but is not valid UTF-16") from None
    else:
        if b"\x00" in data[:8192]:
            raise ScreenplayError(source.path, "is a binary file, not a screenplay")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _undecodable(source.path, data, exc) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_control_characters(source.path, text)
    return text


def _undecodable(path: Path, data: bytes, exc: UnicodeDecodeError) -> ScreenplayError:
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    bad = data[exc.start : exc.start + 1].hex()
    return ScreenplayError(
        path,
        f"byte 0x{bad} at column {column} is not UTF-8; save the file as UTF-8 text",
        line=line,
    )


def _check_control_characters(path: Path, text: str) -> None:
    # Text with many control characters is a binary file that happened to decode.
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\t\f")
    if controls > max(8, len(sample) // 100):
        raise ScreenplayError(path, "is a binary file, not a screenplay")
