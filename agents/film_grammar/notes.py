"""The rules brain's director: a directing note, in a director's words, read into typed edits.

    read_note("shots 3-5 tighter, from below", plan, bible, screenplay, focus)
        -> Direction(edits=[CameraEdit(shots=["s1-3", "s1-4", "s1-5"], framing_steps=1, angle="low")])

A note is read clause by clause (split at ';', sentence ends, 'then', and 'and' before a new shot
reference); a clause that names no shots is about the shots of the clause before it, or, in a
new note, the shots the last note was about ("this shot").

1. References: shot numbers as the shot list and storyboard show them (1-based, film order),
   ranges and lists ("shots 3-5", "shots 3, 5 and 7", "#4"), ordinals ("the first shot", "the
   last shot"), ids ("s1-3"), "this shot", "the next shot", "the previous shot", scenes by number
   or place ("scene 2", "the garage scene"), characters ("every close-up of Steel", "Nell's
   singles"), coverage and framing ("the establishing shots", "all the wides"), and everything.
2. The change, first the one that names its own shape: transitions (dissolve, fade), adding,
   removing, splitting, merging, moving and swapping shots, another take (seed); then looks in the
   bible (a character's wardrobe, hair and build, a set's colours, the film's style); then length
   and pace; and the camera: framing (absolute, or tighter / wider), angle (also from mood:
   menacing -> low, vulnerable -> high, uneasy -> dutch), moves (push in = dolly in, pull back =
   dolly out, whip pan, crane, handheld, lock it off; 'add' or 'also' compounds them), lens, speed
   and the pacing curve. Words after 'not', 'no', 'instead of' are what the director does not want.
3. Anything the grammar cannot settle is asked, never guessed: a shot or scene that does not exist,
   a name that fits two characters, two framings at once, 'faster' of a moving shot (the move or the
   cut?), a reference it does not know ("the argument", when no scene talks of arguing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyreel.agents.film_grammar.bible import location_name
from storyreel.agents.film_grammar.camera import _ANGLE_WORDS, _MOVE_WORDS, _NEGATION, _PACING_WORDS
from storyreel.models.bible import Bible
from storyreel.models.camera import FRAMINGS, LABELS, OPPOSITE
from storyreel.models.edits import (
    AddEdit,
    CameraEdit,
    CharacterEdit,
    Direction,
    Edit,
    LocationEdit,
    MergeEdit,
    MoveEdit,
    RemoveEdit,
    ReseedEdit,
    SplitEdit,
    StyleEdit,
    TimingEdit,
    TransitionEdit,
)
from storyreel.models.plan import ShotPlan
from storyreel.models.screenplay import Screenplay

IC = re.IGNORECASE  # every note pattern ignores case

UNDERSTOOD = (
    "I understand framing (tighter, wider, close-up, wide), angle (low, high, overhead, dutch), "
    "moves (push in, pull back, pan left, tilt up, zoom, crane, handheld, lock it off), lens "
    "(50mm, longer lens), speed (slower, faster move), length (2 seconds longer, feel faster), "
    "transitions (dissolve, fade out), adding, removing, splitting, merging, moving and "
    "re-shooting shots, wardrobe, set colours and the film's look."
)
WHICH = "Say 'shot 3', 'shots 3-5', 'scene 2', 'the garage scene' or 'every close-up of NAME'."


class Ask(Exception):
    """Raised inside the reader: the note needs a question, not a guess."""


# -- vocabulary ---------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "opening": 1,
}  # fmt: skip
_NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"|a|an|half a)"

COLOURS = {
    "red": "#C0392B", "crimson": "#B0202E", "scarlet": "#D0312D", "maroon": "#7B1E1E",
    "burgundy": "#800020", "pink": "#E07A9A", "orange": "#E67E22", "rust": "#B7410E",
    "yellow": "#F1C40F", "mustard": "#D4A017", "gold": "#D4AF37", "golden": "#D4AF37",
    "green": "#27AE60", "olive": "#6B7A2A", "teal": "#1F8A8A", "cyan": "#2BB3C0",
    "turquoise": "#30C5B5", "blue": "#2E6DB4", "navy": "#1F2A5A", "purple": "#7D3C98",
    "violet": "#8E44AD", "magenta": "#C2185B", "brown": "#6E4B2A", "tan": "#C8A878",
    "beige": "#D8C8A8", "cream": "#EFE6D0", "white": "#F2F2F2", "black": "#1A1A1A",
    "grey": "#7F7F7F", "gray": "#7F7F7F", "silver": "#BFC1C2", "charcoal": "#36454F",
    "khaki": "#B5A36A", "blonde": "#E3C77A", "blond": "#E3C77A", "ginger": "#B06530",
    "auburn": "#A0522D",
}  # fmt: skip
_COLOUR = (
    r"(?:(?:dark|deep|light|pale|bright)[- ])?(?:" + "|".join(sorted(COLOURS, key=len, reverse=True)) + r")"
)
_HEX = r"#[0-9a-fA-F]{6}"

GARMENTS = (
    "leather jacket", "trench coat", "boiler suit", "t-shirt", "jacket", "coat", "blazer",
    "shirt", "sweater", "jumper", "hoodie", "dress", "suit", "top", "vest", "cardigan",
    "uniform", "overalls", "raincoat", "blouse", "parka", "tie", "hat", "cap", "scarf",
    "trousers", "jeans", "pants", "skirt", "boots", "shoes", "gloves",
)  # fmt: skip
# The animatic paints a figure's torso in its identity colour: these garments are that torso.
TORSO = {
    "leather jacket", "trench coat", "boiler suit", "t-shirt", "jacket", "coat", "blazer",
    "shirt", "sweater", "jumper", "hoodie", "dress", "suit", "top", "vest", "cardigan",
    "uniform", "overalls", "raincoat", "blouse", "parka",
}  # fmt: skip
_GARMENT = r"(?:" + "|".join(re.escape(g) for g in GARMENTS) + r")"

# Coverage and framing words used to pick shots ("every close-up", "the establishing shot").
_SCOPE_TERMS: list[tuple[str, str, set[str]]] = [
    (r"extreme close[- ]?ups?|ecus?|xcus?", "framing", {"extreme_close_up"}),
    (r"close[- ]?ups?|cus", "framing", {"close_up", "extreme_close_up"}),
    (r"medium(?: shot)?s|mediums|mids|medium shot", "framing", {"medium"}),
    (r"full shots?", "framing", {"full"}),
    (r"extreme (?:long|wide) shots?|extreme wides", "framing", {"extreme_long"}),
    (r"wides|wide shots?|long shots?", "framing", {"long", "extreme_long"}),
    (r"establishing(?: shots?)?|establishers", "kind", {"establishing"}),
    (r"masters?(?: shots?)?", "kind", {"master"}),
    (r"two[- ]shots?", "kind", {"two_shot"}),
    (r"singles?", "kind", {"single"}),
    (r"over[- ]the[- ]shoulders?(?: shots?)?|ots", "kind", {"over_the_shoulder"}),
    (r"reaction(?: shot)?s?|reactions", "kind", {"reaction"}),
    (r"inserts?(?: shots?)?", "kind", {"insert"}),
    (r"povs?|point[- ]of[- ]view shots?", "kind", {"pov"}),
    (r"cutaways?", "kind", {"cutaway"}),
    (r"montages?", "kind", {"montage"}),
]

_FRAMING_VALUES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:extreme|very|big)[- ]close[- ]?ups?\b|\becu\b|\bxcu\b|\bmacro\b", IC), "extreme_close_up"),
    (re.compile(r"\bclose[- ]?ups?\b|\bcu\b|\bmcu\b|\bmedium close[- ]?up\b|\bchest up\b|\bhead and shoulders\b", IC), "close_up"),
    (re.compile(r"\b(?:extreme|very)[- ](?:long|wide)(?: shot)?\b|\bels\b|\bvista\b", IC), "extreme_long"),
    (re.compile(r"\blong shot\b|\bwide shot\b|\ba wide\b|\bwide\b|\bls\b|\bws\b", IC), "long"),
    (re.compile(r"\bfull[- ]shot\b|\bfull[- ]body\b|\bhead to toe\b|\bhead-to-toe\b|\bcowboy\b", IC), "full"),
    (re.compile(r"\bmedium(?: shot)?\b|\bmid[- ]shot\b|\bwaist[- ]up\b|\bms\b", IC), "medium"),
]  # fmt: skip
_TIGHTER = re.compile(
    r"\b(?:(much|a lot|way|even|two steps?)\s+)?(tighter|closer|punch in|get closer|go closer)\b", IC
)
_WIDER = re.compile(
    r"\b(?:(much|a lot|way|even|two steps?)\s+)?(wider|looser|more room|back off|go wider|pull wider)\b", IC
)

_ANGLE_EXTRA: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bfrom below\b|\blooking up at\b|\bworm'?s[- ]eye\b|\blower (?:the )?camera\b|\bgo low(?:er)?\b|\bshoot (?:it |him |her |them )?(?:from )?low\b", IC), "low"),
    (re.compile(r"\blooking down (?:on|at)\b|\bfrom up high\b|\braise (?:the )?camera\b|\bgo high(?:er)?\b", IC), "high"),
    (re.compile(r"\b(?:straighten|level)(?: out)? (?:the |it|this)?\s*(?:horizon|frame|camera|angle)?\b|\blose the dutch\b|\bno dutch\b", IC), "eye_level"),
]  # fmt: skip
_ANGLE_MOOD: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"\b(menac\w*|threaten\w*|powerful|dominant|imposing|heroic|towering|bigger|scarier)\b", IC), "low", "power"),
    (re.compile(r"\b(vulnerable|small|smaller|weak|helpless|diminished|powerless|lonely|alone)\b", IC), "high", "vulnerability"),
    (re.compile(r"\b(uneas\w*|unsettl\w*|off[- ]kilter|disorient\w*|wrong|uncanny|drunk|woozy)\b", IC), "dutch", "unease"),
]  # fmt: skip
# Bare 'low'/'high' mean an angle unless they describe light, key, contrast or budget.
_BARE_ANGLE = re.compile(
    r"\b(low|high|lower|higher)\b(?![- ](?:light|key|contrast|budget|res|speed|energy|stakes|point))", IC
)
_MOVE_EXTRA: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bpush(?:es|ing)?\b(?! (?:out|back))", IC), "dolly_in"),
    (re.compile(r"\b(?:pull|drift)(?:s|ing)? (?:out|back|away)\b|\bback (?:away|out)\b", IC), "dolly_out"),
    (re.compile(r"\b(?:crash|snap) zoom\b", IC), "zoom_in"),
    (re.compile(r"\bwhip[- ]pan (?:to the )?left\b", IC), "pan_left"),
    (re.compile(r"\bwhip[- ]pan\b(?! (?:to the )?left)", IC), "pan_right"),
    (re.compile(r"\b(?:track|dolly)(?:ing)? (?:to the )?left\b", IC), "truck_left"),
    (re.compile(r"\b(?:track|dolly)(?:ing)? (?:to the )?right\b", IC), "truck_right"),
    (re.compile(r"\b(?:jib|rise|rising|lift) up\b", IC), "crane_up"),
    (re.compile(r"\b(?:jib|descend) down\b", IC), "crane_down"),
    (re.compile(r"\b(?:orbit|circle)(?:s|ing)? (?:to the )?left\b", IC), "arc_left"),
    (re.compile(r"\b(?:orbit|circle)(?:s|ing)?\b(?! (?:to the )?left)", IC), "arc_right"),
    (re.compile(r"\bshaky\b|\bdocumentary[- ]style\b|\bon the shoulder\b", IC), "handheld"),
    (re.compile(r"\block(?:ed)?(?: it)? off\b|\bno (?:camera )?(?:move|movement)\b|\blose the move\b|\bkill the move\b|\bstill camera\b|\bhold still\b|\bstatic\b|\btripod\b", IC), "static"),
]  # fmt: skip
_ADD_MOVE = re.compile(r"\b(add|also|plus|as well|on top|combine|with a|and a)\b", IC)

_CAMERA_CONTEXT = re.compile(
    r"\b(move|moves|movement|camera|push|pull|pan|pans|tilt|dolly|zoom|truck|track|crane|arc|"
    r"whip|handheld|drift)\b",
    IC,
)


# -- the film as the reader sees it ----------------------------------------------------------------


@dataclass
class _Film:
    plan: ShotPlan
    bible: Bible
    screenplay: Screenplay
    focus: list[str]

    def __post_init__(self) -> None:
        self.ids = [shot.id for shot in self.plan.shots]
        self.shots = {shot.id: shot for shot in self.plan.shots}
        self.numbers = {shot_id: n for n, shot_id in enumerate(self.ids, start=1)}
        self.names = _name_index([sheet.name for sheet in self.bible.characters])
        self.locations = _location_index(self.bible, self.screenplay, self.names)

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


_NAME_STOP = {
    "the",
    "dr",
    "dr.",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "officer",
    "old",
    "young",
    "a",
    "an",
}
_LOCATION_STOP = {
    "the", "a", "an", "of", "and", "int", "ext", "day", "night", "room", "area", "inside",
    "outside", "interior", "exterior", "continuous", "later", "same", "time", "main", "big",
    "small", "old", "new", "upper", "lower", "shot", "scene", "close", "wide", "long", "medium",
    "full", "low", "high", "top", "side", "front", "back", "below", "above", "over", "under",
    "behind", "beside", "near", "up", "down", "left", "right", "into", "through", "pov", "insert",
    "-",
}  # fmt: skip


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9'.]*[a-z0-9]|[a-z0-9]", text.lower())


def _name_index(names: list[str]) -> dict[str, set[str]]:
    """Spoken forms of each character's name -> the names they could mean."""
    index: dict[str, set[str]] = {}
    for name in names:
        forms = {name.lower()}
        words = [w for w in _words(name) if w not in _NAME_STOP]
        forms.update(words)
        if len(words) > 1:
            forms.add(" ".join(words))
        for form in forms:
            index.setdefault(form, set()).add(name)
    return index


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _location_index(bible: Bible, screenplay: Screenplay, names: dict[str, set[str]]) -> dict[str, set[str]]:
    """Words naming a location -> the locations (bible names) they could mean."""
    places = {sheet.name for sheet in bible.locations}
    places |= {location_name(scene) for scene in screenplay.scenes}
    index: dict[str, set[str]] = {}
    for place in places:
        for word in _words(place):
            word = _singular(word.removesuffix("'s"))
            if word in _LOCATION_STOP or word.isdigit() or len(word) < 3 or word in names:
                continue
            index.setdefault(word, set()).add(place)
        index.setdefault(place.lower(), set()).add(place)
    return index


