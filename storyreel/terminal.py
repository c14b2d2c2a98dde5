"""Text from scripts, notes, files and models made safe to print on a terminal.

A character cue, a note, a file name or a model's answer can carry an ESC sequence, which a
terminal obeys (clear the screen, retitle the window, redraw what was printed, on some terminals
type into the shell), or a bidirectional override, which shows "shot 12" as "21 tohs". Every
printer of the CLI (cli.py, directing_cli.py, summary.py, progress.py and the error line in
`main`) passes such text through `printable`, which writes each of these characters as its
escape (`\\x1b`, `\\u202e`): visible, and harmless.

What is escaped, as a table of ranges: the C0 controls (newline and tab too: a table cell or an
error stays on its line), DEL and the C1 controls (0x9b is CSI on 8-bit terminals), and the
Unicode characters that reorder or break text (bidi marks, embeddings, overrides and isolates,
the line and paragraph separators).
"""

from __future__ import annotations

import re

from rich.markup import escape

UNSAFE = (  # (first, last) code points, inclusive
    (0x00, 0x1F),  # C0 controls: ESC, BEL, backspace, carriage return, newline, tab ...
    (0x7F, 0x9F),  # DEL and the C1 controls (CSI, OSC, ...)
    (0x061C, 0x061C),  # Arabic letter mark
    (0x200E, 0x200F),  # left-to-right and right-to-left marks
    (0x2028, 0x2029),  # line and paragraph separators
    (0x202A, 0x202E),  # embeddings and overrides (RLO is 0x202E)
    (0x2066, 0x2069),  # isolates
)
_UNSAFE = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in UNSAFE) + "]")
# JSON keeps its own whitespace between values; inside strings every C0 control is escaped already.
_UNSAFE_IN_JSON = re.compile("[" + "".join(f"\\u{max(a, 0x20):04x}-\\u{b:04x}" for a, b in UNSAFE[1:]) + "]")


def printable(text: object, *, newlines: bool = False) -> str:
    """`text` with every terminal control and bidi character written as its escape; `newlines`
    keeps line breaks (a title page's address, a table cell of several lines)."""
    if newlines:
        return "\n".join(_UNSAFE.sub(_escape, line) for line in str(text).split("\n"))
    return _UNSAFE.sub(_escape, str(text))


def markup(text: object) -> str:
    """`printable(text)` for a rich markup string: its brackets are escaped too."""
    return escape(printable(text))


def printable_json(text: str) -> str:
    """A JSON document with the characters `printable` escapes written as JSON escapes (they can
    only be inside strings, so the document means the same)."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
