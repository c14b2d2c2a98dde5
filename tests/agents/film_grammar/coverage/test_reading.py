"""What coverage reads off the script: durations, emotional weight, voice-over, and details
worth an insert by the kind of thing they are."""

from __future__ import annotations

import pytest

from storyreel.agents.film_grammar.bible import write_bible
from storyreel.agents.film_grammar.coverage.boarder import board_scene
from storyreel.agents.film_grammar.coverage.reading import (
    DETAIL,
    READABLE,
    emotional_weight,
    is_offscreen,
    speech_seconds,
)


def lines(parse, text):
    return [e for e in parse(f"INT. ROOM - DAY\n\n{text}").scenes[0].elements]


def test_the_quietest_beats_weigh_most(parse):
    beat, whisper, shout, plain = (
        e
        for e in lines(
            parse,
            "A long silence.\n\nMARA\n(barely)\nGo.\n\nTOM\n(whispering)\nI stayed here all night, waiting.\n\n"
            "MARA\nGet out!\n\nTOM\nFine.\n",
        )
        if e.type == "dialogue"
    )
    assert emotional_weight(beat, None) == 2
    assert emotional_weight(whisper, None) == 1  # quiet, but not short
    assert emotional_weight(shout, None) == 1
    assert emotional_weight(plain, None) == 0


def test_a_short_line_after_a_silence_is_a_beat(parse):
    action, line = lines(parse, "A beat.\n\nTOM\nFine.\n")
    assert emotional_weight(line, action) == 1


def test_a_voice_over_is_heard_not_seen_and_a_line_takes_its_words_and_a_beat(parse):
    (line,) = lines(parse, "DAD (V.O.)\n(softly)\nTesting, testing.\n")
    assert is_offscreen(line)
    assert speech_seconds(line, 2.0) == 1.0 + 0.5


@pytest.mark.parametrize(
    "thing", ["padlock", "syringe", "passport", "revolver", "steering wheel", "locket", "mug", "wallet"]
)
def test_any_thing_of_an_insert_worthy_kind_is_a_detail(thing):
    assert DETAIL.search(f"The {thing} on the table.")


def test_a_short_line_about_a_prop_is_cut_as_an_insert(parse):
    screenplay = parse("INT. ROOM - DAY\n\nA padlock hangs open on the shed door.\n")
    board = board_scene(screenplay.scenes[0], write_bible(screenplay), new_location=False)
    assert [(s.kind, s.framing) for s in board.shots] == [("insert", "close_up")]


def test_writing_is_read_at_extreme_close_up(parse):
    assert READABLE.search("the signature at the bottom")
    screenplay = parse(
        ".INSERT - THE LETTER\n\nA letter, folded twice, with the sender's signature smudged along the bottom edge.\n"
    )
    board = board_scene(screenplay.scenes[0], write_bible(screenplay))
    assert [(s.kind, s.framing) for s in board.shots] == [("insert", "extreme_close_up")]
