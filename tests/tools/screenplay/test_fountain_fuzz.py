"""Random input never crashes the parser, and what comes out keeps the contract's invariants."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyreel.models.screenplay import Screenplay
from storyreel.tools.screenplay import parse_fountain

# STORYREEL_FUZZ=5000 for a deep local search.
FUZZ = settings(
    max_examples=int(os.environ.get("STORYREEL_FUZZ", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Characters that mean something in Fountain, mixed with ordinary ones.
_MARKUP = "*_\\[]/#=>.<~!@^():'- \t\r\n\ufeff"
_ALPHABET = st.sampled_from(list(_MARKUP) + list("abcINTEXTBRICK0123 .,?é"))
random_text = st.text(alphabet=_ALPHABET, max_size=400) | st.text(max_size=200)

# Lines that look like parts of a screenplay, to reach the parser's deeper states.
_WORDS = st.sampled_from(["Brick", "STEEL", "door", "*bang*", "**bold**", "_under_", "\\*", "[[", "]]",
                          "/*", "*/", "(beat)", "^", "TO:", "INT.", "~", "#1A#", "==="])  # fmt: skip
_phrase = st.lists(_WORDS, min_size=1, max_size=5).map(" ".join)
_screenplay_line = st.one_of(
    st.sampled_from(
        [
            "",
            "",
            "",
            "  ",
            "\t",
            "INT. HOUSE - DAY",
            "EXT. POOL - NIGHT #2#",
            "I/E CAR - DAY",
            ".FLASHBACK",
            "...",
            "BRICK",
            "STEEL (V.O.)",
            "BRICK ^",
            "@McClane",
            "(quietly)",
            "(whispering,",
            "continued)",
            "CUT TO:",
            "FADE OUT.",
            ">FADE TO BLACK.",
            "> THE END <",
            "===",
            "# Act One",
            "## Seq",
            "= synopsis",
            "[[note]]",
            "[[open note",
            "note ends]]",
            "/*",
            "*/",
            "~la la",
            "!FORCED",
            "Title: X",
            "Author: Y",
            "    indented value",
            "\t\tBRICK",
            "\t\tHello.",
            "He walks in.",
            "THE DOOR OPENS",
            "Hi there.",
        ]
    ),
    _phrase,
)
screenplay_text = st.lists(_screenplay_line, max_size=60).map("\n".join)


def line_count(text: str) -> int:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.count("\n") + 1


def check_invariants(screenplay: Screenplay, text: str) -> None:
    last = line_count(text)
    elements = screenplay.all_elements()
    ids = [e.id for e in elements] + [s.id for s in screenplay.scenes]
    assert all(ids)
    assert len(set(ids)) == len(ids), "ids must be unique"
    for scene in screenplay.scenes:
        assert 1 <= scene.line <= last
        assert all(1 <= n.line <= last for n in scene.notes)
    assert [s.index for s in screenplay.scenes] == list(range(len(screenplay.scenes)))
    for element in elements:
        assert 1 <= element.line <= last
        for span in element.spans:
            assert 0 <= span.start < span.end <= len(element.text)
        for note in element.notes:
            assert 1 <= note.line <= last
        for part in element.parts:
            assert 1 <= part.line <= last
            for span in part.spans:
                assert 0 <= span.start < span.end <= len(part.text)
        if element.type == "dialogue":
            assert element.character and element.character == element.character.upper()
        if element.annotates is not None:
            assert element.annotates in ids
    for block in screenplay.boneyard:
        assert 1 <= block.line <= last
    for warning in screenplay.warnings:
        assert warning.line is None or 1 <= warning.line <= last
    for character in screenplay.characters:
        assert character.first_appearance.element in ids
        assert character.first_appearance.line <= character.first_speech.line
    assert screenplay.pages >= 0
    screenplay.model_dump_json()  # the JSON contract can always be written


@FUZZ
@given(random_text)
def test_random_text_never_crashes(text):
    check_invariants(parse_fountain(text), text)


@FUZZ
@given(screenplay_text)
def test_screenplay_like_text_keeps_the_invariants(text):
    check_invariants(parse_fountain(text), text)


@FUZZ
@given(screenplay_text)
def test_parsing_is_deterministic_and_newline_blind(text):
    first = parse_fountain(text).model_dump(mode="json")
    assert parse_fountain(text).model_dump(mode="json") == first
    assert parse_fountain(text.replace("\n", "\r\n")).model_dump(mode="json") == first
    assert parse_fountain(text.replace("\n", "\r")).model_dump(mode="json") == first
