"""Transitions in a note: a dissolve, a fade (in or out, through black or white) or a cut, at
the boundary the note names ("dissolve from shot 4 into shot 5", "fade out at the end",
"lose the dissolve").

The boundary is the first row of BOUNDARIES that fits the clause; each row says where the
transition goes (a shot, and its 'in' or 'out' side).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from storyreel.agents.film_grammar.lexicon import IC, alternation
from storyreel.agents.film_grammar.lexicon.notes import (
    AT_THE_END,
    BURN,
    FADE_IN,
    OPENING,
    REMOVE_VERBS,
    TRANSITION_LENGTHS,
    TRANSITION_WORDS,
)
from storyreel.agents.film_grammar.lexicon.objects import COLOURS
from storyreel.agents.film_grammar.notes.clause import seconds, without
from storyreel.agents.film_grammar.notes.film import Ask, Film, Read
from storyreel.agents.film_grammar.notes.references import Ref, scope_of
from storyreel.models.edits import TransitionEdit

Boundary = tuple[str, str]  # (shot id, 'in' or 'out')

_LOSE = alternation([*REMOVE_VERBS, "no"])
_TRANSITION = re.compile(
    r"\b("
    + "|".join(f"(?P<{kind}>{words})" for kind, words in TRANSITION_WORDS.items())
    + rf"|(?P<lose>{_LOSE} the (?:dissolve|fade|transition)))\b",
    IC,
)
_WHITE = re.compile(
    rf"\b({alternation([*(n for n, c in COLOURS.items() if c.fade == '#FFFFFF'), *BURN])})\b", IC
)
_FADE_IN = re.compile(rf"\b{alternation(FADE_IN)}\b", IC)
_OPENING = re.compile(rf"\b{alternation(OPENING)}", IC)
_AT_END = re.compile(rf"\b{alternation(AT_THE_END)}\b", IC)
_LENGTHS = [(re.compile(rf"\b({alternation(words)})\b", IC), length) for words, length in TRANSITION_LENGTHS]


@dataclass
class _Clause:
    """A transition clause, read."""

    text: str
    film: Film
    previous: list[str] | None
    refs: list[Ref]
    kind: str  # 'dissolve', 'fade' or 'cut'
    word: str  # the transition words as said
    losing: bool  # 'lose the dissolve'

    @property
    def shots(self) -> list[str]:
        return [i for r in self.refs for i in r.shots]

    @property
    def fade_in(self) -> bool:
        return self.kind == "fade" and bool(_FADE_IN.search(self.text))


def _between(c: _Clause) -> Boundary:
    first, second = sorted(c.shots[:2], key=c.film.ids.index)
    if c.film.ids.index(second) != c.film.ids.index(first) + 1:
        raise Ask(
            f"{c.film.label([first])} and {c.film.label([second])} are not next to each other: which cut?"
        )
    return first, "out"


def _into(c: _Clause) -> Boundary:
    index = c.film.ids.index(c.refs[0].shots[0])
    if index == 0:
        raise Ask(
            "Shot 1 is the first shot: nothing comes before it to transition from. Did you mean a fade in?",
            [c.word],
            ["fade in"],
        )
    return c.film.ids[index - 1], "out"


def _faded_in(c: _Clause) -> Boundary:
    if c.refs:
        return c.refs[0].shots[0], "in"
    at_start = (not c.previous and not c.film.focus) or _OPENING.search(c.text)
    return (c.film.ids[0] if at_start else (c.previous or c.film.focus)[0]), "in"


def _lost(c: _Clause) -> Boundary:
    """The one dissolve or fade to lose: the only one in the film, or the one by the shots in hand."""
    named = re.search(r"(dissolve|fade)", c.word)
    wanted = {named.group(1)} if named else {"dissolve", "fade"}
    existing = [
        (s.id, side)
        for s in c.film.plan.shots
        for side, t in (("in", s.transition_in), ("out", s.transition_out))
        if t.type in wanted
    ]
    near = [e for e in existing if e[0] in (c.previous or c.film.focus)]
    chosen = existing if len(existing) == 1 else near
    what = named.group(1) if named else "transition"
    if not existing:
        raise Ask(f"There is no {what} in the film to lose.")
    if len(chosen) != 1:
        where = ", ".join(f"{side} of {c.film.label([i])}" for i, side in existing) or "none"
        # an answer names a shot's end ('lose the dissolve after shot 4'); a fade in has no such words
        ends = [f"after {c.film.label([i])}" for i, side in existing if side == "out"]
        raise Ask(f"Which {what}? The film has: {where}. Say e.g. 'cut between shots 4 and 5'.", [], ends)
    return chosen[0]


def _after_the_shots_in_hand(c: _Clause) -> Boundary:
    targets = c.previous or c.film.focus
    if not targets:
        raise Ask(f"Where should the {c.kind} go? Say 'between shots 4 and 5' or 'out of shot 9'.")
    return targets[-1], "out"


def _into_named(c: _Clause) -> bool:
    return bool(c.refs) and bool(
        re.search(r"\b(?:into|to|in on|up on|onto)\s*$", c.text[: c.refs[0].start], IC)
    )


# (the clause fits, where the transition goes), first fit wins.
BOUNDARIES: tuple[tuple[Callable[[_Clause], bool], Callable[[_Clause], Boundary]], ...] = (
    (lambda c: bool(re.search(r"\b(?:between|from)\b", c.text, IC)) and len(c.shots) >= 2, _between),
    (lambda c: _into_named(c) and not c.fade_in, _into),
    (lambda c: c.fade_in, _faded_in),
    (lambda c: bool(c.refs), lambda c: (c.refs[0].shots[-1], "out")),
    (lambda c: bool(_AT_END.search(c.text)), lambda c: (c.film.ids[-1], "out")),
    (lambda c: c.kind == "cut" and c.losing, _lost),
    (lambda c: True, _after_the_shots_in_hand),
)


def _length(text: str, kind: str) -> float | None:
    """The transition's length: said in seconds, or slow (2 s) or quick (0.5 s)."""
    said = seconds(text)
    if said is not None or kind == "cut":
        return said
    return next((length for pattern, length in _LENGTHS if pattern.search(text)), None)


