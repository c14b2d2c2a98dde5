"""The rules brain's honest adaptation of prose: the story's own paragraphs as action, no dialogue.

A deterministic brain cannot write good dialogue, so it writes none: it lays the paragraphs out
as an action-only Fountain script, one scene per group of paragraphs, and says so on the title
page. A scene heading names a place and a time only when the paragraph names them recognisably
("At dawn, in the old lighthouse ..."); otherwise it is the neutral "INT./EXT. STORY - CONTINUOUS".
"""

from __future__ import annotations

import re

from storyreel.agents.film_grammar.lexicon import alternation, escaped
from storyreel.agents.film_grammar.lexicon.script import (
    EXTERIOR_PLACES,
    INTERIOR_PLACES,
    PLACE_ADJECTIVES_DROPPED,
    TIMES_OF_DAY,
)

NOTES = "adapted from prose by the rules brain: no dialogue was invented"
NEUTRAL_LOCATION = "STORY"
PARAGRAPHS_PER_SCENE = 3

_PLACES = sorted({*EXTERIOR_PLACES, *INTERIOR_PLACES}, key=len, reverse=True)
_PLACE = re.compile(
    r"\b(?:in|at|inside|outside|into|on|across|through|to|toward|towards|near|by)\s+(?:the|a|an|his|her|their|our|my)\s+"
    r"(?P<phrase>(?:[a-zé'-]+\s+){0,2}?(?P<noun>" + "|".join(map(re.escape, _PLACES)) + r"))\b",
    re.IGNORECASE,
)
_TIMES = [
    (re.compile(rf"\b({alternation(escaped(said))})\b", re.IGNORECASE), heading)
    for heading, _, said in TIMES_OF_DAY
]


def _escape(text: str) -> str:
    """Make a paragraph safe as forced action: no notes, boneyard, or emphasis markup."""
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
    text = text.replace("[[", "[ [").replace("]]", "] ]").replace("/*", "/ *").replace("*/", "* /")
    return text


def _paragraphs(prose: str) -> list[str]:
    text = prose.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    out = []
    for block in re.split(r"\n\s*\n", text):
        joined = " ".join(line.strip() for line in block.split("\n") if line.strip())
        if joined:
            out.append(joined)
    return out


def _place(paragraph: str) -> tuple[str, str] | None:
    """(INT or EXT, LOCATION) when the paragraph names a place, else None."""
    match = _PLACE.search(paragraph)
    if match is None:
        return None
    words = match.group("phrase").split()
    words = [w for w in words if w.lower() not in PLACE_ADJECTIVES_DROPPED]
    noun = match.group("noun").lower()
    int_ext = "EXT" if noun in EXTERIOR_PLACES else "INT"
    location = re.sub(r"[^A-Z0-9É' -]", "", " ".join(words).upper()).strip()
    return (int_ext, location) if location else None


def _time(paragraph: str) -> str | None:
    for pattern, time in _TIMES:
        if pattern.search(paragraph):
            return time
    return None


def prose_to_fountain(prose: str) -> str:
    """An action-only Fountain script of `prose`: title page, then the paragraphs as action."""
    # 1. Paragraphs, grouped into scenes: a new scene where a paragraph names a new place or
    #    time, or when the current scene already holds a few paragraphs.
    scenes: list[tuple[str, list[str]]] = []
    current_place: tuple[str, str] | None = None
    current_time: str | None = None
    for paragraph in _paragraphs(prose):
        place, time = _place(paragraph), _time(paragraph)
        changed = (place is not None and place != current_place) or (
            time is not None and time != current_time
        )
        if not scenes or changed or len(scenes[-1][1]) >= PARAGRAPHS_PER_SCENE:
            current_place = place or current_place
            current_time = time or ("CONTINUOUS" if scenes else None)
            scenes.append((_heading(current_place, current_time), []))
        scenes[-1][1].append(paragraph)
    if not scenes:
        scenes.append((_heading(None, None), []))
    # 2. Write it: title page, FADE IN, headings, forced action ('!' so nothing reads as a cue).
    lines = ["Title: Untitled", f"Notes: {NOTES}", "", "FADE IN:", ""]
    for heading, paragraphs in scenes:
        lines += [heading, ""]
        for paragraph in paragraphs:
            lines += ["!" + _escape(paragraph), ""]
    lines += ["FADE OUT.", ""]
    return "\n".join(lines)


def _heading(place: tuple[str, str] | None, time: str | None) -> str:
    if place is None:
        return f"INT./EXT. {NEUTRAL_LOCATION} - {time or 'CONTINUOUS'}"
    int_ext, location = place
    return f"{int_ext}. {location} - {time or 'CONTINUOUS'}"
