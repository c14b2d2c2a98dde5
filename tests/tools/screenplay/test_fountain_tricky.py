"""The corners of the Fountain spec where parsers usually go wrong, plus golden files.

Golden files: each `golden/<name>.fountain` is parsed and compared with `golden/<name>.json`
(the `parse --json` output). After a deliberate change, regenerate them and review the diff:

    STORYREEL_REGEN_GOLDEN=1 /work/venv/bin/python -m pytest tests/tools/screenplay/test_fountain_tricky.py -k golden
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyreel.models.screenplay import Element, Screenplay
from storyreel.tools.screenplay import parse_fountain, read_screenplay

HEADING = "INT. HOUSE - DAY"
GOLDEN = Path(__file__).parent / "golden"


def parse(*lines: str) -> Screenplay:
    return parse_fountain("\n".join(lines))


def scene(*lines: str) -> list[Element]:
    """The elements of a one-scene script whose body is `lines` (the body starts on line 3)."""
    screenplay = parse(HEADING, "", *lines)
    assert len(screenplay.scenes) == 1, [s.heading for s in screenplay.scenes]
    return screenplay.scenes[0].elements


def shape(elements: list[Element]) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in elements]


def dump(screenplay: Screenplay) -> dict:
    return screenplay.model_dump(mode="json")


# -- what counts as a cue ------------------------------------------------------------------------


def test_capitals_followed_by_a_blank_line_are_action():
    elements = scene("THE DOOR OPENS", "", "Nobody is there.")
    assert shape(elements) == [("action", "THE DOOR OPENS"), ("action", "Nobody is there.")]


def test_cue_needs_a_blank_line_before_it():
    elements = scene("Brick looks up.", "STEEL", "Who's there?")
    assert shape(elements) == [("action", "Brick looks up.\nSTEEL\nWho's there?")]


def test_cue_needs_a_line_after_it():
    elements = scene("x", "", "STEEL", "", "Who's there?")
    assert [e.type for e in elements] == ["action", "action", "action"]


def test_capitals_ending_like_action_are_not_a_cue():
    elements = scene("THE DOOR EXPLODES!", "Dust everywhere.")
    assert shape(elements) == [("action", "THE DOOR EXPLODES!\nDust everywhere.")]


def test_forced_cue_overrides_everything():
    (speech,) = scene("@McClane", "Yippee ki-yay.")
    assert (speech.type, speech.character, speech.cue) == ("dialogue", "MCCLANE", "McClane")


def test_indented_cues_and_dialogue_parse_as_dialogue():
    elements = scene(
        "Brick paces.",
        "",
        "\t\t\tBRICK",
        "\t\t(quietly)",
        "\t\tWe go in at dawn.",
        "",
        "                    STEEL (O.S.)",
        "          Dawn's for amateurs.",
    )
    assert [(e.type, e.character, e.text) for e in elements] == [
        ("action", None, "Brick paces."),
        ("dialogue", "BRICK", "We go in at dawn."),
        ("dialogue", "STEEL", "Dawn's for amateurs."),
    ]
    assert [(p.type, p.text) for p in elements[1].parts] == [
        ("parenthetical", "(quietly)"),
        ("speech", "We go in at dawn."),
    ]
    assert elements[2].extension == "O.S."


# -- scene headings --------------------------------------------------------------------------------


def test_scene_heading_needs_a_blank_line_after_it():
    screenplay = parse(HEADING, "", "x", "", "EXT. POOL - DAY", "Brick swims.")
    assert len(screenplay.scenes) == 1
    # Not a heading, and not a character called "EXT. POOL - DAY" either.
    assert shape(screenplay.scenes[0].elements) == [
        ("action", "x"),
        ("action", "EXT. POOL - DAY\nBrick swims."),
    ]
    assert screenplay.characters == []


def test_scene_heading_needs_a_blank_line_before_it():
    elements = scene("Brick swims.", "EXT. POOL - DAY", "", "x")
    assert shape(elements)[0] == ("action", "Brick swims.\nEXT. POOL - DAY")


def test_ellipsis_is_not_a_forced_heading():
    elements = scene("...and then he fell.", "", "..", "", "x")
    assert shape(elements) == [("action", "...and then he fell."), ("action", ".."), ("action", "x")]


def test_heading_on_the_last_line():
    screenplay = parse(HEADING, "", "x", "", "EXT. POOL - DAY")
    assert [s.heading for s in screenplay.scenes] == [HEADING, "EXT. POOL - DAY"]
    assert screenplay.scenes[1].elements == []


# -- transitions and centered text ----------------------------------------------------------------


def test_transition_needs_blank_lines_around_it():
    assert shape(scene("Jack waits.", "CUT TO:", "", "x"))[0] == ("action", "Jack waits.\nCUT TO:")
    assert shape(scene("x", "", "CUT TO:", "Jack waits."))[1] == ("action", "CUT TO:\nJack waits.")
    assert shape(scene("x", "", "CUT TO:", "", "y"))[1] == ("transition", "CUT TO:")


def test_transition_must_be_uppercase():
    assert shape(scene("x", "", "Cut to:", "", "y"))[1] == ("action", "Cut to:")


def test_transition_inside_a_speech_is_dialogue():
    (speech,) = scene("BRICK", "Roll camera.", "CUT TO:")
    assert speech.text == "Roll camera.\nCUT TO:"


def test_forced_transition_versus_centered():
    elements = scene(">FADE TO BLACK.", "", "> THE END <", "", ">Not centered", "", "x")
    assert [(e.type, e.text, e.forced) for e in elements] == [
        ("transition", "FADE TO BLACK.", True),
        ("centered", "THE END", False),
        ("transition", "Not centered", True),
        ("action", "x", False),
    ]


def test_bare_fade_out_is_a_transition():
    assert shape(scene("x", "", "FADE OUT.", ""))[1] == ("transition", "FADE OUT.")


# -- dialogue -----------------------------------------------------------------------------------


def test_two_space_line_in_speech_versus_blank_line():
    elements = scene("BRICK", "One.", "  ", "Two.", "", "Three.")
    assert shape(elements) == [("dialogue", "One.\n\nTwo."), ("action", "Three.")]


def test_cue_and_dual_marker_resolve_to_one_character():
    elements = scene("Brick eyes STEEL.", "", "STEEL", "Go.", "", "BRICK ^", "No.")
    assert [(e.character, e.cue, e.dual) for e in elements[1:]] == [
        ("STEEL", "STEEL", True),
        ("BRICK", "BRICK", True),
    ]


def test_dual_marker_without_a_partner_warns():
    screenplay = parse(HEADING, "", "Brick stands.", "", "BRICK ^", "Alone.")
    speech = screenplay.scenes[0].elements[1]
    assert (speech.type, speech.dual) == ("dialogue", False)
    assert [w.line for w in screenplay.warnings] == [5]
    assert "^" in screenplay.warnings[0].message


def test_dual_marker_pairs_across_a_stand_alone_note():
    elements = scene("BRICK", "Go.", "", "[[overlapping]]", "", "STEEL ^", "No.")
    assert [(e.type, e.dual) for e in elements] == [("dialogue", True), ("note", False), ("dialogue", True)]


def test_a_third_dual_marker_in_a_row_has_no_partner():
    screenplay = parse(HEADING, "", "A", "a", "", "B ^", "b", "", "C ^", "c")
    assert [e.dual for e in screenplay.scenes[0].elements] == [True, True, False]
    assert [w.line for w in screenplay.warnings] == [9]


def test_page_break_ends_a_speech():
    elements = scene("BRICK", "Hi.", "===", "Later.")
    assert shape(elements) == [("dialogue", "Hi."), ("page_break", ""), ("action", "Later.")]


def test_emphasis_in_a_cue_is_not_part_of_the_name():
    (speech,) = scene("**BRICK** (V.O.)", "Hi.")
    assert (speech.character, speech.cue, speech.extension) == ("BRICK", "BRICK (V.O.)", "V.O.")


def test_parenthetical_over_two_lines():
    (speech,) = scene("BRICK", "(whispering,", "barely audible)", "Now.")
    assert [(p.type, p.text, p.line) for p in speech.parts] == [
        ("parenthetical", "(whispering,\nbarely audible)", 4),
        ("speech", "Now.", 6),
    ]


# -- notes ----------------------------------------------------------------------------------------


def test_note_inside_a_cue_line():
    (speech,) = scene("BRICK [[too old?]]", "I'm retired.")
    assert (speech.character, speech.cue, speech.text) == ("BRICK", "BRICK", "I'm retired.")
    assert [(n.text, n.line) for n in speech.notes] == [("too old?", 3)]


def test_cutting_a_note_leaves_no_stray_spaces():
    elements = scene("He waits [[why?]] and waits.", "", "[[first]] She leaves.", "", "\t[[n]] Indented.")
    assert [e.text for e in elements] == ["He waits and waits.", "She leaves.", "    Indented."]


def test_text_after_a_multi_line_note_has_no_leading_space():
    (action,) = scene("[[a note", "over two lines]] He waits.")
    assert (action.text, action.line) == ("He waits.", 4)


def test_note_between_cue_and_dialogue():
    (speech,) = scene("BRICK", "[[louder here]]", "I'm retired.")
    assert (speech.type, speech.text) == ("dialogue", "I'm retired.")
    assert [(p.type, p.line) for p in speech.parts] == [("speech", 5)]
    assert [(n.text, n.line) for n in speech.notes] == [("louder here", 4)]


def test_note_spanning_lines_inside_action():
    (action,) = scene("He waits [[a long", "note]] and waits.")
    assert action.type == "action"
    assert "[[" not in action.text and "note" not in action.text
    assert [(n.text, n.line) for n in action.notes] == [("a long\nnote", 3)]


def test_note_with_a_two_space_line_is_one_note():
    elements = scene("x", "", "[[first", "  ", "second]]", "", "y")
    assert shape(elements)[1] == ("note", "first\n\nsecond")


def test_note_cannot_cross_a_blank_line():
    screenplay = parse(HEADING, "", "[[not", "", "a note]]", "", "x")
    assert [e.type for e in screenplay.scenes[0].elements] == ["action", "action", "action"]
    assert [w.line for w in screenplay.warnings] == [3]


def test_unclosed_note_does_not_swallow_a_later_note():
    elements = scene("[[open", "", "[[closed]]", "", "x")
    assert shape(elements)[1] == ("note", "closed")


def test_note_before_the_first_element_annotates_the_next_one():
    elements = scene("[[about the chase]]", "", "They run.")
    assert elements[0].type == "note" and elements[0].annotates == elements[1].id


def test_note_on_a_heading_belongs_to_the_scene():
    screenplay = parse("INT. HOUSE - DAY [[day or night?]]", "", "x")
    assert screenplay.scenes[0].heading == "INT. HOUSE - DAY"
    assert [(n.text, n.line) for n in screenplay.scenes[0].notes] == [("day or night?", 1)]


# -- boneyard -------------------------------------------------------------------------------------


def test_boneyard_inside_a_speech():
    (speech,) = scene("BRICK", "I am /* not */ retired.", "Really.")
    assert speech.text == "I am retired.\nReally."  # one space where the boneyard was
    assert [(b.text, b.line) for b in parse(HEADING, "", "BRICK", "I /* x */ y.").boneyard] == [("x", 4)]


def test_boneyard_across_paragraphs_inside_a_speech():
    (speech,) = scene("BRICK", "Line one.", "/* cut", "", "STEEL", "cut too */", "Line two.")
    assert (speech.type, speech.text) == ("dialogue", "Line one.\nLine two.")
    assert [(p.type, p.line) for p in speech.parts] == [("speech", 4)]


def test_boneyard_is_never_parsed_as_script():
    screenplay = parse(HEADING, "", "x", "", "/*", "EXT. OLD - DAY", "", "BRICK ^", "Hi.", "*/")
    assert len(screenplay.scenes) == 1 and screenplay.characters == [] and screenplay.warnings == []


def test_unclosed_boneyard_warns_with_its_line():
    screenplay = parse(HEADING, "", "x", "", "y /* from here", "", "BRICK", "Hi.")
    assert [w.line for w in screenplay.warnings] == [5]
    assert "never closed" in screenplay.warnings[0].message
    assert shape(screenplay.scenes[0].elements) == [("action", "x"), ("action", "y")]
    assert screenplay.boneyard[0].line == 5


def test_line_numbers_survive_boneyard_and_note_removal():
    screenplay = parse(
        HEADING,  # 1
        "",  # 2
        "/* two",  # 3
        "lines */",  # 4
        "[[a note",  # 5
        "over two]]",  # 6
        "",  # 7
        "BRICK",  # 8
        "/* gone */",  # 9
        "Hi.",  # 10
        "",  # 11
        "EXT. POOL - DAY",  # 12
        "",  # 13
        "Splash.",  # 14
    )
    first, second = screenplay.scenes
    assert [(e.type, e.line) for e in first.elements] == [("note", 5), ("dialogue", 8)]
    assert first.elements[1].parts[0].line == 10
    assert (second.line, second.elements[0].line) == (12, 14)


# -- title page -----------------------------------------------------------------------------------


def test_title_page_with_multi_line_values_and_emphasis():
    screenplay = parse(
        "Title:",
        "\t_**BRICK & STEEL**_",
        "\t_**FULL RETIRED**_",
        "Credit: Written by",
        "Author: Stu Maschwitz",
        "Notes:",
        "   First line.",
        "   Second line.",
        "",
        HEADING,
        "",
        "x",
    )
    assert screenplay.title_page == {
        "title": "BRICK & STEEL\nFULL RETIRED",
        "credit": "Written by",
        "author": "Stu Maschwitz",
        "notes": "First line.\nSecond line.",
    }
    assert screenplay.scenes[0].line == 10


def test_title_page_ends_at_a_line_that_is_neither_key_nor_indented_value():
    screenplay = parse("Title: Big Fish", "Author: John August", HEADING, "", "x")
    assert screenplay.title_page == {"title": "Big Fish", "author": "John August"}
    assert [(s.heading, s.line) for s in screenplay.scenes] == [(HEADING, 3)]


def test_fade_in_is_not_a_title_page():
    screenplay = parse("FADE IN:", "", HEADING, "", "x")
    assert screenplay.title_page == {}
    assert shape(screenplay.elements) == [("transition", "FADE IN:")]


def test_a_colon_in_the_first_action_line_is_not_a_title_page():
    screenplay = parse("Later: the house burns.", "", HEADING, "", "x")
    assert screenplay.title_page == {}
    assert shape(screenplay.elements) == [("action", "Later: the house burns.")]


# -- newlines, BOM, tabs ----------------------------------------------------------------------------

SAMPLE = "\n".join(
    [
        "Title: Newlines",
        "",
        HEADING,
        "",
        "\tBrick *waits*. [[a note]]",
        "",
        "BRICK",
        "(beat)",
        "Now.",
        "  ",
        "Go.",
        "",
        "STEEL ^",
        "No.",
        "",
        "CUT TO:",
        "",
    ]
)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_give_the_same_result_as_lf(newline):
    assert dump(parse_fountain(SAMPLE.replace("\n", newline))) == dump(parse_fountain(SAMPLE))


def test_bom_is_ignored():
    assert dump(parse_fountain("\ufeff" + SAMPLE)) == dump(parse_fountain(SAMPLE))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_files_with_any_newline_and_a_bom_read_the_same(tmp_path, newline):
    expected = dump(parse_fountain(SAMPLE))
    path = tmp_path / "script.fountain"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.replace("\n", newline).encode("utf-8"))
    got = dump(read_screenplay(path))
    got["source"] = expected["source"]
    assert got == expected


def test_tabs_in_action_become_four_spaces():
    assert parse_fountain(SAMPLE).scenes[0].elements[0].text == "    Brick waits."


# -- ids ------------------------------------------------------------------------------------------


def test_ids_are_stable_across_runs_and_unique():
    text = "\n".join(
        [HEADING, "", "x", "", "x", "", "BRICK", "Hi.", "", "BRICK", "Hi.", "", "[[n]]", "", "x"]
    )
    first, second = parse_fountain(text), parse_fountain(text)
    ids = [e.id for e in first.all_elements()]
    assert ids == [e.id for e in second.all_elements()]
    assert len(set(ids)) == len(ids)
    assert all(ids)


def test_ids_of_other_scenes_survive_an_edit():
    before = parse(HEADING, "", "x", "", "EXT. POOL - DAY", "", "Splash.")
    after = parse(HEADING, "", "x, edited", "", "EXT. POOL - DAY", "", "Splash.")
    assert before.scenes[1].elements[0].id == after.scenes[1].elements[0].id
    assert before.scenes[0].elements[0].id != after.scenes[0].elements[0].id


# -- golden files ------------------------------------------------------------------------------------

GOLDEN_CASES = sorted(p.stem for p in GOLDEN.glob("*.fountain"))


def test_golden_cases_exist():
    assert GOLDEN_CASES


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_golden(name):
    # Bytes, not read_text(): universal newlines would hide the CRLF of a golden file.
    screenplay = parse_fountain((GOLDEN / f"{name}.fountain").read_bytes().decode("utf-8"))
    got = dump(screenplay)
    expected_path = GOLDEN / f"{name}.json"
    if os.environ.get("STORYREEL_REGEN_GOLDEN"):
        expected_path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected
