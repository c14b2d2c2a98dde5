"""The rules brain's director: a directing note, in a director's words, read into typed edits.

    read_note("shots 3-5 tighter, from below", plan, bible, screenplay, focus)
        -> Direction(edits=[CameraEdit(shots=["s1-3", "s1-4", "s1-5"], framing_steps=1, angle="low")])

A note is read clause by clause (clause.py: split at ';', sentence ends, 'then', and 'and' before
a new shot reference); a clause that names no shots is about the shots of the clause before it,
or, in a new note, the shots the last note was about ("this shot").

1. References (references.py): shot numbers as the shot list and storyboard show them (1-based,
   film order), ranges and lists, ordinals, ids, "this shot", "the next shot", scenes by number
   or place, characters, coverage and framing ("every close-up of Steel"), and everything.
2. The change, each reader of READERS in turn, first the one that names its own shape:
   transitions (transitions.py); adding, removing, splitting, merging, moving and swapping
   shots, another take (structure.py); looks in the bible (looks.py); length and pace
   (timing.py); and the camera (camera.py).
3. Anything the grammar cannot settle is asked, never guessed: a shot or scene that does not exist,
   a name that fits two characters, two framings at once, 'faster' of a moving shot (the move or the
   cut?), a reference it does not know ("the argument", when no scene talks of arguing).

The words themselves are the lexicon's (lexicon/notes.py, lexicon/camera.py, lexicon/objects.py).
"""

from __future__ import annotations

from collections.abc import Callable

from storyreel.agents.film_grammar.notes.camera import read_camera
from storyreel.agents.film_grammar.notes.clause import clauses, digits
from storyreel.agents.film_grammar.notes.film import UNDERSTOOD, Ask, Film, Read
from storyreel.agents.film_grammar.notes.looks import read_character, read_location, read_style
from storyreel.agents.film_grammar.notes.structure import (
    read_add,
    read_merge,
    read_move,
    read_remove,
    read_reseed,
    read_split,
)
from storyreel.agents.film_grammar.notes.timing import read_timing
from storyreel.agents.film_grammar.notes.transitions import read_transition
from storyreel.models.bible import Bible
from storyreel.models.edits import Direction, Edit
from storyreel.models.plan import ShotPlan
from storyreel.models.screenplay import Screenplay

Reader = Callable[[str, Film, list[str] | None], Read | None]

# The clause readers in the order they are tried: the first that reads the clause wins.
READERS: tuple[Reader, ...] = (
    read_transition,
    read_add,
    read_remove,
    read_split,
    read_merge,
    read_move,
    read_reseed,
    read_character,
    read_location,
    read_style,
    read_timing,
    read_camera,
)


def read_clause(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    """The first reading of `clause` any reader finds, or None."""
    return next((read for reader in READERS if (read := reader(clause, film, previous)) is not None), None)


def read_note(
    note: str, plan: ShotPlan, bible: Bible, screenplay: Screenplay, focus: list[str] | None = None
) -> Direction:
    """The edits `note` asks for, or a question when it cannot be read without guessing."""
    film = Film(plan, bible, screenplay, [s for s in (focus or []) if s in {x.id for x in plan.shots}])
    text = " ".join(note.replace("\u2013", "-").replace("\u2014", " - ").split())
    if not text:
        return Direction(note=note, reading="an empty note", question="What would you like to change?")
    if not plan.shots:
        return Direction(
            note=note, reading="no shots", question="The plan has no shots yet: make the film first."
        )
    edits: list[Edit] = []
    readings: list[str] = []
    touched: list[str] = []
    previous: list[str] | None = None
    try:
        for clause in clauses(digits(text)):
            read = read_clause(clause, film, previous)
            if read is None:
                continue
            clause_edits, reading, targets = read
            edits += clause_edits
            readings.append(reading)
            touched += targets
            previous = targets or previous
    except Ask as question:
        return Direction(note=note, reading="a question", question=str(question), focus=film.focus)
    if not edits:
        return Direction(
            note=note,
            reading="no change I know",
            question=f"I could not find a change in '{note}'. {UNDERSTOOD}",
            focus=film.focus,
        )
    return Direction(note=note, reading="; ".join(readings), edits=edits, focus=list(dict.fromkeys(touched)))
