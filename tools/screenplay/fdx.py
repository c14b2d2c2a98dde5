"""A Final Draft (.fdx) reader that builds the same `Screenplay` the Fountain reader does.

    bytes -> 1. safe XML with source lines (fdx_xml.py) -> 2. check the root -> 3. title page
          -> 4. paragraphs -> 5. script notes -> 6. finish (or prose)

Each step is a function below. FDX and Fountain differ in places; where they do we choose, and
say so:
- Scene Heading -> a `Scene`; its `Number` attribute is the scene number.
- Action -> action. Shot, General and Cast List have no Fountain element: they are action too.
  An Action or General paragraph with `Alignment="Center"` is `centered` (Fountain's `> text <`).
- Character, then the Parenthetical, Dialogue and Lyrics paragraphs under it -> ONE `dialogue`
  element with its parts in order, as in Fountain. Consecutive Dialogue (or Lyrics) paragraphs
  make one part, joined by a newline, as consecutive Fountain lines do. Parentheticals missing
  their brackets get them. The cue goes through `grammar.parse_cue`, so identities match Fountain.
  Final Draft adds (CONT'D) and (MORE) when it prints, not in the file: `contd` is true only
  where the writer typed it.
- Dialogue or Parenthetical with no Character above it -> action, with a warning. Lyrics outside
  a speech -> a `lyric` element. Transition -> transition.
- `<DualDialogue>` (inside a Paragraph, as Final Draft writes it, or bare) -> every speech in
  it is `dual=True`.
- `StartsNewPage="Yes"` -> a `page_break` element before the paragraph (Fountain's `===`).
- Text runs with `Style` Bold, Italic or Underline (or `+` combinations) -> spans over the plain
  text, never across a line break (as Fountain emphasis); AllCaps runs are uppercased; other
  styles (Strikeout, ...) are dropped.
- Script notes: `<ScriptNotes><ScriptNote Range="start,end">` counts characters over the text of
  every paragraph of `<Content>` in order, one character between paragraphs (Final Draft's own
  scheme; a dual-dialogue wrapper counts only through the paragraphs inside it). A note goes on
  the element (or scene heading) holding `start`. A `<ScriptNote>` inside a paragraph goes on
  that paragraph. `Note.line` is the XML line of the `<ScriptNote>`.
- `Element.line` is the 1-based XML line of the paragraph's start tag (of the Character
  paragraph for a speech); the SAX locator gives it.
- Final Draft has no sections, synopses, boneyard or stand-alone notes: none come out.
The title page has no keys in FDX; `_title_page` explains the guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyreel.errors import ScreenplayError
from storyreel.models.screenplay import (
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
from storyreel.tools.screenplay.fdx_xml import Styled, XmlNode, plain, read_xml, styled_text, tidy
from storyreel.tools.screenplay.grammar import Cue, parse_cue

# Paragraph types read as action: Fountain has no element for them.
_ACTION_TYPES = {"Action", "General", "Shot", "Cast List"}
_SPEECH_TYPES = {"Parenthetical", "Dialogue", "Lyrics"}

# Title page guesses (see `_title_page`).
_CREDIT = re.compile(r"^(?:[\w&',. ]{0,40}\s)?by:?$", re.IGNORECASE)
_SOURCE = re.compile(
    r"^(?:based on|adapted from|inspired by|from the (?:novel|play|book|story))\b", re.IGNORECASE
)
_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b|\bdraft\b|\b(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d",
    re.IGNORECASE,
)


# -- 4. paragraphs ----------------------------------------------------------------------------
@dataclass
class _Part:
    type: str  # speech | parenthetical | lyric
    line: int
    chars: Styled


@dataclass
class _Speech:
    cue: Cue
    line: int
    parts: list[_Part] = field(default_factory=list)
    element: Element | None = None


@dataclass
class _Placed:
    """A Content paragraph's character range (for note ranges) and what it became."""

    start: int
    end: int
    target: Element | Scene | _Speech | None = None
    notes: list[Note] = field(default_factory=list)  # <ScriptNote> written inside the paragraph

    def resolved(self) -> Element | Scene | None:
        return self.target.element if isinstance(self.target, _Speech) else self.target


class _Reader:
    """Walks the Content paragraphs once, building elements and scenes."""

    def __init__(self, screenplay: Screenplay):
        self.screenplay = screenplay
        self.container: list[Element] = screenplay.elements
        self.speech: _Speech | None = None
        self.placed: list[_Placed] = []
        self.offset = 0  # Final Draft's character position, for note ranges
        self.unknown_types: set[str] = set()
        self.prose_text: list[str] = []

    def read(self, content: XmlNode) -> None:
        for node in content.children:
            dual = node.child("DualDialogue") if node.tag == "Paragraph" else node
            if dual is not None and dual.tag == "DualDialogue":
                self.dual_dialogue(dual)
            elif node.tag == "Paragraph":
                self.paragraph(node)
        self.close()

    def warn(self, line: int, message: str) -> None:
        self.screenplay.warnings.append(ParseWarning(line=line, message=message))

    def dual_dialogue(self, group: XmlNode) -> None:
        self.close()
        first = len(self.container)
        for node in group.all("Paragraph"):
            self.paragraph(node)
        self.close()
        speeches = [e for e in self.container[first:] if e.type == "dialogue"]
        if len(speeches) >= 2:
            for speech in speeches:
                speech.dual = True
        else:
            self.warn(group.line, "dual dialogue with fewer than two speeches; read as ordinary dialogue")

    def paragraph(self, node: XmlNode) -> None:
        raw, styled = styled_text(node)
        placed = _Placed(start=self.offset, end=self.offset + len(raw))
        self.offset += len(raw) + 1
        self.placed.append(placed)
        placed.notes = [_note(n) for n in node.all("ScriptNote")]
        self.prose_text.append(raw.strip())
        kind = node.attrs.get("Type", "General")
        if node.attrs.get("StartsNewPage", "").lower() == "yes":
            self.close()
            self.add(Element(id="", type="page_break", text="", line=node.line))
        styled = tidy(styled, keep_indent=kind in _ACTION_TYPES)
        if not any(not c.isspace() for c, _ in styled):
            return  # Final Draft leaves empty paragraphs about: they are not elements
        if kind == "Scene Heading":
            placed.target = self.heading(node, styled)
        elif kind == "Character":
            self.close()
            self.speech = _Speech(cue=parse_cue(plain(styled)[0]), line=node.line)
            placed.target = self.speech
        elif kind in _SPEECH_TYPES and self.speech is not None:
            self.speech_part(kind, node.line, styled)
            placed.target = self.speech
        elif kind == "Lyrics":
            placed.target = self.single("lyric", node.line, styled)
        elif kind == "Transition":
            placed.target = self.single("transition", node.line, styled)
        else:
            if kind in _SPEECH_TYPES:
                self.warn(node.line, f"{kind} paragraph with no Character paragraph above it; read as action")
            elif kind not in _ACTION_TYPES and kind not in self.unknown_types:
                self.unknown_types.add(kind)
                self.warn(node.line, f"paragraph type {kind!r} has no screenplay element; read as action")
            centered = node.attrs.get("Alignment", "").lower() == "center" and kind in ("Action", "General")
            placed.target = self.single("centered" if centered else "action", node.line, styled)

    def heading(self, node: XmlNode, styled: Styled) -> Scene:
        self.close()
        number = node.attrs.get("Number", "").strip() or None
        scene = new_scene(len(self.screenplay.scenes), plain(styled)[0], number, node.line, [])
        self.screenplay.scenes.append(scene)
        self.container = scene.elements
        return scene

    def speech_part(self, kind: str, line: int, styled: Styled) -> None:
        assert self.speech is not None
        part_type = {"Parenthetical": "parenthetical", "Dialogue": "speech", "Lyrics": "lyric"}[kind]
        if part_type == "parenthetical" and styled[0][0] != "(":
            styled = [("(", frozenset()), *styled, (")", frozenset())]
        parts = self.speech.parts
        if part_type != "parenthetical" and parts and parts[-1].type == part_type:
            parts[-1].chars.extend([("\n", frozenset()), *styled])
        else:
            parts.append(_Part(type=part_type, line=line, chars=list(styled)))

    def single(self, kind: str, line: int, styled: Styled) -> Element:
        self.close()
        text, spans = plain(styled)
        return self.add(Element(id="", type=kind, text=text, line=line, spans=spans))  # type: ignore[arg-type]

    def add(self, element: Element) -> Element:
        self.container.append(element)
        return element

    def close(self) -> None:
        """Finish the open speech, if any: one dialogue element, built as Fountain builds it."""
        speech, self.speech = self.speech, None
        if speech is None:
            return
        parts: list[SpeechPart] = []
        spoken: list[str] = []
        spans: list[Span] = []
        offset = 0
        for part in speech.parts:
            text, part_spans = plain(part.chars)
            parts.append(SpeechPart(type=part.type, text=text, line=part.line, spans=part_spans))  # type: ignore[arg-type]
            if part.type == "parenthetical":
                continue
            if spoken:
                offset += 1  # the newline joining spoken parts
            spans.extend(Span(start=s.start + offset, end=s.end + offset, style=s.style) for s in part_spans)
            spoken.append(text)
            offset += len(text)
        cue = speech.cue
        speech.element = self.add(
            Element(
                id="",
                type="dialogue",
                text="\n".join(spoken),
                line=speech.line,
                spans=spans,
                character=cue.name,
                cue=cue.written,
                extension=cue.extension,
                contd=cue.contd,
                parts=parts,
            )
        )


# -- 5. script notes --------------------------------------------------------------------------
def _note(node: XmlNode) -> Note:
    texts = []
    for paragraph in node.all("Paragraph"):
        text, _ = plain(tidy(styled_text(paragraph)[1]))
        if text:
            texts.append(text)
    return Note(text="\n".join(texts), line=node.line)


