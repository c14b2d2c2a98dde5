"""A scene's cast: bible names, group cues, who a pronoun is, and one screen side per person."""

from __future__ import annotations

from storyreel.agents.film_grammar.bible import write_bible
from storyreel.agents.film_grammar.coverage.cast import cast_of, pronoun
from storyreel.agents.schemas import BoardShot
from storyreel.models.plan import Placement

SCENE = """INT. KITCHEN - NIGHT

MARA sits. TOM leans on the fridge. Mara doesn't look up. She waits.

MARA
You took the car.

TOM
I brought it back.

LENA
Stop it, both of you.

MARA AND TOM
No.
"""


def test_speakers_take_left_right_center_in_order_of_speech(parse):
    screenplay = parse(SCENE)
    cast = cast_of(screenplay.scenes[0], write_bible(screenplay))
    assert [cast.sides[n] for n in ("MARA", "TOM", "LENA")] == ["left", "right", "center"]
    assert cast.side("JO") == "left"  # the fourth person: left and right by turns


def test_a_group_cue_is_its_members(parse):
    screenplay = parse(SCENE)
    scene = screenplay.scenes[0]
    cast = cast_of(scene, write_bible(screenplay))
    group = next(e for e in scene.elements if e.character == "MARA AND TOM")
    assert cast.speakers_of(group) == ["MARA", "TOM"]


def test_a_pronoun_after_a_name_says_who_it_is(parse):
    screenplay = parse(SCENE)
    cast = cast_of(screenplay.scenes[0], write_bible(screenplay))
    assert cast.gender["MARA"] == "f"
    assert pronoun("he lifts her") == "m" and pronoun("nobody") is None


def test_people_in_the_previous_shot_keep_their_side_across_the_cut(parse):
    screenplay = parse(SCENE)
    previous = BoardShot(
        kind="two_shot",
        covers=[],
        subjects=["TOM", "MARA"],
        blocking=[Placement(character="TOM", side="left"), Placement(character="MARA", side="right")],
        framing="medium",
        duration_s=2,
        description="",
        start_frame="",
        end_frame="",
    )
    cast = cast_of(screenplay.scenes[0], write_bible(screenplay), previous)
    assert cast.sides["TOM"] == "left" and cast.sides["MARA"] == "right"
