"""The lexicon: every word in one row of one table, readers built from its meanings, and a new
word reaching every reader that needs it from one line."""

from __future__ import annotations

import itertools
import re

import pytest

from storyreel.agents.film_grammar.lexicon import action, alternation, camera, notes, objects, script
from storyreel.agents.film_grammar.lexicon.action import ACTION_WORDS, Cue, cue_forms, cue_pattern
from storyreel.agents.film_grammar.lexicon.objects import (
    COLOURS,
    FADES,
    GARMENTS,
    HANDHELD_SHAPES,
    INSERT_DETAILS,
    PAINTS,
    PROP_SHAPES,
    THINGS,
    Thing,
    _things,
)


def _alternatives(forms: str) -> list[str]:
    """The top-level alternatives of a row's forms ('runs?|running' -> ['runs?', 'running'])."""
    if forms.startswith("\\b(") and forms.endswith(")\\b") and _balanced(forms[3:-3]):
        forms = forms[3:-3]  # '\b(a|b)\b' -> 'a|b'
    out, depth, current = [], 0, ""
    for ch in forms:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
    return [*out, current]


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _word(form: str) -> str:
    """A form as the word it spells, optional letters kept ('picks? up' -> 'picks up')."""
    form = re.sub(r"\\b|\(\?:|\(\?!.*|\)|\?|\\w\*|\\s[*+]?", "", form)
    return form.replace("[- ]", " ").strip().lower()


def _plain(forms) -> set[str]:
    """Every entry that spells a word or phrase (alternatives inside a group left out)."""
    words = (_word(f) for form in forms for f in _alternatives(form))
    return {w for w in words if re.fullmatch(r"[a-z' -]+", w)}


def test_every_action_word_is_one_row():
    forms = [alt for row, _ in ACTION_WORDS for alt in _alternatives(row)]
    repeated = sorted({f for f in forms if forms.count(f) > 1})
    assert not repeated, f"listed in two rows: {repeated}"


# Words that honestly stand in two tables because they mean two things there; anything else in
# two tables is a word listed twice. Keep the reason next to the word.
HOMONYMS = {
    "add": "adding a move, a shot, or seconds",
    "beat": "a pause in a script, and a length of time in a note",
    "camera": "camera context, and a part of the film a note can name",
    "cliff": "a tall thing an establishing shot cranes from, and a place",
    "mountain": "a tall thing an establishing shot cranes from, and a place",
    "tower": "a tall thing an establishing shot cranes from, and a place",
    "combine": "combining moves, and merging shots",
    "cut": "a verb that removes, a shorter length, and the edit a note can name",
    "faster": "a faster pace, and what a phrase 'the argument faster' asks",
    "quicker": "a faster pace, and what a phrase 'the argument quicker' asks",
    "snappier": "a faster pace, and what a phrase 'the argument snappier' asks",
    "slower": "a slower pace, and what a phrase 'the argument slower' asks",
    "insert": "to insert a shot, and an insert shot",
    "key": "a prop, and 'low key' (light, not an angle)",
    "light": "a shade of a colour, 'low light', and a part of the film",
    "lighter": "a tool, and a brighter set",
    "longer": "a longer lens, a longer shot, and 'the scene longer'",
    "shorter": "a wider lens, a shorter shot, and 'the scene shorter'",
    "tighter": "a tighter framing, a longer lens, a shorter shot, and 'the scene tighter'",
    "wider": "a wider framing, and a wider lens",
    "lose": "removing a shot, and a shorter length",
    "move": "camera context, moving a shot, and a part of the film",
    "one": "a number, and 'this one'",
    "opening": "the first shot, and a part of the film",
    "second": "an ordinal, and a length of time",
    "pacing": "walking up and down, and a part of the film",
    "picks up": "handling a thing, and a faster pace",
    "plays": "playing music, and what a phrase 'the argument plays' does",
    "rooftops": "a layout seen from above, and a place",
    "style": "the film's style, and a part of the film",
    "switch": "a device's control, and swapping shots",
    "from above": "a layout in a script, and an overhead camera in a note",
    "overhead": "what a point of view looks up at, and an overhead camera",
    "hands": "a handling verb ('hands her the cup'), and what a thing is held in",
    "beneath": "where a point of view looks, and where a thing rests",
    "car": "a prop on a set, and a place (INT. CAR)",
    "truck": "a vehicle on a set, and a camera move",
    "bin": "a container on a set, and a director's word for removing a shot",
}


