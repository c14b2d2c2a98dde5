"""Golden tests per Fountain element type, written from the spec (https://fountain.io/syntax).

Each test feeds a short script and checks the elements that come out. Most scripts start with
a scene heading so the text reads as a screenplay (a file with no heading, speech or transition
is prose, by design).
"""

from __future__ import annotations

from storyreel.models.screenplay import Element, Screenplay
from storyreel.tools.screenplay import parse_fountain

HEADING = "INT. HOUSE - DAY"


def parse(*lines: str) -> Screenplay:
    return parse_fountain("\n".join(lines))


def scene(*lines: str) -> list[Element]:
    """The elements of a one-scene script whose body is `lines` (the body starts on line 3)."""
    screenplay = parse(HEADING, "", *lines)
    assert len(screenplay.scenes) == 1, [s.heading for s in screenplay.scenes]
    return screenplay.scenes[0].elements


def shape(elements: list[Element]) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in elements]


# -- scene headings ----------------------------------------------------------------------------


def test_scene_heading_prefixes():
    for heading, int_ext in [
        ("INT. HOUSE - DAY", "INT"),
        ("EXT. BRICK'S POOL - DAY", "EXT"),
        ("EST. CITY SKYLINE - NIGHT", "EST"),
        ("INT./EXT. CAR - MOVING - NIGHT", "INT/EXT"),
        ("INT/EXT CAR - NIGHT", "INT/EXT"),
        ("I/E CAR - NIGHT", "INT/EXT"),
        ("int. house - day", "INT"),
        ("ext house - night", "EXT"),
    ]:
        screenplay = parse(heading, "", "Something happens.")
        assert [s.heading for s in screenplay.scenes] == [heading]
        assert screenplay.scenes[0].int_ext == int_ext, heading
        assert shape(screenplay.scenes[0].elements) == [("action", "Something happens.")]


def test_leading_whitespace_before_a_heading_is_ignored():
    screenplay = parse("x", "", "    INT. HOUSE - DAY", "", "y")
    assert [(s.heading, s.line) for s in screenplay.scenes] == [("INT. HOUSE - DAY", 3)]


def test_scene_heading_parts():
    s = parse("INT. BRICK'S GARAGE - NIGHT", "", "x").scenes[0]
    assert (s.index, s.line, s.location, s.time_of_day, s.number) == (0, 1, "BRICK'S GARAGE", "NIGHT", None)


def test_words_that_merely_start_like_a_heading_are_action():
    elements = scene("INTERIOR DESIGN IS HIS PASSION.", "", "ESTHER waves.", "", "Exterior shots.")
    assert [e.type for e in elements] == ["action", "action", "action"]


def test_forced_scene_heading():
    screenplay = parse(HEADING, "", "x", "", ".SNIPER SCOPE POV", "", "From what seems like INCHES AWAY.")
    second = screenplay.scenes[1]
    assert (second.heading, second.int_ext, second.line) == ("SNIPER SCOPE POV", None, 5)
    assert shape(second.elements) == [("action", "From what seems like INCHES AWAY.")]


def test_scene_numbers():
    for written, number in [("#1#", "1"), ("#1A#", "1A"), ("#1a#", "1a"), ("#A1#", "A1"),
                            ("#I-1-A#", "I-1-A"), ("#1.#", "1."), ("#110A#", "110A"), ("#1-A#", "1-A")]:  # fmt: skip
        s = parse(f"INT. HOUSE - DAY {written}", "", "x").scenes[0]
        assert (s.heading, s.number) == ("INT. HOUSE - DAY", number), written


def test_forced_heading_with_scene_number():
    s = parse(".FLASHBACK - 1985 #7B#", "", "x").scenes[0]
    assert (s.heading, s.number) == ("FLASHBACK - 1985", "7B")


def test_scenes_are_indexed_in_order():
    screenplay = parse("INT. A - DAY", "", "a", "", "EXT. B - NIGHT", "", "b", "", "INT. C - DAY", "", "c")
    assert [(s.index, s.heading, s.line) for s in screenplay.scenes] == [
        (0, "INT. A - DAY", 1),
        (1, "EXT. B - NIGHT", 5),
        (2, "INT. C - DAY", 9),
    ]


def test_material_before_the_first_heading_is_top_level():
    screenplay = parse("FADE IN:", "", "Darkness.", "", HEADING, "", "Light.")
    assert shape(screenplay.elements) == [("transition", "FADE IN:"), ("action", "Darkness.")]
    assert shape(screenplay.scenes[0].elements) == [("action", "Light.")]


# -- action ------------------------------------------------------------------------------------


def test_action_paragraphs_keep_their_line_breaks():
    elements = scene("They run.", "Faster.", "", "They stop.")
    assert shape(elements) == [("action", "They run.\nFaster."), ("action", "They stop.")]
    assert [e.line for e in elements] == [3, 6]


def test_forced_action():
    elements = scene("!SCANNING THE AISLES...", "Where is that pit boss?")
    assert shape(elements) == [("action", "SCANNING THE AISLES...\nWhere is that pit boss?")]
    assert elements[0].forced


