"""Blocking, as a reader of the script would check it: who looks at whom, which way they turn,
who sits, walks, enters or leaves, and what they hold, shot by shot."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyreel.agents.film_grammar.bible import location_name, write_bible
from storyreel.agents.film_grammar.coverage.boarder import board_scene
from storyreel.agents.film_grammar.coverage.checks import coverage_problems
from storyreel.agents.film_grammar.coverage.staging import facing_toward, travel_marks
from storyreel.models.plan import MOVING, SIDE_MARKS
from storyreel.tools.screenplay import read_screenplay

GARAGE = Path(__file__).resolve().parents[4] / "examples" / "garage.fountain"


def board_film(screenplay):
    """Every scene boarded the way the storyboard agent does: new places, the previous shot."""
    bible, seen, previous, outputs = write_bible(screenplay), set(), None, []
    for scene in screenplay.scenes:
        out = board_scene(scene, bible, previous=previous, new_location=location_name(scene) not in seen)
        seen.add(location_name(scene))
        previous = out.shots[-1]
        outputs.append((scene, out))
    return outputs


def board(parse, text: str):
    screenplay = parse(text)
    return board_scene(screenplay.scenes[0], write_bible(screenplay)), screenplay.scenes[0]


def placed(shot, name):
    return next(p for p in shot.blocking if p.character == name)


def covering(out, words: str):
    """The first shot whose description has `words`."""
    return next(s for s in out.shots if words in s.description)


def faces_toward(shot, placement) -> bool:
    """Facing reads toward the eyeline partner from the screen sides."""
    other = placed(shot, placement.eyeline) if placement.eyeline in shot.subjects else None
    if placement.foreground or other is None or other.side == placement.side:
        return True  # partner off frame (checked through the sides elsewhere) or beside them
    return placement.facing == facing_toward(placement.side, other.side)


# -- the rules ------------------------------------------------------------------------------------


def test_facing_follows_the_sides():
    assert facing_toward("left", "right") == "right" and facing_toward("right", "left") == "left"
    assert facing_toward("center", "left") == "left" and facing_toward("left", "center") == "right"
    assert facing_toward("left", "left", further_right=True) == "right"


@pytest.mark.parametrize(
    ("side", "motion", "direction", "marks"),
    [
        ("left", "enter", "right", (-0.15, SIDE_MARKS["left"])),
        ("right", "enter", "left", (1.15, SIDE_MARKS["right"])),
        ("right", "exit", "right", (SIDE_MARKS["right"], 1.15)),
        ("left", "walk", "right", (0.15, 0.45)),
        ("right", "run", "left", (0.95, 0.45)),
    ],
)
def test_marks_go_the_way_of_travel(side, motion, direction, marks):
    start, end = travel_marks(side, motion, direction)
    assert (start, end) == pytest.approx(marks)
    assert (end > start) == (direction == "right")


# -- the examples, every shot -----------------------------------------------------------------------


def test_every_example_is_blocked_validly(examples):
    for scene, out in (pair for screenplay in examples for pair in board_film(screenplay)):
        assert coverage_problems(out, scene) == []
        for shot in out.shots:
            for placement in shot.blocking:
                assert faces_toward(shot, placement), (shot.description, placement)
                if placement.facing == "camera":
                    assert placement.side == "center" and placement.eyeline is None  # nobody to face
            if shot.kind == "over_the_shoulder" and len(shot.subjects) == 2:
                assert sum(p.foreground for p in shot.blocking) == 1
            if shot.kind == "establishing":
                assert shot.blocking == []  # the place, not a head


# -- the garage, as a reader would check it ---------------------------------------------------------


@pytest.fixture(scope="module")
def garage():
    screenplay = read_screenplay(GARAGE)
    return board_scene(screenplay.scenes[0], write_bible(screenplay))


def test_garage_two_shots_have_nell_and_danny_face_each_other(garage):
    two_shots = [s for s in garage.shots if s.kind == "two_shot"]
    assert two_shots
    for shot in two_shots:
        nell, danny = placed(shot, "NELL"), placed(shot, "DANNY")
        assert (nell.side, danny.side) == ("left", "right")
        assert danny.facing == "left"  # toward Nell
        assert nell.facing == "right" or "not looking at him" in shot.description


def test_garage_dialogue_has_each_look_at_the_other(garage):
    spoken = [
        s for s in garage.shots if s.kind in ("two_shot", "over_the_shoulder") and " says " in s.description
    ]
    looks = {(p.character, p.eyeline) for s in spoken for p in s.blocking if p.eyeline}
    assert looks == {("NELL", "DANNY"), ("DANNY", "NELL")}


def test_garage_over_the_shoulders_hold_a_foreground_shoulder(garage):
    shots = [s for s in garage.shots if s.kind == "over_the_shoulder"]
    assert len(shots) >= 4
    for shot in shots:
        speaker, shoulder = (placed(shot, name) for name in shot.subjects)
        assert shoulder.foreground and shoulder.facing == "away" and shoulder.eyeline == speaker.character
        assert not speaker.foreground and speaker.eyeline == shoulder.character
        assert speaker.facing == facing_toward(speaker.side, shoulder.side)


def test_garage_danny_sits_on_the_bucket_until_he_gets_up(garage):
    bucket = next(p for p in garage.props if p.name == "the bucket")
    assert bucket.shape == "seat" and bucket.x == pytest.approx(2 * SIDE_MARKS["right"] - 1)
    sits = covering(garage, "sits on an upturned bucket")
    assert placed(sits, "DANNY").pose == "sit"
    assert placed(sits, "DANNY").holding == "the beer"
    later = garage.shots[garage.shots.index(sits) + 1 :]
    danny = [placed(s, "DANNY").pose for s in later if "DANNY" in s.subjects]
    assert danny and all(p == "sit" for p in danny)  # on the bucket, then behind the wheel
    nell = covering(garage, "Nell sinks onto the bucket")
    assert placed(nell, "NELL").pose == "sit"


def test_garage_the_car_under_the_dust_sheet_is_a_vehicle_of_the_scene(garage):
    car = next(p for p in garage.props if p.name == "the car")
    assert car.shape == "vehicle" and car.depth > 1.0
    assert car.element == garage.shots[0].covers[0]  # named in the opening, which the establishing shot shows
    assert len(garage.props) <= 6


def test_garage_a_look_the_action_gives_wins(garage):
    glare = covering(garage, "Nell glares at him")
    assert placed(glare, "NELL").eyeline == "DANNY"
    averted = covering(garage, "not looking at him")
    assert placed(averted, "NELL").eyeline is None and placed(averted, "NELL").facing == "left"


# -- scripts of our own -----------------------------------------------------------------------------

ENTRANCE_AND_EXIT = """INT. DINER - NIGHT

