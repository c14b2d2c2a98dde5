"""What the action says bodies do, read sentence by sentence: whose verb it is, what they do, whom
they look at and what they hold."""

from __future__ import annotations

import pytest

from storyreel.agents.film_grammar.bible import write_bible
from storyreel.agents.film_grammar.coverage.bodies import Reader, seat_of, sittings, things
from storyreel.agents.film_grammar.coverage.cast import cast_of

SCENE = """INT. KITCHEN - NIGHT

A table. A bottle of wine.

MARA sits at the table. She pours a glass. TOM leans on the fridge. He waits.

MARA
Well?

TOM
(turning away)
Nothing.

JO
Hi.
"""


@pytest.fixture
def reader(parse):
    screenplay = parse(SCENE)
    return Reader(cast_of(screenplay.scenes[0], write_bible(screenplay)))


def test_a_verb_belongs_to_the_names_just_before_it(reader):
    bodies = reader.read("Mara and Tom sit down.", [])
    assert bodies["MARA"].pose == bodies["TOM"].pose == "sit"


def test_a_name_after_a_verb_is_its_object_not_who_does_the_next_one(reader):
    bodies = reader.read("Tom walks toward Mara and sits beside her.", [])
    assert bodies["TOM"].motion == "walk" and bodies["TOM"].toward == "MARA" and bodies["TOM"].pose == "sit"
    assert "MARA" not in bodies


def test_a_new_clause_has_its_own_subject(reader):
    bodies = reader.read("Tom leans on the fridge while Mara paces.", [])
    assert bodies["MARA"].motion == "walk" and bodies.get("TOM") is None


def test_a_pronoun_is_the_latest_person_it_fits(reader):
    reader.read("Tom waits. Mara is late.", [])
    bodies = reader.read("She kneels.", [])
    assert bodies["MARA"].pose == "kneel"
    bodies = reader.read("He runs.", [])
    assert bodies["TOM"].motion == "run"


def test_a_speaker_heard_last_is_who_a_pronoun_means_when_nothing_says_otherwise(reader):
    reader.read("Mara waits.", [])
    reader.saw("JO")  # JO speaks; nothing in the script says JO's gender
    assert reader.read("She leaves.", [])["JO"].motion == "exit"


def test_what_is_only_meant_is_not_done(reader):
    assert reader.read("Mara stands, ready to run.", [])["MARA"].motion == "still"
    assert "TOM" not in reader.read("Tom doesn't sit.", [])


def test_the_last_pose_said_is_the_one_kept(reader):
    assert reader.read("Tom gets up and sits on the table.", [])["TOM"].pose == "sit"
    assert reader.read("Tom sits, then gets to his feet.", [])["TOM"].pose == "stand"


def test_an_entrance_or_an_exit_is_the_motion_whatever_else_the_body_does(reader):
    bodies = reader.read("Tom runs in from the left and enters.", [])
    assert bodies["TOM"].motion == "enter" and bodies["TOM"].direction == "right"
    assert reader.read("Mara spins and disappears.", [])["MARA"].motion == "exit"


@pytest.mark.parametrize(
    ("line", "look", "at"),
    [
        ("Mara looks at Tom.", "gaze", "TOM"),
        ("Mara glares at him.", "gaze", "TOM"),
        ("Mara stares at the bottle.", "gaze", None),
        ("Mara turns her back on him.", "away", None),
        ("Mara looks into the camera.", "camera", None),
        ("Mara looks away.", "averted", None),
    ],
)
def test_where_the_eyes_go(reader, line, look, at):
    body = reader.read(line, ["MARA", "TOM"])["MARA"]
    assert (body.look, body.at) == (look, at)


def test_a_parenthetical_is_what_its_speaker_does(reader):
    body = reader.read("", ["TOM"], manner={"TOM": "(turning away, to camera)"})["TOM"]
    assert body.look == "camera"


def test_a_thing_is_held_by_who_handles_it_and_it_is_the_last_thing_named(reader):
    held = {"bottle", "glass"}
    bodies = reader.read("Tom holds out the bottle. She takes it.", ["TOM", "MARA"], held=held)
    assert bodies["TOM"].holding == "bottle" and bodies["MARA"].holding == "bottle"
    assert bodies["MARA"].gripped > bodies["TOM"].gripped  # she took it last


def test_a_thing_resting_somewhere_is_in_no_hands_but_one_held_in_a_fist_is(reader):
    assert reader.read("Tom leans on the table by the bottle.", [], held={"bottle"}) == {}
    bodies = reader.read("Mara waits. The bottle is still in her fist.", [], held={"bottle"})
    assert bodies["MARA"].holding == "bottle"


def test_letting_go(reader):
    body = reader.read("Tom puts the bottle down.", [], held={"bottle"})["TOM"]
    assert body.released and body.holding is None


def test_things_are_read_as_the_lexicon_names_them_compounds_first():
    assert [(m.noun, m.text) for m in things("Car keys, two cars and the lanterns.")] == [
        ("car keys", "car keys"),
        ("car", "cars"),
        ("lantern", "lanterns"),
    ]
    assert things("She adjusts her glasses.") == []  # eyewear, not drinks


def test_what_someone_sits_on_is_on_or_in_it_not_beside_it():
    on = "Danny sits on an upturned bucket with a beer."
    at = "Ruth sits at the counter with a cup."
    assert seat_of(on, sittings(on)[0].end()).noun == "bucket"
    assert seat_of(at, sittings(at)[0].end()) is None
