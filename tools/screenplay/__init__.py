"""Screenplay readers: Fountain, Final Draft (.fdx) and prose, all producing a `Screenplay`."""

from __future__ import annotations

from pathlib import Path

from storyreel.errors import ScreenplayError
from storyreel.models.screenplay import Screenplay
from storyreel.tools.screenplay.fountain import parse_fountain
from storyreel.tools.screenplay.source import MAX_BYTES, decode_text, open_source

__all__ = ["MAX_BYTES", "parse_fountain", "read_screenplay"]


def read_screenplay(path: str | Path, max_bytes: int = MAX_BYTES) -> Screenplay:
    """Read a .fountain, .fdx or plain-text file; prose comes back with kind='prose'.

    Raises ScreenplayError (one line naming the file and, where known, the line) on bad input.
    """
    source = open_source(path, max_bytes=max_bytes)
    if source.format == "fdx":
        from storyreel.tools.screenplay.fdx import parse_fdx

        screenplay = parse_fdx(source.data, path=str(path), sha256=source.sha256)
    else:
        text = decode_text(source)
        screenplay = parse_fountain(text, path=str(path), sha256=source.sha256, source_format=source.format)
    if screenplay.kind == "prose" and not (screenplay.prose or "").split():
        # An FDX of empty or unknown paragraphs, a Fountain file of notes alone: a 0-word "prose"
        # would become a 3-second film of nothing.
        raise ScreenplayError(path, "has no script in it: no scene, speech, action or prose text")
    return screenplay
