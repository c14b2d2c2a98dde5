"""The critic's judgement of the composition scores: a framing miss asks for the lens that frames
the plan, sides, facing, the line and the angle ask for a re-shoot, each with its reason; and the
cinematographer applies the lens it is given."""

from __future__ import annotations

import pytest

from storyreel.agents.cinematographer import keep_compensation, revision_problems
from storyreel.agents.context import Context
from storyreel.agents.critic import Thresholds, judge, verdict_task
from storyreel.models.critique import RevisionRequest, Scores
from storyreel.models.plan import CameraSpec, Placement, Shot
from storyreel.tools.composition import FRAMING_BANDS, framing_target


def shot(framing: str = "close_up", angle: str = "eye_level", lens_mm: float = 85.0, **changes) -> Shot:
    return Shot(
        id="s3",
        scene=0,
        duration_s=2,
        description="Ana listens to Ben.",
        kind="two_shot",
        camera=CameraSpec(framing=framing, angle=angle, movements=["static"], lens_mm=lens_mm),
        subjects=["ANA", "BEN"],
        blocking=[
            Placement(character="ANA", side="left", eyeline="BEN", facing="right"),
            Placement(character="BEN", side="right", eyeline="ANA", facing="left"),
        ],
        **changes,
    )


def as_planned(**changes) -> Scores:
    scores = Scores(
        measured_framing="close_up",
        head_height=0.4,
        side_match=1.0,
        measured_sides={"ANA": "left", "BEN": "right"},
        facing_match=1.0,
        measured_facings={"ANA": "right", "BEN": "left"},
        measured_angle="eye_level",
        angle_confidence=0.9,
    )
    return scores.model_copy(update=changes)


def test_a_draft_as_planned_passes():
    verdict = judge(shot(), as_planned(), seed=3)
    assert verdict.passed and verdict.revisions == []


def test_a_framing_miss_says_what_was_measured_and_asks_for_the_lens_that_frames_it():
    verdict = judge(shot(), as_planned(measured_framing="medium", head_height=0.12), seed=3)
    assert not verdict.passed
    assert verdict.reasons[0] == (
        "planned close-up, measured medium shot: the head fills 0.12 of the frame height "
        f"(a close-up holds it at {FRAMING_BANDS['close_up'][0]:.2f} to {FRAMING_BANDS['close_up'][1]:.2f})"
    )
    [request] = verdict.revisions
    assert request.field == "camera.lens_mm"
    assert request.value == pytest.approx(85.0 * framing_target("close_up") / 0.12, abs=0.1)
    assert "a longer lens" in request.note
    too_tight = judge(
        shot("full", lens_mm=35), as_planned(measured_framing="close_up", head_height=0.4), seed=3
    )
    assert too_tight.revisions[0].value < 35 and "a wider lens" in too_tight.revisions[0].note


def test_the_framing_margin_lets_a_head_just_past_its_band_pass():
    low = FRAMING_BANDS["close_up"][0]
    just_under = as_planned(measured_framing="medium", head_height=low * 0.9)
    assert judge(shot(), just_under, seed=3).passed
    strict = Thresholds.of(Context(framing_margin=0.0))
    assert not judge(shot(), just_under, seed=3, limits=strict).passed


def test_sides_facing_the_line_and_the_angle_each_fail_with_a_reshoot():
    cases = {
        "screen sides: ANA planned left, found right": {"side_match": 0.5, "measured_sides": {"ANA": "right", "BEN": "right"}},
        "facing: ANA should face right (toward BEN), faces camera; BEN should face left": {
            "facing_match": 0.0, "measured_facings": {"ANA": "camera", "BEN": "camera"}},
        "ANA crossed the 180-degree line": {"crossed_line": ["ANA"]},
        "planned eye level, the frame reads as high angle (0.80 sure)": {"measured_angle": "high", "angle_confidence": 0.8},
    }  # fmt: skip
    for reason, changes in cases.items():
        verdict = judge(shot(), as_planned(**changes), seed=3)
        assert not verdict.passed, reason
        assert any(r.startswith(reason) for r in verdict.reasons), verdict.reasons
        assert [(r.field, r.value) for r in verdict.revisions] == [("seed", 4.0)]


