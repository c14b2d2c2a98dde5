"""Looks in a note: a character's wardrobe, hair and build, a set's colours, the film's style.

These change the bible, so they change every shot that shows what changed (plan_edits restates
the prompts).
"""

from __future__ import annotations

import re

from storyreel.agents.film_grammar.bible import location_name
from storyreel.agents.film_grammar.lexicon import IC, alternation, escaped
from storyreel.agents.film_grammar.lexicon.camera import CAMERA_CONTEXT
from storyreel.agents.film_grammar.lexicon.notes import (
    BUILD_WORDS,
    SET_CHANGES,
    STYLE_LIKE,
    STYLE_WORDS,
    WEAR_INSTRUCTIONS,
)
from storyreel.agents.film_grammar.lexicon.objects import (
    COLOUR_SHADES,
    COLOURS,
    GARMENTS,
    HAIR_WORDS,
    PAINTS,
    WEARING,
)
from storyreel.agents.film_grammar.notes.film import Ask, Film, Read
from storyreel.agents.film_grammar.notes.references import characters, name_matches, places, shot_refs
from storyreel.models.edits import CharacterEdit, LocationEdit, StyleEdit

_SHADE = alternation(COLOUR_SHADES)
COLOUR = rf"(?:{_SHADE}[- ])?" + alternation(sorted(PAINTS, key=len, reverse=True))
_HEX = r"#[0-9a-fA-F]{6}"
_GARMENT = re.compile(rf"\b({alternation(escaped(GARMENTS), longest_first=True)})s?\b", IC)
_HAIR = re.compile(
    rf"\b({alternation(escaped([*HAIR_WORDS, *(c for c in COLOURS if COLOURS[c].of_hair)]))})\b", IC
)
_WEARS = re.compile(rf"\b({alternation([*WEARING, *WEAR_INSTRUCTIONS])})\b", IC)
_CAMERA_CONTEXT = re.compile(rf"\b({alternation(CAMERA_CONTEXT)})\b", IC)
_SET_CHANGE = re.compile(rf"\b({alternation(SET_CHANGES)})\b", IC)
_STYLE = re.compile(
    rf"\b(?:{alternation(STYLE_WORDS)})\b\s*(?::|should be|to|is|becomes?|=|like|of)?\s*(.*)$"
    rf"|\b(?:make|shoot|grade|do)\s+(?:it|the film|the whole (?:film|thing)|everything)\s+(?:look\s+)?(?:{alternation(STYLE_LIKE)})\s+(.+)$"
    r"|\bin the style of\s+(.+)$",
    IC,
)
_UNPAINTED = ["#8A8A8A", "#5A5A5A", "#B0B0B0"]  # a set with no palette yet
# How a set change moves each colour of its palette.
_SET_SHIFTS = {
    "darker": (lambda c: _shade(c, 0.65), "darker"),
    "brighter": (lambda c: _tint(c, 0.35), "brighter"),
    "colder": (lambda c: _toward(c, (70, 110, 170), 0.3), "colder"),
    "warmer": (lambda c: _toward(c, (200, 130, 60), 0.3), "warmer"),
}