def test_forced_action_keeps_a_heading_shaped_line_in_place():
    elements = scene("!INT. NOT A HEADING", "")
    assert shape(elements) == [("action", "INT. NOT A HEADING")]


def test_action_keeps_leading_spaces_and_tabs_become_four_spaces():
    elements = scene("\tHe walks", "  slowly,", "        then stops.")
    assert shape(elements) == [("action", "    He walks\n  slowly,\n        then stops.")]


def test_two_spaces_keep_an_action_paragraph_together():
    elements = scene("First beat.", "  ", "Second beat.")
    assert shape(elements) == [("action", "First beat.\n\nSecond beat.")]


# -- character cues and dialogue ---------------------------------------------------------------


def test_simple_speech():
    (speech,) = scene("STEEL", "The man's a myth!")
    assert (speech.type, speech.character, speech.cue, speech.text, speech.line) == (
        "dialogue", "STEEL", "STEEL", "The man's a myth!", 3,
    )  # fmt: skip
    assert [(p.type, p.text, p.line) for p in speech.parts] == [("speech", "The man's a myth!", 4)]
    assert speech.extension is None and not speech.contd and not speech.dual and not speech.forced


def test_dialogue_spans_several_lines_and_ends_at_a_blank():
    elements = scene("BRICK", "One.", "Two.", "", "He leaves.")
    assert shape(elements) == [("dialogue", "One.\nTwo."), ("action", "He leaves.")]


def test_cue_extensions():
    cases = [
        ("MOM (V.O.)", "MOM", "V.O.", False),
        ("HANS (O.S.)", "HANS", "O.S.", False),
        ("BRICK (CONT'D)", "BRICK", None, True),
        ("BRICK (V.O.) (CONT'D)", "BRICK", "V.O.", True),
        ("HANS (on the radio)", "HANS", "ON THE RADIO", False),
        ("BRICK (cont'd)", "BRICK", None, True),
    ]
    for cue, name, extension, contd in cases:
        (speech,) = scene(cue, "Words.")
        assert (speech.type, speech.character, speech.cue, speech.extension, speech.contd) == (
            "dialogue", name, cue, extension, contd,
        ), cue  # fmt: skip


def test_cue_needs_a_letter():
    elements = scene("R2D2", "Beeps.", "", "23", "Skidoo.")
    assert [(e.type, e.character) for e in elements] == [("dialogue", "R2D2"), ("action", None)]
    assert elements[1].text == "23\nSkidoo."


def test_forced_cue_with_lowercase():
    (speech,) = scene("@McCLANE", "Yippie ki-yay!")
    assert (speech.character, speech.cue, speech.forced) == ("MCCLANE", "McCLANE", True)


def test_parentheticals_stay_in_place():
    (speech,) = scene("STEEL", "(starting the engine)", "So much for retirement!", "(beat)", "Hold on.")
    assert [(p.type, p.text, p.line) for p in speech.parts] == [
        ("parenthetical", "(starting the engine)", 4),
        ("speech", "So much for retirement!", 5),
        ("parenthetical", "(beat)", 6),
        ("speech", "Hold on.", 7),
    ]
    assert speech.text == "So much for retirement!\nHold on."
    assert speech.parentheticals == ["(starting the engine)", "(beat)"]


def test_dual_dialogue():
    elements = scene("BRICK", "Screw retirement.", "", "STEEL ^", "Screw retirement.")
    assert [(e.type, e.character, e.dual) for e in elements] == [
        ("dialogue", "BRICK", True),
        ("dialogue", "STEEL", True),
    ]
    assert elements[1].cue == "STEEL"


def test_speeches_without_a_caret_are_not_dual():
    elements = scene("BRICK", "One.", "", "STEEL", "Two.")
    assert [e.dual for e in elements] == [False, False]


def test_two_spaces_keep_a_speech_together():
    (speech,) = scene("DEALER", "Ten.", "Four.", "Dealer gets a seven.", "  ", "Hit or stand sir?")
    assert speech.text == "Ten.\nFour.\nDealer gets a seven.\n\nHit or stand sir?"


# -- lyrics ------------------------------------------------------------------------------------


def test_lyrics_in_a_speech_are_sung_parts():
    (speech,) = scene("BRICK", "~Willy Wonka! Willy Wonka!", "~The amazing chocolatier!")
    assert [(p.type, p.text) for p in speech.parts] == [
        ("lyric", "Willy Wonka! Willy Wonka!\nThe amazing chocolatier!")
    ]


def test_stand_alone_lyrics():
    elements = scene("~Willy Wonka! Willy Wonka!", "~The amazing chocolatier!", "", "He bows.")
    assert shape(elements) == [
        ("lyric", "Willy Wonka! Willy Wonka!\nThe amazing chocolatier!"),
        ("action", "He bows."),
    ]


# -- transitions and centered text --------------------------------------------------------------


def test_transition_ending_in_to():
    elements = scene("Jack waits.", "", "CUT TO:", "", "He is gone.")
    assert shape(elements) == [
        ("action", "Jack waits."),
        ("transition", "CUT TO:"),
        ("action", "He is gone."),
    ]
    assert not elements[1].forced