def _tables() -> dict[str, set[str]]:
    return {
        "ACTION_WORDS": _plain(f for f, _ in ACTION_WORDS),
        "SKYLINE": _plain(action.SKYLINE),
        "LOOKING": _plain([*action.LOOKING_DOWN, *action.LOOKING_UP]),
        "DIRECTIONS": _plain([*action.LEFTWARD, *action.RIGHTWARD]),
        "THINGS": _plain(THINGS),
        "RESTING/HELD_IN/PART_OF": _plain([*objects.RESTING, *objects.HELD_IN, *objects.PART_OF]),
        "UNDONE": _plain(action.UNDONE),
        "GARMENTS": _plain(GARMENTS),
        "FABRICS": _plain(objects.FABRICS),
        "EYEWEAR": _plain(objects.EYEWEAR),
        "COLOURS": _plain(COLOURS),
        "COLOUR_SHADES": _plain(objects.COLOUR_SHADES),
        "HAIR_WORDS": _plain(objects.HAIR_WORDS),
        "CAMERA_WORDS": _plain(p.pattern for p, _ in (*camera.MOVES, *camera.ANGLES, *camera.FRAMINGS)),
        "PACINGS": _plain(p.pattern for p, _ in camera.PACINGS),
        "TIGHTER/WIDER": _plain([*camera.TIGHTER, *camera.WIDER]),
        "LENS": _plain([*camera.LONGER_LENS, *camera.WIDER_LENS]),
        "CAMERA_CONTEXT": _plain(camera.CAMERA_CONTEXT),
        "ADD_MOVE": _plain(camera.ADD_MOVE),
        "NOT_ANGLE_AFTER": _plain(camera.NOT_ANGLE_AFTER),
        "NUMBERS": _plain([*notes.NUMBER_WORDS, *notes.ORDINALS]),
        "ADD_VERBS": _plain(notes.ADD_VERBS),
        "SHOT_NOUNS": _plain(notes.SHOT_NOUNS),
        "MOMENTS": _plain(notes.MOMENTS),
        "REMOVE_VERBS": _plain(notes.REMOVE_VERBS),
        "SWAP_VERBS": _plain(notes.SWAP_VERBS),
        "MOVE_VERBS": _plain(notes.MOVE_VERBS),
        "MERGE_WORDS": _plain(notes.MERGE_WORDS),
        "PACE": _plain([*notes.FASTER_PACE, *notes.SLOWER_PACE]),
        "LENGTH": _plain([*notes.LONGER, *notes.SHORTER]),
        "SET_CHANGES": _plain(notes.SET_CHANGES),
        "STYLE_WORDS": _plain(notes.STYLE_WORDS),
        "KNOWN_SUBJECTS": _plain(notes.KNOWN_SUBJECTS),
        "SUBJECT_VERBS": _plain(notes.SUBJECT_VERBS),
        "PLACES": _plain([*script.EXTERIOR_PLACES, *script.INTERIOR_PLACES]),
        "TIMES_OF_DAY": _plain(itertools.chain(*(words for _, _, words in script.TIMES_OF_DAY))),
    }


def test_no_word_is_listed_in_two_tables_unless_it_means_two_things():
    where: dict[str, list[str]] = {}
    for table, words in _tables().items():
        for word in words:
            where.setdefault(word, []).append(table)
    twice = {word: tables for word, tables in where.items() if len(tables) > 1 and word not in HOMONYMS}
    assert not twice, f"listed in two tables (add the reason to HOMONYMS if it means two things): {twice}"


def test_every_homonym_is_still_in_two_tables():
    where: dict[str, int] = {}
    for words in _tables().values():
        for word in words:
            where[word] = where.get(word, 0) + 1
    stale = [word for word in HOMONYMS if where.get(word, 0) < 2]
    assert not stale, f"no longer in two tables: {stale}"


