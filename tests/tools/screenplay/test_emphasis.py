"""Emphasis: markup-free text plus spans, from the spec's Emphasis section."""

from __future__ import annotations

import pytest

from storyreel.tools.screenplay import parse_fountain
from storyreel.tools.screenplay.markup import strip_emphasis, strip_emphasis_lines


def styled(line: str) -> tuple[str, list[tuple[str, str]]]:
    """The plain text and (emphasised text, style) pairs, easier to read than offsets."""
    text, spans = strip_emphasis(line)
    return text, [(text[s.start : s.end], s.style) for s in spans]


@pytest.mark.parametrize(
    "line, text, spans",
    [
        ("*italics*", "italics", [("italics", "italic")]),
        ("**bold**", "bold", [("bold", "bold")]),
        ("***bold italics***", "bold italics", [("bold italics", "bold"), ("bold italics", "italic")]),
        ("_underline_", "underline", [("underline", "underline")]),
        ("a *b* c", "a b c", [("b", "italic")]),
        ("plain text", "plain text", []),
    ],
)
def test_the_four_styles(line, text, spans):
    assert styled(line) == (text, spans)


def test_italic_inside_underline():
    text, spans = styled("From what seems like _an *italicized* word within an underlined phrase_.")
    assert text == "From what seems like an italicized word within an underlined phrase."
    assert spans == [
        ("an italicized word within an underlined phrase", "underline"),
        ("italicized", "italic"),
    ]


def test_bold_inside_underline():
    text, spans = styled("_They **never** come back_")
    assert text == "They never come back"
    assert spans == [("They never come back", "underline"), ("never", "bold")]


def test_backslash_escapes_are_literal():
    assert styled(r"Steel enters the code: **\*9765\***") == (
        "Steel enters the code: *9765*",
        [("*9765*", "bold")],
    )
    assert styled(r"\*not italic\*") == ("*not italic*", [])
    assert styled(r"\_not underlined\_") == ("_not underlined_", [])
    assert styled(r"a back\\slash") == (r"a back\slash", [])


def test_spaces_decide_whether_an_asterisk_opens_or_closes():
    # The spec's example: these asterisks do not pair up ...
    assert styled("He dialed *69 and then *23, and then hung up.") == (
        "He dialed *69 and then *23, and then hung up.",
        [],
    )
    # ... but these do.
    assert styled("He dialed *69 and then 23*, and then hung up.") == (
        "He dialed 69 and then 23, and then hung up.",
        [("69 and then 23", "italic")],
    )


def test_unpaired_delimiters_stay_literal():
    assert styled("5 * 3 = 15") == ("5 * 3 = 15", [])
    assert styled("**half bold") == ("**half bold", [])
    assert styled("snake_case_name") == ("snake_case_name", [])
    assert styled("a **** b") == ("a **** b", [])


def test_emphasis_does_not_cross_a_line_break():
    text, spans = strip_emphasis_lines("Brick and Steel *share a look.\nThis is going to be BAD.*")
    assert text == "Brick and Steel *share a look.\nThis is going to be BAD.*"
    assert spans == []


def test_spans_are_shifted_over_lines():
    text, spans = strip_emphasis_lines("one *two*\n_three_ four")
    assert text == "one two\nthree four"
    assert [(text[s.start : s.end], s.style) for s in spans] == [("two", "italic"), ("three", "underline")]


def test_emphasis_in_action():
    text = "INT. HOUSE - DAY\n\nSteel's face FILLS the *Leupold Mark 4* scope."
    (action,) = parse_fountain(text).scenes[0].elements
    assert action.text == "Steel's face FILLS the Leupold Mark 4 scope."
    assert [(action.text[s.start : s.end], s.style) for s in action.spans] == [("Leupold Mark 4", "italic")]


def test_emphasis_in_a_speech_with_parts():
    text = "INT. HOUSE - DAY\n\nBRICK\n*One* line.\n(beat)\nAnd **two**.\n~_Sung_"
    (speech,) = parse_fountain(text).scenes[0].elements
    assert speech.text == "One line.\nAnd two.\nSung"
    assert [(speech.text[s.start : s.end], s.style) for s in speech.spans] == [
        ("One", "italic"),
        ("two", "bold"),
        ("Sung", "underline"),
    ]
    for part in speech.parts:
        for s in part.spans:
            assert 0 <= s.start < s.end <= len(part.text)
    assert [(p.text[s.start : s.end], s.style) for p in speech.parts for s in p.spans] == [
        ("One", "italic"),
        ("two", "bold"),
        ("Sung", "underline"),
    ]


def test_emphasis_in_a_parenthetical_stays_in_its_part():
    text = "INT. HOUSE - DAY\n\nBRICK\n(*very* quietly)\nNow."
    (speech,) = parse_fountain(text).scenes[0].elements
    assert speech.text == "Now." and speech.spans == []
    paren = speech.parts[0]
    assert (paren.text, [(paren.text[s.start : s.end], s.style) for s in paren.spans]) == (
        "(very quietly)",
        [("very", "italic")],
    )


def test_title_page_values_are_markup_free():
    screenplay = parse_fountain("Title: _**BRICK & STEEL**_\n\nINT. HOUSE - DAY\n\nx")
    assert screenplay.title_page["title"] == "BRICK & STEEL"
