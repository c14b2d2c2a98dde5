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

    # 1. Tokenise into literal text and delimiter runs; escapes become literal text.
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
        if ch in "*_":
            j = i
            while j < n and line[j] == ch:
                j += 1
            run = j - i
            before = line[i - 1] if i > 0 else " "
            after = line[j] if j < n else " "
            usable = run <= 3 if ch == "*" else run == 1
            if usable:
                if literal:
                    tokens.append("".join(literal))
                    literal = []
                can_open, can_close = not after.isspace(), not before.isspace()
                if ch == "_":  # snake_case_words are not underlined
                    can_open, can_close = can_open and not before.isalnum(), can_close and not after.isalnum()
                delimiters.append(_Delimiter(ch, run, len(tokens), can_open, can_close))
                tokens.append(line[i:j])
            else:
                literal.append(line[i:j])
            i = j
            continue
        literal.append(ch)
        i += 1
    if literal:
        tokens.append("".join(literal))

    # 2. Pair closers with the nearest matching opener (same char, same run length).
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
    if not pairs:
        return "".join(tokens), []

    # 3. Emit text without the paired delimiters, recording where each pair starts and ends.
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