def test_insert_details_are_broad_classes_not_one_script_s_props():
    for kind, words in INSERT_DETAILS.items():
        assert len(words) >= 5, f"'{kind}' is not a class of things: {words}"
    everything = [w for words in INSERT_DETAILS.values() for w in words]
    assert len(everything) == len(set(everything))


@pytest.mark.parametrize(
    "line, cue",
    [
        ("She sprints for the door", Cue.CHASE),
        ("He sprints for the door", Cue.BIG),
        ("Nell goes very still.", Cue.FACE),
        ("Nell goes very still.", Cue.REALISE),
        ("A long, terrible beat.", Cue.SILENCE),
        ("(barely)", Cue.QUIETEST),
        ("He rests a hand on his revolver.", Cue.POWER_SIGN),
        ("The children hide.", Cue.VULNERABLE_SIGN),
        ("She turns to find him gone.", Cue.TURN),
    ],
)
def test_a_word_carries_each_of_its_meanings(line, cue):
    assert cue_pattern(cue).search(line)


@pytest.mark.parametrize(
    "line, cue",
    [
        ("She bolts for the door", Cue.RUN),
        ("He sinks onto the sofa", Cue.SIT),
        ("Danny slides in behind the wheel", Cue.SIT),
        ("He lies on the floor", Cue.LIE),
        ("She crouches by the fire", Cue.KNEEL),
        ("He gets to his feet", Cue.STAND),
        ("She turns round", Cue.PIVOT),
        ("Nell glares at him", Cue.GAZE),
        ("(not looking at him)", Cue.AVERT),
        ("He turns his back", Cue.BACK_TURNED),
        ("(to camera)", Cue.ADDRESS),
        ("She puts the phone down", Cue.RELEASE),
    ],
)
def test_a_body_word_carries_its_meaning(line, cue):
    assert cue_pattern(cue).search(line)


def test_a_body_meaning_is_not_read_into_words_that_only_look_like_it():
    assert not cue_pattern(Cue.LIE).search("He lies to her")  # tells a lie, stays standing
    assert not cue_pattern(Cue.PIVOT).search("Danny turns the key")  # handles a thing
    assert not cue_pattern(Cue.RUN).search("He limps up behind her")


def test_every_thing_has_a_drawable_shape_or_none_and_inserts_keep_their_classes():
    assert all(t.shape in (*PROP_SHAPES, None) for t in THINGS.values())
    assert set(HANDHELD_SHAPES) <= set(PROP_SHAPES)
    assert THINGS["car"] == Thing("vehicle", None) and THINGS["letter"] == Thing("paper", "documents")
    assert INSERT_DETAILS["weapons"][:2] == ("gun", "knife")  # derived from the rows, in order
    with pytest.raises(ValueError, match="listed twice"):
        _things("box  box  -\nbox  box  -")
    with pytest.raises(ValueError, match="not a prop shape"):
        _things("sofa  couch  -")


def test_a_sign_is_read_in_scripts_but_not_as_a_director_s_feeling():
    assert cue_pattern(Cue.POWER_SIGN).search("the police arrive")
    assert not cue_pattern(Cue.POWER | Cue.BIGGER).search("the police arrive")
    assert "gun" in cue_forms(Cue.POWER_SIGN) and "gun" not in cue_forms(Cue.POWER)


def test_a_colour_paints_one_shade_and_fades_through_another():
    assert PAINTS["black"] == "#1A1A1A" and FADES["BLACK"] == "#000000"
    assert "blood" not in PAINTS and FADES["BLOOD"] == "#7A0010"
    assert all(name.upper() in FADES or colour.fade is None for name, colour in COLOURS.items())


def test_alternation_tries_a_compound_before_the_word_inside_it():
    pattern = re.compile(rf"\b({alternation(['jacket', 'leather jacket'], longest_first=True)})\b")
    assert pattern.search("a black leather jacket").group(1) == "leather jacket"
    assert re.fullmatch(alternation(["a", "b"]), "b")
