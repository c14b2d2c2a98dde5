"""The rules brain reads directing notes: references, cinematic terms and their synonyms, and
questions instead of guesses. On a hand-made film (director_film.py):

     1 g-1 establishing XLS   5 g-5 reaction ECU NELL    9 r-4 CU STEEL dolly in
     2 g-2 two-shot MS        6 r-1 establishing XLS     10 k-1 establishing LS
     3 g-3 CU NELL low        7 r-2 CU STEEL             11 k-2 two-shot NELL STEEL
     4 g-4 CU DANNY pan left  8 r-3 MS DANNY high        12 k-3 insert CU, fades out
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from storyreel.agents.film_grammar.notes.film import shots_label
from storyreel.agents.film_grammar.notes.reader import read_note
from storyreel.models.bible import Bible, CharacterSheet, Identity, LocationSheet
from storyreel.models.edits import Direction
from storyreel.models.plan import CameraSpec, Shot, ShotPlan
from storyreel.tools.screenplay import parse_fountain


def _helper():
    name = "storyreel_tests_director_film"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[2] / "director_film.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


PLAN, BIBLE, SCREENPLAY = _helper().film()


def read(note: str, focus: list[str] | None = None) -> Direction:
    direction = read_note(note, PLAN, BIBLE, SCREENPLAY, focus or [])
    Direction.model_validate(direction.model_dump(mode="json"))  # what a brain returns: valid JSON
    return direction


def edit(note: str, focus: list[str] | None = None) -> dict:
    direction = read(note, focus)
    assert direction.question is None, direction.question
    assert len(direction.edits) == 1, direction.edits
    return direction.edits[0].model_dump(mode="json", exclude_none=True)


# -- references ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note, shots",
    [
        ("shot 3 tighter", ["g-3"]),
        ("Shot three: tighter", ["g-3"]),
        ("#3 tighter", ["g-3"]),
        ("shots 2-4 tighter", ["g-2", "g-3", "g-4"]),
        ("shots 2 to 4 tighter", ["g-2", "g-3", "g-4"]),
        ("shots 2, 4 and 8 tighter", ["g-2", "g-4", "r-3"]),
        ("the second shot tighter", ["g-2"]),
        ("the last shot wider", ["k-3"]),
        ("g-4 tighter", ["g-4"]),
        ("scene 2 wider", ["r-1", "r-2", "r-3", "r-4"]),
        ("the rooftop scene wider", ["r-1", "r-2", "r-3", "r-4"]),
        ("every close-up of Steel from below", ["r-2", "r-4"]),
        ("Steel's close-ups from below", ["r-2", "r-4"]),
        ("all the establishing shots wider", ["g-1", "r-1", "k-1"]),
        ("every shot low angle", [s.id for s in PLAN.shots]),
    ],
)
def test_references_name_shots_in_film_order(note, shots):
    assert edit(note)["shots"] == shots


def test_this_shot_and_a_note_without_a_shot_mean_the_last_one_discussed():
    first = read("shot 8 tighter")
    assert first.focus == ["r-3"]
    assert edit("this shot from below", first.focus)["shots"] == ["r-3"]
    assert edit("slow push in", first.focus)["shots"] == ["r-3"]
    assert edit("the next shot: low angle", first.focus)["shots"] == ["r-4"]
    assert edit("the previous shot: low angle", first.focus)["shots"] == ["r-2"]


def test_a_clause_without_shots_is_about_the_clause_before():
    direction = read("shot 4: a close-up; and make it low angle. Then shot 9 wider")
    assert [e.shots for e in direction.edits] == [["g-4"], ["g-4"], ["r-4"]]


# -- terms and synonyms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note, expected",
    [
        ("shot 2 tighter", {"framing_steps": 1}),
        ("shot 2 closer", {"framing_steps": 1}),
        ("shot 2 much tighter", {"framing_steps": 2}),
        ("shot 2 wider", {"framing_steps": -1}),
        ("shot 2 looser", {"framing_steps": -1}),
        ("shot 2 as a wide", {"framing": "long"}),
        ("shot 2 wide shot", {"framing": "long"}),
        ("shot 2 ECU", {"framing": "extreme_close_up"}),
        ("shot 2 head to toe", {"framing": "full"}),
        ("shot 2 from below", {"angle": "low"}),
        ("shot 2 low angle", {"angle": "low"}),
        ("shot 2 looking down on them", {"angle": "high"}),
        ("shot 2 bird's eye", {"angle": "overhead"}),
        ("shot 2 canted", {"angle": "dutch"}),
        ("make shot 2 feel menacing", {"angle": "low"}),
        ("shot 2 should feel lonely", {"angle": "high"}),
        ("shot 2 push in", {"movements": ["dolly_in"]}),
        ("shot 2 track in", {"movements": ["dolly_in"]}),
        ("shot 2 pull back", {"movements": ["dolly_out"]}),
        ("shot 2 zoom in, not a dolly", {"movements": ["zoom_in"]}),
        ("shot 2 dolly in rather than a zoom", {"movements": ["dolly_in"]}),
        ("shot 2 boom up", {"movements": ["pedestal_up"]}),
        ("shot 2 crab left", {"movements": ["truck_left"]}),
        ("shot 2 shaky", {"movements": ["handheld"]}),
        ("shot 2 lock it off", {"movements": ["static"]}),
        ("shot 2 tilt up and pan left", {"movements": ["tilt_up", "pan_left"]}),
        ("shot 2 also tilt up", {"add_movements": ["tilt_up"]}),
        ("shot 2 slow push in", {"movements": ["dolly_in"], "speed": 0.25}),
        ("shot 2 slower move", {"speed_scale": 0.6}),
        ("shot 2 on a 50mm", {"lens_mm": 50.0}),
        ("shot 2 longer lens", {"lens_mm": 67.5}),
        ("shot 2 push in, ease out", {"movements": ["dolly_in"], "pacing": "ease_out"}),
    ],
)
def test_camera_terms_and_their_synonyms(note, expected):
    got = edit(note)
    assert got["op"] == "camera"
    assert {k: got.get(k) for k in expected} == expected


def test_low_light_is_not_a_low_angle():
    direction = read("shot 2 in low light")
    assert direction.question and not direction.edits


@pytest.mark.parametrize(
    "note, expected",
    [
        ("shot 2 4 seconds", {"op": "timing", "duration_s": 4.0}),
        ("shot 2 for three seconds", {"op": "timing", "duration_s": 3.0}),
        ("shot 2 two seconds longer", {"op": "timing", "duration_delta_s": 2.0}),
        ("trim shot 2 by 1 second", {"op": "timing", "duration_delta_s": -1.0}),
        ("shot 2 twice as long", {"op": "timing", "duration_scale": 2.0}),
        ("hold shot 2 a beat longer", {"op": "timing", "duration_delta_s": 1.0}),
        ("the kitchen scene should feel faster", {"op": "timing", "duration_scale": 0.8}),
        ("scene 1 should play much slower", {"op": "timing"}),
    ],
)
def test_length_and_pace(note, expected):
    got = edit(note)
    assert {k: got.get(k) for k in expected} == expected


def test_a_scene_named_by_what_happens_in_it():
    """'the argument' is no location, but one scene's action says they argue."""
    got = edit("the argument should feel faster")
    assert got["shots"] == ["k-1", "k-2", "k-3"] and got["duration_scale"] == 0.8


