"""The film as the notes reader sees it: shots by number, names and places by the words a
director uses for them, and the question raised when a note cannot be read without a guess."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyreel.agents.film_grammar.bible import location_name
from storyreel.agents.film_grammar.lexicon.notes import NAME_STOP, PLACE_STOP
from storyreel.models.bible import Bible
from storyreel.models.edits import Edit
from storyreel.models.plan import ShotPlan
from storyreel.models.screenplay import Screenplay

UNDERSTOOD = (
    "I understand framing (tighter, wider, close-up, wide), angle (low, high, overhead, dutch), "
    "moves (push in, pull back, pan left, tilt up, zoom, crane, handheld, lock it off), lens "
    "(50mm, longer lens), speed (slower, faster move), length (2 seconds longer, feel faster), "
    "transitions (dissolve, fade out), adding, removing, splitting, merging, moving and "
    "re-shooting shots, wardrobe, set colours and the film's look."
)
Read = tuple[
    list[Edit], str, list[str]
]  # a clause read: its edits, how the reply says them, the shots touched
WHICH = "Say 'shot 3', 'shots 3-5', 'scene 2', 'the garage scene' or 'every close-up of NAME'."


class Ask(Exception):
    """Raised inside the reader: the note needs a question, not a guess.

    A question with a few possible answers also says what they are: `answers`, each the words
    that take the place of `said` in the clause (the words as the clause has them: the first is
    replaced, the rest dropped; none: the answer is added at the clause's end). The reader turns
    each into a whole note and keeps those that settle the question (`Direction.choices`)."""

    def __init__(self, question: str, said: Sequence[str] = (), answers: Sequence[str] = ()) -> None:
        super().__init__(question)
        self.said = list(said)
        self.answers = list(answers)
        self.where: tuple[int, int] | None = None  # the asking clause in the note (reader.py sets it)


def words(text: str) -> list[str]:
    """The words of `text`, lower case, keeping inner dots and apostrophes ('dr.', "nell's")."""
    return re.findall(r"[a-z0-9][a-z0-9'.]*[a-z0-9]|[a-z0-9]", text.lower())


def singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def name_index(names: list[str]) -> dict[str, set[str]]:
    """Spoken forms of each character's name -> the names they could mean."""
    index: dict[str, set[str]] = {}
    for name in names:
        forms = {name.lower()}
        spoken = [w for w in words(name) if w not in NAME_STOP]
        forms.update(spoken)
        if len(spoken) > 1:
            forms.add(" ".join(spoken))
        for form in forms:
            index.setdefault(form, set()).add(name)
    return index


def location_index(bible: Bible, screenplay: Screenplay, names: dict[str, set[str]]) -> dict[str, set[str]]:
    """Words naming a location -> the locations (bible names) they could mean."""
    places = {sheet.name for sheet in bible.locations}
    places |= {location_name(scene) for scene in screenplay.scenes}
    index: dict[str, set[str]] = {}
    for place in places:
        for word in words(place):
            word = singular(word.removesuffix("'s"))
            if word in PLACE_STOP or word.isdigit() or len(word) < 3 or word in names:
                continue
            index.setdefault(word, set()).add(place)
        index.setdefault(place.lower(), set()).add(place)
    return index


def shots_label(numbers: list[int]) -> str:
    """'shot 3', 'shots 3-5', 'shots 3, 7 and 9-11' from 1-based numbers."""
    numbers = sorted(set(numbers))
    if not numbers:
        return "no shots"
    runs: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    if len(numbers) == 1:
        return f"shot {runs[0]}"
    text = runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " and " + runs[-1]
    return f"shots {text}"


@dataclass
class Film:
    """The plan, bible and screenplay a note is about, and the shots last discussed (`focus`)."""

    plan: ShotPlan
    bible: Bible
    screenplay: Screenplay
    focus: list[str]

    def __post_init__(self) -> None:
        self.ids = [shot.id for shot in self.plan.shots]
        self.shots = {shot.id: shot for shot in self.plan.shots}
        self.numbers = {shot_id: n for n, shot_id in enumerate(self.ids, start=1)}
        self.names = name_index([sheet.name for sheet in self.bible.characters])
        self.locations = location_index(self.bible, self.screenplay, self.names)

    def number(self, numbers: list[int], said: str) -> list[str]:
        bad = [n for n in numbers if not 1 <= n <= len(self.ids)]
        if bad:
            raise Ask(
                f"There is no shot {bad[0]}: the film has {len(self.ids)} shots (1-{len(self.ids)}). "
                f"Which shot did you mean by '{said}'?"
            )
        return [self.ids[n - 1] for n in numbers]

    def label(self, shot_ids: list[str]) -> str:
        return shots_label([self.numbers[i] for i in shot_ids if i in self.numbers])

    def scene_shots(self, scenes: set[int]) -> list[str]:
        return [shot.id for shot in self.plan.shots if shot.scene in scenes]

    def need_focus(self, said: str) -> list[str]:
        """The shots last discussed, which `said` ('this shot') refers to."""
        if not self.focus:
            raise Ask(f"'{said}': no shot has been discussed yet. {WHICH}")
        return self.focus
