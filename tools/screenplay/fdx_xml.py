"""Final Draft's XML as the FDX reader needs it: a safe parse that keeps each element's source
line, and a paragraph's styled text (which characters are bold, italic or underlined).

Safe: defusedxml refuses entity declarations and external references (an entity-expansion bomb
or a file fetched behind the user's back), and every refusal or syntax error is one
`ScreenplayError` naming the file and line. A SAX parse is used rather than ElementTree
because only the SAX locator gives the line of each start tag, which `Element.line` reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler

import defusedxml.sax
from defusedxml import (
    DefusedXmlException,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

from storyreel.errors import ScreenplayError
from storyreel.models.screenplay import Span

SPAN_STYLES = ("bold", "italic", "underline")

# One character of text with the styles that cover it.
Styled = list[tuple[str, frozenset[str]]]


# -- XML with source lines ---------------------------------------------------------------
@dataclass
class XmlNode:
    """An XML element, as much as this reader needs: tag, attributes, line, children, text."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[XmlNode] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)  # character data directly inside

    def child(self, tag: str) -> XmlNode | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[XmlNode]:
        return [c for c in self.children if c.tag == tag]


class _TreeBuilder(ContentHandler):
    """Builds `XmlNode`s from SAX events, stamping each with the line of its start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.root: XmlNode | None = None
        self.stack: list[XmlNode] = []
        self.locator = None

    def setDocumentLocator(self, locator) -> None:
        self.locator = locator

    @property
    def line(self) -> int | None:
        return self.locator.getLineNumber() if self.locator is not None else None

    def startElement(self, name: str, attrs) -> None:
        node = XmlNode(tag=name, attrs=dict(attrs.items()), line=self.line or 1)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].chars.append(content)


def read_xml(data: bytes, path: str | None) -> XmlNode:
    """Parse with defusedxml: entities and external references refused; errors name the line.

    A bare `<!DOCTYPE FinalDraft>` is harmless and some exporters write one; only what a DTD can
    declare (entities, external references) is dangerous, and defusedxml refuses exactly that.
    """
    builder = _TreeBuilder()
    try:
        defusedxml.sax.parseString(
            data, builder, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except EntitiesForbidden:
        raise ScreenplayError(
            path, "XML declares entities (refused: possible entity-expansion attack)", line=builder.line
        ) from None
    except ExternalReferenceForbidden:
        raise ScreenplayError(
            path, "XML refers to an external file or URL (refused: it is never fetched)", line=builder.line
        ) from None
    except DefusedXmlException as exc:
        raise ScreenplayError(path, f"XML uses a refused feature ({exc})", line=builder.line) from None
    except SAXParseException as exc:
        column = exc.getColumnNumber()
        where = f" at column {column + 1}" if isinstance(column, int) and column >= 0 else ""
        raise ScreenplayError(
            path, f"is not well-formed XML: {exc.getMessage()}{where}", line=exc.getLineNumber()
        ) from None
    except SAXException as exc:
        raise ScreenplayError(path, f"is not readable XML: {exc.getMessage()}") from None
    if builder.root is None:
        raise ScreenplayError(path, "is not well-formed XML: no root element")
    return builder.root


# -- styled text ------------------------------------------------------------------------------
def styled_text(paragraph: XmlNode) -> tuple[str, Styled]:
    """The paragraph's text as Final Draft stores it, and per character the styles over it."""
    raw: list[str] = []
    styled: Styled = []
    for run in paragraph.all("Text"):
        text = "".join(run.chars)
        style = run.attrs.get("Style", run.attrs.get("style", ""))
        names = {s.strip().lower() for s in style.split("+") if s.strip()}
        raw.append(text)
        shown = text.upper() if "allcaps" in names else text
        styles = frozenset(names & set(SPAN_STYLES))
        styled.extend((c, styles) for c in shown.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(raw), styled


def tidy(styled: Styled, keep_indent: bool = False) -> Styled:
    """Trim each line (only its end where indentation matters) and drop blank edge lines."""
    lines: list[Styled] = [[]]
    for char, styles in styled:
        if char == "\n":
            lines.append([])
        elif char == "\t" and keep_indent:
            lines[-1].extend([(" ", styles)] * 4)  # as Fountain does with tabs in action
        else:
            lines[-1].append((char, styles))
    for index, line in enumerate(lines):
        while line and line[-1][0].isspace():
            line.pop()
        if not keep_indent:
            lines[index] = line = line[
                next((i for i, (c, _) in enumerate(line) if not c.isspace()), len(line)) :
            ]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    out: Styled = []
    for index, line in enumerate(lines):
        if index:
            out.append(("\n", frozenset()))
        out.extend(line)
    return out


def plain(styled: Styled) -> tuple[str, list[Span]]:
    """Text and spans; a span never crosses a line break nor starts or ends on a space."""
    text = "".join(c for c, _ in styled)
    spans: list[Span] = []
    for style in SPAN_STYLES:
        start = None
        for index in range(len(styled) + 1):
            inside = index < len(styled) and style in styled[index][1] and styled[index][0] != "\n"
            if inside and start is None:
                start = index
            elif not inside and start is not None:
                end = index
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    spans.append(Span(start=start, end=end, style=style))  # type: ignore[arg-type]
                start = None
    spans.sort(key=lambda s: (s.start, -s.end, s.style))
    return text, spans