@pytest.mark.parametrize(
    "note, expected",
    [
        ("lose shot 5", {"op": "remove", "shots": ["g-5"]}),
        ("cut shot 5", {"op": "remove", "shots": ["g-5"]}),
        ("lose the kitchen establishing shot", {"op": "remove", "shots": ["k-1"]}),
        ("split shot 2 in two", {"op": "split", "shot": "g-2", "at": 0.5}),
        ("split shot 2 at 2 seconds", {"op": "split", "shot": "g-2", "at": 0.4}),
        ("merge shots 3 and 4", {"op": "merge", "shots": ["g-3", "g-4"]}),
        ("move shot 8 before shot 7", {"op": "move", "shot": "r-3", "position": "before", "anchor": "r-2"}),
        ("put shot 12 first", {"op": "move", "shot": "k-3", "position": "before", "anchor": "g-1"}),
        ("reshoot shot 4", {"op": "reseed", "shots": ["g-4"]}),
        ("another take of shot 4 with seed 7", {"op": "reseed", "shots": ["g-4"], "seed": 7}),
        (
            "dissolve from shot 4 into shot 5",
            {"op": "transition", "shot": "g-4", "side": "out", "type": "dissolve"},
        ),
        (
            "slow dissolve into shot 6",
            {"op": "transition", "shot": "g-5", "type": "dissolve", "duration_s": 2.0},
        ),
        ("hard cut between 11 and 12", {"op": "transition", "shot": "k-2", "type": "cut"}),
        ("fade in on the first shot", {"op": "transition", "shot": "g-1", "side": "in", "type": "fade"}),
        ("lose the fade", {"op": "transition", "shot": "k-3", "side": "out", "type": "cut"}),
        (
            "make Steel's jacket red",
            {"op": "character", "name": "STEEL", "wardrobe": "a red leather jacket", "colour": "#C0392B"},
        ),
        ("give Nell grey hair", {"op": "character", "name": "NELL", "hair_colour": "#7F7F7F"}),
        ("make the kitchen darker", {"op": "location", "name": "KITCHEN"}),
        ("paint the garage blue", {"op": "location", "name": "HALVORSEN GARAGE"}),
        ("make the film look like 1970s Kodachrome", {"op": "style", "look": "1970s Kodachrome"}),
    ],
)
def test_structure_looks_and_transitions(note, expected):
    got = edit(note)
    assert {k: got.get(k) for k in expected} == expected