A long counter. A jukebox nobody feeds.

RUTH sits on a stool with a cup of coffee.

OMAR enters from the left, shaking rain off his coat.

OMAR
You waited.

RUTH
I always wait.

Omar walks toward Ruth and sits beside her.

OMAR
Not this time.

Ruth stands, picks up her bag and leaves.

OMAR
Ruth?
"""


def test_an_entrance_comes_in_from_off_screen_and_ends_on_its_mark(parse):
    out, _ = board(parse, ENTRANCE_AND_EXIT)
    omar = placed(covering(out, "OMAR enters"), "OMAR")
    assert omar.motion == "enter" and omar.start_x < 0 and omar.end_x == SIDE_MARKS[omar.side]
    assert omar.facing == "right" and omar.pose == "stand"


def test_an_exit_leaves_its_mark_for_the_edge_and_the_leaver_is_gone(parse):
    out, _ = board(parse, ENTRANCE_AND_EXIT)
    shot = covering(out, "Ruth stands")
    ruth = placed(shot, "RUTH")
    assert ruth.motion == "exit" and ruth.start_x == SIDE_MARKS[ruth.side] and not 0 <= ruth.end_x <= 1
    assert ruth.facing == ("right" if ruth.end_x > 1 else "left") and ruth.holding == "the bag"
    after = out.shots[out.shots.index(shot) + 1 :]
    assert after and all("RUTH" not in s.subjects for s in after)  # no master with her in it


def test_a_walk_toward_someone_goes_their_way_and_a_sit_holds(parse):
    out, _ = board(parse, ENTRANCE_AND_EXIT)
    shot = covering(out, "Omar walks toward Ruth")
    omar, ruth = placed(shot, "OMAR"), placed(shot, "RUTH")
    assert omar.motion == "walk" and 0 <= omar.start_x < omar.end_x <= 1  # left toward right
    assert ruth.pose == "sit" and ruth.holding == "the cup"
    then = covering(out, '"Not this time')
    assert placed(then, "OMAR").pose == "sit"  # he sat beside her


CHASE = """EXT. MARKET STREET - DAY

Stalls, crates of oranges, a cart of melons.

KOJO
Too slow!

Kojo runs to the right through the crowd, a stolen wallet in his hand.

BECK chases him, shouting.

BECK
Stop! Police!

