"""A question's answer put into the note it answers: the asked words replaced by the answer.

    settle("shot 3 tighter or wider", ["tighter", "wider"], "wider")   -> "shot 3 wider"
    settle("shot 3 close-up, low angle, wide", ["close-up", "wide"], "wide")
                                                                     -> "shot 3 wide, low angle"
    settle("split shots 3-5", ["shots 3-5"], "shot 4")                 -> "split shot 4"
    settle("lose the dissolve", [], "after shot 4")                   -> "lose the dissolve after shot 4"

Words are found as whole words, case aside; words side by side with only 'or', 'and', commas or
slashes between them are one span, so the joiners go with them. The reader (reader.py) reads
each settled note again and offers only those that settle the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyreel.agents.film_grammar.lexicon import IC

_JOINED = re.compile(r"[\s,/&]*(?:(?:or|and|nor|vs\.?|versus)\b[\s,/&]*)*", IC)
_TRAILING_JOINER = re.compile(r"(?:\s*,)?\s*(?:\b(?:and|or)\s*)?$", IC)


def settle(clause: str, said: Sequence[str], answer: str) -> str | None:
    """`clause` with the first of `said` replaced by `answer` and the rest dropped (no `said`:
    `answer` added at the end); None when a word of `said` is not in the clause."""
    if not said:
        return tidy(f"{clause} {answer}")
    spans: list[tuple[int, int]] = []
    for words in said:
        span = _find(clause, words, spans)
        if span is None:
            return None
        spans.append(span)
    merged = _merged(clause, sorted(spans))
    text = clause
    for start, end in reversed(merged[1:]):
        text = _TRAILING_JOINER.sub("", text[:start]) + text[end:]
    start, end = merged[0]
    return tidy(text[:start] + answer + text[end:])


def tidy(text: str) -> str:
    """Single spaces, no space before a comma, no doubled or dangling commas."""
    text = " ".join(text.split())
    text = re.sub(r"\s+,", ",", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    return text.strip(" ,")


def _find(clause: str, words: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first whole-word occurrence of `words` in `clause` that no earlier span holds."""
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(words.strip())}(?![A-Za-z0-9])", IC)
    for m in pattern.finditer(clause):
        if all(m.end() <= a or m.start() >= b for a, b in taken):
            return m.start(), m.end()
    return None


def _merged(clause: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans with nothing but joiners between them become one."""
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if _JOINED.fullmatch(clause[last_end:start]):
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged
