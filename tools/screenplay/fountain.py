"""A Fountain 1.1 parser that keeps everything: notes, boneyard, emphasis and source lines.

    text -> 1. boneyard out -> 2. notes out -> 3. title page -> 4. elements -> 5. finish

Each step is a function below. The element rules follow https://fountain.io/syntax; where the
spec leaves room we choose, and say so:
- a line of capitals followed by a non-blank line is a character cue, unless it ends like
  action does ("THE DOOR EXPLODES!", "SILENCE.") — `@` forces a cue whatever it looks like;
- besides uppercase lines ending in "TO:", the common bare transitions FADE IN:, FADE OUT.,
  FADE TO BLACK., CUT TO BLACK. ... are transitions when they stand alone;
- a note that touches an element (on its lines, or on a line of its own right above or inside
  it) is anchored to that element; a note with blank lines around it is a `note` element;
- lyrics (`~`) right under a character cue are sung lines of that speech; elsewhere a `lyric`;
- tabs in action become four spaces, as the spec says;
- a heading-shaped line without the blank line after it is action, never a cue;
- title page values on later lines must be indented (the spec's form): a line that is neither
  a key nor indented ends the title page even without a blank line;
- a `===` page break stands on its own even right under a speech; a `^` speech pairs with the
  speech before it (notes in between don't count), and a pair is two speeches, no more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyreel.models.screenplay import (
    BoneyardBlock,
    Element,
    Note,
    ParseWarning,
    Scene,
    Screenplay,
    Source,
    Span,
    SpeechPart,
)
from storyreel.tools.screenplay.assemble import as_prose, finish, is_prose, new_scene
from storyreel.tools.screenplay.grammar import is_scene_heading, is_transition, looks_like_cue, parse_cue
from storyreel.tools.screenplay.markup import strip_emphasis, strip_emphasis_lines

_TITLE_KEYS = {
    "title", "credit", "author", "authors", "source", "draft date", "date", "contact",
    "copyright", "notes", "revision", "format", "episode", "series", "based on", "written by",
}  # fmt: skip
_TITLE_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9 _'-]{0,39}):(.*)$")
_PAGE_BREAK = re.compile(r"^={3,}$")
# A note may run over several lines but not over an empty one (the spec's rule), so the match
# never crosses "\n\n": an unclosed "[[" then cannot swallow a later, well-formed note.
_NOTE = re.compile(r"\[\[((?:[^\n]|\n(?!\n))*?)\]\]")
_SPACER = "  "  # a line of two spaces keeps a paragraph or speech going


@dataclass
class _Line:
    no: int
    text: str
    notes: list[Note] = field(default_factory=list)
    note_only: bool = False  # the line held nothing but notes

    @property
    def blank(self) -> bool:
        return not self.note_only and self.text != _SPACER and not self.text.strip()


@dataclass
class _Block:
    """An element under construction."""

    type: str
    line: int
    lines: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    forced: bool = False
    depth: int | None = None
    cue: object = None  # grammar.Cue for dialogue
    parts: list[list] = field(default_factory=list)  # [type, line, [texts]] for dialogue
    open_parenthetical: bool = False
    # Two-space lines seen and not yet placed: they become empty lines only if the paragraph
    # goes on, so trailing ones add nothing and one between a lyric and a speech just starts a
    # new part.
    gap: int = 0

    def add_line(self, text: str) -> None:
        self.lines.extend([""] * self.gap + [text])
        self.gap = 0


def parse_fountain(
    text: str, path: str | None = None, sha256: str = "", source_format: str = "fountain"
) -> Screenplay:
    """Parse Fountain text into a Screenplay (CRLF, CR or LF newlines; a leading BOM is dropped)."""
    # source.py normalises files already; callers passing text directly get the same treatment.
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    warnings: list[ParseWarning] = []
    # 1. The boneyard is not part of the script at all: take it out first.
    lines, boneyard = _remove_boneyard(text, warnings)
    # 2. Notes can sit inside any element, even across lines: take them out, keep their lines.
    lines = _extract_notes(lines, warnings)
    # 3. The optional title page.
    title_page, start = _title_page(lines)
    # 4. The body, line by line.
    screenplay = Screenplay(
        source=Source(path=path, format=source_format, sha256=sha256),  # type: ignore[arg-type]
        title_page=title_page,
        boneyard=boneyard,
        warnings=warnings,
    )
    _Body(screenplay, lines[start:]).parse()
    # 5. Ids, anchors, characters, pages; or recognise prose.
    if is_prose(screenplay):  # its text without the boneyard and the notes, which are not the story
        return as_prose(screenplay, "\n".join(line.text for line in lines[start:]))
    return finish(screenplay)


def _remove_boneyard(text: str, warnings: list[ParseWarning]) -> tuple[list[_Line], list[BoneyardBlock]]:
    lines: list[_Line] = []
    blocks: list[BoneyardBlock] = []
    inside, opened, buffer = False, 0, []
    for no, raw in enumerate(text.split("\n"), start=1):
        if not inside and "/*" not in raw:
            lines.append(_Line(no, raw))
            continue
        # A line that starts inside the boneyard belongs to it, even a blank one.
        kept, rest, touched = ([""] if inside else []), raw, inside
        while True:
            if inside:
                end = rest.find("*/")
                if end < 0:
                    buffer.append(rest)
                    break
                buffer.append(rest[:end])
                blocks.append(BoneyardBlock(text="\n".join(buffer).strip(), line=opened))
                inside, buffer, rest, touched = False, [], rest[end + 2 :], True
            else:
                begin = rest.find("/*")
                if begin < 0:
                    kept.append(rest)
                    break
                kept.append(rest[:begin])
                inside, opened, buffer, rest, touched = True, no, [], rest[begin + 2 :], True
        remainder = _join_cut(kept)
        if remainder.strip() or not touched:
            lines.append(_Line(no, remainder.rstrip() if touched else remainder))
    if inside:
        blocks.append(BoneyardBlock(text="\n".join(buffer).strip(), line=opened))
        warnings.append(
            ParseWarning(
                line=opened,
                message="boneyard '/*' opened here is never closed: everything after it is ignored",
            )
        )
    return lines, blocks


def _extract_notes(lines: list[_Line], warnings: list[ParseWarning]) -> list[_Line]:
    if not any("[[" in line.text for line in lines):
        return lines
    joined = "\n".join(line.text for line in lines)
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line.text) + 1
    notes = list(_NOTE.finditer(joined))
    out: list[_Line] = []
    note_index = 0
    for index, line in enumerate(lines):
        begin, end = starts[index], starts[index] + len(line.text)
        pieces, cursor, found, covered = [], begin, [], False
        while note_index < len(notes) and notes[note_index].start() < end + 1:
            match = notes[note_index]
            if match.end() > end + 1:  # continues on the next line
                pieces.append(joined[cursor : max(cursor, match.start())])
                if match.start() >= begin:
                    found.append(Note(text=_clean_note(match.group(1)), line=line.no))
                cursor, covered = end, True
                break
            if match.start() >= begin:
                found.append(Note(text=_clean_note(match.group(1)), line=line.no))
            pieces.append(joined[cursor : max(cursor, match.start())])
            cursor = max(cursor, match.end())
            note_index += 1
            covered = True
        if cursor < end:
            pieces.append(joined[cursor:end])
        text = _join_cut(pieces) if covered else line.text
        if "[[" in text and "]]" not in text[text.index("[[") :]:
            warnings.append(ParseWarning(line=line.no, message="note '[[' is never closed; kept as text"))
        if covered and not text.strip():
            if found:
                out.append(_Line(line.no, "", found, note_only=True))
            continue  # a line that was all note (or the middle of one) is not a blank line
        out.append(_Line(line.no, text.rstrip() if covered else text, found))
    return out


def _join_cut(pieces: list[str]) -> str:
    """Join what is left of a line around cut notes or boneyard: "a [[n]] b" -> "a b".

    At each cut, whitespace on both sides would double up, and whitespace right after a cut at
    the start of the line is not indentation the writer typed, so the right side's goes.
    """
    text = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        if not text or text[-1].isspace():
            piece = piece.lstrip()
        text += piece
    return text


def _clean_note(text: str) -> str:
    return "\n".join(part.strip() for part in text.strip().split("\n"))


def _title_page(lines: list[_Line]) -> tuple[dict[str, str], int]:
    first = next((i for i, line in enumerate(lines) if line.text.strip()), None)
    if first is None or first > 0 and any(not line.blank for line in lines[:first]):
        return {}, 0
    match = _TITLE_KEY_LINE.match(lines[first].text)
    if not match or match.group(1).strip().lower() not in _TITLE_KEYS:
        return {}, 0
    values: dict[str, list[str]] = {}
    key = ""
    index = first
    while index < len(lines) and lines[index].text.strip():
        raw = lines[index].text
        match = _TITLE_KEY_LINE.match(raw)
        if match and not raw[:1].isspace():
            key = re.sub(r"[\s\-]+", "_", match.group(1).strip().lower())
            values.setdefault(key, [])
            value = match.group(2).strip()
        elif raw[:1].isspace():  # values on the lines below a key are indented
            value = raw.strip()
        else:  # neither a key nor a value: the script starts here, blank line or not
            break
        if value:
            values[key].append(strip_emphasis(value)[0])
        index += 1
    return {k: "\n".join(v) for k, v in values.items()}, index


class _Body:
    """Walks the body lines once, building elements and scenes."""

    def __init__(self, screenplay: Screenplay, lines: list[_Line]):
        self.screenplay = screenplay
        self.lines = lines
        self.container: list[Element] = screenplay.elements
        self.scene: Scene | None = None
        self.current: _Block | None = None
        self.pending_notes: list[Note] = []
        self.sections: list[str] = []
        # The nearest line that is not a note, before and after each line.
        meaningful = [i for i, line in enumerate(lines) if not line.note_only]
        self.prev_blank = [True] * len(lines)
        self.next_blank = [True] * len(lines)
        for k, i in enumerate(meaningful):
            self.prev_blank[i] = k == 0 or lines[meaningful[k - 1]].blank
            self.next_blank[i] = k + 1 == len(meaningful) or lines[meaningful[k + 1]].blank

    # -- the walk ----------------------------------------------------------------------
    def parse(self) -> None:
        for index, line in enumerate(self.lines):
            if line.note_only:
                (self.current.notes if self.current else self.pending_notes).extend(line.notes)
            elif line.blank:
                self.close()
                self.flush_notes()
            elif line.text == _SPACER:
                self.spacer(line)
            elif (
                self.current is not None
                and self.current.type == "dialogue"
                and not _PAGE_BREAK.match(line.text.strip())
            ):  # a page break stands on its own, even right under a speech
                self.dialogue_line(line)
            else:
                self.line(index, line)
        self.close()
        self.flush_notes()

    def spacer(self, line: _Line) -> None:
        block = self.current
        if block is None or block.type not in ("dialogue", "action"):
            self.close()
            self.flush_notes()
        else:
            block.gap += 1

    def line(self, index: int, line: _Line) -> None:
        stripped = line.text.strip()
        first = stripped[:1]
        # Elements marked by their first character stand anywhere.
        if _PAGE_BREAK.match(stripped):
            return self.single("page_break", line, "")
        if first == "#":
            depth = len(stripped) - len(stripped.lstrip("#"))
            self.single("section", line, stripped[depth:].strip(), depth=depth)
            self.sections = self.sections[: depth - 1] + [self.container[-1].text]
            return
        if first == "=":
            return self.single("synopsis", line, stripped[1:].strip())
        # A lone ">" or "><" marks nothing up: it stays action.
        if first == ">" and stripped.endswith("<") and stripped[1:-1].strip():
            return self.continue_or_open("centered", line, stripped[1:-1].strip())
        if first == ">" and not stripped.endswith("<") and stripped[1:].strip():
            return self.single("transition", line, stripped[1:].strip(), forced=True)
        if first == "~":
            return self.continue_or_open("lyric", line, stripped[1:].strip())
        if first == "!":
            return self.continue_or_open("action", line, _action_text(line.text.lstrip()[1:]), forced=True)
        if self.current is not None and self.current.type == "action":
            self.current.add_line(_action_text(line.text))
            self.current.notes.extend(line.notes)
            return
        # The rest need a blank line before them, and some a blank line after.
        if self.prev_blank[index]:
            after_blank = self.next_blank[index]
            if first == "." and stripped[1:2] not in ("", "."):
                return self.heading(line, stripped[1:].strip())
            if after_blank and is_scene_heading(stripped):
                return self.heading(line, stripped)
            if after_blank and is_transition(stripped):
                return self.single("transition", line, stripped)
            forced_cue = first == "@" and bool(parse_cue(stripped).name)  # "@(" names nobody
            if not after_blank and (forced_cue or looks_like_cue(stripped)):
                return self.open_dialogue(line, stripped)
        self.continue_or_open("action", line, _action_text(line.text))

    def dialogue_line(self, line: _Line) -> None:
        block = self.current
        assert block is not None
        stripped = line.text.strip()
        block.notes.extend(line.notes)
        gap, block.gap = block.gap, 0
        if block.open_parenthetical:
            block.parts[-1][2].append(stripped)
            block.open_parenthetical = not stripped.endswith(")")
            return
        if stripped.startswith("("):
            block.parts.append(["parenthetical", line.no, [stripped]])
            block.open_parenthetical = not stripped.endswith(")")
            return
        kind = "lyric" if stripped.startswith("~") else "speech"
        text = stripped[1:].strip() if kind == "lyric" else stripped
        if block.parts and block.parts[-1][0] == kind:
            block.parts[-1][2].extend([""] * gap + [text])
        else:
            block.parts.append([kind, line.no, [text]])

    # -- building elements ---------------------------------------------------------------
    def open(self, kind: str, line: _Line, **extra: object) -> _Block:
        self.close()
        block = _Block(type=kind, line=line.no, notes=self.pending_notes + line.notes, **extra)  # type: ignore[arg-type]
        self.pending_notes = []
        self.current = block
        return block

    def continue_or_open(self, kind: str, line: _Line, text: str, forced: bool = False) -> None:
        if self.current is not None and self.current.type == kind:
            self.current.add_line(text)
            self.current.notes.extend(line.notes)
        else:
            self.open(kind, line, forced=forced).lines.append(text)

    def single(self, kind: str, line: _Line, text: str, **extra: object) -> None:
        self.open(kind, line, **extra).lines.append(text)
        self.close()

    def open_dialogue(self, line: _Line, stripped: str) -> None:
        cue = parse_cue(strip_emphasis(stripped)[0])  # "**BRICK**" is BRICK
        self.open("dialogue", line, cue=cue, forced=stripped.startswith("@"))

    def heading(self, line: _Line, text: str) -> None:
        self.close()
        scene = new_scene(len(self.screenplay.scenes), text, None, line.no, self.sections)
        scene.notes = self.pending_notes + line.notes
        self.pending_notes = []
        self.screenplay.scenes.append(scene)
        self.scene, self.container = scene, scene.elements

    def flush_notes(self) -> None:
        for note in self.pending_notes:
            self.container.append(Element(id="", type="note", text=note.text, line=note.line))
        self.pending_notes = []

    def close(self) -> None:
        block, self.current = self.current, None
        if block is None:
            return
        if block.type == "dialogue":
            element = self.dialogue_element(block)
        else:
            text, spans = strip_emphasis_lines("\n".join(block.lines))
            element = Element(
                id="",
                type=block.type,  # type: ignore[arg-type]
                text=text,
                line=block.line,
                spans=spans,
                notes=block.notes,
                forced=block.forced,
                depth=block.depth,
            )
        self.container.append(element)

    def dialogue_element(self, block: _Block) -> Element:
        cue = block.cue
        parts: list[SpeechPart] = []
        spoken: list[str] = []
        spans: list[Span] = []
        offset = 0
        for kind, line_no, texts in block.parts:
            text, part_spans = strip_emphasis_lines("\n".join(texts))
            parts.append(SpeechPart(type=kind, text=text, line=line_no, spans=part_spans))
            if kind == "parenthetical":
                continue
            if spoken:
                offset += 1  # the newline joining spoken parts
            spans.extend(Span(start=s.start + offset, end=s.end + offset, style=s.style) for s in part_spans)
            spoken.append(text)
            offset += len(text)
        element = Element(
            id="",
            type="dialogue",
            text="\n".join(spoken),
            line=block.line,
            spans=spans,
            notes=block.notes,
            character=cue.name,  # type: ignore[attr-defined]
            cue=cue.written,  # type: ignore[attr-defined]
            extension=cue.extension,  # type: ignore[attr-defined]
            contd=cue.contd,  # type: ignore[attr-defined]
            parts=parts,
            forced=block.forced,
        )
        if cue.dual:  # type: ignore[attr-defined]
            self.pair_dual(element)
        return element

    def pair_dual(self, element: Element) -> None:
        """Pair a `^` speech with the speech right before it (notes in between don't count)."""
        partner = next((e for e in reversed(self.container) if e.type != "note"), None)
        if partner is not None and partner.type == "dialogue" and not partner.dual:
            partner.dual = element.dual = True
            return
        # A dual pair is two speeches: a third `^` in a row has no free partner.
        self.screenplay.warnings.append(
            ParseWarning(
                line=element.line,
                message="dual dialogue marker '^' but no speech right before it to pair with",
            )
        )


def _action_text(raw: str) -> str:
    return raw.replace("\t", "    ").rstrip()
