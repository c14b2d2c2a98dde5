"""The storyboard agent puts each scene's set on the plan, and the cinematographer's prompts say
the blocking and the props in view (the garage, planned through the graph with the rules brain)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyreel.api import Studio
from storyreel.checks import plan_problems
from storyreel.documents import load_plan
from storyreel.tools.screenplay import read_screenplay

GARAGE = Path(__file__).resolve().parents[2] / "examples" / "garage.fountain"


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    project = tmp_path_factory.mktemp("garage")
    Studio(project, renderer="none").plan(GARAGE)
    return load_plan(project / "plan.json")


def test_the_plan_carries_the_garage_set(planned):
    (garage,) = planned.sets
    props = {p.name: p for p in garage.props}
    assert garage.scene == 0 and props["the car"].shape == "vehicle" and props["the bucket"].shape == "seat"
    assert plan_problems(planned, read_screenplay(GARAGE)) == []


def test_prompts_say_the_blocking_and_the_props(planned):
    two_shot = next(
        s for s in planned.shots if s.kind == "two_shot" and "sits on an upturned bucket" in s.description
    )
    for prompt in [two_shot.prompt, *(k.prompt for k in two_shot.keyframes)]:
        assert "DANNY (right of frame): sitting, turned to the left toward NELL, holding the beer" in prompt
        assert "the car (vehicle)" in prompt and "the bucket (seat)" in prompt
    shoulder = next(s for s in planned.shots if s.kind == "over_the_shoulder")
    assert "in the foreground at the frame edge, back to the camera" in shoulder.prompt
