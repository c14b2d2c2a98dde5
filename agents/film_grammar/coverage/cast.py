"""Who is in a scene: bible names for the script's names, who speaks, who a pronoun is, and the
screen side each person keeps in every shot of the scene (the 180-degree rule).

Sides: whoever was in the previous shot keeps their side across the cut (screen direction);
then speakers in order of first speech, then the others as the action names them, each on the
first side nobody holds (left, right, center), then alternating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from storyreel.agents.film_grammar.coverage.reading import is_offscreen, sentences
from storyreel.agents.film_grammar.lexicon import alternation, words_pattern
from storyreel.agents.film_grammar.lexicon.script import GROUP_JOINERS, PRONOUNS
from storyreel.agents.schemas import BoardShot
from storyreel.models.bible import Bible
from storyreel.models.screenplay import Element, Scene

SIDES = ("left", "right", "center")  # the first three people; then left and right by turns
PRONOUN_PATTERNS = {gender: words_pattern(forms) for gender, forms in PRONOUNS.items()}
_GROUP = re.compile(rf"\s+{alternation(GROUP_JOINERS)}\s+")
_OPENING_PRONOUN = re.compile(r"(She|He)\b")  # a sentence that goes on about the one just named


@dataclass
class Cast:
    """Who is in the scene, their bible names and their screen sides (the 180-degree rule)."""

    names: dict[str, str]  # screenplay name -> bible name
    groups: dict[str, list[str]]  # group cue ('ROSA AND THEO') -> member bible names
    sides: dict[str, str] = field(default_factory=dict)
    mention: re.Pattern[str] | None = None
    mention_names: dict[str, str] = field(default_factory=dict)  # spelling in action -> bible name
    gender: dict[str, str] = field(default_factory=dict)  # bible name -> 'f' or 'm' when the text says

    def side(self, name: str) -> str:
        """`name`'s side: the first of SIDES nobody holds yet (someone carried across the cut may
        hold one already), then left and right by turns."""
        if name not in self.sides:
            free = [side for side in SIDES if side not in self.sides.values()]
            n = len(self.sides)
            self.sides[name] = free[0] if free else SIDES[(n - len(SIDES)) % 2]
        return self.sides[name]

    def speakers_of(self, element: Element) -> list[str]:
        name = element.character or ""
        if name in self.groups:
            return list(self.groups[name])
        return [self.names.get(name, name.upper() or "UNNAMED")]

    def mentioned(self, text: str) -> list[str]:
        if self.mention is None:
            return []
        out: list[str] = []
        for match in self.mention.finditer(text):
            name = self.mention_names[match.group(0)]
            if name not in out:
                out.append(name)
        return out


def pronoun(text: str) -> str | None:
    """'f' or 'm' from the first personal pronoun in `text`, None without one."""
    found = [(m.start(), gender) for gender, p in PRONOUN_PATTERNS.items() if (m := p.search(text))]
    return min(found)[1] if found else None


def _speakers(scene: Scene, bible: Bible) -> tuple[dict[str, str], dict[str, list[str]], list[str]]:
    """(script name -> bible name, group cue -> members, on-screen speakers in order of speech)."""
    by_upper = {c.name.upper(): c.name for c in bible.characters}
    names: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    speakers: list[str] = []
    for element in scene.elements:
        if element.type != "dialogue" or not element.character:
            continue
        name = element.character
        if name not in names and name not in groups:
            members = [m for m in _GROUP.split(name) if m]
            if len(members) > 1 and all(m.upper() in by_upper for m in members):
                groups[name] = [by_upper[m.upper()] for m in members]
            else:
                names[name] = by_upper.get(
                    name.upper(), by_upper.get(" ".join(name.split()).upper(), name.upper() or "UNNAMED")
                )
        if not is_offscreen(element):
            for speaker in groups.get(name) or [names[name]]:
                if speaker not in speakers:
                    speakers.append(speaker)
    return names, groups, speakers


def _spellings(bible: Bible) -> dict[str, str]:
    """Names as they appear in action: capitals ('NELL') and title case ('Nell'), first word too."""
    spellings: dict[str, str] = {}
    for sheet in (c.name for c in bible.characters):
        if len(sheet) < 2:
            continue
        for form in dict.fromkeys((sheet, sheet.title())):
            spellings.setdefault(form, sheet)
        first = sheet.split()[0]
        if len(first) >= 3 and first != sheet:
            for form in dict.fromkeys((first, first.title())):
                spellings.setdefault(form, sheet)
    return spellings


def _genders(cast: Cast, scene: Scene, bible: Bible) -> None:
    """Pronouns: 'her fist' in an introduction; then in action, a sentence opening on a name
    followed by one opening on He or She ("Mara doesn't stop. She leaps the gap.")."""
    for sheet in bible.characters:
        found = pronoun(f"{sheet.description} {sheet.wardrobe}")
        if found:
            cast.gender[sheet.name] = found
    for element in scene.elements:
        if element.type != "action" or cast.mention is None:
            continue
        for this, following in pairwise(sentences(element.text)):
            opener = cast.mention.match(this)
            said = _OPENING_PRONOUN.match(following)
            if opener and said:
                cast.gender.setdefault(
                    cast.mention_names[opener.group(0)], "f" if said.group(1) == "She" else "m"
                )


def _place_sides(cast: Cast, scene: Scene, speakers: list[str], previous: BoardShot | None) -> None:
    if previous is not None:
        in_scene = set(speakers) | {
            n for e in scene.elements if e.type == "action" for n in cast.mentioned(e.text)
        }
        for placement in previous.blocking:
            if placement.character in in_scene and placement.character not in cast.sides:
                cast.sides[placement.character] = placement.side
    for speaker in speakers:
        cast.side(speaker)
    for element in scene.elements:
        if element.type == "action":
            for name in cast.mentioned(element.text):
                cast.side(name)


def cast_of(scene: Scene, bible: Bible, previous: BoardShot | None = None) -> Cast:
    """The scene's cast with every side placed (see the module docstring)."""
    names, groups, speakers = _speakers(scene, bible)
    cast = Cast(names=names, groups=groups)
    spellings = _spellings(bible)
    if spellings:
        alternation_ = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
        cast.mention = re.compile(r"(?<![\w'])(?:" + alternation_ + r")(?![\w])")
        cast.mention_names = spellings
    _genders(cast, scene, bible)
    _place_sides(cast, scene, speakers, previous)
    return cast
