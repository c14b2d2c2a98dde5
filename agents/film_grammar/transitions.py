"""Script transitions ('CUT TO:', 'DISSOLVE TO:', 'BURN TO WHITE.') as plan `Transition`s.

A transition in the script is an editing instruction: cuts of every flavour are cuts (a smash
cut is a cut with a jolt in the picture, not in the edit), a dissolve overlaps two shots, and a
fade goes through a colour. 'FADE IN:' is a fade *from* black and belongs on the next shot's
`transition_in`; everything else belongs on the previous shot's `transition_out`.
"""

from __future__ import annotations

import re

from storyreel.agents.film_grammar.lexicon import alternation
from storyreel.agents.film_grammar.lexicon.objects import FADES
from storyreel.agents.film_grammar.lexicon.script import CUT_FLAVOURS, DISSOLVE_FLAVOURS, DISSOLVE_WORDS
from storyreel.models.plan import Transition

DISSOLVE_S = 1.0
FADE_S = 1.0
FADE_OUT_S = 1.5  # the end of a film, or of an act, breathes a little longer

_CUTS = re.compile(rf"^(?:{alternation(CUT_FLAVOURS)}\s+)?CUT(?:\s+(?:TO|BACK\s+TO))?\s*:?\.?$")
_DISSOLVE = re.compile(
    rf"^(?:{alternation(DISSOLVE_FLAVOURS)}\s+)?{alternation(DISSOLVE_WORDS)}(?:\s+TO)?\s*[:.]?$"
)
_FADE_IN = re.compile(r"^FADE\s+IN(?:\s+FROM\s+(?P<colour>[A-Z]+))?\s*[:.]?$")
_FADE_OUT = re.compile(r"^FADE\s+OUT\s*[:.]?$")
_TO_COLOUR = re.compile(
    r"^(?:(?:SLOW|QUICK)\s+)?(?:FADE|BURN|CUT|DISSOLVE|IRIS\s+OUT)\s+(?:OUT\s+)?TO\s+(?P<colour>[A-Z]+)\s*[:.!]?$"
)


def _normalise(text: str) -> str:
    text = text.strip().lstrip(">").rstrip("<").strip().upper()
    return re.sub(r"\s+", " ", text)


def is_fade_in(text: str) -> bool:
    """True for 'FADE IN:' (and 'FADE IN FROM BLACK.'): it opens the next shot, not closes one."""
    return _FADE_IN.match(_normalise(text)) is not None


def script_transition(text: str) -> Transition | None:
    """The plan transition a script transition asks for, or None when it names no edit we know.

    'FADE IN:' comes back as a fade from its colour (black by default), for a `transition_in`.
    """
    norm = _normalise(text)
    if not norm:
        return None
    written = text.strip()
    if _CUTS.match(norm):
        return Transition(type="cut", text=written)
    if _DISSOLVE.match(norm):
        return Transition(type="dissolve", duration_s=DISSOLVE_S, text=written)
    match = _FADE_IN.match(norm)
    if match:
        colour = FADES.get(match.group("colour") or "BLACK")
        if colour is None:
            return None
        return Transition(type="fade", duration_s=FADE_S, colour=colour, text=written)
    if _FADE_OUT.match(norm):
        return Transition(type="fade", duration_s=FADE_OUT_S, colour="#000000", text=written)
    match = _TO_COLOUR.match(norm)
    if match:
        colour = FADES.get(match.group("colour"))
        if colour is None:
            return None
        if norm.startswith("CUT "):  # 'CUT TO BLACK.': an instant cut to a colour frame
            return Transition(type="fade", duration_s=0.1, colour=colour, text=written)
        duration = FADE_OUT_S if colour == "#000000" else FADE_S
        return Transition(type="fade", duration_s=duration, colour=colour, text=written)
    if norm in ("IRIS OUT", "IRIS OUT.", "IRIS IN", "IRIS IN."):
        return Transition(type="fade", duration_s=FADE_S, colour="#000000", text=written)
    return None
