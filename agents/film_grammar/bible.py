"""The rules brain's bible: characters, locations and style read straight off the screenplay.

Characters: a script introduces a character in capitals with a few words about them, as an
aside in parentheses ("NELL HALVORSEN (40s, work blazer, car keys already in her fist)") or an
appositive ("BRICK BRADDOCK, retired police detective, sits ..."). The aside is split into what
they look like (description) and what they wear (wardrobe). The visual identity (colour, build,
height, hair) is derived from a hash of the name, so the same name always looks the same, and
identity colours are kept distinct within one film.

Locations: one sheet per distinct scene location, described by the first action paragraph of
its first scene, with a palette from interior/exterior and time of day.
"""

from __future__ import annotations

import hashlib
import re

from storyreel.agents.film_grammar.lexicon import alternation, escaped, words_pattern
from storyreel.agents.film_grammar.lexicon.notes import NUMBER_WORDS
from storyreel.agents.film_grammar.lexicon.objects import EYEWEAR, FABRICS, GARMENTS, WEARING
from storyreel.agents.film_grammar.lexicon.script import (
    AGE_WORDS,
    GROUP_JOINERS,
    INSERT_HEADING,
    LOOK_KEYS,
    OFFSCREEN,
    OLD_AGE,
    POV_HEADING,
    RELATIVE_TIMES,
    TIMES_OF_DAY,
)
from storyreel.models.bible import Bible, CharacterSheet, Identity, LocationSheet, Style
from storyreel.models.screenplay import Character, Scene, Screenplay

# 1. Identity palettes -----------------------------------------------------------------------

# Saturated, mutually distinct, readable on both dark and light sets.
IDENTITY_COLOURS: tuple[str, ...] = (
    "#E6194B",  # red
    "#3CB44B",  # green
    "#4363D8",  # blue
    "#F58231",  # orange
    "#911EB4",  # purple
    "#42D4F4",  # cyan
    "#F032E6",  # magenta
    "#BFEF45",  # lime
    "#FABED4",  # pink
    "#469990",  # teal
    "#DCBEFF",  # lavender
    "#9A6324",  # brown
    "#FFE119",  # yellow
    "#800000",  # maroon
    "#AAFFC3",  # mint
    "#000075",  # navy
)
BUILDS = ("slim", "average", "athletic", "heavy")
HAIR_STYLES = (
    "short cropped",
    "shoulder-length",
    "long straight",
    "curly",
    "wavy",
    "close-shaved",
    "tied-back",
    "messy",
)
HAIR_COLOURS: tuple[tuple[str, str], ...] = (
    ("black", "#1B1B1B"),
    ("dark brown", "#3B2416"),
    ("chestnut", "#6B3E26"),
    ("auburn", "#8A3324"),
    ("sandy blond", "#C8A165"),
    ("ash blond", "#B8A88A"),
)
GREY_HAIR = (("grey", "#9A9A9A"), ("white", "#E8E8E8"), ("salt-and-pepper", "#6E6E6E"))

# 2. Reading introductions ---------------------------------------------------------------------

_CLOTHES = words_pattern(escaped([*GARMENTS, *FABRICS, *EYEWEAR]))
_AGE = re.compile(
    r"^(?:\d{1,3}s?|"
    + "|".join([*AGE_WORDS, *(word for word, n in NUMBER_WORDS.items() if n >= 10)])
    + r")\b",
    re.IGNORECASE,
)
_AGE_NUMBER = re.compile(r"\b(\d{1,3})s?\b")
_WEARS = re.compile(rf"\b{alternation(WEARING)}\s+(?P<what>[^.;!?(),]+)", re.IGNORECASE)
_OLD = words_pattern(OLD_AGE)
_GROUP = re.compile(rf"\s+{alternation(GROUP_JOINERS)}\s+")
_OFFSCREEN_CUE = re.compile(rf"\({alternation(OFFSCREEN)}\.?\)", re.IGNORECASE)
_POV = re.compile(rf"\b{alternation(POV_HEADING)}\b", re.IGNORECASE)
_INSERT = re.compile(rf"^\s*{alternation(INSERT_HEADING)}\b", re.IGNORECASE)
_NAME_WORD = r"[^\W\d_a-z][^\sa-z,.;:!?()]*"  # a word in capitals (unicode aware)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _split_aside(aside: str) -> list[str]:
    """Split '40s, work blazer, car keys already in her fist' on top-level commas."""
    parts, depth, current = [], 0, []
    for ch in aside:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _introduction(name: str, text: str) -> list[str] | None:
    """The words introducing `name` in `text`: a parenthesised aside or an appositive."""
    words = [re.escape(w) for w in name.split()]
    if not words:
        return None
    # The name in capitals, possibly inside a longer run of capitals ("DETECTIVE SOL VANCE").
    pattern = re.compile(
        r"(?<![\w'])(?:"
        + _NAME_WORD
        + r"\s+)*"
        + r"\s+".join(words)
        + r"(?:\s+"
        + _NAME_WORD
        + r")*(?![\w'])"
    )
    for match in pattern.finditer(text):
        rest = text[match.end() :]
        aside = re.match(r"\s*\(([^()]{1,300})\)", rest)
        if aside:
            return _split_aside(aside.group(1))
        apposition = re.match(r",\s*([^,.;!?()]{3,120}),", rest)
        if apposition:
            candidate = apposition.group(1).strip()
            # An appositive is a noun phrase, not the start of a clause with a verb in it.
            if len(candidate.split()) <= 8 and not re.match(
                r"(?i)(and|but|then|who|which|as|while|when|she|he|they|it)\b", candidate
            ):
                return [candidate]
        return []
    return None