# -- notes and clauses ----------------------------------------------------------------------------


def read_note(
    note: str, plan: ShotPlan, bible: Bible, screenplay: Screenplay, focus: list[str] | None = None
) -> Direction:
    """The edits `note` asks for, or a question when it cannot be read without guessing."""
    film = _Film(plan, bible, screenplay, [s for s in (focus or []) if s in {x.id for x in plan.shots}])
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
        for clause in _clauses(_digits(text)):
            read = _read_clause(clause, film, previous)
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


def _digits(text: str) -> str:
    """Number words that count shots, scenes or seconds become digits ('shot three' -> 'shot 3')."""
    words = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    compound = rf"(?:(?:{words})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"

    def value(word: str) -> str:
        parts = re.split(r"[- ]", word.lower())
        return str(sum(_NUMBER_WORDS[p] for p in parts))

    def convert(match: re.Match[str]) -> str:
        return re.sub(compound, lambda m: value(m.group(0)), match.group(0), flags=IC)

    after_noun = rf"\b(?:shots?|scenes?|#)\s*{compound}(?:\s*(?:-|,|and|to|through)\s*{compound})*\b"
    text = re.sub(after_noun, convert, text, flags=IC)
    return re.sub(rf"\b{compound}(?=\s*(?:more\s+)?(?:s|secs?|seconds?)\b)", convert, text, flags=IC)


def _clauses(text: str) -> list[str]:
    parts = re.split(r"\s*;\s*|(?<=[a-z0-9)'\"])[.!?]\s+(?=[A-Za-z#])|\s*\n+\s*|,?\s+then\s+", text)
    out: list[str] = []
    for part in parts:
        out += re.split(
            r",?\s+(?:and|but|also|plus)\s+(?=(?:make\s+|give\s+|put\s+)?(?:shots?\s*#?\d|#\d))",
            part,
            flags=IC,
        )
    return [p.strip(" .,!") for p in out if p and p.strip(" .,!")]


# -- references ------------------------------------------------------------------------------------


@dataclass
class _Ref:
    start: int
    end: int
    shots: list[str]
    said: str


@dataclass
class _Scope:
    explicit: list[_Ref] = field(default_factory=list)  # shot references, in clause order
    scenes: set[int] | None = None
    scene_said: str = ""
    framings: set[str] | None = None
    kinds: set[str] | None = None
    characters: set[str] | None = None
    everything: bool = False
    plural: bool = False
    filter_said: str = ""
    unknown: str | None = None  # a reference the grammar does not know ("the argument")
    spans: list[tuple[int, int]] = field(default_factory=list)  # text consumed by references


