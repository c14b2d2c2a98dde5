"""Fountain emphasis: `*italic*`, `**bold**`, `***bold italic***`, `_underline_`, `\\*` escapes.

`strip_emphasis(line)` returns the markup-free text and the emphasis spans over it. Emphasis never
crosses a line break (as in the Fountain spec); callers pass one line at a time and shift the
spans. Delimiters that find no partner stay in the text as literal characters, so a lone
asterisk in "5 * 3" survives.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyreel.models.screenplay import Span

_STAR_STYLES = {1: ("italic",), 2: ("bold",), 3: ("bold", "italic")}


@dataclass
class _Delimiter:
    char: str  # "*" or "_"
    length: int  # 1..3 for "*", 1 for "_"
    token: int  # index into the token list
    can_open: bool
    can_close: bool


def strip_emphasis(line: str) -> tuple[str, list[Span]]:
    """Remove emphasis markup from one line; return the plain text and its spans."""
    if "*" not in line and "_" not in line and "\\" not in line:
        return line, []
    tokens, delimiters = _tokenise(line)  # 1. literal text and delimiter runs
    pairs = _pair(delimiters)  # 2. closers with their openers
    if not pairs:
        return "".join(tokens), []
    return _emit(tokens, pairs)  # 3. the text without the paired delimiters, and the spans


def _tokenise(line: str) -> tuple[list[str], list[_Delimiter]]:
    """Literal text and delimiter runs, in order; escapes become literal text."""
    tokens: list[str] = []
    delimiters: list[_Delimiter] = []
    i, n = 0, len(line)
    literal: list[str] = []
    while i < n:
        ch = line[i]
        if ch == "\\" and i + 1 < n and line[i + 1] in "*_\\":
            literal.append(line[i + 1])
            i += 2
            continue
        if ch not in "*_":
            literal.append(ch)
            i += 1
            continue
        j = i
        while j < n and line[j] == ch:
            j += 1
        delimiter = _delimiter(line, i, j, len(tokens) + bool(literal))
        if delimiter is None:
            literal.append(line[i:j])
        else:
            if literal:
                tokens.append("".join(literal))
                literal = []
            delimiters.append(delimiter)
            tokens.append(line[i:j])
        i = j
    if literal:
        tokens.append("".join(literal))
    return tokens, delimiters


def _delimiter(line: str, start: int, end: int, token: int) -> _Delimiter | None:
    """The run line[start:end] of one delimiter character, or None when it is literal text."""
    ch, run = line[start], end - start
    if not (run <= 3 if ch == "*" else run == 1):
        return None
    before = line[start - 1] if start > 0 else " "
    after = line[end] if end < len(line) else " "
    can_open, can_close = not after.isspace(), not before.isspace()
    if ch == "_":  # snake_case_words are not underlined
        can_open, can_close = can_open and not before.isalnum(), can_close and not after.isalnum()
    return _Delimiter(ch, run, token, can_open, can_close)


def _pair(delimiters: list[_Delimiter]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Each closer with the nearest matching opener (same char, same run length), as token
    indices and the styles the pair gives."""
    pairs: list[tuple[int, int, tuple[str, ...]]] = []
    stack: list[_Delimiter] = []
    for delim in delimiters:
        match = None
        if delim.can_close:
            for k in range(len(stack) - 1, -1, -1):
                opener = stack[k]
                if opener.char == delim.char and opener.length == delim.length:
                    match = k
                    break
        if match is not None:
            opener = stack[match]
            del stack[match:]  # delimiters opened inside and never closed stay literal
            styles = ("underline",) if delim.char == "_" else _STAR_STYLES[delim.length]
            pairs.append((opener.token, delim.token, styles))
        elif delim.can_open:
            stack.append(delim)
    return pairs


def _emit(tokens: list[str], pairs: list[tuple[int, int, tuple[str, ...]]]) -> tuple[str, list[Span]]:
    """The text without the paired delimiters, and a span where each pair starts and ends."""
    consumed = {t for opener, closer, _ in pairs for t in (opener, closer)}
    position: dict[int, int] = {}
    out: list[str] = []
    offset = 0
    for index, token in enumerate(tokens):
        position[index] = offset
        if index in consumed:
            continue
        out.append(token)
        offset += len(token)
    spans = [
        Span(start=position[opener], end=position[closer], style=style)
        for opener, closer, styles in pairs
        for style in styles
        if position[closer] > position[opener]
    ]
    spans.sort(key=lambda s: (s.start, -s.end, s.style))
    return "".join(out), spans


def strip_emphasis_lines(text: str) -> tuple[str, list[Span]]:
    """`strip_emphasis` over each line of a multi-line text, spans shifted into the whole."""
    plain_lines: list[str] = []
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        plain, line_spans = strip_emphasis(line)
        spans.extend(Span(start=s.start + offset, end=s.end + offset, style=s.style) for s in line_spans)
        plain_lines.append(plain)
        offset += len(plain) + 1
    return "\n".join(plain_lines), spans
