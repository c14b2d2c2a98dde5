"""Character identity: every cue that names the same person resolves to one Character."""

from __future__ import annotations

from storyreel.models.screenplay import Screenplay
from storyreel.tools.screenplay import parse_fountain
from storyreel.tools.screenplay.grammar import parse_cue


def parse(*lines: str) -> Screenplay:
    return parse_fountain("\n".join(lines))


def test_cue_spellings_resolve_to_one_character():
    screenplay = parse(
        "INT. GARAGE - NIGHT",
        "",
        "BRICK",
        "One.",
        "",
        "STEEL",
        "Two.",
        "",
        "BRICK (V.O.)",
        "Three.",
        "",
        "BRICK ^",
        "Four.",
        "",
        "@Brick",
        "Five.",
        "",
        "@brick (CONT'D)",
        "Six.",
        "",
        "BRICK  (O.S.)",
        "Seven.",
    )
    by_name = {c.name: c for c in screenplay.characters}
    assert sorted(by_name) == ["BRICK", "STEEL"]
    brick = by_name["BRICK"]
    assert brick.speeches == 6
    assert brick.cues == ["BRICK", "BRICK (V.O.)", "Brick", "brick (CONT'D)", "BRICK  (O.S.)"]
    assert {e.character for e in screenplay.speeches()} == {"BRICK", "STEEL"}


def test_parse_cue():
    cue = parse_cue("@McClane (V.O.) (CONT'D) ^")
    assert (cue.name, cue.written, cue.extension, cue.contd, cue.dual) == (
        "MCCLANE", "McClane (V.O.) (CONT'D)", "V.O.", True, True,
    )  # fmt: skip
    assert parse_cue("BRICK^").name == "BRICK"
    assert parse_cue("  MARY   JANE  (O.S.)").name == "MARY JANE"
    assert parse_cue("HANS (on the radio)").extension == "ON THE RADIO"


def test_names_with_punctuation_and_accents():
    screenplay = parse(
        "INT. BAR - NIGHT", "", "O'BRIEN", "Pint.", "", "DR. SMITH", "No.", "", "ZOË (O.S.)", "Hi.", "",
        "BRICK JR.", "Dad.",
    )  # fmt: skip
    assert [e.character for e in screenplay.speeches()] == ["O'BRIEN", "DR. SMITH", "ZOË", "BRICK JR."]


def test_first_appearance_from_capitals_in_action():
    screenplay = parse(
        "INT. GARAGE - NIGHT",  # 1
        "",
        "Brick is asleep. The BRICKS of the wall shake.",  # 3: neither is an introduction
        "",
        "STEEL, fifties, kicks the door in.",  # 5
        "",
        "EXT. DRIVEWAY - NIGHT",  # 7
        "",
        "BRICK",  # 9
        "Who's there?",
        "",
        "STEEL",  # 12
        "Me.",
        "",
        "BRICK stares at STEEL.",  # 15: after both first speeches, changes nothing
    )
    by_name = {c.name: c for c in screenplay.characters}
    steel, brick = by_name["STEEL"], by_name["BRICK"]
    assert (steel.first_appearance.line, steel.first_appearance.scene) == (5, 0)
    assert steel.first_appearance.element == screenplay.scenes[0].elements[1].id
    assert (steel.first_speech.line, steel.first_speech.scene) == (12, 1)
    assert (brick.first_appearance.line, brick.first_appearance.scene) == (9, 1)
    assert brick.first_appearance == brick.first_speech
    # Ordered by first appearance.
    assert [c.name for c in screenplay.characters] == ["STEEL", "BRICK"]


def test_speech_before_the_first_heading_has_no_scene():
    screenplay = parse("NARRATOR", "Once upon a time.", "", "INT. CASTLE - DAY", "", "x")
    (narrator,) = screenplay.characters
    assert (narrator.name, narrator.first_appearance.scene, narrator.first_appearance.line) == (
        "NARRATOR",
        None,
        1,
    )


def test_characters_only_come_from_cues():
    screenplay = parse("INT. HOUSE - DAY", "", "THE DOOR OPENS", "", "HANK watches.")
    assert screenplay.characters == []