def _shot_refs(clause: str, film: _Film) -> list[_Ref]:
    refs: list[_Ref] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(match: re.Match[str], numbers: list[int] | None = None, ids: list[str] | None = None) -> None:
        if not free(match.start(), match.end()):
            return
        said = match.group(0)
        shots = ids if ids is not None else film.number(numbers or [], said)
        refs.append(_Ref(match.start(), match.end(), shots, said))
        taken.append((match.start(), match.end()))

    for m in re.finditer(r"\bshots?\s*#?\s*(\d+)\s*(?:-|to|through|thru|until)\s*#?\s*(\d+)\b", clause, IC):
        a, b = int(m.group(1)), int(m.group(2))
        add(m, list(range(min(a, b), max(a, b) + 1)))
    for m in re.finditer(
        r"\bshots?\s*#?\s*(\d+(?:\s*(?:,|and|&|or)\s*#?\s*\d+)*)\b(?!\s*(?:s|sec|secs|seconds)\b)", clause, IC
    ):
        add(m, [int(n) for n in re.findall(r"\d+", m.group(1))])
    for m in re.finditer(
        r"\b(?:between|from)\s+#?(\d+)\s*(?:and|to|into|&)\s*(?:shot\s*)?#?(\d+)\b", clause, IC
    ):
        add(m, [int(m.group(1)), int(m.group(2))])
    for m in re.finditer(r"(?<![\w#])#\s*(\d+)\b", clause):
        add(m, [int(m.group(1))])
    ordinal = "|".join([*_ORDINALS, r"\d+(?:st|nd|rd|th)"])
    for m in re.finditer(
        rf"\bthe\s+(?:very\s+)?({ordinal}|last|final|closing|penultimate)\s+(?:shot|one)\b", clause, IC
    ):
        word = m.group(1).lower()
        if word in ("last", "final", "closing"):
            add(m, ids=[film.ids[-1]])
        elif word == "penultimate":
            add(m, ids=[film.ids[max(0, len(film.ids) - 2)]])
        else:
            add(m, [_ORDINALS.get(word) or int(re.sub(r"\D", "", word))])
    for m in re.finditer(
        r"\bthe\s+(next|following)\s+(?:shot|one)\b|\bthe\s+(?:shot|one)\s+after\s+(?:this|that|it)\b",
        clause,
        IC,
    ):
        anchor = _need_focus(film, m.group(0))
        index = film.ids.index(anchor[-1]) + 1
        if index >= len(film.ids):
            raise Ask(f"'{m.group(0)}': shot {index} is the last shot, there is none after it.")
        add(m, ids=[film.ids[index]])
    for m in re.finditer(
        r"\bthe\s+(previous|preceding|prior)\s+(?:shot|one)\b|\bthe\s+(?:shot|one)\s+before\s+(?:this|that|it)\b",
        clause,
        IC,
    ):
        anchor = _need_focus(film, m.group(0))
        index = film.ids.index(anchor[0]) - 1
        if index < 0:
            raise Ask(f"'{m.group(0)}': shot 1 is the first shot, there is none before it.")
        add(m, ids=[film.ids[index]])
    for m in re.finditer(r"\b(?:this|that|the same|the current)\s+(?:shot|one)\b", clause, IC):
        add(m, ids=_need_focus(film, m.group(0)))
    if film.ids:
        by_length = sorted(film.ids, key=len, reverse=True)
        pattern = r"(?<![\w-])(" + "|".join(re.escape(i) for i in by_length) + r")(?![\w-])"
        for m in re.finditer(pattern, clause, IC):
            exact = next(i for i in film.ids if i.lower() == m.group(1).lower())
            add(m, ids=[exact])
    refs.sort(key=lambda ref: ref.start)
    return refs


def _need_focus(film: _Film, said: str) -> list[str]:
    if not film.focus:
        raise Ask(f"'{said}': no shot has been discussed yet. {WHICH}")
    return film.focus


def _scope(clause: str, film: _Film, look_edit: bool = False) -> _Scope:
    scope = _Scope(explicit=_shot_refs(clause, film))
    scope.spans = [(r.start, r.end) for r in scope.explicit]
    said: list[str] = []
    # 1. scenes by number, then by place
    for m in re.finditer(
        r"\bscenes?\s*#?\s*(\d+[a-z]?)(?:\s*(?:-|to|through|and)\s*#?\s*(\d+[a-z]?))?\b", clause, IC
    ):
        first, last = _scene_index(m.group(1), film), _scene_index(m.group(2) or m.group(1), film)
        scope.scenes = (scope.scenes or set()) | set(range(min(first, last), max(first, last) + 1))
        scope.spans.append((m.start(), m.end()))
        scope.scene_said = m.group(0)
    if scope.scenes is None and not look_edit:
        places = _places(clause, film)
        if places:
            scenes = {
                s.index for s in film.screenplay.scenes if location_name(s) in places or s.location in places
            }
            plural = re.search(r"\bscenes\b|\b(?:every|all|each)\b", clause, IC)
            singular_scene = re.search(r"\bscene\b", clause, IC)
            if singular_scene and not plural and len(scenes) > 1:
                listed = ", ".join(f"{i + 1} ({film.screenplay.scenes[i].heading})" for i in sorted(scenes))
                raise Ask(f"Which scene at {' / '.join(sorted(places))}? Scenes {listed}.")
            scope.scenes = scenes
            scope.scene_said = f"the {' / '.join(sorted(places))} scene{'s' if len(scenes) > 1 else ''}"
    # 2. characters, coverage and framing that pick shots
    names = _characters(clause, film) if not look_edit else set()
    for pattern, family, values in _SCOPE_TERMS:
        for m in re.finditer(
            rf"\b(?:(every|each|all(?: of)?(?: the)?|any|the|those|these)\s+)?(?:([a-z]+'s)\s+)?(?:{pattern})\b",
            clause,
            IC,
        ):
            if any(a <= m.start() < b for a, b in scope.spans):
                continue
            quantifier, owner = (m.group(1) or "").lower(), m.group(2)
            term = m.group(0)
            is_plural = bool(re.search(r"s\b", term.split()[-1], IC)) and not term.lower().endswith(
                ("ss", "ots")
            )
            if family == "framing" and not (quantifier or is_plural or owner):
                continue  # "make it a close-up": a value, not a choice of shots
            if (
                family == "framing"
                and quantifier == "the"
                and not (is_plural or owner or names or scope.scenes)
            ):
                continue  # "the close-up" alone reads as the value
            if family == "kind":
                scope.kinds = (scope.kinds or set()) | values
            else:
                scope.framings = (scope.framings or set()) | values
            scope.plural = scope.plural or is_plural or quantifier.startswith(("every", "each", "all", "any"))
            scope.spans.append((m.start(), m.end()))
            said.append(term)
    if names:
        scope.characters = names
        if not any("'s" in term for term in said):
            said.append("of " + " / ".join(sorted(names)))
    if re.search(
        r"\b(every shot|all (?:the )?shots|all of them|everything|the whole (?:film|thing|movie)|throughout|the entire film|every one)\b",
        clause,
        IC,
    ):
        scope.everything = True
        scope.plural = True
        said.append("every shot")
    scope.filter_said = " ".join(said)
    if not (scope.explicit or scope.scenes is not None or scope.everything):
        scope.unknown = _unknown_reference(clause, film)
    return scope


def _scene_index(token: str, film: _Film) -> int:
    scenes = film.screenplay.scenes
    for scene in scenes:
        if scene.number and scene.number.lower() == token.lower():
            return scene.index
    if token.isdigit() and 1 <= int(token) <= len(scenes):
        return int(token) - 1
    raise Ask(f"There is no scene {token}: the film has {len(scenes)} scenes (1-{len(scenes)}).")


def _places(clause: str, film: _Film) -> set[str]:
    words = {_singular(w.removesuffix("'s")) for w in _words(clause)}
    lowered = clause.lower()
    best: dict[str, int] = {}
    for form, places in film.locations.items():
        if (" " in form and form in lowered) or form in words:
            for place in places:
                best[place] = best.get(place, 0) + 1
    if not best:
        return set()
    top = max(best.values())
    found = {place for place, score in best.items() if score == top}
    if len(found) > 1 and not re.search(r"\b(every|all|both|scenes)\b", clause, IC):
        raise Ask(f"Which place do you mean: {', '.join(sorted(found))}?")
    return found


def _characters(clause: str, film: _Film) -> set[str]:
    lowered = clause.lower()
    found: set[str] = set()
    consumed: list[tuple[int, int]] = []
    for form in sorted(film.names, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w']){re.escape(form)}(?:'s)?(?![\w])", lowered):
            if any(a <= m.start() < b for a, b in consumed):
                continue
            names = film.names[form]
            if len(names) > 1:
                raise Ask(
                    f"'{clause[m.start() : m.end()]}' could be {' or '.join(sorted(names))}: which one?"
                )
            found |= names
            consumed.append((m.start(), m.end()))
    return found


_UNKNOWN_SUBJECT = re.compile(
    r"^(?:(?:make|have|let)\s+)?the\s+([a-z][a-z' -]*?)\s+(?:should|needs?|must|has to|have to|is|are|"
    r"feels?|plays?|could|would|wants?|faster|slower|quicker|snappier|longer|shorter|tighter)\b"
    r"|\b(?:speed up|slow down|tighten(?: up)?|trim|shorten|lengthen|quicken)\s+the\s+([a-z][a-z' -]*?)$",
    IC,
)
_KNOWN_WORDS = re.compile(
    r"\b(shots?|scenes?|film|movie|cut|edit|pace|pacing|rhythm|camera|move|angle|framing|lens|"
    r"light|look|style|one|end|ending|opening|beginning|start|whole thing|sequence|transition|dissolve|fade)\b",
    IC,
)