def test_swapping_two_shots_is_two_moves_that_swap_them():
    direction = read("swap shots 3 and 5")
    from storyreel.agents.plan_edits import apply_edits

    applied = apply_edits(PLAN, BIBLE, direction.edits, SCREENPLAY)
    assert [s.id for s in applied.plan.shots][:5] == ["g-1", "g-2", "g-5", "g-4", "g-3"]


def test_adding_a_shot_reads_what_it_shows_and_where():
    got = edit("add a close-up of Nell's hands on the wheel after shot 3")
    assert got["op"] == "add" and got["anchor"] == "g-3" and got["position"] == "after"
    assert got["kind"] == "insert" and got["framing"] == "close_up" and got["subjects"] == ["NELL"]
    assert "hands on the wheel" in got["description"]


# -- questions, not guesses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note, asked",
    [
        ("shot 40 tighter", "There is no shot 40: the film has 12 shots"),
        ("scene 7 wider", "There is no scene 7"),
        ("tighter", "Which shot?"),
        ("this shot tighter", "no shot has been discussed yet"),
        ("shot 5 tighter", "already the tightest framing"),
        ("shot 2 low angle and high angle", "Which angle"),
        ("shot 2 pan left and pan right", "cancel out"),
        ("shot 4 faster", "Faster how"),
        ("the montage should feel faster", "Which shots are 'the montage'"),
        ("make shot 2 pop", "I could not find a change"),
        ("lose the dissolve", "There is no dissolve"),
        ("dissolve into shot 1", "first shot"),
        ("make Bob's coat red", "Whose coat"),
        ("merge shots 2 and 5", "Only consecutive shots"),
        ("merge shots 5 and 6", "different scenes"),
        ("lose every shot", "remove every shot"),
        ("shot 2 in the style of Wes Anderson", "the whole film's"),
        # past the edits' own limits: asked about, naming the value and the limit
        ("shot 2 601 seconds longer", "a change of length must be at most 600 s (the note asks for 601 s)"),
        (
            "shot 2 601 seconds shorter",
            "a change of length must be at least -600 s (the note asks for -601 s)",
        ),
        ("shot 2 at 2000mm", "a lens must be at most 1200 mm (the note asks for 2000 mm)"),
        ("make shot 2 last 0 seconds", "a shot's length must be more than 0 s (the note asks for 0 s)"),
        # a cut point it cannot read is asked about, never made the middle
        ("split shot 1 at 1e9 seconds", "Where in shot 1 should the cut be?"),
    ],
)
def test_unclear_notes_get_a_question_and_no_edits(note, asked):
    direction = read(note)
    assert direction.edits == []
    assert direction.question and asked in direction.question


def test_a_question_keeps_the_focus_for_the_next_note():
    assert read("shot 40 tighter", ["g-2"]).focus == ["g-2"]


def test_shot_labels_compress_runs():
    assert shots_label([3]) == "shot 3"
    assert shots_label([5, 3, 4]) == "shots 3-5"
    assert shots_label([1, 3, 4, 5, 9]) == "shots 1, 3-5 and 9"


def test_losing_a_move_never_removes_the_shot():
    for move in ("crane", "truck", "arc", "zoom"):
        direction = read(f"shot 3: lose the {move}")
        assert not any(e.op == "remove" for e in direction.edits)
        assert direction.question == f"shot 3 has no {move} to lose."


# -- a question's choices: each a note that settles it ---------------------------------------------------