def test_transition_before_the_next_heading():
    screenplay = parse(HEADING, "", "x", "", "SMASH CUT TO:", "", "EXT. STREET - NIGHT", "", "y")
    assert shape(screenplay.scenes[0].elements)[-1] == ("transition", "SMASH CUT TO:")
    assert screenplay.scenes[1].heading == "EXT. STREET - NIGHT"


def test_forced_transition():
    elements = scene(">Burn to White.", "", "x")
    assert shape(elements)[0] == ("transition", "Burn to White.")
    assert elements[0].forced


def test_centered_text():
    elements = scene("> THE END <")
    assert shape(elements) == [("centered", "THE END")]


def test_centered_text_over_several_lines():
    elements = scene(">BRICK & STEEL<", ">FULL RETIRED<")
    assert shape(elements) == [("centered", "BRICK & STEEL\nFULL RETIRED")]


# -- page breaks, sections, synopses ------------------------------------------------------------


def test_page_break():
    elements = scene("Before.", "", "===", "", "After.")
    assert shape(elements) == [("action", "Before."), ("page_break", ""), ("action", "After.")]
    assert elements[1].line == 5


def test_longer_runs_of_equals_are_page_breaks_too():
    assert shape(scene("==========")) == [("page_break", "")]


def test_sections_and_depth():
    screenplay = parse("# Act One", "", "## Sequence A", "", HEADING, "", "x", "", "### Beat", "", "y")
    assert [(e.type, e.text, e.depth) for e in screenplay.elements] == [
        ("section", "Act One", 1),
        ("section", "Sequence A", 2),
    ]
    assert [(e.type, e.text, e.depth) for e in screenplay.scenes[0].elements if e.type == "section"] == [
        ("section", "Beat", 3)
    ]


def test_sections_update_scene_sections():
    screenplay = parse(
        "# Act One", "", "## Arrival", "", "INT. A - DAY", "", "a", "",
        "## Departure", "", "INT. B - DAY", "", "b", "",
        "# Act Two", "", "INT. C - DAY", "", "c", "",
        "### Deep", "", "INT. D - DAY", "", "d",
    )  # fmt: skip
    assert [s.sections for s in screenplay.scenes] == [
        ["Act One", "Arrival"],
        ["Act One", "Departure"],
        ["Act Two"],
        ["Act Two", "Deep"],  # a skipped level leaves no gap
    ]


def test_synopsis():
    screenplay = parse("# Act One", "", "= Set up the characters and the story.", "", HEADING, "", "x")
    assert [(e.type, e.text) for e in screenplay.elements] == [
        ("section", "Act One"),
        ("synopsis", "Set up the characters and the story."),
    ]


# -- notes and boneyard --------------------------------------------------------------------------


def test_inline_note_is_anchored_to_its_element():
    elements = scene("He opens the door. [[Is it locked?]]", "", "He leaves.")
    assert shape(elements) == [("action", "He opens the door."), ("action", "He leaves.")]
    assert [(n.text, n.line) for n in elements[0].notes] == [("Is it locked?", 3)]


def test_stand_alone_note_annotates_the_element_before_it():
    elements = scene("He opens the door.", "", "[[Should it creak?]]", "", "He leaves.")
    assert shape(elements) == [
        ("action", "He opens the door."),
        ("note", "Should it creak?"),
        ("action", "He leaves."),
    ]
    assert elements[1].annotates == elements[0].id
    assert elements[1].line == 5


def test_multi_line_note():
    elements = scene("He opens the door.", "", "[[This note", "runs over", "three lines]]", "", "He leaves.")
    assert shape(elements)[1] == ("note", "This note\nruns over\nthree lines")
    assert elements[1].line == 5
    assert shape(elements)[2] == ("action", "He leaves.") and elements[2].line == 9


def test_boneyard_is_kept_aside():
    screenplay = parse(
        HEADING, "", "Kept.", "", "/*", "INT. CUT SCENE - DAY", "", "Gone.", "*/", "", "Also kept."
    )
    assert shape(screenplay.scenes[0].elements) == [("action", "Kept."), ("action", "Also kept.")]
    assert len(screenplay.scenes) == 1
    assert [(b.text, b.line) for b in screenplay.boneyard] == [("INT. CUT SCENE - DAY\n\nGone.", 5)]
    assert screenplay.scenes[0].elements[1].line == 11


# -- title page ----------------------------------------------------------------------------------


def test_title_page():
    screenplay = parse(
        "Title: Big Fish",
        "Credit: written by",
        "Author: John August",
        "Source: based on the novel by Daniel Wallace",
        "Draft date: 10/31/2002",
        "Contact:",
        "    Pierce Agency",
        "    123 Main St.",
        "",
        HEADING,
        "",
        "x",
    )
    assert screenplay.title_page == {
        "title": "Big Fish",
        "credit": "written by",
        "author": "John August",
        "source": "based on the novel by Daniel Wallace",
        "draft_date": "10/31/2002",
        "contact": "Pierce Agency\n123 Main St.",
    }
    assert screenplay.scenes[0].line == 10


def test_no_title_page():
    screenplay = parse(HEADING, "", "x")
    assert screenplay.title_page == {}
