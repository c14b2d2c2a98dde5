"""The composition checks: framing bands from the animatic's own geometry, screen sides, facing,
who is who by colour, the 180-degree line, and "not checked" with its reason."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from storyreel.media.camera import FRAMING_EXTENT, RELATIVE_EXTENT
from storyreel.media.paint import rgb
from storyreel.models.bible import CharacterSheet, Identity, LocationSheet, Style
from storyreel.models.job import ShotJob
from storyreel.models.plan import SIDE_MARKS, CameraSpec, Placement, Shot
from storyreel.render.animatic.pipeline import AnimaticRenderer
from storyreel.tools.adherence import frames_at
from storyreel.tools.composition import (
    FRAMING_BANDS,
    HEAD_SHARE,
    SIDE_SPANS,
    check_composition,
    framing_of,
    framing_target,
    side_of,
)
from storyreel.tools.figures import FigureDetector, Found, Head, default_model

ANA = CharacterSheet(name="ANA", identity=Identity(colour="#C0302A", hair_colour="#222222"))
BEN = CharacterSheet(name="BEN", identity=Identity(colour="#2A50C0", hair_colour="#D8C060"))


def nominal_head(framing: str, height_m: float) -> float:
    """The head's share of the frame height the animatic's camera makes for a person this tall."""
    extent = FRAMING_EXTENT[framing] * (height_m if framing in RELATIVE_EXTENT else 1.0)
    return HEAD_SHARE * height_m / extent


@pytest.mark.parametrize("framing", list(FRAMING_BANDS))
@pytest.mark.parametrize("height_m", [1.5, 1.75, 1.95])
def test_each_band_holds_its_framing_for_people_of_every_height(framing, height_m):
    assert framing_of(nominal_head(framing, height_m)) == framing


def test_bands_tile_the_range_in_order_and_aim_inside_themselves():
    edges = list(FRAMING_BANDS.values())
    assert edges[-1][0] == 0 and edges[0][1] == math.inf
    for (low, _), (_, high) in zip(edges, edges[1:], strict=False):
        assert low == high  # no gap, no overlap
    for framing, (low, high) in FRAMING_BANDS.items():
        assert low < framing_target(framing) < high


def test_sides_are_the_nearest_mark():
    found = [side_of(x) for x in (0.05, 0.3, 0.45, 0.55, 0.7, 0.98)]
    assert found == ["left", "left", "center", "center", "right", "right"]
    for side, (low, high) in SIDE_SPANS.items():
        assert low < SIDE_MARKS[side] < high  # a figure standing on its mark is on its side


def head(cx: float, cy: float, h: float, facing: str = "camera", aspect: float = 16 / 9) -> Head:
    w = h * 0.9 / aspect
    return Head(
        box=(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), facing=facing, score=0.9, facing_score=0.9
    )


def frame_with(heads: list[tuple[Head, CharacterSheet]], size: tuple[int, int] = (320, 180)) -> np.ndarray:
    """A grey frame with each head's torso in the sheet's colour below it, hair on top."""
    width, height = size
    image = np.full((height, width, 3), 128, np.uint8)
    for h, sheet in heads:
        x0, y0, x1, y1 = (h.box[0] * width, h.box[1] * height, h.box[2] * width, h.box[3] * height)
        size_px = y1 - y0
        cx = (x0 + x1) / 2
        cv2.rectangle(
            image, (int(cx - size_px), int(y1)), (int(cx + size_px), height), rgb(sheet.identity.colour), -1
        )
        cv2.rectangle(
            image, (int(x0), int(y0)), (int(x1), int(y0 + 0.3 * size_px)), rgb(sheet.identity.hair_colour), -1
        )
    return image


def two_shot(framing: str = "medium", **placed) -> Shot:
    blocking = [
        Placement(
            **{
                "character": "ANA",
                "side": "left",
                "eyeline": "BEN",
                "facing": "right",
                **placed.get("ANA", {}),
            }
        ),
        Placement(
            **{
                "character": "BEN",
                "side": "right",
                "eyeline": "ANA",
                "facing": "left",
                **placed.get("BEN", {}),
            }
        ),
    ]
    return Shot(
        id="s1",
        scene=0,
        duration_s=2,
        description="Ana and Ben talk.",
        kind="two_shot",
        camera=CameraSpec(framing=framing, angle="eye_level", movements=["static"]),
        subjects=["ANA", "BEN"],
        blocking=blocking,
    )


def test_a_two_shot_as_planned_passes_every_check():
    a, b = head(0.27, 0.35, 0.2, "right"), head(0.74, 0.33, 0.21, "left")
    found = Found(heads=(a, b), angle="eye_level", angle_score=0.9)
    check = check_composition(two_shot(), found, frame_with([(a, ANA), (b, BEN)]), [ANA, BEN])
    assert check.framing == "medium" and check.head_height == pytest.approx(0.21)
    assert check.sides == {"ANA": "left", "BEN": "right"} and check.side_match == 1.0
    assert check.facings == {"ANA": "right", "BEN": "left"} and check.facing_match == 1.0
    assert check.crossed == [] and check.skipped == {}


def test_swapped_characters_are_told_by_their_colours_and_cross_the_line():
    a, b = head(0.74, 0.35, 0.2, "left"), head(0.27, 0.33, 0.21, "right")  # ANA drawn on the right
    found = Found(heads=(b, a), angle="eye_level", angle_score=0.9)
    check = check_composition(two_shot(), found, frame_with([(a, ANA), (b, BEN)]), [ANA, BEN])
    assert check.sides == {"ANA": "right", "BEN": "left"} and check.side_match == 0.0
    assert sorted(check.crossed) == ["ANA", "BEN"]


def test_an_arc_motivates_a_crossing():
    a, b = head(0.74, 0.35, 0.2, "left"), head(0.27, 0.33, 0.21, "right")
    shot = two_shot()
    shot = shot.model_copy(update={"camera": shot.camera.model_copy(update={"movements": ["arc_left"]})})
    found = Found(heads=(a, b), angle="eye_level", angle_score=0.9)
    check = check_composition(shot, found, frame_with([(a, ANA), (b, BEN)]), [ANA, BEN])
    assert check.side_match == 0.0 and check.crossed == []


def test_the_main_subject_is_not_the_shoulder_in_the_foreground():
    shoulder, face = head(0.1, 0.5, 0.7, "away"), head(0.7, 0.35, 0.33, "left")
    shot = two_shot("close_up", ANA={"foreground": True, "facing": "away"})
    found = Found(heads=(shoulder, face), angle="eye_level", angle_score=0.9)
    check = check_composition(shot, found, frame_with([(shoulder, ANA), (face, BEN)]), [ANA, BEN])
    assert check.framing == "close_up" and check.head_height == pytest.approx(0.33)
    assert check.facings == {"ANA": "away", "BEN": "left"} and check.facing_match == 1.0


def test_a_walker_is_judged_where_the_walk_starts_and_an_entrance_not_at_all():
    a = head(0.22, 0.35, 0.2, "right")
    shot = two_shot(ANA={"motion": "walk", "start_x": 0.2, "end_x": 0.6})
    found = Found(heads=(a,), angle="eye_level", angle_score=0.9)
    check = check_composition(shot, found, frame_with([(a, ANA)]), [ANA, BEN])
    assert check.sides == {"ANA": "left"} and check.side_match == 1.0
    assert "BEN" in check.skipped["characters"] and check.crossed == []
    late = head(0.62, 0.35, 0.2, "right")  # already mid-walk in the first frame: not on its start mark
    check = check_composition(
        shot, Found(heads=(late,), angle="eye_level", angle_score=0.9), frame_with([(late, ANA)]), [ANA, BEN]
    )
    assert check.side_match == 0.0
    entering = two_shot(ANA={"motion": "enter", "start_x": -0.2, "end_x": 0.3})
    check = check_composition(entering, found, frame_with([(a, ANA)]), [ANA, BEN])
    assert check.side_match is None and "starts off screen" in check.skipped["screen side"]


def test_nobody_found_or_planned_is_not_checked_with_the_reason():
    found = Found(heads=(), angle="high", angle_score=0.8)
    check = check_composition(two_shot(), found, frame_with([]), [ANA, BEN])
    assert check.framing is None and check.side_match is None and check.facing_match is None
    assert (
        check.skipped["framing"].startswith("the detector found no one")
        and "ANA, BEN planned" in check.skipped["framing"]
    )
    assert check.angle == "high"  # the angle is read from the whole frame
    empty = two_shot().model_copy(update={"subjects": [], "blocking": []})
    check = check_composition(
        empty, Found(heads=(head(0.5, 0.5, 0.3),), angle="low", angle_score=0.7), frame_with([])
    )
    assert check.skipped["framing"] == "no character is planned in frame" and check.framing is None


# -- on the animatic's own drawing, with the shipped detector ------------------------------------


def animatic_job(kind: str, framing: str) -> ShotJob:
    if kind == "over_the_shoulder":  # Ana's shoulder in the foreground, Ben past it, looking at her
        blocking = [
            Placement(character="ANA", side="left", eyeline="BEN", facing="away", foreground=True),
            Placement(character="BEN", side="right", eyeline="ANA", facing="left"),
        ]
    else:  # side by side, facing each other
        blocking = [
            Placement(character="ANA", side="left", eyeline="BEN", facing="right"),
            Placement(character="BEN", side="right", eyeline="ANA", facing="left"),
        ]
    shot = Shot(
        id="s1",
        scene=0,
        duration_s=1,
        description=f"{kind} of Ana and Ben",
        kind=kind,
        camera=CameraSpec(framing=framing, angle="eye_level", movements=["static"]),
        subjects=["BEN", "ANA"] if kind == "over_the_shoulder" else ["ANA", "BEN"],
        blocking=blocking,
    )
    return ShotJob(
        shot=shot,
        scene_heading="INT. KITCHEN - DAY",
        location=LocationSheet(name="KITCHEN", int_ext="INT", times_of_day=["DAY"]),
        characters=(ANA, BEN),
        style=Style(resolution={"width": 640, "height": 360}, fps=8),
        fps=8,
        seed=1,
    )


@pytest.mark.slow
@pytest.mark.parametrize("framing", ["medium", "close_up"])
def test_an_over_the_shoulder_is_told_apart_from_a_two_shot(tmp_path, framing):
    """Both drawn by the animatic: each passes against its own plan and fails against the other's."""
    detector = FigureDetector.load(default_model())
    drawn = {}
    for kind in ("two_shot", "over_the_shoulder"):
        job = animatic_job(kind, framing)
        draft = AnimaticRenderer().draft(job, [], tmp_path / f"{kind}.mp4")
        frame = frames_at(draft, [0])[0][1]
        drawn[kind] = (frame, detector.detect(frame))
    for kind, (frame, found) in drawn.items():
        other = "two_shot" if kind == "over_the_shoulder" else "over_the_shoulder"
        own = check_composition(animatic_job(kind, framing).shot, found, frame, [ANA, BEN])
        assert own.facing_match == 1.0 and own.side_match == 1.0 and own.crossed == [], (kind, own)
        assert own.framing == framing, (kind, own)
        against = check_composition(animatic_job(other, framing).shot, found, frame, [ANA, BEN])
        assert against.facing_match < 1.0, (kind, against)
    assert drawn["over_the_shoulder"][1].heads and any(
        h.facing == "away" for h in drawn["over_the_shoulder"][1].heads
    )
    assert not any(h.facing == "away" for h in drawn["two_shot"][1].heads)


