"""Subtitles of a cut: readable cues, and the SRT and WebVTT texts of them.

`readable_cues` turns the editor's cues (one per speech, spread over its shot by words) into cues
a viewer can read:

- Each shot's speeches keep to the shot: the shot's cues share the span from its first speech's
  start to its last speech's end, cut short where the next shot's cues begin (a dissolve overlaps
  two shots) and at the end of the film. Cues never overlap and never cross the end.
- A speech too long for one cue is split into cues of at most 2 lines of at most 42 characters,
  at sentence ends first, then at clause marks (, ; : and dashes), then between words.
- Time is shared by characters: each cue gets at least `MIN_S` where the shot's span allows (an
  equal share of a span too short for that), the rest in proportion to its length, and at most
  `MAX_S` (a cue ends early rather than linger).
- Speaker names: a cue is prefixed `NAME: ` only in a shot where more than one character speaks,
  and only when the speaker changes (the first cue of such a shot is named too). In a
  one-speaker shot the picture says who talks. The "- " dash convention is for two speakers in
  one cue; cues here hold one speaker each, so it is not used.
- Emphasis markers left in the text (`*`, `_` at word edges) are removed. SRT gets `<` `>` as
  look-alike `‹` `›` (players read tags there); VTT escapes them as `&lt;` `&gt;`.

SRT is written with LF line ends (players accept LF and CRLF alike). Plain code rather than the
`srt` package: the format is five lines of code, and a dependency would buy nothing here.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

from storyreel.models.cut import Cut, Subtitle

MAX_LINE = 42  # characters per line (Netflix, BBC guidelines)
MAX_LINES = 2
MIN_S = 1.0  # shortest time a cue stays up, where the shot allows
MAX_S = 7.0  # longest

_EMPHASIS = re.compile(r"(?<![\w*_])[*_]+|[*_]+(?![\w*_])")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"')\]]*\s+")
_BREAK_BONUS = {".": 12, "!": 12, "?": 12, "…": 12, ",": 6, ";": 6, ":": 6}  # characters of imbalance
_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+(?=[—–-]{1,2}\s)|(?<=[—–])\s*")


def clean_text(text: str) -> str:
    """One line of plain text: no emphasis markers, whitespace collapsed."""
    return " ".join(_EMPHASIS.sub("", text).split())


def _srt_safe(line: str) -> str:
    # SRT players obey <i>, <font ...> and {\an8}; script text must not format itself, so its
    # angle brackets become look-alike guillemets and an override's backslash is dropped.
    return line.replace("<", "\u2039").replace(">", "\u203a").replace("{\\", "{")


def wrap(text: str, width: int = MAX_LINE) -> list[str]:
    """The text in as few lines of at most `width` characters as possible, breaking between words;
    two lines are balanced (the break nearest the middle, or near it after a sentence or clause
    end). A word longer than `width` is broken."""
    words: list[str] = []
    for word in text.split():
        words.extend(word[i : i + width] for i in range(0, len(word), width))
    if not words:
        return []
    one = " ".join(words)
    if len(one) <= width:
        return [one]
    best: tuple[int, int] | None = None  # (cost, index of the first word of line 2)
    for i in range(1, len(words)):
        a, b = " ".join(words[:i]), " ".join(words[i:])
        if len(a) <= width and len(b) <= width:
            cost = max(len(a), len(b)) - _BREAK_BONUS.get(a[-1], 0)
            if best is None or cost < best[0]:
                best = (cost, i)
    if best is not None:
        return [" ".join(words[: best[1]]), " ".join(words[best[1] :])]
    lines, line = [], ""
    for word in words:  # greedy fill for text too long for two lines
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def fits(text: str) -> bool:
    """True when the text goes on one cue: at most 2 lines of at most 42 characters."""
    return len(wrap(text)) <= MAX_LINES


def split_speech(text: str, prefix: str = "") -> list[str]:
    """The speech in cue-sized pieces: split at sentence ends, a sentence too long for one cue at
    clauses, a clause too long at words. Pieces of a sentence are joined while they fit; a whole
    short sentence joins the cue before it. `prefix` (a speaker name) starts the first piece."""
    cues: list[str] = []
    for number, sentence in enumerate(s for s in _SENTENCE.split(text) if s.strip()):
        pieces = [
            piece.strip()
            for clause in _split_to_fit(sentence.strip(), [_CLAUSE])
            for piece in _split_to_fit(clause.strip(), [])
            if piece.strip()
        ]
        if number == 0 and prefix:
            pieces = [*_split_to_fit(prefix + pieces[0], []), *pieces[1:]]
        packed: list[str] = []
        for piece in pieces:
            if packed and fits(f"{packed[-1]} {piece}"):
                packed[-1] = f"{packed[-1]} {piece}"
            else:
                packed.append(piece)
        if len(packed) == 1 and cues and fits(f"{cues[-1]} {packed[0]}"):
            cues[-1] = f"{cues[-1]} {packed[0]}"
        else:
            cues.extend(packed)
    return cues


def _split_to_fit(text: str, patterns: list[re.Pattern[str]]) -> list[str]:
    if fits(text):
        return [text]
    if patterns:
        return [p for p in patterns[0].split(text) if p]
    out, cue = [], ""  # by words: fill a cue, then start the next
    for word in text.split():
        for chunk in (word[i : i + MAX_LINE] for i in range(0, len(word), MAX_LINE)):
            joined = f"{cue} {chunk}" if cue else chunk
            if cue and not fits(joined):
                out.append(cue)
                cue = chunk
            else:
                cue = joined
    return [*out, cue] if cue else out


@dataclass(frozen=True)
class _Piece:
    text: str
    speaker: str | None
    element: str | None


def shot_spans(cut: Cut) -> list[tuple[float, float]]:
    """Start and end of each entry in the film, in seconds (a dissolve overlaps two spans)."""
    spans, frame = [], 0
    for index, entry in enumerate(cut.entries):
        spans.append((frame / cut.fps, (frame + entry.frames) / cut.fps))
        frame += entry.frames - cut.overlap_frames(index)
    return spans


def readable_cues(cut: Cut) -> list[Subtitle]:
    """Every speech of the cut, in order, in cues a viewer can read (see the module docstring)."""
    end_of_film = cut.total_frames / cut.fps
    groups = _group_by_shot(cut)
    out: list[Subtitle] = []
    for g, group in enumerate(groups):
        start = max(group.cues[0].start_s, group.start, out[-1].end_s if out else 0.0)
        end = min(group.until, group.end, end_of_film)
        if g + 1 < len(groups):
            following = groups[g + 1]
            end = min(end, max(following.cues[0].start_s, following.start))
        if end - start < 0.001:  # no room left (squeezed out by a dissolve): take the whole shot
            start, end = max(group.start, out[-1].end_s if out else 0.0), min(group.end, end_of_film)
            if end - start < 0.001:
                continue
        out.extend(_time(_pieces(group.cues), start, end))
    return out


@dataclass
class _Group:
    """The cues of one shot (or of shots sharing a speech), and the span they may use."""

    start: float
    end: float
    until: float  # end of the last cue the editor timed for it
    cues: list[Subtitle]


def _group_by_shot(cut: Cut) -> list[_Group]:
    """The cues by the entry they were timed in: the editor writes them in shot order, each
    inside its shot's span, so a pointer walks the spans forward. A speech the editor repeats for
    the next shot (a reaction shot covering the same line) is shown once: its group runs on over
    the next shot instead."""
    spans = shot_spans(cut) or [(0.0, cut.total_frames / cut.fps)]
    tolerance = 0.5 / cut.fps + 0.001
    groups: list[_Group] = []
    index, shot_of_group = 0, -1
    for cue in cut.subtitles:
        while index + 1 < len(spans) and not (
            spans[index][0] - tolerance <= cue.start_s and cue.end_s <= spans[index][1] + tolerance
        ):
            index += 1
        last = groups[-1] if groups else None
        if last is not None and cue.element is not None and cue.element == last.cues[-1].element:
            last.end, last.until = max(last.end, spans[index][1]), max(last.until, cue.end_s)
            shot_of_group = index
        elif last is not None and shot_of_group == index:
            last.cues.append(cue)
            last.until = max(last.until, cue.end_s)
        else:
            groups.append(_Group(spans[index][0], spans[index][1], cue.end_s, [cue]))
            shot_of_group = index
    return groups


def _pieces(cues: list[Subtitle]) -> list[_Piece]:
    speakers = {c.speaker for c in cues if c.speaker}
    named = len(speakers) > 1
    pieces: list[_Piece] = []
    previous: str | None = None
    for cue in cues:
        text = clean_text(cue.text)
        if not text:
            continue
        prefix = f"{cue.speaker}: " if named and cue.speaker and cue.speaker != previous else ""
        previous = cue.speaker
        pieces.extend(_Piece(part, cue.speaker, cue.element) for part in split_speech(text, prefix))
    return pieces


def _time(pieces: list[_Piece], start: float, end: float) -> list[Subtitle]:
    """The pieces one after another over [start, end]: shares by characters, floored at MIN_S
    (or an equal share of the span, when it is too short for that), capped at MAX_S."""
    if not pieces:
        return []
    length = end - start
    chars = [max(len(p.text), 1) for p in pieces]
    floor = min(MIN_S, length / len(pieces))  # short of room: an equal share each, at least
    spare = length - floor * len(pieces)
    out, cursor = [], start
    for piece, n in zip(pieces, chars, strict=True):
        share = floor + spare * n / sum(chars)
        a, b = _ms(cursor), _ms(min(cursor + min(share, MAX_S), end))
        b = min(b, _ms(a + MAX_S), math.floor(end * 1000 + 1e-6) / 1000)  # rounding must not pass them
        cursor += share
        if b <= a:  # too little room to show it at all
            continue
        out.append(
            Subtitle(
                start_s=a,
                end_s=b,
                speaker=piece.speaker,
                text="\n".join(wrap(piece.text)),
                element=piece.element,
            )
        )
    return out


def _ms(seconds: float) -> float:
    return round(seconds, 3)


def _stamp(seconds: float, separator: str) -> str:
    ms = max(0, round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{ms:03d}"


def _lines(text: str) -> list[str]:
    """The cue's lines with no blank line among them (a blank line ends a cue in SRT and VTT)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def to_srt(cues: list[Subtitle]) -> str:
    """SubRip text: 1-based index, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, the lines, a blank line; LF
    line ends. Emphasis markers are removed and `<` `>` become `‹` `›`, since players would render
    tags as formatting."""
    blocks = []
    for cue in cues:
        lines = [_srt_safe(clean_text(line)) for line in _lines(cue.text)]
        lines = [line for line in lines if line]
        if not lines:
            continue
        stamp = f"{_stamp(cue.start_s, ',')} --> {_stamp(cue.end_s, ',')}"
        blocks.append("\n".join([str(len(blocks) + 1), stamp, *lines]) + "\n")
    return "\n".join(blocks)


def to_vtt(cues: list[Subtitle]) -> str:
    """WebVTT text: the `WEBVTT` header, then cues `HH:MM:SS.mmm --> HH:MM:SS.mmm` with `&`, `<`
    and `>` escaped (so no text can open a tag or spell `-->`)."""
    blocks = ["WEBVTT\n"]
    for cue in cues:
        lines = [html.escape(clean_text(line), quote=False) for line in _lines(cue.text)]
        lines = [line for line in lines if line]
        if not lines:
            continue
        stamp = f"{_stamp(cue.start_s, '.')} --> {_stamp(cue.end_s, '.')}"
        blocks.append("\n".join([stamp, *lines]) + "\n")
    return "\n".join(blocks)
