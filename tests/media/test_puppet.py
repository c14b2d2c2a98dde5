"""The puppet: one body turned, posed and striding; its parts say where the head and hands are."""

from __future__ import annotations

import pytest

from storyreel.media.puppet import POSES, Posture, drawn_facing, facing_of, puppet
from storyreel.models.bible import Identity

ANA = Identity(colour="#FF00FF", build="average", height_m=1.7, hair_colour="#202020")


def centre(box):
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def parts(body, role):
    return [p for p in body.parts if p.role == role]


def mean_x(body, role):
    xs = [x for p in parts(body, role) for x, _ in p.points]
    return sum(xs) / len(xs)


@pytest.mark.parametrize(
    ("turn", "facing"),
    [
        (0, "camera"),
        (30, "camera"),
        (-60, "left"),
        (90, "right"),
        (180, "away"),
        (-150, "away"),
        (200, "away"),
    ],
)
def test_a_turn_reads_as_a_facing(turn, facing):
    assert facing_of(turn) == facing


@pytest.mark.parametrize("turn", [-60, -90, 60, 90])
def test_the_face_turns_the_way_the_figure_does(turn):
    body = puppet(ANA, Posture(turn=turn))
    head_x = centre(body.head)[0]
    side = 1 if turn > 0 else -1
    for role in ("eye", "nose", "mouth"):
        assert parts(body, role), role
        assert (mean_x(body, role) - head_x) * side > 0.02 * ANA.height_m * 0.065 * 10, role
    assert (body.eyes[0] - head_x) * side > 0


def test_frontal_features_are_centred_and_a_back_has_none():
    front = puppet(ANA, Posture(turn=0))
    assert abs(mean_x(front, "eye") - centre(front.head)[0]) < 1e-6
    assert len(parts(front, "eye")) == 2
    back = puppet(ANA, Posture(turn=180))
    assert not parts(back, "eye") and not parts(back, "mouth") and not parts(back, "nose")
    assert len(parts(back, "skin")) >= 3  # neck and both ears under the hair


def test_a_profile_is_narrower_than_a_front():
    torso = lambda body: next(p for p in body.parts if p.role == "body" and p.kind == "poly")  # noqa: E731
    width = lambda part: max(x for x, _ in part.points) - min(x for x, _ in part.points)  # noqa: E731
    assert width(torso(puppet(ANA, Posture(turn=90)))) < 0.75 * width(torso(puppet(ANA, Posture(turn=0))))


def test_poses_lower_the_head_and_lying_lays_the_figure_down():
    stand, sit, kneel, lie = (puppet(ANA, Posture(pose=p, turn=60)) for p in ("stand", "sit", "kneel", "lie"))
    h = ANA.height_m
    assert sit.head[3] < stand.head[3] - 0.15 * h and kneel.head[3] < stand.head[3] - 0.15 * h
    assert sit.body[1] == pytest.approx(0.0, abs=0.01) and kneel.body[1] == pytest.approx(0.0, abs=0.01)
    x0, y0, x1, y1 = lie.body
    assert x1 - x0 > 0.85 * h and y1 - y0 < 0.4 * h
    assert centre(lie.head)[0] > 0.3 * h  # facing right: the head lies to the right
    assert set(POSES) == {"stand", "sit", "kneel", "lie"}


def test_a_seated_figure_puts_its_knees_forward():
    seated = puppet(ANA, Posture(pose="sit", turn=90))
    legs = parts(seated, "legs")
    assert max(x for p in legs for x, _ in p.points) > 0.2 * ANA.height_m  # thighs towards where it faces


def test_a_stride_alternates_the_legs_and_a_run_leans_into_it():
    first, second = (puppet(ANA, Posture(turn=90, gait="walk", phase=p)) for p in (0.25, 0.75))
    feet = lambda body: [p.points[0][0] for p in parts(body, "shoe")]  # noqa: E731
    a, b = feet(first), feet(second)
    assert a[0] - a[1] == pytest.approx(-(b[0] - b[1]), abs=1e-6) and abs(a[0] - a[1]) > 0.2
    walk = puppet(ANA, Posture(turn=90, gait="walk", phase=0.0))
    run = puppet(ANA, Posture(turn=90, gait="run", phase=0.0))
    assert centre(run.head)[0] > centre(walk.head)[0] + 0.05 * ANA.height_m  # leaning forward
    stride = lambda body: max(x for x in feet(body)) - min(x for x in feet(body))  # noqa: E731
    assert stride(puppet(ANA, Posture(turn=90, gait="run", phase=0.25))) > stride(first)


def test_a_held_prop_is_in_the_hand_in_front():
    body = puppet(ANA, Posture(turn=60, holding=True))
    assert body.hand is not None and body.hand[0] > centre(body.body)[0]
    assert 0.3 * ANA.height_m < body.hand[1] < 0.8 * ANA.height_m
    assert puppet(ANA, Posture(turn=60)).hand is None


def test_postures_snap_to_the_cards_drawn():
    a = Posture(turn=57.0, gait="walk", phase=0.26)
    assert a.snapped().turn == 60.0 and a.snapped().phase == 0.25
    assert a.key() == Posture(turn=62.0, gait="walk", phase=0.24).key()
    assert Posture(turn=57.0).key() != Posture(turn=47.0).key()


def test_a_lying_figure_shows_its_face_or_its_back():
    assert drawn_facing(Posture(pose="lie", turn=60)) == "camera"
    assert drawn_facing(Posture(pose="lie", turn=180)) == "away"
    assert drawn_facing(Posture(pose="sit", turn=-60)) == "left"
    lying = puppet(ANA, Posture(pose="lie", turn=-60))
    assert parts(lying, "eye") and centre(lying.head)[0] < 0  # face shown, head to the left
