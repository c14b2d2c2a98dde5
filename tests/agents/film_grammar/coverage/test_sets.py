"""A scene's set: the things its action names, each a prop with a shape and one world-fixed
place, laid out around the actors' marks without overlaps."""

from __future__ import annotations

import itertools

from storyreel.agents.film_grammar.bible import write_bible
from storyreel.agents.film_grammar.coverage.cast import cast_of
from storyreel.agents.film_grammar.coverage.sets import (
    ACTOR_HALF_WIDTH,
    BACK_ROW,
    DEPTH_APART,
    FOOTPRINTS,
    MAX_PER_SHAPE,
    MAX_PROPS,
    handheld,
    scene_set,
    set_x,
)
from storyreel.agents.film_grammar.lexicon.objects import THINGS
from storyreel.models.plan import SIDE_MARKS, PropShape

WORKSHOP = """INT. WORKSHOP - DAY

A workbench under a lamp. A van with its doors open. A stool.

IVAN sits on an upturned crate with a hammer. LIDIA leans on the van, a phone in her hand.

IVAN
We sell the van.

LIDIA
We sell nothing. Not the van, not the boat, not the bench.
"""


def props_of(parse, text: str, index: int = 0):
    screenplay = parse(text)
    scene = screenplay.scenes[index]
    cast = cast_of(scene, write_bible(screenplay))
    return scene_set(scene, cast), cast, scene


def test_the_things_the_action_names_become_props_in_order_with_their_shape_and_element(parse):
    props, _, scene = props_of(parse, WORKSHOP)
    # Seven things named, six kept: the stool, only dressing, gives way to what is used.
    assert [(p.name, p.shape) for p in props] == [
        ("the workbench", "table"),
        ("the lamp", "lamp"),
        ("the van", "vehicle"),  # not "its doors": a part of the van
        ("the crate", "seat"),  # sat on
        ("the hammer", "tool"),
        ("the phone", "phone"),
    ]
    opening, business = scene.elements[0].id, scene.elements[1].id
    assert [p.element for p in props] == [opening] * 3 + [business] * 3


def test_dialogue_puts_nothing_on_the_set(parse):
    props, _, _ = props_of(parse, WORKSHOP)
    assert "the boat" not in {p.name for p in props}  # only said, never seen


def test_a_seat_in_use_stands_on_its_sitter_s_mark_and_nothing_else_covers_a_mark(parse):
    props, cast, _ = props_of(parse, WORKSHOP)
    marks = {name: set_x(SIDE_MARKS[side]) for name, side in cast.sides.items()}
    crate = next(p for p in props if p.name == "the crate")
    assert crate.x == marks["IVAN"] and crate.depth < BACK_ROW
    for prop in props:
        if prop is crate or prop.depth >= BACK_ROW:
            continue
        half = FOOTPRINTS[prop.shape][0]
        assert all(abs(prop.x - m) >= half + ACTOR_HALF_WIDTH for m in marks.values()), prop


def test_no_two_props_overlap(parse, examples):
    scenes = [props_of(parse, WORKSHOP)[0]]
    for screenplay in examples:
        bible = write_bible(screenplay)
        scenes += [scene_set(scene, cast_of(scene, bible)) for scene in screenplay.scenes]
    for props in scenes:
        for a, b in itertools.combinations(props, 2):
            apart = abs(a.x - b.x) >= FOOTPRINTS[a.shape][0] + FOOTPRINTS[b.shape][0]
            assert apart or abs(a.depth - b.depth) >= DEPTH_APART, (a, b)


def test_a_crowded_scene_keeps_a_handful(parse):
    text = (
        "INT. ATTIC - NIGHT\n\nA box, a crate, a trunk of letters, a suitcase, a chair, a sofa, a stool, "
        "a lamp, a candle, a lantern, a bed and a window.\n\nAL\nDust.\n"
    )
    props, _, _ = props_of(parse, text)
    assert len(props) == MAX_PROPS
    shapes = [p.shape for p in props]
    assert all(shapes.count(s) <= MAX_PER_SHAPE for s in shapes)


def test_the_same_scene_gives_the_same_set(parse):
    assert props_of(parse, WORKSHOP)[0] == props_of(parse, WORKSHOP)[0]


def test_what_a_hand_can_hold(parse):
    props, _, _ = props_of(parse, WORKSHOP)
    assert handheld(props) == {"lamp", "hammer", "phone"}  # not the crate: it is a seat now


def test_every_shape_in_the_lexicon_is_drawable_and_has_a_footprint():
    shapes = set(PropShape.__args__)  # type: ignore[attr-defined]
    assert {t.shape for t in THINGS.values() if t.shape} <= shapes
    assert set(FOOTPRINTS) == shapes