def _kind(m: re.Match[str]) -> tuple[str, bool]:
    """('dissolve' / 'fade' / 'cut', whether it loses a transition) from the words matched."""
    if m.group("lose") or m.group("cut"):
        return "cut", bool(m.group("lose"))
    return ("dissolve" if m.group("dissolve") else "fade"), False


def read_transition(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    m = _TRANSITION.search(clause)
    if not m:
        return None
    kind, losing = _kind(m)
    scope = scope_of(clause, film)
    read = _Clause(clause, film, previous, scope.explicit, kind, m.group(1).lower(), losing)
    length = _length(without(clause, scope.spans), kind)
    colour = ("#FFFFFF" if _WHITE.search(clause) else "#000000") if kind == "fade" else None
    shot, side = next(where(read) for fits, where in BOUNDARIES if fits(read))
    if side == "in" and kind == "dissolve":
        raise Ask("A dissolve joins two shots: say which two, e.g. 'dissolve from shot 4 into shot 5'.")
    if kind == "dissolve" and shot == film.ids[-1]:
        raise Ask(
            f"{film.label([shot])} is the last shot: there is nothing to dissolve into. A fade out?",
            [read.word],
            ["fade"],
        )
    edit = TransitionEdit(
        shot=shot, side=side, type=kind, duration_s=length if kind != "cut" else None, colour=colour
    )
    how = (
        kind
        if kind != "fade"
        else f"fade {'in from' if side == 'in' else 'out to'} {'white' if colour == '#FFFFFF' else 'black'}"
    )
    said_length = f" of {length:g} s" if length and kind != "cut" else ""
    where = f"at the start of {film.label([shot])}" if side == "in" else f"after {film.label([shot])}"
    return [edit], f"{how}{said_length} {where}", [shot]