def _describe(character: Character, screenplay: Screenplay) -> tuple[str, str]:
    """(description, wardrobe) of a character from the text where they first appear."""
    texts = _intro_texts(character, screenplay)
    description: list[str] = []
    wardrobe: list[str] = []
    for text in texts:
        parts = _introduction(character.name, text)
        if parts is None:
            continue
        for part in parts:
            (wardrobe if _CLOTHES.search(part) and not _AGE.match(part) else description).append(part)
        for match in _WEARS.finditer(text):
            what = match.group("what").strip()
            if what and what not in wardrobe:
                wardrobe.append(what)
        break
    parts_of_group = [p for p in _GROUP.split(character.name) if p]
    if not description and len(parts_of_group) > 1:
        description.append(" and ".join(parts_of_group) + " together")
    if not description and character.cues and all(_OFFSCREEN_CUE.search(cue) for cue in character.cues):
        description.append("a voice off screen")
    return ", ".join(description), ", ".join(wardrobe)


def _intro_texts(character: Character, screenplay: Screenplay) -> list[str]:
    """Action paragraphs from the character's first appearance on, first appearance first."""
    first = character.first_appearance.element
    out: list[str] = []
    seen_first = False
    for element in screenplay.all_elements():
        if element.id == first:
            seen_first = True
        if seen_first and element.type == "action":
            out.append(element.text)
            if len(out) >= 12:
                break
    return out


def _age(description: str) -> int | None:
    head = description.split(",")[0]
    match = _AGE_NUMBER.search(head) if _AGE.match(head) else None
    if match:
        return int(match.group(1))
    if _OLD.search(description):
        return 75
    return None


def identity_for(name: str, description: str = "", colour_index: int | None = None) -> Identity:
    """The visual identity of a name: same name, same look; the description may age the hair."""
    h = _hash(name)
    colour = IDENTITY_COLOURS[(h if colour_index is None else colour_index) % len(IDENTITY_COLOURS)]
    build = BUILDS[(h >> 8) % len(BUILDS)]
    height = round(1.55 + ((h >> 16) % 41) / 100, 2)  # 1.55 .. 1.95 m
    style = HAIR_STYLES[(h >> 24) % len(HAIR_STYLES)]
    age = _age(description)
    hair_colours = GREY_HAIR if age is not None and age >= 60 else HAIR_COLOURS
    hair_name, hair_hex = hair_colours[(h >> 32) % len(hair_colours)]
    return Identity(
        colour=colour,
        build=build,
        height_m=height,
        hair=f"{style} {hair_name} hair",
        hair_colour=hair_hex,
    )


def _sheet_name(name: str, taken: set[str]) -> str:
    """An uppercase, non-empty, unique name for a sheet (the model's validators demand it).

    An uppercase name is kept exactly as written, so `Bible.character(element.character)` and
    `Bible.location(scene.location)` find their sheets directly.
    """
    cleaned = name.strip().upper() or "UNNAMED"
    if cleaned.upper() != cleaned:  # characters whose uppercase is not stable
        cleaned = "".join(ch for ch in cleaned if ch.upper() == ch) or "UNNAMED"
    candidate, n = cleaned, 2
    while candidate in taken:
        candidate = f"{cleaned} {n}"
        n += 1
    return candidate


def _characters(screenplay: Screenplay) -> list[CharacterSheet]:
    sheets: list[CharacterSheet] = []
    taken: set[str] = set()
    used_colours: set[int] = set()
    for character in screenplay.characters:
        name = _sheet_name(character.name, taken)
        taken.add(name)
        description, wardrobe = _describe(character, screenplay)
        # Keep identity colours distinct within the film: the hash's choice, or the next free one.
        preferred = _hash(name) % len(IDENTITY_COLOURS)
        index = preferred
        for step in range(len(IDENTITY_COLOURS)):
            candidate = (preferred + step) % len(IDENTITY_COLOURS)
            if candidate not in used_colours:
                index = candidate
                break
        used_colours.add(index)
        if len(used_colours) == len(IDENTITY_COLOURS):
            used_colours.clear()
        sheets.append(
            CharacterSheet(
                name=name,
                description=description,
                wardrobe=wardrobe,
                identity=identity_for(name, description, colour_index=index),
            )
        )
    return sheets