def test_a_character_who_turns_during_the_shot_starts_with_their_back_to_us():
    back = head(0.3, 0.35, 0.2, "away")
    shot = two_shot(ANA={"motion": "turn"})
    check = check_composition(
        shot, Found(heads=(back,), angle="eye_level", angle_score=0.9), frame_with([(back, ANA)]), [ANA, BEN]
    )
    assert check.facing_match == 1.0 and check.crossed == []


@pytest.mark.parametrize("framing", ["long", "extreme_long"])
def test_a_distant_pair_is_judged_by_their_order_across_the_frame(framing):
    # planned left and right, found a stride apart near the centre: inside no absolute span, but in order
    a, b = (
        head(0.47, 0.5, 0.03 if framing == "long" else 0.012),
        head(0.56, 0.5, 0.03 if framing == "long" else 0.012),
    )
    found = Found(heads=(a, b), angle="eye_level", angle_score=0.9)
    check = check_composition(two_shot(framing), found, frame_with([(a, ANA), (b, BEN)]), [ANA, BEN])
    assert check.side_match == 1.0
    swapped = check_composition(two_shot(framing), found, frame_with([(a, BEN), (b, ANA)]), [ANA, BEN])
    assert swapped.side_match == 0.0


def test_a_closer_pair_near_the_centre_is_still_held_to_the_spans():
    a, b = head(0.48, 0.35, 0.2, "right"), head(0.53, 0.33, 0.21, "left")
    found = Found(heads=(a, b), angle="eye_level", angle_score=0.9)
    check = check_composition(two_shot("medium"), found, frame_with([(a, ANA), (b, BEN)]), [ANA, BEN])
    assert check.side_match == 0.0


