"""Motives as a table: each row moves the camera on its words and its condition, in the order
the action gives them; an establishing shot takes the first of its own rows that fits."""

from __future__ import annotations

import pytest

from storyreel.agents.film_grammar.camera.motives import ESTABLISHING, MOTIVES, motives
from storyreel.models.plan import CameraSpec, Placement, Shot


def shot(framing: str = "medium", kind: str = "single", side: str = "left", duration: float = 4.0) -> Shot:
    return Shot(
        id="s1",
        scene=0,
        duration_s=duration,
        description="a shot",
        camera=CameraSpec(framing=framing, angle="eye_level", movements=["static"]),  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        subjects=[] if kind == "establishing" else ["MARA"],
        blocking=[] if kind == "establishing" else [Placement(character="MARA", side=side)],  # type: ignore[arg-type]
    )


def rules(found) -> list[str]:
    return [m.rule for m in found]


def row(name: str):
    return next(r for r in MOTIVES if r.name == name)


@pytest.mark.parametrize(
    "name, text, framing, kind, moves",
    [
        ("chase", "Mara sprints along the ridge.", "long", "single", ["truck_right"]),
        ("chase", "Mara sprints along the ridge.", "medium", "single", ["pan_right"]),
        ("toward", "Mara walks toward the car.", "medium", "single", ["dolly_in"]),
        ("walk", "Mara strolls to the left.", "medium", "single", ["pan_left"]),
        ("arrive", "Mara enters.", "medium", "single", ["dolly_in"]),
        ("depart", "Mara exits.", "long", "single", ["zoom_out"]),
        ("rise", "Mara climbs the ladder.", "long", "single", ["crane_up"]),
        ("fall", "Mara sinks into the chair.", "medium", "single", ["tilt_down"]),
        ("reveal", "Mara turns to find the door open.", "medium", "single", ["pan_right"]),
        ("realise", "Mara stares.", "close_up", "single", ["dolly_in"]),
        ("insert", "The envelope on the table.", "close_up", "insert", ["dolly_in"]),
        ("chaos", "A brawl breaks out.", "medium", "single", ["handheld"]),
    ],
)
def test_each_row_moves_the_camera_on_its_words(name, text, framing, kind, moves):
    found = motives(shot(framing, kind), text, text)
    assert row(name).rule in rules(found)
    assert next(m for m in found if m.rule == row(name).rule).moves == moves


def test_a_row_s_condition_can_stop_it():
    assert motives(shot("close_up"), "Chaos everywhere.", "Chaos everywhere.") == []  # no handheld that tight
    found = motives(shot(), "Mara runs, walking fast.", "Mara runs, walking fast.")
    assert row("walk").rule not in rules(found)  # a chase is not also a walk


def test_motives_come_in_the_order_the_action_gives_them():
    text = "Mara falls, then climbs back up and runs."
    assert rules(motives(shot("long"), text, text)) == [row("fall").rule, row("rise").rule, row("chase").rule]


def test_a_realisation_may_be_in_the_lines_spoken():
    seen, mood = "Mara looks at him.", "Mara looks at him. I knew it."
    assert row("realise").rule in rules(motives(shot("close_up"), seen, mood))
    assert row("realise").rule not in rules(motives(shot("close_up"), seen, seen))


@pytest.mark.parametrize(
    "text, framing, duration, name",
    [
        ("A maze of rooftops.", "extreme_long", 5.0, "geography"),
        ("The cathedral dome against the sky.", "long", 5.0, "skyline"),
        ("A quiet square.", "extreme_long", 5.0, "pan across"),
        ("A quiet square.", "long", 5.0, "creep in"),
        ("A quiet square.", "long", 3.0, "hold"),
    ],
)
def test_an_establishing_shot_takes_the_first_of_its_rows_that_fits(text, framing, duration, name):
    found = motives(shot(framing, "establishing", duration=duration), text, text)
    assert rules(found) == [next(r for r in ESTABLISHING if r.name == name).rule]