@pytest.mark.parametrize(
    "note, choices",
    [
        ("shot 3 tighter or wider", ["shot 3 tighter", "shot 3 wider"]),
        ("shot 2 close-up, low angle, wide", ["shot 2 close-up, low angle", "shot 2 wide, low angle"]),
        ("shot 2 low angle and high angle", ["shot 2 low angle", "shot 2 high angle"]),
        ("shot 2 pan left and pan right", ["shot 2 pan left", "shot 2 pan right"]),
        ("shot 5 tighter", ["shot 5 longer lens", "shot 5 push in"]),
        ("shot 1 wider", ["shot 1 wider lens", "shot 1 pull back"]),
        ("shot 4 faster", ["shot 4 faster move", "shot 4 shorter"]),
        ("shot 4 slower", ["shot 4 slower move", "shot 4 longer"]),
        ("dissolve into shot 1", ["fade in into shot 1"]),
        ("dissolve out of shot 12", ["fade out of shot 12"]),
        (
            "make the jacket red",
            ["make Nell's jacket red", "make Danny's jacket red", "make Steel's jacket red"],
        ),
        ("make Nell and Steel's jackets red", ["make Nell's jackets red", "make Steel's jackets red"]),
        ("split shots 3-5", ["split shot 3", "split shot 4", "split shot 5"]),
        ("lose the close-up of Nell", ["lose shot 3 of Nell", "lose shot 5 of Nell"]),
        (  # the other clauses stay as they were said
            "shots 3-5 tighter or wider, then dissolve into shot 6",
            ["shots 3-5 tighter, then dissolve into shot 6", "shots 3-5 wider, then dissolve into shot 6"],
        ),
    ],
)
def test_a_question_with_a_few_answers_offers_each_as_a_note_that_settles_it(note, choices):
    direction = read(note)
    assert direction.question and direction.edits == []
    assert direction.choices == choices
    for choice in choices:
        assert read(choice).question != direction.question


@pytest.mark.parametrize(
    "note",
    ["shot 40 tighter", "tighter", "this shot tighter", "the montage should feel faster", "make shot 2 pop"],
)
def test_an_open_question_offers_no_choices(note):
    direction = read(note)
    assert direction.question and direction.choices == []


def _places_film():
    """Two garages (a scene at one of them twice) and two Dannys."""
    screenplay = parse_fountain(
        "INT. NORTH GARAGE - NIGHT\n\nNELL works.\n\nEXT. SOUTH GARAGE - DAY\n\nDANNY waits.\n\n"
        "INT. NORTH GARAGE - DAY\n\nNell leaves.\n"
    )
    camera = CameraSpec(framing="medium", angle="eye_level", movements=["static"], lens_mm=50, speed=0)
    shots = [
        Shot(id=f"n-{i}", scene=i, duration_s=2.0, description="x", camera=camera, kind="single", prompt="x")
        for i in range(3)
    ]
    people = [
        CharacterSheet(name=n, wardrobe="a coat", identity=Identity(colour="#112233"))
        for n in ("NELL", "DANNY", "DANNY JR")
    ]
    places = [
        LocationSheet(name="NORTH GARAGE", int_ext="INT", palette=["#112233"]),
        LocationSheet(name="SOUTH GARAGE", int_ext="EXT", palette=["#445566"]),
    ]
    return ShotPlan(fps=24, shots=shots), Bible(characters=people, locations=places), screenplay


@pytest.mark.parametrize(
    "note, choices",
    [
        ("the north garage scene tighter", ["scene 1 tighter", "scene 3 tighter"]),
        ("make the garage darker", ["make the north garage darker", "make the south garage darker"]),
        # 'Danny' is both; only the longer name can be said alone, so only it is offered
        ("make Danny's coat red", ["make Danny Jr's coat red"]),
    ],
)
def test_places_and_names_that_fit_two_offer_the_ones_a_note_can_name(note, choices):
    plan, bible, screenplay = _places_film()
    direction = read_note(note, plan, bible, screenplay)
    assert direction.question and direction.choices == choices
    for choice in choices:
        assert not read_note(choice, plan, bible, screenplay).question


def test_which_of_two_fades_to_lose_offers_each_by_the_shot_it_ends():
    fade = PLAN.shots[-1].transition_out
    shots = [s.model_copy(update={"transition_out": fade}) if s.id == "g-2" else s for s in PLAN.shots]
    plan = PLAN.model_copy(update={"shots": shots})
    direction = read_note("lose the fade", plan, BIBLE, SCREENPLAY)
    assert direction.question.startswith("Which fade?")
    assert direction.choices == ["lose the fade after shot 2", "lose the fade after shot 12"]
    (edit,) = read_note(direction.choices[0], plan, BIBLE, SCREENPLAY).edits
    assert (edit.shot, edit.side, edit.type) == ("g-2", "out", "cut")