def test_a_pair_planned_left_and_centre_is_judged_by_their_order():
    # the scene stands Ben in the middle; a two-shot of him and Ana centres the pair, so he is
    # found right of the frame's middle, outside the centre's span, and still where the plan says
    a, b = head(0.3, 0.35, 0.2, "right"), head(0.7, 0.35, 0.2, "left")
    found = Found(heads=(a, b), angle="eye_level", angle_score=0.9)
    shot = two_shot("medium", BEN={"side": "center"})
    check = check_composition(shot, found, frame_with([(a, ANA), (b, BEN)]), [ANA, BEN])
    assert check.side_match == 1.0 and check.crossed == []
    swapped = check_composition(shot, found, frame_with([(a, BEN), (b, ANA)]), [ANA, BEN])
    assert swapped.side_match == 0.0 and set(swapped.crossed) == {"ANA", "BEN"}


def test_a_pair_the_scene_stands_on_one_side_is_not_judged_for_side():
    a, b = head(0.3, 0.35, 0.2, "right"), head(0.62, 0.35, 0.2, "left")
    found = Found(heads=(a, b), angle="eye_level", angle_score=0.9)
    shot = two_shot("medium", BEN={"side": "left"})
    check = check_composition(shot, found, frame_with([(a, ANA), (b, BEN)]), [ANA, BEN])
    assert check.side_match is None and "one mark" in check.skipped["screen side"]
    assert check.crossed == []  # Ben, right of the middle, has not crossed the line