def colour_of(text: str) -> tuple[str, str] | None:
    """('#C0392B', 'red') for the first colour named in `text` (with dark/light shades)."""
    m = re.search(rf"({_HEX})|\b({COLOUR})\b", text, IC)
    if not m:
        return None
    if m.group(1):
        return m.group(1).upper(), m.group(1).upper()
    said = m.group(2).lower().replace("-", " ").split()
    r, g, b = (int(PAINTS[said[-1]][i : i + 2], 16) for i in (1, 3, 5))
    shade = COLOUR_SHADES.get(said[0]) if len(said) > 1 else None
    if shade == "darker":
        r, g, b = (int(c * 0.6) for c in (r, g, b))
    elif shade == "lighter":
        r, g, b = (int(c + (255 - c) * 0.45) for c in (r, g, b))
    elif shade == "brighter":
        r, g, b = (min(255, int(c * 1.2)) for c in (r, g, b))
    return f"#{r:02X}{g:02X}{b:02X}", " ".join(said)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def restyle_wardrobe(wardrobe: str, garment: str, colour: str) -> str:
    """The wardrobe line with `garment` in `colour`: its old colour words replaced (the rest of its
    description kept: 'a black leather jacket' -> 'a red leather jacket'), or the garment added."""
    found = re.search(rf"\b{re.escape(garment)}s?\b", wardrobe, IC)
    if not found:
        addition = (
            f"{_article(colour)} {colour} {garment}" if not garment.endswith("s") else f"{colour} {garment}"
        )
        return f"{wardrobe.rstrip(' .;,')}, {addition}" if wardrobe.strip() else addition
    before = wardrobe[: found.start()]
    start = max(
        [0, *(before.rfind(sep) + len(sep) for sep in (",", ";", " and ", " with ") if sep in before)]
    )
    said = wardrobe[start : found.start()].split()
    article = said[0] if said and said[0].lower() in ("a", "an", "the", "his", "her", "their") else None
    colour_word = re.compile(rf"^(?:{COLOUR}|{_SHADE})$", IC)
    kept = [w for w in said[1 if article else 0 :] if not colour_word.match(w)]
    if article and article.lower() in ("a", "an"):
        article = _article(colour)
    phrase = " ".join([*([article] if article else []), colour, *kept, found.group(0)])
    lead = wardrobe[:start] + (" " if start and not wardrobe[:start].endswith(" ") else "")
    return lead + phrase + wardrobe[found.end() :]


def _who(
    clause: str, film: Film, previous: list[str] | None, garment: re.Match[str] | None, hair: bool
) -> str | None:
    """The one character whose look the clause changes (asks when it cannot tell)."""
    names = characters(clause, film)
    if not names and garment and (previous or film.focus):
        subjects = {n for i in (previous or film.focus) for n in film.shots[i].subjects}
        if len(subjects) == 1:
            names = subjects
    if not names:
        if garment or hair:
            everyone = [sheet.name for sheet in film.bible.characters]
            who = ", ".join(everyone) or "none in the bible"
            said, thing = _worn(clause, garment)
            answers = [f"{name.title()}'s {thing}" for name in everyone] if said else []
            question = f"Whose {garment.group(1) if garment else 'hair'}? Characters: {who}."
            raise Ask(question, [said] if said else [], answers)
        return None
    if len(names) > 1:
        said = [words for words, _ in name_matches(clause, film)]
        owner = "'s" if any(words.lower().endswith("'s") for words in said) else ""
        answers = [f"{name.title()}{owner}" for name in sorted(names)]
        raise Ask(f"Whose look changes: {' or '.join(sorted(names))}?", said, answers)
    return next(iter(names))


def _worn(clause: str, garment: re.Match[str] | None) -> tuple[str, str]:
    """What the look is said of, with and without its article: ('the jacket', 'jacket'), or
    ('', '') when the clause does not say ('make them bald')."""
    thing = garment.group(0) if garment else "hair"
    m = re.search(rf"\b(?:(?:the|a|an|his|her|their|its)\s+)?{re.escape(thing)}\b", clause, IC)
    return (m.group(0), thing) if m else ("", "")


def _wardrobe(
    clause: str, name: str, wardrobe: str, garment: re.Match[str], colour: tuple[str, str] | None, hair: bool
) -> tuple[dict[str, object], str]:
    piece = garment.group(1).lower()
    if colour and not hair:
        edit: dict[str, object] = {"wardrobe": restyle_wardrobe(wardrobe, piece, colour[1])}
        if GARMENTS.get(piece):
            edit["colour"] = colour[0]
        return edit, f"{colour[1]} {piece}"
    wears = _WEARS.search(clause)
    if wears:
        what = clause[wears.end() :].strip(" .")
        edit = {"wardrobe": what}
        if colour and GARMENTS.get(piece):
            edit["colour"] = colour[0]
        return edit, f"wears {what}"
    raise Ask(
        f"What should {name}'s {garment.group(1)} be like? (e.g. 'make {name}'s {garment.group(1)} red')"
    )


def _hair(
    word: str, name: str, hair_now: str, colour: tuple[str, str] | None
) -> tuple[dict[str, object], str]:
    if word == "bald":
        return {"hair": "bald"}, "bald"
    if colour:
        colour_words = re.compile(rf"\b(?:{COLOUR})\b", IC)
        if not hair_now:
            hair = f"{colour[1]} hair"
        elif colour_words.search(hair_now):
            hair = colour_words.sub(colour[1], hair_now)
        else:
            hair = f"{colour[1]} {hair_now}"
        return {"hair": hair, "hair_colour": colour[0]}, f"{colour[1]} hair"
    tone = HAIR_WORDS.get(word) or ("blonde" if word in COLOURS else None)
    if tone:
        return {"hair": f"{tone} hair", "hair_colour": PAINTS[tone]}, f"{tone} hair"
    raise Ask(f"What should {name}'s hair be like? (e.g. 'make {name}'s hair grey')")


