"""The board being drawn: never the same framing three shots in a row, counting the shot that
ended the scene before."""

from __future__ import annotations

from storyreel.agents.film_grammar.coverage.drafts import Draft, group_kind, vary_framings
from storyreel.agents.schemas import BoardShot
from storyreel.models.camera import LABELS


def draft(framing: str, kind: str = "single", emphasis: bool = False) -> Draft:
    return Draft(kind, [], ["MARA"], framing, 2.0, f"Single, {LABELS[framing]}: Mara", "", "", emphasis)


def test_a_third_framing_in_a_row_changes_and_its_description_follows():
    drafts = [draft("medium"), draft("medium"), draft("medium")]
    vary_framings(drafts, None)
    assert [d.framing for d in drafts] == ["medium", "medium", "close_up"]
    assert drafts[2].description == "Single, close-up: Mara"


def test_the_previous_scene_s_last_shot_counts():
    previous = BoardShot(
        kind="establishing",
        covers=[],
        subjects=[],
        blocking=[],
        framing="long",
        duration_s=3,
        description="",
        start_frame="",
        end_frame="",
    )
    drafts = [draft("long", "cutaway"), draft("long", "cutaway")]
    vary_framings(drafts, previous)
    assert [d.framing for d in drafts] == ["long", "extreme_long"]  # a cutaway widens


def test_the_kind_of_shot_that_holds_this_many_people():
    assert [group_kind(["A"] * n) for n in range(4)] == ["cutaway", "single", "two_shot", "master"]