# 3. Locations ---------------------------------------------------------------------------------

# Heading words by the light they give: 'MIDNIGHT' is night, 'MAGIC HOUR' golden.
_LIGHT_WORDS: dict[str, list[str]] = {}
for _, _light, _said in TIMES_OF_DAY:
    _LIGHT_WORDS.setdefault(_light, []).extend(word.upper() for word in _said)

PALETTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("EXT", "day"): ("#87BFE8", "#F4D58D", "#7FA35B", "#E8DCC4", "#C97B4A"),
    ("EXT", "golden"): ("#F29E4C", "#C8553D", "#6D3B6E", "#2E2A4F", "#F6D8AE"),
    ("EXT", "night"): ("#0B1633", "#1F3A68", "#2E4A7D", "#C9D6EA", "#F2C14E"),
    ("INT", "day"): ("#EDE3D1", "#C9B79C", "#8C7B65", "#A7C4D9", "#4F5D75"),
    ("INT", "golden"): ("#E8A65D", "#B5653B", "#5E3A2E", "#F3D9B1", "#2F2A3A"),
    ("INT", "night"): ("#E0A040", "#8A5A2B", "#2B2118", "#14161F", "#3C4F76"),
    ("NONE", "day"): ("#D8D4CC", "#A39E93", "#6B675F", "#C2B59B", "#3D3A35"),
    ("NONE", "night"): ("#1C2233", "#3A4660", "#8C8FA3", "#D9B26F", "#101218"),
}


def light_of(time_of_day: str | None) -> str:
    """'day', 'golden' or 'night' for a time of day (day when unknown)."""
    time = (time_of_day or "").upper()
    for light in ("night", "golden"):
        if any(word in time for word in _LIGHT_WORDS[light]):
            return light
    return "day"


def palette_for(int_ext: str | None, time_of_day: str | None, name: str = "") -> list[str]:
    """Dominant colours of a set: from interior/exterior and the light, plus a per-place accent."""
    side = {"EXT": "EXT", "EST": "EXT", "INT": "INT", "INT/EXT": "INT"}.get(int_ext or "", "NONE")
    light = light_of(time_of_day)
    base = PALETTES.get((side, light)) or PALETTES[(side, "day")]
    accent = IDENTITY_COLOURS[_hash("location:" + name) % len(IDENTITY_COLOURS)]
    colours = list(base)
    if accent not in colours:
        colours.append(accent)
    return colours[:8]


def _first_action(scene: Scene) -> str:
    for element in scene.elements:
        if element.type == "action" and element.text.strip():
            text = " ".join(element.text.split())
            return text if len(text) <= 400 else text[:397].rsplit(" ", 1)[0] + "..."
    return ""


def _locations(screenplay: Screenplay) -> list[LocationSheet]:
    order: list[str] = []
    first_scene: dict[str, Scene] = {}
    int_ext: dict[str, str | None] = {}
    times: dict[str, list[str]] = {}
    previous_time: str | None = None
    for scene in screenplay.scenes:
        name = _sheet_name(scene.location or scene.heading or "UNKNOWN", set())
        time = (scene.time_of_day or "").upper() or None
        if time is None or time in RELATIVE_TIMES:
            time = previous_time if time is None or time in RELATIVE_TIMES else time
        previous_time = time or previous_time
        if name not in first_scene:
            order.append(name)
            first_scene[name] = scene
            int_ext[name] = scene.int_ext
            times[name] = []
        if int_ext[name] is None and scene.int_ext is not None:
            int_ext[name] = scene.int_ext
        if time and time not in times[name]:
            times[name].append(time)
    sheets = []
    for name in order:
        scene = first_scene[name]
        description = _first_action(scene)
        if scene.int_ext is None and _POV.search(scene.heading):
            description = f"point of view: {description}" if description else "point of view"
        elif scene.int_ext is None and _INSERT.match(scene.heading):
            description = f"insert, close detail: {description}" if description else "insert, close detail"
        sheets.append(
            LocationSheet(
                name=name,
                int_ext=int_ext[name],  # type: ignore[arg-type]
                times_of_day=times[name],
                description=description,
                palette=palette_for(int_ext[name], times[name][0] if times[name] else None, name),
            )
        )
    return sheets


def location_name(scene: Scene) -> str:
    """The bible name of a scene's location (what `Bible.location` is looked up with)."""
    return _sheet_name(scene.location or scene.heading or "UNKNOWN", set())


# 4. Style -------------------------------------------------------------------------------------


def _style(screenplay: Screenplay) -> Style:
    page = screenplay.title_page
    look = next((" ".join(page[k].split()) for k in LOOK_KEYS if page.get(k, "").strip()), "")
    return Style(look=look, seed=0)


def write_bible(screenplay: Screenplay) -> Bible:
    """The bible of a screenplay: a sheet per speaking character and per location, and the style."""
    return Bible(
        characters=_characters(screenplay),
        locations=_locations(screenplay),
        style=_style(screenplay),
    )
