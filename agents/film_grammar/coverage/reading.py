"""What coverage reads off the script: how long things play, how strongly a line lands, and
which headings are a shot rather than a place.

Durations come from the words: speech at `words_per_second` plus a beat per parenthetical,
action a little faster; 1.5 s to 12 s a shot, longer speeches and paragraphs are split.
"""

from __future__ import annotations

import re

from storyreel.agents.film_grammar.lexicon import alternation, escaped, words_pattern
from storyreel.agents.film_grammar.lexicon.action import Cue, cue_pattern
from storyreel.agents.film_grammar.lexicon.objects import INSERT_DETAILS, READING
from storyreel.agents.film_grammar.lexicon.script import (
    INSERT_HEADING,
    MONTAGE_END,
    MONTAGE_HEADING,
    OFFSCREEN,
    POV_HEADING,
)
from storyreel.models.screenplay import Element

MIN_SHOT_S = 1.5
MAX_SHOT_S = 12.0
SPLIT_SHOT_S = 9.0  # a speech or action longer than MAX_SHOT_S is cut into pieces about this long
PARENTHETICAL_BEAT_S = 0.5
ACTION_WORDS_PER_SECOND_FACTOR = 1.2  # action plays a little faster than dialogue is spoken
ESTABLISHING_S = (3.0, 8.0)
MONTAGE_S = (1.5, 3.0)
SHORT_LINE_WORDS = 4  # a line this short after a silence lands as a beat
LONG_ACTION_WORDS = 25  # action this long before a line is a silence of its own

POV = re.compile(rf"\b{alternation(POV_HEADING)}\b", re.IGNORECASE)
INSERT = re.compile(rf"^\s*{alternation(INSERT_HEADING)}\b", re.IGNORECASE)
MONTAGE = re.compile(rf"\b{alternation(MONTAGE_HEADING)}\b", re.IGNORECASE)
MONTAGE_ENDS = re.compile(
    r"^\s*" + alternation(e.format(montage="|".join(MONTAGE_HEADING)) for e in MONTAGE_END) + r"\b",
    re.IGNORECASE,
)
_OFFSCREEN = re.compile(rf"\b{alternation(OFFSCREEN)}\b\.?", re.IGNORECASE)
DETAIL = words_pattern(escaped(word for words in INSERT_DETAILS.values() for word in words))
READABLE = words_pattern(escaped([*INSERT_DETAILS["writing"], *READING]))
BIG_MOVE = cue_pattern(Cue.BIG)
BUSINESS = cue_pattern(Cue.BUSINESS)
FACE = cue_pattern(Cue.FACE)
_EMOTIONAL = cue_pattern(Cue.EMOTIONAL)
_QUIETEST = cue_pattern(Cue.QUIETEST)
_SILENCE = cue_pattern(Cue.SILENCE)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def words(text: str) -> int:
    return len(text.split())


def snippet(text: str, count: int = 12, tail: bool = False) -> str:
    """The first (or, with `tail`, last) `count` words of `text`, marked where cut."""
    parts = " ".join(text.split()).split(" ")
    if len(parts) <= count:
        return " ".join(parts)
    return ("... " + " ".join(parts[-count:])) if tail else (" ".join(parts[:count]) + " ...")


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(" ".join(text.split())) if s]


def clamp(value: float, low: float, high: float) -> float:
    return round(min(high, max(low, value)), 2)


def speech_seconds(element: Element, words_per_second: float) -> float:
    seconds = words(element.text) / words_per_second
    seconds += PARENTHETICAL_BEAT_S * len(element.parentheticals)
    return seconds


def action_seconds(text: str, words_per_second: float) -> float:
    """Screen time of action: its words less the asides introducing people ('(40s, ...)')."""
    return words(re.sub(r"\([^()]*\)", " ", text)) / (words_per_second * ACTION_WORDS_PER_SECOND_FACTOR)


def is_offscreen(element: Element) -> bool:
    """A voice-over or off-screen line: the speaker is heard, not seen."""
    return bool(element.extension and _OFFSCREEN.search(element.extension)) or bool(
        element.cue and _OFFSCREEN.search(element.cue.split(element.character or "", 1)[-1])
    )


def emotional_weight(element: Element, previous: Element | None) -> int:
    """0 none, 1 an emotional beat (close-up), 2 the quietest beats (extreme close-up)."""
    parentheticals = " ".join(element.parentheticals)
    short = words(element.text) <= SHORT_LINE_WORDS
    after_silence = (
        previous is not None
        and previous.type == "action"
        and (words(previous.text) >= LONG_ACTION_WORDS or bool(_SILENCE.search(previous.text)))
    )
    if parentheticals and _QUIETEST.search(parentheticals):
        return 2 if short else 1
    if parentheticals and _EMOTIONAL.search(parentheticals):
        return 1
    if "!" in element.text:
        return 1
    if short and after_silence:
        return 1
    return 0