Kojo vaults a crate and sprints on. Beck runs after him.
"""


def test_a_chase_runs_between_two_marks_on_screen_in_the_screen_direction(parse):
    out, _ = board(parse, CHASE)
    kojo = placed(covering(out, "Kojo runs to the right"), "KOJO")
    assert kojo.motion == "run" and 0 < kojo.start_x < kojo.end_x < 1 and kojo.facing == "right"
    beck = placed(covering(out, "BECK chases him"), "BECK")
    assert beck.motion == "run" and beck.facing == ("right" if beck.end_x > beck.start_x else "left")
    props = {p.name: p.shape for p in out.props}
    assert props == {"the crates": "box", "the cart": "vehicle"}


LYING = """INT. BEDROOM - NIGHT

A bed, unmade. A lamp on its side.

HANNAH lies on the floor, motionless.

ALVAREZ kneels beside her.

ALVAREZ
Can you hear me?

HANNAH
(barely)
Water.

ALVAREZ
(to camera)
Get the medic in here.

Alvarez gets to her feet and turns her back.
"""


def test_a_body_lies_until_it_is_got_up_and_kneeling_is_kept_too(parse):
    out, _ = board(parse, LYING)
    hannah = [placed(s, "HANNAH") for s in out.shots if "HANNAH" in s.subjects]
    assert hannah and all(p.pose == "lie" for p in hannah)
    alvarez = [placed(s, "ALVAREZ") for s in out.shots if "ALVAREZ" in s.subjects]
    assert [p.pose for p in alvarez][:-1] == ["kneel"] * (len(alvarez) - 1)
    assert alvarez[-1].pose == "stand" and alvarez[-1].facing == "away"


def test_only_a_line_to_the_lens_faces_the_camera(parse):
    out, _ = board(parse, LYING)
    to_camera = placed(covering(out, "Get the medic"), "ALVAREZ")
    assert to_camera.facing == "camera" and to_camera.eyeline is None
    others = [p for s in out.shots for p in s.blocking if p is not to_camera and "medic" not in s.description]
    assert all(p.facing != "camera" for p in others)


PHONE_CALL = """INT. OFFICE - DAY

A desk with a phone. A window onto the car park.

LENA sits at the desk. The phone rings. She picks it up.

LENA
Hello?

MARCUS (V.O.)
(on the phone)
It's me. Don't hang up.

Lena turns to the window.

LENA
You have one minute.

She puts the phone down.

LENA
Idiot.
"""


def test_a_phone_call_keeps_the_phone_in_hand_until_it_is_put_down(parse):
    out, _ = board(parse, PHONE_CALL)
    hung_up = out.shots.index(covering(out, "puts the phone down"))
    lena = [(i, placed(s, "LENA")) for i, s in enumerate(out.shots) if "LENA" in s.subjects]
    assert all(p.holding == "the phone" for i, p in lena if i < hung_up)
    assert all(p.holding is None for i, p in lena if i >= hung_up)
    assert all(p.pose == "sit" for _, p in lena)  # at the desk
    desk = next(p for p in out.props if p.name == "the desk")
    assert desk.shape == "table"  # she sits at it, not on it


def test_a_turn_to_a_prop_faces_it(parse):
    out, _ = board(parse, PHONE_CALL)
    shot = covering(out, "turns to the window")
    lena, window = placed(shot, "LENA"), next(p for p in out.props if p.name == "the window")
    assert lena.motion == "turn"
    assert lena.facing == ("right" if window.x > 2 * SIDE_MARKS[lena.side] - 1 else "left")


def test_a_moving_body_faces_where_it_goes(parse, examples):
    for screenplay in [parse(t) for t in (ENTRANCE_AND_EXIT, CHASE)] + examples:
        for _, out in board_film(screenplay):
            for p in (p for s in out.shots for p in s.blocking if p.motion in MOVING):
                start, end = p.marks()
                assert p.facing == ("right" if end > start else "left")
                assert p.pose == "stand"


def test_a_board_whose_placements_name_no_one_or_no_prop_is_sent_back(parse):
    out, scene = board(parse, ENTRANCE_AND_EXIT)
    shot = covering(out, "Omar walks toward Ruth")
    bad = [p.model_copy(update={"eyeline": "ZED", "holding": "the moon"}) for p in shot.blocking[:1]]
    broken = out.model_copy(
        update={
            "shots": [
                s.model_copy(update={"blocking": bad + s.blocking[1:]}) if s is shot else s for s in out.shots
            ],
            "props": out.props + out.props[:1],
        }
    )
    problems = coverage_problems(broken, scene)
    at = out.shots.index(shot)
    assert f"props: {out.props[0].name!r} is named twice" in problems
    assert f"shots[{at}] blocking[0].eyeline: OMAR looks at 'ZED', no one in the scene" in problems
    assert any(p.startswith(f"shots[{at}] blocking[0].holding: 'the moon' is not a prop") for p in problems)
