"""The film grammar's words: every word table the rules brain reads, in one place.

A reader (coverage, camera, notes) never lists a word itself: it asks the lexicon for the words
of a meaning and builds its sentence patterns around them, so adding a director's word (a new
synonym for "push in") is one line in one table, and every reader that needs it sees it.

    lexicon/action.py   what a script's action lines say: motion, faces, moods (one tagged row per word)
    lexicon/objects.py  things: insert-worthy details by class, garments, colours
    lexicon/camera.py   camera words: moves, framings, angles, lenses, speed, pacing, negation
    lexicon/notes.py    a director's words for shots, edits, timing and looks; numbers and ordinals
    lexicon/script.py   a screenplay's own words: special headings, voice-over, transitions,
                        times of day, ages, places

Entries are regular-expression fragments for the forms of one word ("runs?|running"); readers
join them with `alternation` and wrap them in their own boundaries. A test keeps each word in one
row of one table (tests/agents/film_grammar/lexicon/).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

IC = re.IGNORECASE  # every word table is read without regard to case


def alternation(forms: Iterable[str], *, longest_first: bool = False) -> str:
    """`forms` as one non-capturing regex group: '(?:runs?|running)'.

    `longest_first` orders plain words by length so a compound ('leather jacket') is tried
    before the word inside it ('jacket').
    """
    forms = list(forms)
    if longest_first:
        forms = sorted(forms, key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")"


def words_pattern(forms: Iterable[str], *, flags: int = IC) -> re.Pattern[str]:
    """A pattern finding any of `forms` as whole words.

    Where every form starts with a letter, the pattern says so first: `re` then skips the
    places where no word starts before trying each alternative (a long table searches about
    twice as fast, finding the same matches).
    """
    forms = list(forms)
    letter_first = r"(?=[A-Za-z])" if all(re.match(r"[A-Za-z]", f) for f in forms) else ""
    return re.compile(r"\b" + letter_first + "(" + "|".join(forms) + r")\b", flags)


def escaped(words: Iterable[str]) -> list[str]:
    """Plain words as regex fragments (their dots and hyphens taken literally)."""
    return [re.escape(word) for word in words]