def test_an_unsure_angle_reading_is_not_held_against_the_draft():
    assert judge(shot(), as_planned(measured_angle="high", angle_confidence=0.4), seed=3).passed


def test_checks_the_detector_could_not_run_are_named():
    scores = Scores(
        movement_match=1.0, measured_movements=["static"], skipped={"framing": "the detector found no one"}
    )
    verdict = judge(shot(), scores, seed=3)
    assert verdict.passed and "not checked: framing (the detector found no one)" in verdict.reasons


def test_the_cinematographer_sets_the_lens_the_critic_measured_and_keeps_it_across_a_redesign():
    before = shot(lens_mm=50.0)
    lens = RevisionRequest(
        field="camera.lens_mm", value=120.0, note="a longer lens, 120mm, to frame a close-up"
    )
    applied = keep_compensation(before, before, [lens])
    assert applied.camera.lens_mm == 120.0 and applied.camera.framing == "close_up"
    redesigned = before.model_copy(update={"camera": before.camera.model_copy(update={"lens_mm": 35.0})})
    assert keep_compensation(before, redesigned, []).camera.lens_mm == 35.0  # the brain's choice stands
    assert keep_compensation(before, redesigned, [lens]).camera.lens_mm == 120.0


def test_a_miss_the_last_revision_did_not_change_is_reported_but_not_asked_again():
    from storyreel.models.critique import Round

    facing = as_planned(facing_match=0.0, measured_facings={"ANA": "camera", "BEN": "camera"})
    first = judge(shot(), facing, seed=3)
    before = Round(round=0, scores=facing, passed=False, reasons=first.reasons, revisions=first.revisions)
    again = judge(shot(), facing, seed=4, previous=before)
    assert not again.passed and again.revisions == []
    assert any("unchanged by the last revision, so not asked again" in r for r in again.reasons)
    changed = as_planned(facing_match=0.0, measured_facings={"ANA": "away", "BEN": "camera"})
    assert judge(shot(), changed, seed=4, previous=before).revisions  # a different picture: asked again
    mis_framed = as_planned(measured_framing="medium", head_height=0.12)
    lens = judge(shot(), mis_framed, seed=3)
    before = Round(round=0, scores=mis_framed, passed=False, reasons=lens.reasons, revisions=lens.revisions)
    same_again = as_planned(measured_framing="medium", head_height=0.125)  # the new lens changed nothing
    assert judge(shot(lens_mm=lens.revisions[0].value), same_again, seed=3, previous=before).revisions == []


@pytest.mark.parametrize(
    "field, value, problem",
    [
        ("camera.move_gain", 100.0, "camera.move_gain = 100: Input should be less than or equal to 8"),
        ("camera.lens_mm", 2.0, "camera.lens_mm = 2: Input should be greater than or equal to 8"),
        ("seed", -7.5, "seed = -7.5: a seed is a whole number, not -7.5"),
        ("seed", -7.0, "seed = -7: Input should be greater than or equal to 0"),
        ("duration_s", 9.0, "duration_s = 9: only camera.move_gain, camera.lens_mm, seed take a value"),
    ],
)
def test_a_revision_the_plan_cannot_take_is_a_problem_and_is_never_applied(field, value, problem):
    request = RevisionRequest(field=field, value=value, note="a model's idea")
    assert revision_problems(shot(), [request]) == [f"revisions[0] {problem}"]
    assert keep_compensation(shot(), shot(), [request]) == shot()  # a round recorded before the check


def test_the_critics_task_checks_the_verdicts_revisions():
    from storyreel.agents.schemas import CriticVerdict

    task = verdict_task(shot(), as_planned(), seed=3, round_number=0, max_rounds=2, limits=Thresholds.of())
    wild = RevisionRequest(field="camera.move_gain", value=100.0, note="push it")
    assert task.problems(CriticVerdict(passed=False, reasons=["weak"], revisions=[wild]))
    fine = RevisionRequest(field="camera.move_gain", value=2.0, note="push it")
    assert task.problems(CriticVerdict(passed=False, reasons=["weak"], revisions=[fine])) == []
