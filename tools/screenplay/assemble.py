"""What every reader does after reading: ids, note anchors, the character index, page count.

Readers build scenes and elements with empty ids; `finish()` turns them into a complete
`Screenplay`, so Fountain and Final Draft input end up identical for the same script.
"""

from __future__ import annotations

import hashlib
import re

from storyreel.models.screenplay import Appearance, Character, Element, Scene, Screenplay
from storyreel.tools.screenplay.grammar import parse_heading
from storyreel.tools.screenplay.pages import estimate_pages

_ID_PREFIX = {
    "action": "a",
    "dialogue": "d",
    "transition": "t",
    "centered": "c",
    "section": "s",
    "synopsis": "y",
    "note": "n",
    "page_break": "p",
    "lyric": "l",
}


def _content_id(prefix: str, content: str, seen: dict[str, int]) -> str:
    # Ids come from content, not line numbers, so editing one scene leaves the ids (and so the
    # cached renders) of every other scene alone. Repeats of the same content are numbered.
    digest = hashlib.sha1(content.encode("utf-8")).hexdigest()[:8]
    base = f"{prefix}-{digest}"
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count + 1}"


def assign_ids(screenplay: Screenplay) -> None:
    seen: dict[str, int] = {}
    for scene in screenplay.scenes:
        scene.id = _content_id("sc", scene.heading.upper(), seen)
    for element in screenplay.all_elements():
        content = "\x1f".join((element.type, element.character or "", element.text))
        element.id = _content_id(_ID_PREFIX[element.type], content, seen)


def anchor_notes(elements: list[Element]) -> None:
    """A stand-alone note annotates the element before it, or the next one if it comes first."""
    previous: str | None = None
    pending: list[Element] = []
    for element in elements:
        if element.type == "note":
            if previous is not None:
                element.annotates = previous
            else:
                pending.append(element)
            continue
        for note in pending:
            note.annotates = element.id
        pending = []
        previous = element.id


def index_characters(screenplay: Screenplay) -> list[Character]:
    """One Character per canonical name, with cue spellings, speech count and first appearance."""
    characters: dict[str, Character] = {}
    located: list[tuple[int | None, Element]] = [(None, e) for e in screenplay.elements]
    for scene in screenplay.scenes:
        located.extend((scene.index, e) for e in scene.elements)
    for scene_index, element in located:
        if element.type != "dialogue" or not element.character:
            continue
        where = Appearance(scene=scene_index, element=element.id, line=element.line)
        character = characters.get(element.character)
        if character is None:
            character = characters[element.character] = Character(
                name=element.character, cues=[], speeches=0, first_appearance=where, first_speech=where
            )
        character.speeches += 1
        if element.cue and element.cue not in character.cues:
            character.cues.append(element.cue)
    if not characters:
        return []

    # A character is usually introduced in capitals in the action before they speak.
    names = sorted(characters, key=len, reverse=True)
    order_of = {element.id: order for order, (_, element) in enumerate(located)}
    pattern = re.compile(r"(?<![\w'])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
    for order, (scene_index, element) in enumerate(located):
        if element.type != "action":
            continue
        for match in pattern.finditer(element.text):
            character = characters[match.group(1)]
            if order_of[character.first_appearance.element] > order:
                character.first_appearance = Appearance(
                    scene=scene_index, element=element.id, line=element.line
                )
    return sorted(characters.values(), key=lambda c: (c.first_appearance.line, c.name))


def finish(screenplay: Screenplay) -> Screenplay:
    """Fill ids, note anchors, characters and pages of a freshly read screenplay."""
    assign_ids(screenplay)
    anchor_notes(screenplay.elements)
    for scene in screenplay.scenes:
        anchor_notes(scene.elements)
    screenplay.characters = index_characters(screenplay)
    screenplay.pages = estimate_pages(screenplay)
    return screenplay


def is_prose(screenplay: Screenplay) -> bool:
    """Nothing screenplay-shaped: no scene heading, no speech, no transition."""
    if screenplay.scenes:
        return False
    return not any(e.type in ("dialogue", "transition") for e in screenplay.elements)


def as_prose(screenplay: Screenplay, text: str) -> Screenplay:
    """The same reading as kind 'prose': the leading text becomes `prose` (or `text` if none)."""
    # Keep what the reader learnt (title page, warnings); the writer agent adapts the text.
    body = "\n\n".join(e.text for e in screenplay.elements if e.type in ("action", "centered", "lyric"))
    return screenplay.model_copy(
        update={
            "kind": "prose",
            "elements": [],
            "prose": body.strip() or text.strip(),
            "pages": 0.0,
        }
    )


def new_scene(index: int, heading: str, number: str | None, line: int, sections: list[str]) -> Scene:
    parsed = parse_heading(heading, number)
    return Scene(
        index=index,
        id="",
        heading=parsed.text,
        number=parsed.number,
        line=line,
        int_ext=parsed.int_ext,
        location=parsed.location,
        time_of_day=parsed.time_of_day,
        sections=list(sections),
    )
