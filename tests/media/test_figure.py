"""A character sheet's figure card: the same card for the same sheet, its colours where the body
is, its name above its head, and a stable stand-in for a subject without a sheet."""

from __future__ import annotations

import numpy as np
import pytest

from storyreel.media.figure import (
    FIXED,
    TAG_SPACE,
    TURNS,
    card_shape,
    default_sheet,
    figure_texture,
    screen_sides,
)
from storyreel.media.puppet import Posture
from storyreel.models.bible import CharacterSheet, Identity
from storyreel.models.plan import CameraSpec, Placement, Shot

ANA = CharacterSheet(
    name="ANA", identity=Identity(colour="#FF00FF", build="average", height_m=1.7, hair_colour="#202020")
)


def rows_with(card: np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
    """Rows of the (premultiplied, opaque where painted) card holding `colour` exactly."""
    opaque = card[..., 3] == 255
    return np.flatnonzero(((card[..., :3] == colour).all(axis=2) & opaque).any(axis=1))


def test_the_same_sheet_always_gives_the_same_card_and_scale_sets_its_size():
    card = figure_texture(ANA, 80)
    np.testing.assert_array_equal(card, figure_texture(ANA, 80))
    assert card.shape[0] == int(1.7 * (1 + TAG_SPACE) * 80) and card.shape[2] == 4
    assert figure_texture(ANA, 200).shape[0] > card.shape[0]


def test_the_identity_colour_is_the_body_the_hair_is_on_top_and_the_name_above():
    card = figure_texture(ANA, 120)
    rows = card.shape[0]
    head_top = rows - int(rows / (1 + TAG_SPACE))  # the figure is the bottom 1 / (1 + TAG_SPACE)
    body, hair = rows_with(card, (255, 0, 255)), rows_with(card, (32, 32, 32))
    assert body.size and hair.size and hair.min() < body.min()  # hair above the torso
    assert hair.min() >= head_top - 2
    paper = (card[..., 3] == 235).sum(axis=1) > card.shape[1] // 4  # the name tag's translucent paper
    tag = np.flatnonzero(paper)
    assert tag.size and tag.max() < head_top + 2
    assert card[rows - 1, card.shape[1] // 2, 3] == 0  # between the legs: transparent


def test_a_subject_without_a_sheet_gets_a_stable_figure_from_its_name():
    assert default_sheet("zed") == default_sheet("zed")
    assert default_sheet("zed").name == "ZED"
    assert default_sheet("zed").identity.colour != default_sheet("amy").identity.colour


def test_subjects_stand_on_their_blocking_side_else_centre_alone_else_left_right_centre():
    def shot(subjects, blocking=()):
        camera = CameraSpec(framing="full", angle="eye_level", movements=["static"])
        placed = [Placement(character=c, side=s) for c, s in blocking]
        return Shot(
            id="s1",
            scene=0,
            duration_s=1.0,
            description="x",
            camera=camera,
            subjects=subjects,
            blocking=placed,
        )

    assert screen_sides(shot(["ANA"])) == [("ANA", "center")]
    assert screen_sides(shot(["ANA", "BEN", "CLEO", "DEV"])) == [
        ("ANA", "left"),
        ("BEN", "right"),
        ("CLEO", "center"),
        ("DEV", "left"),
    ]
    assert screen_sides(shot(["ANA", "BEN"], [("BEN", "left")])) == [("ANA", "left"), ("BEN", "left")]


def _pixels(card: np.ndarray, colour: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    mask = (np.abs(card[..., :3].astype(int) - colour).max(axis=2) <= 2) & (card[..., 3] == 255)
    return np.nonzero(mask)


@pytest.mark.parametrize(("facing", "side"), [("left", -1), ("right", 1)])
def test_a_turned_card_has_its_eyes_and_nose_towards_where_it_faces(facing, side):
    card = figure_texture(ANA, 200, Posture(turn=TURNS[facing]))
    shape = card_shape(ANA.identity, Posture(turn=TURNS[facing]))
    ppm = card.shape[0] / shape.top
    head_centre = card.shape[1] / 2 + (shape.head[0] + shape.head[2]) / 2 * ppm
    for colour in (FIXED["eye"][:3], FIXED["nose"][:3]):
        _, xs = _pixels(card, colour)
        assert xs.size and (xs.mean() - head_centre) * side > 0.15 * (shape.head[2] - shape.head[0]) * ppm


def test_a_back_shows_hair_and_no_face_and_a_foreground_has_no_tag():
    back = figure_texture(ANA, 200, Posture(turn=180), tag=False)
    assert not _pixels(back, FIXED["eye"][:3])[0].size and not _pixels(back, FIXED["mouth"][:3])[0].size
    assert _pixels(back, (32, 32, 32))[0].size > 100  # the back of the head
    paper = lambda card: ((card[..., 3] == 235).sum(axis=1) > card.shape[1] // 4).any()  # noqa: E731
    assert paper(figure_texture(ANA, 200)) and not paper(back)  # the name tag's translucent paper


def test_a_seated_card_is_lower_and_the_standing_card_keeps_its_rows():
    standing, seated = card_shape(ANA.identity), card_shape(ANA.identity, Posture(pose="sit"))
    assert standing.top == pytest.approx(1.7 * (1 + TAG_SPACE))
    assert seated.top < standing.top - 0.3
    assert figure_texture(ANA, 80, Posture(pose="sit")).shape[0] == int(seated.top * 80)