def read_character(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    garment = _GARMENT.search(clause)
    hair = _HAIR.search(clause)
    build = next((value for pattern, value in BUILD_WORDS if pattern.search(clause)), None)
    if not (garment or hair or (build and re.search(r"\b(build|look|be|make)\b", clause, IC))):
        return None
    name = _who(clause, film, previous, garment, bool(hair))
    if name is None:
        return None
    sheet = film.bible.character(name)
    colour = colour_of(clause)
    edit: dict[str, object] = {"name": name}
    said: list[str] = []
    if garment:
        fields, how = _wardrobe(clause, name, sheet.wardrobe, garment, colour, bool(hair))
        edit.update(fields)
        said.append(how)
    if hair:
        fields, how = _hair(hair.group(1).lower(), name, sheet.identity.hair, colour)
        edit.update(fields)
        said.append(how)
    if build:
        edit["build"] = build
        said.append(f"{build} build")
    shows = [s.id for s in film.plan.shots if name in s.subjects]
    reading = (
        f"{name}: {', '.join(said)} (every shot that shows {name}: {film.label(shows) if shows else 'none'})"
    )
    return [CharacterEdit(**edit)], reading, shows  # type: ignore[arg-type]


def _shade(colour: str, factor: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c * factor):02X}" for c in (r, g, b))


def _tint(colour: str, amount: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c + (255 - c) * amount):02X}" for c in (r, g, b))


def _toward(colour: str, target: tuple[int, int, int], amount: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c + (t - c) * amount):02X}" for c, t in zip((r, g, b), target, strict=True))


def _set_change(word: str) -> str:
    """What a set word asks: 'paint', 'darker', 'brighter', 'colder' or 'warmer'."""
    return next(change for pattern, change in SET_CHANGES.items() if re.fullmatch(pattern, word, IC))


def read_location(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    change = _SET_CHANGE.search(clause)
    colour = colour_of(clause)
    if (
        not (change or colour)
        or _CAMERA_CONTEXT.search(clause)
        or re.search(r"\b(shot|shots|close[- ]?ups?|angle|framing|lens)\b", clause, IC)
    ):
        return None
    found = places(clause, film)
    if not found:
        return None
    place = sorted(found)[0]
    try:
        sheet = film.bible.location(place)
    except KeyError:
        raise Ask(f"{place} has no sheet in the bible to change.") from None
    palette = list(sheet.palette) or list(_UNPAINTED)
    how = _set_change(change.group(1)) if change else "paint"
    if colour and how == "paint":
        palette, how = [colour[0], *palette[1:]][:8], f"{colour[1]} as its main colour"
    elif how in _SET_SHIFTS:
        shift, how = _SET_SHIFTS[how]
        palette = [shift(c) for c in palette]
    else:
        raise Ask(
            f"How should {place} change? (e.g. 'make {place.lower()} darker' or 'paint {place.lower()} blue')"
        )
    scenes = {s.index for s in film.screenplay.scenes if location_name(s) == place or s.location == place}
    shows = film.scene_shots(scenes)
    edit = LocationEdit(name=place, palette=palette)
    return [edit], f"{place}: {how} (every shot there: {film.label(shows) if shows else 'none'})", shows


def read_style(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    m = _STYLE.search(clause)
    if not m:
        return None
    if shot_refs(clause, film):
        raise Ask(
            "The look is the whole film's, not one shot's: say 'make the film look like ...' to change it everywhere."
        )
    look = next((g for g in m.groups() if g), "").strip(" .:'\"")
    if not look:
        raise Ask(f"What should the look be? It is now '{film.bible.style.look or 'unset'}'.")
    if look.lower().startswith(("more ", "less ")) and film.bible.style.look:
        look = f"{film.bible.style.look}, {look}"
    return [StyleEdit(look=look)], f"the film's look: '{look}' (every shot)", []
