"""A note as the reader takes it in: split into clauses, number words made digits, lengths
read in seconds, references blanked out, rejected words recognised."""

from __future__ import annotations

import re

from storyreel.agents.film_grammar.lexicon import IC
from storyreel.agents.film_grammar.lexicon.camera import NEGATION
from storyreel.agents.film_grammar.lexicon.notes import NUMBER_WORDS, SECONDS

WORD_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
NUMBER = r"(?:\d+(?:\.\d+)?|" + WORD_NUMBER + r"|a|an|half a)"  # an amount, in digits or words
UNITS = "(?:" + "|".join(SECONDS) + ")"
_LENGTH = re.compile(
    rf"\b(\d+(?:\.\d+)?)\s*(?:more\s+)?{UNITS}\b|\b({WORD_NUMBER}|a|an|half a)\s+(?:more\s+)?(?:secs?|seconds?)\b",
    IC,
)
_COMPOUND = rf"(?:(?:{WORD_NUMBER})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"


def digits(text: str) -> str:
    """Number words that count shots, scenes or seconds become digits ('shot three' -> 'shot 3')."""

    def value(word: str) -> str:
        return str(sum(NUMBER_WORDS[p] for p in re.split(r"[- ]", word.lower())))

    def convert(match: re.Match[str]) -> str:
        return re.sub(_COMPOUND, lambda m: value(m.group(0)), match.group(0), flags=IC)

    after_noun = rf"\b(?:shots?|scenes?|#)\s*{_COMPOUND}(?:\s*(?:-|,|and|to|through)\s*{_COMPOUND})*\b"
    text = re.sub(after_noun, convert, text, flags=IC)
    return re.sub(rf"\b{_COMPOUND}(?=\s*(?:more\s+)?{UNITS}\b)", convert, text, flags=IC)


def clauses(text: str) -> list[str]:
    """A note split at ';', sentence ends, new lines and 'then', and at 'and' (but, also, plus)
    before a new shot reference."""
    parts = re.split(r"\s*;\s*|(?<=[a-z0-9)'\"])[.!?]\s+(?=[A-Za-z#])|\s*\n+\s*|,?\s+then\s+", text)
    out: list[str] = []
    for part in parts:
        out += re.split(
            r",?\s+(?:and|but|also|plus)\s+(?=(?:make\s+|give\s+|put\s+)?(?:shots?\s*#?\d|#\d))",
            part,
            flags=IC,
        )
    return [p.strip(" .,!") for p in out if p and p.strip(" .,!")]


def without(clause: str, spans: list[tuple[int, int]]) -> str:
    """The clause with `spans` blanked out, so '3' in 'shot 3' is never read as a value."""
    chars = list(clause)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = " "
    return "".join(chars)


def seconds(text: str) -> float | None:
    """The first length said in `text`, in seconds ('2 seconds', 'half a second')."""
    m = _LENGTH.search(text)
    if not m:
        return None
    word = (m.group(1) or m.group(2)).lower()
    if word in ("a", "an"):
        return 1.0
    if word == "half a":
        return 0.5
    return float(word) if word[0].isdigit() else float(NUMBER_WORDS[word])


def negated(text: str, start: int) -> bool:
    """True when the word at `start` follows a rejection ('not a zoom', 'instead of a pan')."""
    return bool(NEGATION.search(text[max(0, start - 20) : start]))
