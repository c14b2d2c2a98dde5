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
4. A question with a few possible answers (two readings, a scene among several at one place, one
   shot of a group) offers them as `choices`: each a whole note, the asked words replaced by one
   answer (answers.py), kept only when reading it again settles the question. An open question
   ("there is no shot 40: which did you mean?") offers none.

The words themselves are the lexicon's (lexicon/notes.py, lexicon/camera.py, lexicon/objects.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from storyreel.agents.film_grammar.notes.answers import settle, tidy
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
MAX_CHOICES = 8  # a question with more answers than this is an open one (Direction.choices holds 8)

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


def checked(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    """`read_clause`, with an edit the domain model refuses (601 seconds longer: past the
    longest edit; a seed below 0) asked about, naming the value and its limit."""
    try:
        return read_clause(clause, film, previous)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        raise Ask(f"I cannot do '{clause}': {_limit_words(error)}.") from None


# A limit the domain model sets on an edit, as a question says it: pydantic's error type -> the
# words and the constraint it names; the edit fields a note sets -> their name and unit.
LIMIT_WORDS = {
    "less_than_equal": ("at most", "le"),
    "less_than": ("under", "lt"),
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
}
FIELD_WORDS = {
    "duration_s": ("a shot's length", " s"),
    "duration_delta_s": ("a change of length", " s"),
    "duration_scale": ("a change of length", "x"),
    "lens_mm": ("a lens", " mm"),
    "speed": ("a move's speed", ""),
    "speed_scale": ("a change of speed", "x"),
    "seed": ("a seed", ""),
}


def _limit_words(error: Any) -> str:
    """'a change of length must be at most 600 s (the note asks for 601 s)', or pydantic's own
    message, with the field, for a limit not in the tables."""
    where = ".".join(str(part) for part in error["loc"])
    field = str(error["loc"][-1]) if error["loc"] else ""
    limit, value = LIMIT_WORDS.get(error["type"]), error.get("input")
    if limit is None or field not in FIELD_WORDS or not isinstance(value, int | float):
        return f"{where or 'the edit'}: {error['msg']}"
    (words, bound), (name, unit) = limit, FIELD_WORDS[field]
    return f"{name} must be {words} {error['ctx'][bound]:g}{unit} (the note asks for {value:g}{unit})"


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
    text = digits(text)
    try:
        edits, readings, touched = read_text(text, film)
    except Ask as question:
        asked = str(question)
        offered = choices(text, question, film)
        return Direction(note=note, reading="a question", question=asked, choices=offered, focus=film.focus)
    if not edits:
        return Direction(
            note=note,
            reading="no change I know",
            question=f"I could not find a change in '{note}'. {UNDERSTOOD}",
            focus=film.focus,
        )
    return Direction(note=note, reading="; ".join(readings), edits=edits, focus=list(dict.fromkeys(touched)))


def read_text(text: str, film: Film) -> tuple[list[Edit], list[str], list[str]]:
    """(edits, how each clause was read, the shots touched) of every clause of `text` in turn; a
    question raised carries where its clause is in `text` (`Ask.where`)."""
    edits: list[Edit] = []
    readings: list[str] = []
    touched: list[str] = []
    previous: list[str] | None = None
    end = 0
    for clause in clauses(text):
        start = text.find(clause, end)  # a clause is a piece of the text, as said
        end = start + len(clause) if start >= 0 else end
        try:
            read = checked(clause, film, previous)
        except Ask as question:
            question.where = (start, end) if start >= 0 else None
            raise
        if read is None:
            continue
        clause_edits, reading, targets = read
        edits += clause_edits
        readings.append(reading)
        touched += targets
        previous = targets or previous
    return edits, readings, touched


def choices(text: str, question: Ask, film: Film) -> list[str]:
    """The question's answers as whole notes (the asked clause settled, the rest as said), each
    kept only when reading it does not ask the same question again or find nothing to change."""
    if question.where is None or len(question.answers) > MAX_CHOICES:
        return []  # raised outside a clause, or an open question after all
    start, end = question.where
    offered: list[str] = []
    for answer in question.answers:
        settled = settle(text[start:end], question.said, answer)
        if settled is None:
            continue
        note = tidy(text[:start] + settled + text[end:])
        if note not in offered and _settles(note, str(question), film):
            offered.append(note)
    return offered


def _settles(note: str, question: str, film: Film) -> bool:
    try:
        edits, _, _ = read_text(note, film)
    except Ask as again:
        return str(again) != question  # settled; another question may follow
    return bool(edits)