def _unknown_reference(clause: str, film: _Film) -> str | None:
    """A phrase like 'the argument' that names shots the grammar cannot place by name: found in
    one scene's text it means that scene; otherwise the reader asks."""
    m = _UNKNOWN_SUBJECT.search(clause)
    if not m:
        return None
    phrase = (m.group(1) or m.group(2) or "").strip()
    if not phrase or _KNOWN_WORDS.search(phrase) or _characters(phrase, film) or _places(phrase, film):
        return None
    return phrase


_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "s", "e")


def _stem(word: str) -> str:
    """'argument' and 'argue' -> 'argu'; 'fighting' -> 'fight' (enough to find a scene's words)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _scene_by_words(phrase: str, film: _Film) -> set[int]:
    stems = [_stem(w) for w in _words(phrase) if len(w) > 3]
    if not stems:
        return set()
    found = set()
    for scene in film.screenplay.scenes:
        text = " ".join([scene.heading, *(e.text for e in scene.elements)]).lower()
        if all(re.search(rf"\b{re.escape(stem)}", text) for stem in stems):
            found.add(scene.index)
    return found


def _resolve(
    scope: _Scope, film: _Film, previous: list[str] | None, *, singular_ok: bool = True
) -> tuple[list[str], str]:
    """The shots a clause is about, and how to say them; asks rather than guesses."""
    if scope.unknown:
        scenes = _scene_by_words(scope.unknown, film)
        if len(scenes) != 1:
            where = (
                "no scene mentions it"
                if not scenes
                else f"scenes {', '.join(str(i + 1) for i in sorted(scenes))} all do"
            )
            raise Ask(f"Which shots are 'the {scope.unknown}'? ({where}.) {WHICH}")
        scope.scenes = scenes
        scope.scene_said = f"'{scope.unknown}' (scene {next(iter(scenes)) + 1})"
    filters = scope.framings is not None or scope.kinds is not None or scope.characters is not None
    if scope.explicit:
        base = list(dict.fromkeys(i for ref in scope.explicit for i in ref.shots))
        said = film.label(base)
    elif scope.scenes is not None:
        base = film.scene_shots(scope.scenes)
        said = scope.scene_said
    elif scope.everything or filters:
        base = list(film.ids)
        said = ""
    elif previous:
        return previous, film.label(previous)
    elif film.focus:
        return film.focus, f"{film.label(film.focus)} (the last discussed)"
    else:
        raise Ask(f"Which shot? {WHICH} The film has {len(film.ids)} shots.")
    chosen = [
        i
        for i in base
        if (scope.framings is None or film.shots[i].camera.framing in scope.framings)
        and (scope.kinds is None or film.shots[i].kind in scope.kinds)
        and (scope.characters is None or scope.characters & set(film.shots[i].subjects))
    ]
    what = " ".join(
        x
        for x in (
            scope.filter_said,
            f"in {scope.scene_said}" if scope.scene_said and scope.explicit == [] else "",
        )
        if x
    )
    if filters and scope.explicit:
        what = said if len(chosen) == len(base) else f"{scope.filter_said} in {said}"
    elif not scope.explicit:
        what = " ".join(x for x in (scope.filter_said, f"in {said}" if said else "") if x) or said
    else:
        what = said
    if not chosen:
        raise Ask(f"No shot fits '{what.strip()}'. {WHICH}")
    if filters and not scope.plural and not scope.explicit and len(chosen) > 1 and not singular_ok:
        raise Ask(f"Which one? '{what.strip()}' fits {film.label(chosen)}.")
    label = film.label(chosen)
    return chosen, label if label == what else f"{label} ({what.strip()})" if what else label


# -- reading a clause ------------------------------------------------------------------------------

Read = tuple[list[Edit], str, list[str]]


def _read_clause(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    for reader in (
        _read_transition,
        _read_add,
        _read_remove,
        _read_split,
        _read_merge,
        _read_move,
        _read_reseed,
        _read_character,
        _read_location,
        _read_style,
        _read_timing,
        _read_camera,
    ):
        read = reader(clause, film, previous)
        if read is not None:
            return read
    if re.fullmatch(r"(?:ok|okay|thanks|thank you|good|great|nice|perfect|yes|no)[.! ]*", clause, IC):
        return None
    return None


def _without(clause: str, spans: list[tuple[int, int]]) -> str:
    """The clause with references blanked out, so '3' in 'shot 3' is never read as a value."""
    chars = list(clause)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = " "
    return "".join(chars)


_WORD_NUMBER = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_SECONDS = re.compile(
    rf"\b(\d+(?:\.\d+)?)\s*(?:more\s+)?(?:s|secs?|seconds?)\b|\b({_WORD_NUMBER}|a|an|half a)\s+(?:more\s+)?(?:secs?|seconds?)\b",
    IC,
)


def _seconds(text: str) -> float | None:
    m = _SECONDS.search(text)
    if not m:
        return None
    word = (m.group(1) or m.group(2)).lower()
    if word in ("a", "an"):
        return 1.0
    if word == "half a":
        return 0.5
    return float(word) if word[0].isdigit() else float(_NUMBER_WORDS[word])


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 20) : start]))


# 1. transitions --------------------------------------------------------------------------------

_TRANSITION = re.compile(
    r"\b(dissolve|cross[- ]?fade|mix through|fade|fades|cut to black|burn to white|smash cut|hard cut|straight cut|just cut|cut (?:straight )?(?:to|between|from)|(?:lose|no|kill|remove|drop) the (?:dissolve|fade|transition))\b",
    IC,
)


def _read_transition(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    m = _TRANSITION.search(clause)
    if not m:
        return None
    word = m.group(1).lower()
    scope = _scope(clause, film)
    refs = scope.explicit
    text = _without(clause, scope.spans)
    if (
        re.match(r"(?:lose|no|kill|remove|drop)", word)
        or word in ("smash cut", "hard cut", "straight cut", "just cut")
        or word.startswith("cut ")
        and word != "cut to black"
    ):
        kind, colour = "cut", None
    elif word.startswith(("dissolve", "cross", "mix")):
        kind, colour = "dissolve", None
    else:
        kind = "fade"
        colour = "#FFFFFF" if re.search(r"\b(white|burn)\b", clause, IC) else "#000000"
    seconds = _seconds(text)
    if seconds is None and kind != "cut":
        seconds = (
            2.0
            if re.search(r"\b(slow|long|gentle)\b", text, IC)
            else 0.5
            if re.search(r"\b(quick|fast|short|brief)\b", text, IC)
            else None
        )
    # which boundary
    between = re.search(r"\b(?:between|from)\b", clause, IC) and len([i for r in refs for i in r.shots]) >= 2
    into = re.search(r"\b(?:into|to|in on|up on|onto)\s*$", clause[: refs[0].start], IC) if refs else None
    fade_in = kind == "fade" and re.search(
        r"\bfade[sd]?\s+(?:in|up)\b|\b(?:open|start|begin)\w*\s+(?:with|on)\b|\bfrom black\b|\bfrom white\b",
        clause,
        IC,
    )
    at_end = re.search(r"\b(?:at|on) the end\b|\bthe ending\b|\bend (?:on|with)\b", clause, IC)
    if between:
        ids = [i for r in refs for i in r.shots]
        first, second = sorted(ids[:2], key=film.ids.index)
        if film.ids.index(second) != film.ids.index(first) + 1:
            raise Ask(
                f"{film.label([first])} and {film.label([second])} are not next to each other: which cut?"
            )
        shot, side = first, "out"
    elif refs and into and not fade_in:
        target = refs[0].shots[0]
        index = film.ids.index(target)
        if index == 0:
            raise Ask(
                "Shot 1 is the first shot: nothing comes before it to transition from. Did you mean a fade in?"
            )
        shot, side = film.ids[index - 1], "out"
    elif fade_in:
        shot = (
            refs[0].shots[0]
            if refs
            else (
                film.ids[0]
                if not previous and not film.focus or re.search(r"\b(open|start|begin|first)\w*", clause, IC)
                else (previous or film.focus)[0]
            )
        )
        side = "in"
    elif refs:
        shot, side = refs[0].shots[-1], "out"
    elif at_end:
        shot, side = film.ids[-1], "out"
    elif kind == "cut" and re.match(r"(?:lose|no|kill|remove|drop)", word):
        named = re.search(r"(dissolve|fade)", word)
        wanted_type = {named.group(1)} if named else {"dissolve", "fade"}
        existing = [
            (s.id, side)
            for s in film.plan.shots
            for side, t in (("in", s.transition_in), ("out", s.transition_out))
            if t.type in wanted_type
        ]
        near = [e for e in existing if e[0] in (previous or film.focus)]
        chosen = existing if len(existing) == 1 else near
        what = named.group(1) if named else "transition"
        if not existing:
            raise Ask(f"There is no {what} in the film to lose.")
        if len(chosen) != 1:
            where = ", ".join(f"{side} of {film.label([i])}" for i, side in existing) or "none"
            raise Ask(f"Which {what}? The film has: {where}. Say e.g. 'cut between shots 4 and 5'.")
        shot, side = chosen[0]
    else:
        targets = previous or film.focus
        if not targets:
            raise Ask(f"Where should the {kind} go? Say 'between shots 4 and 5' or 'out of shot 9'.")
        shot, side = targets[-1], "out"
    if side == "in" and kind == "dissolve":
        raise Ask("A dissolve joins two shots: say which two, e.g. 'dissolve from shot 4 into shot 5'.")
    if kind == "dissolve" and shot == film.ids[-1]:
        raise Ask(f"{film.label([shot])} is the last shot: there is nothing to dissolve into. A fade out?")
    edit = TransitionEdit(
        shot=shot,
        side=side,
        type=kind,
        duration_s=seconds if kind != "cut" else None,
        colour=colour if kind == "fade" else None,
    )
    how = (
        kind
        if kind != "fade"
        else f"fade {'in from' if side == 'in' else 'out to'} {'white' if colour == '#FFFFFF' else 'black'}"
    )
    length = f" of {seconds:g} s" if seconds and kind != "cut" else ""
    where = f"at the start of {film.label([shot])}" if side == "in" else f"after {film.label([shot])}"
    return [edit], f"{how}{length} {where}", [shot]


# 2. structure ------------------------------------------------------------------------------------

_ADD = re.compile(
    r"\b(?:add|insert|put in|throw in|we need|i want|give me|i'd like)\b\s+(?:(?:a|an|another|one more|a new)\s+)(.+)$",
    IC,
)
_POSITION = re.compile(r"\b(before|after|ahead of|following|preceding|between)\b", IC)


def _read_add(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    m = _ADD.search(clause)
    if not m:
        return None
    body = m.group(1)
    if not re.search(
        r"\b(shot|close[- ]?up|insert|wide|establishing|reaction|cutaway|two[- ]shot|single|pov|master|angle on|ecu|cu)\b",
        body,
        IC,
    ):
        return None  # "add a tilt up" is a camera note
    if re.match(r"(?:tilt|pan|push|dolly|zoom|crane|truck|move|beat|second|moment)", body, IC):
        return None
    position = _POSITION.search(body)
    described = body[: position.start()].strip(" ,") if position else body.strip(" ,")
    refs = _shot_refs(clause, film)
    anchor_refs = [r for r in refs if position and r.start >= m.start(1) + position.start()]
    if position and position.group(1).lower() == "between":
        ids = sorted({i for r in anchor_refs for i in r.shots}, key=film.ids.index)
        if len(ids) < 2 or film.ids.index(ids[1]) != film.ids.index(ids[0]) + 1:
            raise Ask("Between which two consecutive shots? Say 'between shots 4 and 5'.")
        where, anchor = "after", ids[0]
    elif anchor_refs:
        where = "before" if position.group(1).lower() in ("before", "ahead of", "preceding") else "after"
        anchor = anchor_refs[0].shots[0] if where == "before" else anchor_refs[0].shots[-1]
    elif previous or film.focus:
        where, anchor = "after", (previous or film.focus)[-1]
    else:
        raise Ask(
            f"Where should the new shot go? Say 'after shot 5' or 'before shot 2'. ({len(film.ids)} shots.)"
        )
    kind = "single"
    for pattern, family, values in _SCOPE_TERMS:
        if family == "kind" and re.search(rf"\b(?:{pattern})\b", described, IC):
            kind = next(iter(values))
            break
    framing = _framing_value(described)
    names = sorted(_characters(described, film))
    if kind == "single" and re.search(
        r"\bof (?:the|a|an|his|her|their|[a-z]+'s)\s+(?!face|eyes)\w+", described, IC
    ):
        kind = "insert"  # a thing, or a character's hands: an insert
    elif kind == "single" and not names:
        kind = "cutaway"
    if framing is None:
        framing = {
            "establishing": "extreme_long",
            "master": "full",
            "two_shot": "medium",
            "insert": "close_up",
            "reaction": "close_up",
            "pov": "medium",
            "over_the_shoulder": "medium",
        }.get(kind, "medium")
    angles = _angle_values(described)
    moves = _move_values(described)
    seconds = _seconds(described) or (3.0 if kind == "establishing" else 2.0)
    description = re.sub(
        rf"\s*\b(?:of\s+)?{_NUMBER}\s*(?:s|secs?|seconds?)(?:\s+long)?\b", "", described, flags=IC
    ).strip(" ,")
    description = description[0].upper() + description[1:] + ("" if description.endswith(".") else ".")
    edit = AddEdit(
        position=where,
        anchor=anchor,
        kind=kind,
        framing=framing,
        angle=angles[0] if angles else None,
        movements=moves or None,
        duration_s=seconds,
        subjects=names,
        description=description,
    )
    reading = f"a new {LABELS[framing]} {kind.replace('_', ' ')} ({seconds:g} s) {where} {film.label([anchor])}: {description}"
    return [edit], reading, [anchor]


_REMOVE = re.compile(
    r"\b(lose|remove|delete|drop|kill|get rid of|take out|cut out|cut|scrap|ditch|bin)\b", IC
)


def _read_remove(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    m = _REMOVE.search(clause)
    if not m or _negated(clause, m.start()):
        return None
    rest = clause[m.end() :]
    if m.group(1).lower() == "cut" and re.match(
        r"\s*(?:to|between|from|in|away|straight|on|back)\b", rest, IC
    ):
        return None
    if re.match(
        r"\s*(?:the\s+)?(?:move|movement|zoom|pan|tilt|dolly|push|handheld|dutch|shake|camera move)\b",
        rest,
        IC,
    ):
        return None  # "lose the zoom" changes the camera
    if re.match(r"\s*(?:\w+\s+)?(?:seconds?|secs?|s|frames?|a beat|a second|half)\b", rest, IC) or re.match(
        rf"\s*{_NUMBER}\s*(?:s|secs?|seconds?)\b", rest, IC
    ):
        return None  # "cut two seconds" is a trim
    if re.match(r"\s*(?:it|this|that|this shot|that shot|this one|that one)\b", rest, IC) and not _shot_refs(
        rest, film
    ):
        targets, said = _need_focus(film, "it"), None
    else:
        scope = _scope(clause, film)
        if not (
            scope.explicit
            or scope.scenes is not None
            or scope.everything
            or scope.kinds
            or scope.framings
            or scope.characters
        ):
            if scope.unknown:
                _resolve(scope, film, None)
            return None
        targets, said = _resolve(scope, film, None, singular_ok=False)
    if len(targets) >= len(film.ids):
        raise Ask("That would remove every shot in the film. Which shots should go?")
    label = film.label(targets)
    return [RemoveEdit(shots=targets)], f"remove {said or label}", targets


def _read_split(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    if not re.search(
        r"\b(split|divide|chop|break)\b.*\b(in two|into two|in half|into halves|in halves|at|after|apart|up)\b|\bsplit\b",
        clause,
        IC,
    ):
        return None
    scope = _scope(clause, film)
    targets, _ = _resolve(scope, film, previous)
    if len(targets) != 1:
        raise Ask(f"Which one shot should I split? You named {film.label(targets)}.")
    shot = film.shots[targets[0]]
    at = 0.5
    text = _without(clause, scope.spans)
    seconds = _seconds(text)
    if seconds is not None:
        if not 0 < seconds < shot.duration_s:
            raise Ask(f"{film.label(targets)} is {shot.duration_s:g} s long: where in it should the cut be?")
        at = seconds / shot.duration_s
    elif re.search(r"\bthirds?\b", text, IC):
        at = 1 / 3
    return (
        [SplitEdit(shot=targets[0], at=round(at, 4))],
        f"split {film.label(targets)} at {at * shot.duration_s:.2f} s",
        targets,
    )


def _read_merge(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    if not re.search(
        r"\b(merge|combine|join|fuse|into one shot|one continuous shot|make (?:them|it) one)\b", clause, IC
    ):
        return None
    scope = _scope(clause, film)
    ids = [i for r in scope.explicit for i in r.shots]
    if re.search(r"\bwith the next\b", clause, IC):
        base = ids or _need_focus(film, "this shot")
        index = film.ids.index(base[-1])
        if index + 1 >= len(film.ids):
            raise Ask(f"{film.label([base[-1]])} is the last shot: there is no next one to merge with.")
        ids = [base[-1], film.ids[index + 1]]
    if not ids and scope.scenes is not None:
        ids = film.scene_shots(scope.scenes)
    if len(ids) < 2:
        ids = list(previous or film.focus)
    ids = sorted(dict.fromkeys(ids), key=film.ids.index)
    if len(ids) < 2:
        raise Ask("Which shots should become one? Say 'merge shots 4 and 5'.")
    positions = [film.ids.index(i) for i in ids]
    if positions != list(range(positions[0], positions[0] + len(positions))):
        raise Ask(f"Only consecutive shots can be merged; {film.label(ids)} are not.")
    if len({film.shots[i].scene for i in ids}) > 1:
        raise Ask(f"{film.label(ids)} belong to different scenes: a shot cannot span a scene change.")
    return [MergeEdit(shots=ids)], f"merge {film.label(ids)} into one shot", ids


def _read_move(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    swap = re.search(r"\b(swap|switch|exchange|flip|reverse the order of)\b", clause, IC)
    move = re.search(
        r"\b(move|put|place|play|bring|should come|comes?)\b.*\b(before|after|ahead of|first|last|to the (?:start|end|beginning))\b",
        clause,
        IC,
    )
    if not swap and not move:
        return None
    refs = _shot_refs(clause, film)
    ids = [i for r in refs for i in r.shots]
    if swap:
        if len(ids) == 1 and re.search(r"\bwith the next\b", clause, IC):
            ids.append(film.ids[min(len(film.ids) - 1, film.ids.index(ids[0]) + 1)])
        if len(ids) != 2 or ids[0] == ids[1]:
            raise Ask("Which two shots should swap places? Say 'swap shots 3 and 4'.")
        a, b = sorted(ids, key=film.ids.index)
        before_b = film.ids[film.ids.index(b) - 1]
        edits: list[Edit] = [MoveEdit(shot=b, position="before", anchor=a)]
        if before_b != a:
            edits.append(MoveEdit(shot=a, position="after", anchor=before_b))
        return edits, f"swap {film.label([a])} and {film.label([b])}", [a, b]
    where = move.group(2).lower()
    if not refs:
        if not (previous or film.focus):
            raise Ask("Which shot should move? Say 'move shot 5 before shot 2'.")
        refs = [_Ref(0, 0, [(previous or film.focus)[0]], "this shot")]
    shot = refs[0].shots[0]
    if where in ("first", "to the start", "to the beginning"):
        position, anchor = "before", film.ids[0]
    elif where in ("last", "to the end"):
        position, anchor = "after", film.ids[-1]
    else:
        if len(refs) < 2:
            raise Ask(f"{where.capitalize()} which shot should {film.label([shot])} go?")
        position = "before" if where in ("before", "ahead of") else "after"
        anchor = refs[1].shots[0]
    if anchor == shot:
        raise Ask(f"{film.label([shot])} is already there.")
    return (
        [MoveEdit(shot=shot, position=position, anchor=anchor)],
        f"move {film.label([shot])} {position} {film.label([anchor])}",
        [shot],
    )


_RESEED = re.compile(
    r"\b(re-?shoot|re-?roll|re-?take|another take|new take|different take|one more take|new seed|another seed|different seed|try (?:it |that )?again|regenerate|re-?generate|another version|new version of)\b",
    IC,
)


def _read_reseed(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    m = _RESEED.search(clause)
    if not m:
        return None
    scope = _scope(clause, film)
    targets, said = _resolve(scope, film, previous)
    seed = re.search(r"\bseed\s*(?:=|of|to)?\s*(\d+)\b", clause, IC)
    edit = ReseedEdit(shots=targets, seed=int(seed.group(1)) if seed else None)
    take = f"seed {seed.group(1)}" if seed else "the next seed"
    return [edit], f"another take of {said} ({take})", targets


# 3. looks ----------------------------------------------------------------------------------------


def colour_of(text: str) -> tuple[str, str] | None:
    """('#C0392B', 'red') for the first colour named in `text` (with dark/light shades)."""
    m = re.search(rf"({_HEX})|\b({_COLOUR})\b", text, IC)
    if not m:
        return None
    if m.group(1):
        return m.group(1).upper(), m.group(1).upper()
    words = m.group(2).lower().replace("-", " ").split()
    base = COLOURS[words[-1]]
    r, g, b = (int(base[i : i + 2], 16) for i in (1, 3, 5))
    if len(words) > 1:
        if words[0] in ("dark", "deep"):
            r, g, b = (int(c * 0.6) for c in (r, g, b))
        elif words[0] in ("light", "pale"):
            r, g, b = (int(c + (255 - c) * 0.45) for c in (r, g, b))
        else:
            r, g, b = (min(255, int(c * 1.2)) for c in (r, g, b))
    return f"#{r:02X}{g:02X}{b:02X}", " ".join(words)


def restyle_wardrobe(wardrobe: str, garment: str, colour: str) -> str:
    """The wardrobe line with `garment` in `colour`: its old colour words replaced (the rest of its
    description kept: 'a black leather jacket' -> 'a red leather jacket'), or the garment added."""
    found = re.search(rf"\b{re.escape(garment)}s?\b", wardrobe, IC)
    if not found:
        addition = (
            f"{_article(colour)} {colour} {garment}" if not garment.endswith("s") else f"{colour} {garment}"
        )
        return f"{wardrobe.rstrip(' .;,')}, {addition}" if wardrobe.strip() else addition
    start = max(
        [
            0,
            *(
                wardrobe.rfind(sep, 0, found.start()) + len(sep)
                for sep in (",", ";", " and ", " with ")
                if sep in wardrobe[: found.start()]
            ),
        ]
    )
    words = wardrobe[start : found.start()].split()
    article = words[0] if words and words[0].lower() in ("a", "an", "the", "his", "her", "their") else None
    colour_word = re.compile(rf"^(?:{_COLOUR}|dark|deep|light|pale|bright)$", IC)
    kept = [w for w in words[1 if article else 0 :] if not colour_word.match(w)]
    if article and article.lower() in ("a", "an"):
        article = _article(colour)
    phrase = " ".join([*([article] if article else []), colour, *kept, found.group(0)])
    lead = wardrobe[:start] + (" " if start and not wardrobe[:start].endswith(" ") else "")
    return lead + phrase + wardrobe[found.end() :]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


_BUILDS = [
    (re.compile(r"\b(slim|slimmer|thin|thinner|skinny|wiry)\b", IC), "slim"),
    (re.compile(r"\b(heavy|heavier|stocky|stockier|bigger|bulkier|burly)\b", IC), "heavy"),
    (re.compile(r"\b(athletic|muscular|fit|fitter|stronger)\b", IC), "athletic"),
    (re.compile(r"\b(average build|average)\b", IC), "average"),
]


def _read_character(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    garment = re.search(rf"\b({_GARMENT})s?\b", clause, IC)
    hair = re.search(r"\b(hair|blonde|blond|grey-haired|gray-haired|redhead|bald)\b", clause, IC)
    wears = re.search(
        r"\b(wears?|wearing|dress(?:ed)? (?:him|her|them|\w+) in|put (?:him|her|them|\w+) in|in a|in an)\b",
        clause,
        IC,
    )
    build = next((value for pattern, value in _BUILDS if pattern.search(clause)), None)
    if not (garment or hair or (build and re.search(r"\b(build|look|be|make)\b", clause, IC))):
        return None
    names = _characters(clause, film)
    if not names:
        if garment and (previous or film.focus):
            subjects = {n for i in (previous or film.focus) for n in film.shots[i].subjects}
            if len(subjects) == 1:
                names = subjects
        if not names:
            if garment or hair:
                who = ", ".join(sheet.name for sheet in film.bible.characters) or "none in the bible"
                raise Ask(f"Whose {garment.group(1) if garment else 'hair'}? Characters: {who}.")
            return None
    if len(names) > 1:
        raise Ask(f"Whose look changes: {' or '.join(sorted(names))}?")
    name = next(iter(names))
    sheet = film.bible.character(name)
    colour = colour_of(clause)
    edit: dict[str, object] = {"name": name}
    said: list[str] = []
    if garment and colour and not hair:
        piece = garment.group(1).lower()
        edit["wardrobe"] = restyle_wardrobe(sheet.wardrobe, piece, colour[1])
        said.append(f"{colour[1]} {piece}")
        if piece in TORSO:
            edit["colour"] = colour[0]
    elif garment and wears:
        what = clause[wears.end() :].strip(" .")
        edit["wardrobe"] = what
        said.append(f"wears {what}")
        if colour and garment.group(1).lower() in TORSO:
            edit["colour"] = colour[0]
    elif garment:
        raise Ask(
            f"What should {name}'s {garment.group(1)} be like? (e.g. 'make {name}'s {garment.group(1)} red')"
        )
    if hair:
        word = hair.group(1).lower()
        if word == "bald":
            edit["hair"] = "bald"
            said.append("bald")
        elif colour:
            edit["hair"] = (
                f"{colour[1]} hair"
                if not sheet.identity.hair
                else re.sub(rf"\b(?:{_COLOUR})\b", colour[1], sheet.identity.hair, flags=IC)
                if re.search(rf"\b(?:{_COLOUR})\b", sheet.identity.hair, IC)
                else f"{colour[1]} {sheet.identity.hair}"
            )
            edit["hair_colour"] = colour[0]
            said.append(f"{colour[1]} hair")
        elif word in ("blonde", "blond", "redhead", "grey-haired", "gray-haired"):
            tone = {"redhead": "ginger", "grey-haired": "grey", "gray-haired": "grey"}.get(word, "blonde")
            edit["hair"] = f"{tone} hair"
            edit["hair_colour"] = COLOURS[tone]
            said.append(f"{tone} hair")
        else:
            raise Ask(f"What should {name}'s hair be like? (e.g. 'make {name}'s hair grey')")
    if build:
        edit["build"] = build
        said.append(f"{build} build")
    shows = [s.id for s in film.plan.shots if name in s.subjects]
    reading = (
        f"{name}: {', '.join(said)} (every shot that shows {name}: {film.label(shows) if shows else 'none'})"
    )
    return [CharacterEdit(**edit)], reading, shows  # type: ignore[arg-type]


_SET_WORDS = re.compile(
    r"\b(darker|lighter|brighter|dimmer|colder|cooler|warmer|gloomier|sunnier|paint|repaint|colou?r|palette|walls?)\b",
    IC,
)


def _read_location(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    change = _SET_WORDS.search(clause)
    colour = colour_of(clause)
    if (
        not (change or colour)
        or _CAMERA_CONTEXT.search(clause)
        or re.search(r"\b(shot|shots|close[- ]?ups?|angle|framing|lens)\b", clause, IC)
    ):
        return None
    places = _places(clause, film)
    if not places:
        return None
    place = sorted(places)[0]
    try:
        sheet = film.bible.location(place)
    except KeyError:
        raise Ask(f"{place} has no sheet in the bible to change.") from None
    palette = list(sheet.palette) or ["#8A8A8A", "#5A5A5A", "#B0B0B0"]
    word = change.group(1).lower() if change else ""
    if colour and word in ("", "paint", "repaint", "colour", "color", "palette", "wall", "walls"):
        palette = [colour[0], *palette[1:]][:8]
        how = f"{colour[1]} as its main colour"
    elif word in ("darker", "dimmer", "gloomier"):
        palette, how = [_shade(c, 0.65) for c in palette], "darker"
    elif word in ("lighter", "brighter", "sunnier"):
        palette, how = [_tint(c, 0.35) for c in palette], "brighter"
    elif word in ("colder", "cooler"):
        palette, how = [_toward(c, (70, 110, 170), 0.3) for c in palette], "colder"
    elif word == "warmer":
        palette, how = [_toward(c, (200, 130, 60), 0.3) for c in palette], "warmer"
    else:
        raise Ask(
            f"How should {place} change? (e.g. 'make {place.lower()} darker' or 'paint {place.lower()} blue')"
        )
    scenes = {s.index for s in film.screenplay.scenes if location_name(s) == place or s.location == place}
    shows = film.scene_shots(scenes)
    edit = LocationEdit(name=place, palette=palette)
    return [edit], f"{place}: {how} (every shot there: {film.label(shows) if shows else 'none'})", shows


def _shade(colour: str, factor: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c * factor):02X}" for c in (r, g, b))


def _tint(colour: str, amount: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c + (255 - c) * amount):02X}" for c in (r, g, b))


def _toward(colour: str, target: tuple[int, int, int], amount: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c + (t - c) * amount):02X}" for c, t in zip((r, g, b), target, strict=True))


_STYLE = re.compile(
    r"\b(?:the look|look of the film|visual style|style|colou?r grade|grade|grading)\b\s*(?::|should be|to|is|becomes?|=|like|of)?\s*(.*)$"
    r"|\b(?:make|shoot|grade|do)\s+(?:it|the film|the whole (?:film|thing)|everything)\s+(?:look\s+)?(?:like|as|in the style of|in)\s+(.+)$"
    r"|\bin the style of\s+(.+)$",
    IC,
)


def _read_style(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    m = _STYLE.search(clause)
    if not m:
        return None
    if _shot_refs(clause, film):
        raise Ask(
            "The look is the whole film's, not one shot's: say 'make the film look like ...' to change it everywhere."
        )
    look = next((g for g in m.groups() if g), "").strip(" .:'\"")
    if not look:
        raise Ask(f"What should the look be? It is now '{film.bible.style.look or 'unset'}'.")
    if look.lower().startswith(("more ", "less ")) and film.bible.style.look:
        look = f"{film.bible.style.look}, {look}"
    return [StyleEdit(look=look)], f"the film's look: '{look}' (every shot)", []


# 4. length and pace ------------------------------------------------------------------------------

_FASTER = re.compile(
    r"\b(?:(much|a lot|way|a bit|a little|slightly)\s+)?(faster|quicker|snappier|pacier|brisker|tighter pac\w*|speed(?:s|ed)? up|pick up the pace|pick(?:s)? up)\b",
    IC,
)
_SLOWER = re.compile(
    r"\b(?:(much|a lot|way|a bit|a little|slightly)\s+)?(slower|slow (?:it )?down|let it breathe|more breathing room|more room to breathe|more languid|take (?:its|their) time|linger)\b",
    IC,
)


def _read_timing(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    scope = _scope(clause, film)
    text = _without(clause, scope.spans)
    camera_words = bool(_CAMERA_CONTEXT.search(text))
    edit_kwargs: dict[str, float] | None = None
    how = ""
    seconds = _seconds(text)
    if seconds is not None and not camera_words:
        if re.search(
            r"\b(longer|more|extra|add|hold (?:it |this |that )?(?:for )?(?:another|an extra))\b", text, IC
        ):
            edit_kwargs, how = {"duration_delta_s": seconds}, f"{seconds:g} s longer"
        elif re.search(r"\b(shorter|less|trim|shave|cut|lose|take off|tighter)\b", text, IC):
            edit_kwargs, how = {"duration_delta_s": -seconds}, f"{seconds:g} s shorter"
        else:
            edit_kwargs, how = {"duration_s": seconds}, f"{seconds:g} s long"
    elif re.search(r"\btwice as long\b|\bdouble (?:the |its )?length\b", text, IC):
        edit_kwargs, how = {"duration_scale": 2.0}, "twice as long"
    elif re.search(r"\bhalf (?:as long|the length)\b|\bhalve\b", text, IC):
        edit_kwargs, how = {"duration_scale": 0.5}, "half as long"
    elif re.search(
        r"\ba (?:beat|moment|touch|second) longer\b|\bhold (?:it |on it |on )?(?:a )?(?:beat|moment)\b",
        text,
        IC,
    ):
        edit_kwargs, how = {"duration_delta_s": 1.0}, "a beat (1 s) longer"
    elif re.search(r"\ba (?:beat|moment|touch|second) shorter\b|\bout a beat earlier\b|\bsooner\b", text, IC):
        edit_kwargs, how = {"duration_delta_s": -1.0}, "a beat (1 s) shorter"
    elif m := re.search(
        r"\b(?:(much|a lot|way|a bit|a little|slightly)\s+)?(longer|shorter)\b(?!\s+lens)", text, IC
    ):
        amount = (m.group(1) or "").lower()
        longer = m.group(2).lower() == "longer"
        scale = {"much": 2.0, "a lot": 2.0, "way": 2.0, "a bit": 1.2, "a little": 1.2, "slightly": 1.2}.get(
            amount, 1.5
        )
        edit_kwargs, how = (
            {"duration_scale": scale if longer else round(1 / scale, 3)},
            f"{'longer' if longer else 'shorter'} (x{scale if longer else round(1 / scale, 2):g})",
        )
    elif re.search(
        r"\btrim\b|\btighten (?:up )?(?:the )?(?:pace|pacing|cut|cutting|edit|rhythm|scene|sequence)\b",
        text,
        IC,
    ):
        edit_kwargs, how = {"duration_scale": 0.8}, "tighter cutting (x0.8 length)"
    elif not camera_words and (m := _FASTER.search(text) or _SLOWER.search(text)):
        amount = (m.group(1) or "").lower()
        faster = bool(_FASTER.fullmatch(m.group(0)))
        targets = (
            _resolve(scope, film, previous)[0]
            if (scope.explicit or scope.scenes is not None or scope.unknown or scope.everything)
            else (previous or film.focus)
        )
        single_moving = targets and len(targets) == 1 and not film.shots[targets[0]].camera.is_static
        if single_moving and not re.search(
            r"\b(feel|feels|play|plays|pace|pacing|cut|cutting|edit)\b", text, IC
        ):
            raise Ask(
                f"Faster how: a quicker camera move on {film.label(targets)}, or a shorter shot? Say 'faster move' or 'shorter'."
            )
        factor = {
            "much": 0.65,
            "a lot": 0.65,
            "way": 0.65,
            "a bit": 0.9,
            "a little": 0.9,
            "slightly": 0.9,
        }.get(amount, 0.8)
        scale = factor if faster else round(1 / factor, 3)
        edit_kwargs, how = (
            {"duration_scale": scale},
            f"{'faster' if faster else 'slower'} pace (x{scale:g} length)",
        )
    if edit_kwargs is None:
        return None
    targets, said = _resolve(scope, film, previous)
    return [TimingEdit(shots=targets, **edit_kwargs)], f"{said}: {how}", targets


# 5. the camera -----------------------------------------------------------------------------------


def _find(text: str, table: list[tuple[re.Pattern[str], str]]) -> list[tuple[int, int, str]]:
    """(start, end, value) of every term in `text` the note does not reject ('not a zoom')."""
    hits = []
    for pattern, value in table:
        for m in pattern.finditer(text):
            if not _negated(text, m.start()):
                hits.append((m.start(), m.end(), value))
    hits.sort()
    kept: list[tuple[int, int, str]] = []
    for hit in hits:  # the longest phrase at a place wins: 'pull back' over 'back'
        if kept and hit[0] < kept[-1][1]:
            if hit[1] - hit[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


def _framing_value(text: str) -> str | None:
    found = list(dict.fromkeys(v for _, _, v in _find(text, _FRAMING_VALUES)))
    if len(found) > 1:
        raise Ask(f"Which framing: {' or '.join(LABELS[f] for f in found)}?")
    return found[0] if found else None


def _angle_values(text: str) -> list[str]:
    found = [v for _, _, v in _find(text, [*_ANGLE_EXTRA, *_ANGLE_WORDS_SAFE])]
    return list(dict.fromkeys(found))


def _move_values(text: str) -> list[str]:
    return list(dict.fromkeys(v for _, _, v in _find(text, [*_MOVE_WORDS, *_MOVE_EXTRA])))


# camera.py's angle words without its bare 'low'/'high' (they also mean light and key here)
_ANGLE_WORDS_SAFE = [
    (re.compile(p.pattern.replace(r"|\blow\b", "").replace(r"|\bhigh\b", ""), p.flags), v)
    for p, v in _ANGLE_WORDS
] + [
    (re.compile(_BARE_ANGLE.pattern.replace("(low|high|lower|higher)", "(low|lower)"), IC), "low"),
    (re.compile(_BARE_ANGLE.pattern.replace("(low|high|lower|higher)", "(high|higher)"), IC), "high"),
]


def _read_camera(clause: str, film: _Film, previous: list[str] | None) -> Read | None:
    scope = _scope(clause, film)
    text = _without(clause, scope.spans)
    said: list[str] = []
    camera: dict[str, object] = {}
    # lens first: 'wider lens' is a lens, not a framing
    lens_scale = None
    mm = re.search(r"(\d{2,4}(?:\.\d+)?)\s*mm\b", text, IC)
    if mm:
        camera["lens_mm"] = min(1200.0, max(8.0, float(mm.group(1))))
        said.append(f"{float(mm.group(1)):g} mm lens")
        text = text[: mm.start()] + " " * (mm.end() - mm.start()) + text[mm.end() :]
    elif m := re.search(r"\b(longer|tele(?:photo)?|long) lens\b", text, IC):
        lens_scale = 1.5
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    elif m := re.search(r"\b(wider|wide[- ]angle|shorter) lens\b", text, IC):
        lens_scale = 0.7
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    # moves, and what they leave of the text
    move_hits = _find(text, [*_MOVE_WORDS, *_MOVE_EXTRA])
    moves = list(dict.fromkeys(v for _, _, v in move_hits))
    lose_move = re.search(
        r"\b(?:lose|drop|kill|remove|no)\s+the\s+(zoom|pan|tilt|dolly|push|crane|handheld|shake|truck|arc)\b",
        text,
        IC,
    )
    for a, b, _ in move_hits:
        text = text[:a] + " " * (b - a) + text[b:]
    # framing: relative, then absolute
    tighter, wider = _TIGHTER.search(text), _WIDER.search(text)
    if tighter and wider:
        raise Ask("Tighter or wider?")
    relative = tighter or wider
    if relative and not _negated(text, relative.start()):
        steps = 2 if relative.group(1) else 1
        camera["framing_steps"] = steps if tighter else -steps
        said.append(f"{'two steps' if steps == 2 else 'one step'} {'tighter' if tighter else 'wider'}")
        text = text[: relative.start()] + " " * (relative.end() - relative.start()) + text[relative.end() :]
    framing = _framing_value(text)
    if framing:
        camera["framing"] = framing
        camera.pop("framing_steps", None)
        said = [s for s in said if "step" not in s] + [LABELS[framing]]
    angles = _angle_values(text)
    mood = None
    if not angles:
        for pattern, value, why in _ANGLE_MOOD:
            if pattern.search(text):
                angles, mood = [value], why
                break
    if len(angles) > 1:
        raise Ask(f"Which angle: {' or '.join(LABELS[a] for a in angles)}?")
    if angles:
        camera["angle"] = angles[0]
        said.append(LABELS[angles[0]] + (f" (for {mood})" if mood else ""))
    if moves:
        if "static" in moves and len(moves) > 1:
            moves = [m for m in moves if m != "static"]
        clash = [m for m in moves if OPPOSITE.get(m) in moves]
        if clash:
            raise Ask(f"{LABELS[clash[0]]} and {LABELS[OPPOSITE[clash[0]]]} cancel out: which one?")
        if _ADD_MOVE.search(clause) and moves != ["static"]:
            camera["add_movements"] = moves
            said.append("add " + " + ".join(LABELS[m] for m in moves))
        else:
            camera["movements"] = moves
            said.append(
                " + ".join(LABELS[m] for m in moves) if moves != ["static"] else "locked off (static)"
            )
    speed = _speed(text, bool(moves) or bool(_CAMERA_CONTEXT.search(clause)))
    if speed is not None:
        key, value, words = speed
        camera[key] = value
        said.append(words)
    pacings = list(dict.fromkeys(v for _, _, v in _find(text, _PACING_WORDS)))
    if pacings:
        camera["pacing"] = pacings[0]
        said.append(f"{pacings[0].replace('_', ' ')} pacing")
    per_shot: dict[str, dict[str, object]] = {}
    if not camera and lens_scale is None and not lose_move:
        if scope.unknown:
            _resolve(scope, film, previous)
        return None
    targets, who = _resolve(scope, film, previous)
    if lens_scale is not None:
        for shot_id in targets:
            lens = film.shots[shot_id].camera.lens_mm
            per_shot.setdefault(shot_id, {})["lens_mm"] = round(min(1200.0, max(8.0, lens * lens_scale)), 1)
        said.append(f"{'longer' if lens_scale > 1 else 'wider'} lens (x{lens_scale:g})")
    if lose_move:
        gone = lose_move.group(1).lower()
        family = {"push": "dolly", "shake": "handheld"}.get(gone, gone)
        for shot_id in targets:
            current = film.shots[shot_id].camera.movements
            kept = [m for m in current if not m.startswith(family)]
            if kept != current:
                per_shot.setdefault(shot_id, {})["movements"] = kept or ["static"]
        if not per_shot:
            raise Ask(f"{who} has no {gone} to lose.")
        said.append(f"without the {gone}")
    edits: list[Edit] = []
    if camera:
        edits.append(CameraEdit(shots=targets, **camera))  # type: ignore[arg-type]
    for shot_id, fields in per_shot.items():
        edits.append(CameraEdit(shots=[shot_id], **fields))  # type: ignore[arg-type]
    framing_now = {film.shots[i].camera.framing for i in targets}
    if camera.get("framing_steps") and all(
        FRAMINGS.index(f) - int(camera["framing_steps"]) not in range(len(FRAMINGS))
        for f in framing_now  # type: ignore[call-overload]
    ):
        end = "tightest" if int(camera["framing_steps"]) > 0 else "widest"  # type: ignore[call-overload]
        raise Ask(
            f"{who} is already the {end} framing ({', '.join(LABELS[f] for f in framing_now)}). A longer lens or a push in?"
        )
    return edits, f"{who}: {', '.join(said)}", targets


def _speed(text: str, moving: bool) -> tuple[str, float, str] | None:
    if m := re.search(r"\bspeed\s*(?:of|to|=)?\s*(0(?:\.\d+)?|1(?:\.0+)?)\b", text, IC):
        return "speed", float(m.group(1)), f"speed {float(m.group(1)):g}"
    if re.search(r"\b(barely|imperceptibl\w*|subtle|very slow(?:ly)?|creep\w*)\b", text, IC):
        return "speed", 0.12, "barely moving (speed 0.12)"
    if not moving:
        return None
    if re.search(r"\b(much slower|way slower|a lot slower)\b", text, IC):
        return "speed_scale", 0.4, "much slower move (x0.4)"
    if re.search(r"\b(slower|gentler|softer|calmer|less)\b", text, IC):
        return "speed_scale", 0.6, "slower move (x0.6)"
    if re.search(r"\b(much faster|way faster|a lot faster)\b", text, IC):
        return "speed_scale", 2.0, "much faster move (x2)"
    if re.search(r"\b(faster|quicker|more aggressive|harder|stronger|bigger)\b", text, IC):
        return "speed_scale", 1.5, "faster move (x1.5)"
    if re.search(r"\bslow(?:ly)?\b", text, IC):
        return "speed", 0.25, "slow (0.25)"
    if re.search(r"\b(fast|quick(?:ly)?|whip|crash|snap|sudden)\b", text, IC):
        return "speed", 1.0, "fast (1.0)"
    if re.search(r"\bmedium speed\b|\bsteady\b", text, IC):
        return "speed", 0.5, "medium speed (0.5)"
    return None
