"""Screenplay grammar shared by every reader: scene headings, character cues, transitions.

Fountain and Final Draft spell these the same way once the markup is gone, so both readers
use these functions and agree on locations, times of day and character identity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# INT. / EXT. / EST. / INT./EXT. / INT/EXT / EXT./INT. / I/E, then a dot or a space.
HEADING_PREFIX = re.compile(
    r"^(?P<prefix>INT\.?\s*/\s*EXT|EXT\.?\s*/\s*INT|I\.?\s*/\s*E|E\.?\s*/\s*I|INT|EXT|EST)(?:\.|\s)",
    re.IGNORECASE,
)
_SCENE_NUMBER = re.compile(r"\s*#([\w.\-]+)#\s*$")
_TIME_WORDS = re.compile(
    r"\b(DAY|NIGHT|MORNING|AFTERNOON|EVENING|DAWN|DUSK|SUNRISE|SUNSET|NOON|MIDNIGHT|TWILIGHT|"
    r"CONTINUOUS|LATER|SAME|MAGIC HOUR|GOLDEN HOUR|FLASHBACK|PRESENT|NIGHTFALL|DAYBREAK)\b",
    re.IGNORECASE,
)
_CONTD = re.compile(r"^(CONT['’]?D|CONT\.?|CONTINUED|CONTINUING)$", re.IGNORECASE)
_EXTENSION = re.compile(r"\(([^()]*)\)")
# Endings that betray a line of action written in capitals ("THE DOOR EXPLODES!").
_NOT_A_NAME_ENDING = re.compile(r"[!?:;,]$|[A-Z0-9]{4,}\.$")
# Common transitions besides "... TO:" that writers put on a line of their own.
_BARE_TRANSITIONS = re.compile(
    r"^(FADE IN|FADE OUT|FADE TO BLACK|FADE TO WHITE|CUT TO BLACK|IRIS IN|IRIS OUT)[.:]?$"
)


@dataclass(frozen=True)
class Heading:
    text: str  # as written, without number or forcing dot
    number: str | None
    int_ext: str | None  # INT, EXT, INT/EXT, EST
    location: str
    time_of_day: str | None


def split_scene_number(text: str) -> tuple[str, str | None]:
    """'INT. HOUSE - DAY #1A#' -> ('INT. HOUSE - DAY', '1A')."""
    match = _SCENE_NUMBER.search(text)
    if not match:
        return text.strip(), None
    return text[: match.start()].strip(), match.group(1)


def parse_heading(raw: str, number: str | None = None) -> Heading:
    """Split a heading into interior/exterior, location and time of day."""
    text, written_number = split_scene_number(raw.strip())
    number = number or written_number
    int_ext = None
    rest = text
    match = HEADING_PREFIX.match(text + " ")
    if match:
        prefix = re.sub(r"[\s.]", "", match.group("prefix").upper())
        int_ext = {"INT/EXT": "INT/EXT", "EXT/INT": "INT/EXT", "I/E": "INT/EXT", "E/I": "INT/EXT"}.get(
            prefix, prefix
        )
        rest = text[match.end() :].lstrip(" .")
    location, time_of_day = rest.strip(), None
    # "HOUSE - KITCHEN - NIGHT": the time is the last dash-separated part, if it names one.
    parts = re.split(r"\s+[-–—]+\s+|\s+[-–—]+$", rest)
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) >= 2 and _TIME_WORDS.search(parts[-1]):
        time_of_day = parts[-1].upper()
        location = " - ".join(parts[:-1])
    elif len(parts) == 1 and rest.strip() and _TIME_WORDS.fullmatch(rest.strip()):
        location, time_of_day = "", rest.strip().upper()
    return Heading(
        text=text,
        number=number,
        int_ext=int_ext,
        location=location.upper() or text.upper(),
        time_of_day=time_of_day,
    )


def is_scene_heading(stripped: str) -> bool:
    return bool(HEADING_PREFIX.match(stripped + " ")) and len(stripped) <= 200


@dataclass(frozen=True)
class Cue:
    name: str  # canonical: uppercase, single spaces, no extensions or markers
    written: str  # the cue as written, minus forcing and dual markers
    extension: str | None
    contd: bool
    dual: bool


def canonical_name(name: str) -> str:
    return " ".join(name.replace("\u00a0", " ").split()).upper()


def parse_cue(raw: str) -> Cue:
    """'@McClane (V.O.) (CONT'D) ^' -> Cue('MCCLANE', ..., extension='V.O.', contd=True, dual=True)."""
    text = raw.strip()
    dual = text.endswith("^")
    if dual:
        text = text[:-1].rstrip()
    if text.startswith("@"):
        text = text[1:].lstrip()
    name = text.split("(", 1)[0]
    extensions = [e.strip() for e in _EXTENSION.findall(text[len(name) :]) if e.strip()]
    contd = any(_CONTD.match(e) for e in extensions)
    meaningful = [e.upper() for e in extensions if not _CONTD.match(e)]
    return Cue(
        name=canonical_name(name),
        written=text,
        extension=", ".join(meaningful) or None,
        contd=contd,
        dual=dual,
    )


def looks_like_cue(stripped: str) -> bool:
    """A line entirely in capitals (before any extension), with a letter, not ending like action."""
    text = stripped[:-1].rstrip() if stripped.endswith("^") else stripped
    name = text.split("(", 1)[0].strip()
    if not name or len(name) > 50:
        return False
    if not any(c.isalpha() for c in name) or name != name.upper():
        return False
    if "(" in text and not text.rstrip().endswith(")"):
        return False
    # "INT. HOUSE - DAY" without the blank line after is not a heading, but no name either.
    if is_scene_heading(name):
        return False
    return not _NOT_A_NAME_ENDING.search(name)


def is_transition(stripped: str) -> bool:
    """Uppercase and ending in TO: (the spec), or a common bare one such as FADE OUT."""
    if stripped != stripped.upper() or not any(c.isalpha() for c in stripped):
        return False
    return stripped.endswith("TO:") or bool(_BARE_TRANSITIONS.match(stripped))
