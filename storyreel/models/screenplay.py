"""The screenplay as data: what the Fountain and Final Draft readers produce.

Nouns only. The readers in `storyreel.tools.screenplay` build these; every agent reads them.
A scene heading is not an element: it is the `Scene` itself. Everything inside a scene is an
`Element` in script order. Material before the first scene heading (a cold open of action, a
section title) lives in `Screenplay.elements`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from storyreel.models.base import Document, Noun

ElementType = Literal[
    "action",
    "dialogue",
    "transition",
    "centered",
    "section",
    "synopsis",
    "note",
    "page_break",
    "lyric",
]
ELEMENT_TYPES: tuple[str, ...] = ElementType.__args__  # type: ignore[attr-defined]

Style = Literal["italic", "bold", "underline"]


class Span(Noun):
    """Emphasis over `text[start:end]` of the element (or speech part) that holds it."""

    start: int = Field(ge=0, description="Offset of the first emphasised character.")
    end: int = Field(ge=0, description="Offset one past the last emphasised character.")
    style: Style


class Note(Noun):
    """A writer's note `[[...]]`, removed from the text and kept on the element it annotates."""

    text: str
    line: int = Field(ge=1, description="1-based source line where the note opens.")


class SpeechPart(Noun):
    """One piece of a speech in script order: spoken lines, a parenthetical, or sung lyrics."""

    type: Literal["speech", "parenthetical", "lyric"]
    text: str
    line: int = Field(ge=1)
    spans: list[Span] = Field(default_factory=list)


class Element(Noun):
    """One paragraph of the script inside a scene. A `dialogue` element is one whole speech."""

    id: str = Field(description="Stable across runs of the same file and unique in the script.")
    type: ElementType
    text: str = Field(
        description="Markup-free text. For dialogue, the spoken (and sung) words only; "
        "parentheticals are in `parts`."
    )
    line: int = Field(ge=1, description="1-based source line (for .fdx, the XML line of the paragraph).")
    spans: list[Span] = Field(default_factory=list, description="Emphasis in `text`.")
    notes: list[Note] = Field(default_factory=list, description="Notes anchored to this element.")
    # dialogue
    character: str | None = Field(None, description="Canonical character name (dialogue only).")
    cue: str | None = Field(None, description="The character cue as written, e.g. 'BRICK (V.O.)'.")
    extension: str | None = Field(
        None, description="Cue extensions other than CONT'D, e.g. 'V.O.', 'O.S.', joined by ', '."
    )
    contd: bool = Field(False, description="The cue carries (CONT'D).")
    parts: list[SpeechPart] = Field(
        default_factory=list, description="Speech, parentheticals and lyrics in script order."
    )
    dual: bool = Field(False, description="True for both halves of dual (simultaneous) dialogue.")
    # section
    depth: int | None = Field(None, ge=1, description="Section depth: '#' is 1, '##' is 2 ...")
    # stand-alone note
    annotates: str | None = Field(None, description="For a stand-alone note: id of the element it annotates.")
    forced: bool = Field(False, description="Forced by Fountain markup (!, @, >, .).")

    @property
    def parentheticals(self) -> list[str]:
        return [part.text for part in self.parts if part.type == "parenthetical"]


class Scene(Noun):
    """A scene: its heading and the elements under it."""

    index: int = Field(ge=0, description="0-based position in the script.")
    id: str = Field(description="Stable id of the scene (from its heading and occurrence).")
    heading: str = Field(description="The heading as written, without scene number or forcing dot.")
    number: str | None = Field(None, description="Scene number given in the script, e.g. '1A'.")
    line: int = Field(ge=1)
    int_ext: Literal["INT", "EXT", "INT/EXT", "EST"] | None = Field(
        None, description="Interior/exterior; None for forced headings without one."
    )
    location: str = Field(description="Where the scene happens, e.g. 'BRICK'S GARAGE'.")
    time_of_day: str | None = Field(None, description="e.g. 'NIGHT', 'CONTINUOUS'.")
    sections: list[str] = Field(
        default_factory=list, description="The section path in force, outermost first."
    )
    notes: list[Note] = Field(default_factory=list, description="Notes written on the heading.")
    elements: list[Element] = Field(default_factory=list)


class Appearance(Noun):
    """Where something first happens in the script."""

    scene: int | None = Field(description="Scene index, or None before the first heading.")
    element: str = Field(description="Element id.")
    line: int = Field(ge=1)


class Character(Noun):
    """A person who speaks, with every cue spelling that resolved to them."""

    name: str = Field(description="Canonical name: uppercase, no extensions or markers.")
    cues: list[str] = Field(description="Distinct cue spellings, in order of first use.")
    speeches: int = Field(ge=0)
    first_appearance: Appearance = Field(
        description="First speech, or earlier first mention of the name in capitals in action."
    )
    first_speech: Appearance | None = None


class BoneyardBlock(Noun):
    """Text inside /* */: kept aside, never parsed as script."""

    text: str
    line: int = Field(ge=1)


class ParseWarning(Noun):
    line: int | None = None
    message: str


class Source(Noun):
    path: str | None = Field(None, description="The file read, as given.")
    format: Literal["fountain", "fdx", "text"]
    sha256: str = Field(description="Hash of the file's bytes.")


class Screenplay(Document):
    """A parsed screenplay (kind 'screenplay') or a piece of prose to be adapted (kind 'prose')."""

    SCHEMA = "Screenplay"
    VERSION = 1
    schema_version: Literal["Screenplay.1"] = "Screenplay.1"

    kind: Literal["screenplay", "prose"] = "screenplay"
    source: Source
    title_page: dict[str, str] = Field(
        default_factory=dict,
        description="Title page keys in lowercase snake case ('title', 'credit', 'draft_date'); "
        "multi-line values joined with newlines.",
    )
    elements: list[Element] = Field(
        default_factory=list, description="Material before the first scene heading."
    )
    scenes: list[Scene] = Field(default_factory=list)
    characters: list[Character] = Field(default_factory=list)
    boneyard: list[BoneyardBlock] = Field(default_factory=list)
    warnings: list[ParseWarning] = Field(default_factory=list)
    prose: str | None = Field(None, description="For kind 'prose': the text itself.")
    pages: float = Field(0.0, ge=0, description="Estimated page count in standard format (55 lines a page).")

    @property
    def runtime_s(self) -> float:
        """About one minute of screen time per page."""
        return self.pages * 60.0

    def all_elements(self) -> list[Element]:
        """Every element in script order, the leading ones first."""
        out = list(self.elements)
        for scene in self.scenes:
            out.extend(scene.elements)
        return out

    def element(self, element_id: str) -> Element:
        for element in self.all_elements():
            if element.id == element_id:
                return element
        raise KeyError(element_id)

    def speeches(self) -> list[Element]:
        return [e for e in self.all_elements() if e.type == "dialogue"]