def _attach(note: Note, target: Element | Scene | None) -> None:
    if target is not None:
        target.notes.append(note)


def _place_notes(root: XmlNode, reader: _Reader) -> None:
    """Put every script note on the element (or scene) whose paragraph holds its range start."""
    for index, placed in enumerate(reader.placed):
        for note in placed.notes:
            _attach(note, _nearest_target(reader.placed, index))
    holder = root.child("ScriptNotes")
    for node in holder.all("ScriptNote") if holder is not None else []:
        note = _note(node)
        match = re.fullmatch(r"\s*(\d+)\s*,\s*(\d+)\s*", node.attrs.get("Range", ""))
        index = None
        if match:
            start = int(match.group(1))
            index = next((i for i, p in enumerate(reader.placed) if p.start <= start <= p.end), None)
        target = _nearest_target(reader.placed, index) if index is not None else None
        if target is None:
            reader.warn(
                node.line,
                f"script note Range={node.attrs.get('Range', '')!r} points at no paragraph; note dropped",
            )
        _attach(note, target)


def _nearest_target(placed: list[_Placed], index: int) -> Element | Scene | None:
    # An empty paragraph became nothing: use the next paragraph that did, else the one before.
    for i in [*range(index, len(placed)), *range(index - 1, -1, -1)]:
        target = placed[i].resolved()
        if target is not None:
            return target
    return None


# -- 3. the title page ------------------------------------------------------------------------
def _title_page(root: XmlNode) -> dict[str, str]:
    """Guess Fountain's title page keys from the layout of Final Draft's keyless title page.

    Paragraphs are grouped into blocks: runs of non-empty paragraphs with the same alignment.
    Centred blocks, in order: the first text is the `title` (until the block ends); a short line
    ending in "by" ("Written by", "Screenplay by") is the `credit`, and the text after it (to the
    end of its block, or the next block) the `author`; a block opening "Based on", "Adapted
    from" ... is the `source`; any other centred text is `notes`. Left- or right-aligned blocks
    (the bottom corners): `copyright` if it says so, `draft_date` if it is one or two lines with a
    year, a date or the word "draft", else `contact`. Values of one key are joined by newlines.
    """
    page = root.child("TitlePage")
    content = page.child("Content") if page is not None else None
    if content is None:
        return {}
    blocks: list[tuple[str, list[str]]] = []
    previous = None
    for node in content.all("Paragraph"):
        text = plain(tidy(styled_text(node)[1]))[0]
        align = node.attrs.get("Alignment", "Left").lower()
        align = align if align in ("center", "right") else "left"
        if not text:
            previous = None
            continue
        if previous == align:
            blocks[-1][1].extend(text.split("\n"))
        else:
            blocks.append((align, text.split("\n")))
        previous = align
    values: dict[str, list[str]] = {}
    awaiting_author = False
    for align, lines in blocks:
        if align != "center":
            joined = "\n".join(lines)
            if _COPYRIGHT.search(joined):
                key = "copyright"
            elif len(lines) <= 2 and _DATE.search(joined):
                key = "draft_date"
            else:
                key = "contact"
            values.setdefault(key, []).extend(lines)
            continue
        key = "author" if awaiting_author else None
        awaiting_author = False
        for line in lines:
            if "title" in values and key != "author" and _CREDIT.match(line):
                values.setdefault("credit", []).append(line)
                key, awaiting_author = "author", True
                continue
            if _SOURCE.match(line):
                key = "source"
            elif key is None:
                key = "notes" if "title" in values else "title"
            awaiting_author = False
            values.setdefault(key, []).append(line)
    return {key: "\n".join(lines) for key, lines in values.items()}


# -- the reader -------------------------------------------------------------------------------
def parse_fdx(data: bytes, path: str | None = None, sha256: str = "") -> Screenplay:
    """Parse Final Draft XML into a Screenplay; ScreenplayError (file:line: problem) on bad input."""
    # 1. XML, refusing DTDs, entities and external references.
    root = read_xml(data, path)
    # 2. A Final Draft document with a script in it.
    if root.tag != "FinalDraft":
        raise ScreenplayError(
            path,
            f"is not a Final Draft document: the root element is <{root.tag}>, not <FinalDraft>",
            line=root.line,
        )
    content = root.child("Content")
    if content is None:
        raise ScreenplayError(path, "has no <Content> element: there is no script in it", line=root.line)
    # 3. The title page.
    screenplay = Screenplay(
        source=Source(path=path, format="fdx", sha256=sha256), title_page=_title_page(root)
    )
    # 4. The paragraphs.
    reader = _Reader(screenplay)
    reader.read(content)
    # 5. Script notes onto the elements they are about.
    _place_notes(root, reader)
    # 6. Ids, anchors, characters, pages; or recognise prose.
    if is_prose(screenplay):
        return as_prose(screenplay, "\n\n".join(t for t in reader.prose_text if t))
    return finish(screenplay)
