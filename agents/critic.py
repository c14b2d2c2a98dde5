"""The critic: scores each draft against its plan and sends the misses back, for bounded rounds.

    critic(shot)  scorer.score(...) -> Scores -> brain: CriticVerdict -> a Round for the shot
    review        failed shots -> cinematographer (next round), or approved ones -> refine

What the scores mean is decided by `judge` (the rules answer), against the run's `Thresholds`:
a move delivered too weakly asks for a stronger one (`camera.move_gain`, computed from how much
was delivered); a framing outside its band asks for the lens that frames it (`camera.lens_mm`,
computed from the head's measured and planned size); a move the probe does not find, a
CameraCLIP score, keyframes or characters below threshold, characters on the wrong side, turned
the wrong way or across the line, or another angle ask for a re-shoot with another seed. Checks that could not run are named in
the reasons; without a scorer the draft passes with that said plainly. Each Round records the
camera and seed it scored and what changed since the round before, so report.json shows how a
shot converged, or why it stopped at the round limit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command, Send

from storyreel.agents.brains import Task
from storyreel.agents.context import Context
from storyreel.agents.crew import crew, progress
from storyreel.agents.film_grammar.lexicon.camera import LENS_RANGE_MM
from storyreel.agents.rendering import shot_jobs
from storyreel.agents.schemas import CriticVerdict
from storyreel.agents.state import ShotTask, ShotWork, State, StateView, shot_task, to_state
from storyreel.models.camera import LABELS
from storyreel.models.critique import RevisionRequest, Round, Scores
from storyreel.models.job import ShotJob
from storyreel.models.plan import Placement, Shot
from storyreel.models.report import ReportEntry
from storyreel.tools.composition import FRAMING_BANDS, first_side, framing_target, placements

SEEN = {
    "character",
    "side",
    "eyeline",
    "facing",
    "foreground",
    "motion",
}  # what the checks read of a placement


@dataclass(frozen=True)
class Thresholds:
    """What a draft must measure to pass: the run's Context fields of the `thresholds` group,
    where each is declared once with its default and why (agents/context.py)."""

    movement_match_min: float  # a twin (dolly read as zoom) passes, with a note
    delivered_min: float
    cameraclip_min: float
    keyframe_ssim_min: float
    consistency_min: float
    max_move_gain: float
    framing_margin: float
    side_match_min: float
    facing_match_min: float
    angle_confidence_min: float

    @classmethod
    def of(cls, context: Context | None = None) -> Thresholds:
        """The thresholds `context` sets (default: the declared defaults)."""
        context = context if context is not None else Context()
        return cls(**{f.name: getattr(context, f.name) for f in fields(cls)})


def judge(shot: Shot, scores: Scores, seed: int, limits: Thresholds | None = None) -> CriticVerdict:
    """The rules verdict on measured scores: each failed check gives a reason and a revision."""
    limits = limits or Thresholds.of()
    measured = scores.measured
    not_checked = [f"not checked: {name} ({why})" for name, why in scores.skipped.items()]
    if not measured:
        return CriticVerdict(
            passed=True,
            reasons=["no scorer measured this draft, so nothing was checked", *not_checked],
            revisions=[],
        )
    reasons: list[str] = []
    revisions: list[RevisionRequest] = []
    camera = shot.camera
    planned = ", ".join(camera.movements)
    seen = ", ".join(scores.measured_movements) or "static"
    reshoot = RevisionRequest(field="seed", value=float(seed + 1), note="re-shoot with another seed")

    def ask(request: RevisionRequest) -> None:
        if all(r.field != request.field for r in revisions):
            revisions.append(request)

    delivered = scores.delivered
    floor = limits.delivered_min * (0.5 if camera.has_parallax else 1.0)
    if delivered is not None and delivered < floor:
        gain = min(limits.max_move_gain, camera.move_gain / max(delivered, 0.05))
        reasons.append(
            f"planned {planned} at speed {camera.speed:g}: the draft delivered {delivered:.2f} of the "
            f"move (needs {floor:.2f})"
        )
        if gain > camera.move_gain + 1e-6:
            ask(
                RevisionRequest(
                    field="camera.move_gain", value=round(gain, 2), note=f"push the move {gain:.1f}x"
                )
            )
        else:
            reasons.append(f"the move is already pushed {camera.move_gain:g}x, the most allowed")
    if scores.movement_match is not None and scores.movement_match < limits.movement_match_min:
        reasons.append(f"planned {planned}, the probe measured {seen} ({scores.movement_match:.2f} match)")
        ask(reshoot)
    if scores.cameraclip is not None and scores.cameraclip < limits.cameraclip_min:
        reasons.append(
            f"CameraCLIP {scores.cameraclip:.2f} is below {limits.cameraclip_min:g} for "
            f"'{camera.angle} {camera.framing}, {planned}'"
        )
        ask(reshoot)
    if scores.keyframe_ssim is not None and scores.keyframe_ssim < limits.keyframe_ssim_min:
        reasons.append(
            f"keyframes not reached: SSIM {scores.keyframe_ssim:.2f} (needs {limits.keyframe_ssim_min:g})"
        )
        ask(reshoot)
    if scores.character_consistency is not None and scores.character_consistency < limits.consistency_min:
        worst = sorted(scores.per_character.items(), key=lambda item: item[1])
        who = ", ".join(f"{name} {value:.2f}" for name, value in worst if value < limits.consistency_min)
        reasons.append(
            f"characters look different from their sheets: {who or f'{scores.character_consistency:.2f}'}"
        )
        ask(reshoot)
    for reason, request in composition_misses(shot, scores, limits):
        reasons.append(reason)
        ask(request or reshoot)
    passed = not reasons
    if passed and scores.movement_match is not None and scores.movement_match < 1:
        reasons.append(f"planned {planned}, read as {seen}: too little parallax to tell them apart")
    elif passed:
        reasons.append(
            f"measured camera matches the plan ({seen})" if scores.measured_movements else "passed"
        )
    return CriticVerdict(passed=passed, reasons=[*reasons, *not_checked], revisions=revisions)


def composition_misses(
    shot: Shot, scores: Scores, limits: Thresholds
) -> list[tuple[str, RevisionRequest | None]]:
    """Each way the picture's composition misses the plan, and what to ask for: a framing miss
    changes the lens by the ratio of the head's planned to measured size (a camera that stays
    put frames tighter with a longer lens), anything else is a re-shoot (None)."""
    camera, misses = shot.camera, []
    placed = {p.character: p for p in placements(shot).values()}
    height = scores.head_height
    if scores.measured_framing is not None and height is not None:
        low, high = FRAMING_BANDS[camera.framing]
        if not low / (1 + limits.framing_margin) <= height <= high * (1 + limits.framing_margin):
            label = LABELS[camera.framing]
            band = f"{low:.2f} to {high:.2f}" if high < 1 else f"over {low:.2f}"
            lens = min(
                LENS_RANGE_MM[1],
                max(LENS_RANGE_MM[0], camera.lens_mm * framing_target(camera.framing) / height),
            )
            note = (
                f"{'a longer' if lens > camera.lens_mm else 'a wider'} lens, {lens:.0f}mm, to frame a {label}"
            )
            misses.append(
                (
                    f"planned {label}, measured {LABELS[scores.measured_framing]}: the head fills "
                    f"{height:.2f} of the frame height (a {label} holds it at {band})",
                    RevisionRequest(field="camera.lens_mm", value=round(lens, 1), note=note),
                )
            )
    if scores.side_match is not None and scores.side_match < limits.side_match_min:
        wrong = [f"{name} planned {first_side(placed[name])}, found {side}" for name, side in scores.measured_sides.items()
                 if name in placed and first_side(placed[name]) not in (None, side)]  # fmt: skip
        misses.append((f"screen sides: {'; '.join(wrong) or f'{scores.side_match:.2f} on their side'}", None))
    if scores.facing_match is not None and scores.facing_match < limits.facing_match_min:
        wrong = [f"{name} should face {_facing_words(placed[name])}, faces {facing}"
                 for name, facing in scores.measured_facings.items() if name in placed and facing != placed[name].facing]  # fmt: skip
        misses.append((f"facing: {'; '.join(wrong) or f'{scores.facing_match:.2f} turned as planned'}", None))
    if scores.crossed_line:
        who = ", ".join(scores.crossed_line)
        misses.append(
            (f"{who} crossed the 180-degree line: drawn mirrored with no move to motivate it", None)
        )
    angle, sure = scores.measured_angle, scores.angle_confidence
    if (
        angle is not None
        and angle != camera.angle
        and sure is not None
        and sure >= limits.angle_confidence_min
    ):
        misses.append(
            (f"planned {LABELS[camera.angle]}, the frame reads as {LABELS[angle]} ({sure:.2f} sure)", None)
        )
    return misses


def _facing_words(placement: Placement) -> str:
    toward = f" (toward {placement.eyeline})" if placement.eyeline else ""
    return {"camera": "the camera", "away": "away from the camera"}.get(
        placement.facing, placement.facing
    ) + toward


def verdict_task(
    shot: Shot, scores: Scores, seed: int, round_number: int, max_rounds: int, limits: Thresholds
) -> Task[CriticVerdict]:
    return Task(
        agent="critic",
        output=CriticVerdict,
        inputs={
            "shot": {
                "id": shot.id,
                "description": shot.description,
                "planned": {
                    "framing": shot.camera.framing,
                    "angle": shot.camera.angle,
                    "movements": shot.camera.movements,
                    "speed": shot.camera.speed,
                    "move_gain": shot.camera.move_gain,
                    "lens_mm": shot.camera.lens_mm,
                    "blocking": [p.model_dump(mode="json", include=SEEN) for p in shot.blocking],
                },
            },
            "scores": scores.model_dump(mode="json"),
            "thresholds": asdict(limits),
            "seed": seed,
            "round": round_number,
            "max_rounds": max_rounds,
        },
        rules=lambda: judge(shot, scores, seed, limits),
        label=f"shot {shot.id}",
    )


def critic(task: ShotTask, runtime: Runtime[Context]) -> dict[str, Any]:
    team = crew(runtime)
    work = ShotWork(task)
    job, assets, earlier = work.job, work.assets, work.rounds
    scores = team.scorer.score(job, Path(assets.draft), [Path(p) for p in assets.keyframes])
    limits = Thresholds.of(team.context)
    question = verdict_task(job.shot, scores, job.seed, work.round, team.context.max_rounds, limits)
    answer = team.brain.ask(question)
    verdict = answer.value
    made = Round(
        round=work.round,
        clip=assets.draft,
        camera=job.shot.camera,
        seed=job.seed,
        changes=changes_since(earlier[-1], job) if earlier else [],
        scores=scores,
        passed=verdict.passed,
        reasons=verdict.reasons,
        revisions=verdict.revisions,
    )
    progress("critic", label=job.shot.id, advance=1, passed=verdict.passed)
    return to_state({"critiques": {job.shot.id: [*earlier, made]}, "report": [answer.report(question)]})


def changes_since(previous: Round, job: ShotJob) -> list[str]:
    """What the cinematographer changed between the previous round's draft and this one."""
    changes = []
    if previous.camera is not None:
        before, after = previous.camera.model_dump(), job.shot.camera.model_dump()
        changes = [f"{key} {before[key]} -> {after[key]}" for key in after if before.get(key) != after[key]]
    if previous.seed is not None and previous.seed != job.seed:
        changes.append(f"seed {previous.seed} -> {job.seed}")
    return changes


def review(
    state: State, runtime: Runtime[Context]
) -> Command[Literal["cinematographer", "refine", "editor"]]:
    """Send failed shots back for another round, or approved drafts on to refinement."""
    team = crew(runtime)
    view = StateView(state)
    latest = {shot_id: rounds[-1] for shot_id, rounds in view.critiques.items() if rounds}
    revisable = [
        shot_id
        for shot_id, last in latest.items()
        if last.round == view.round and not last.passed and last.revisions
    ]
    if revisable and view.round < team.context.max_rounds:
        return Command(goto="cinematographer", update={"revise": revisable, "round": view.round + 1})
    assets = view.assets
    sends = [
        Send("refine", shot_task(job, assets[job.shot.id]))
        for job in shot_jobs(view.plan, view.bible, view.screenplay, **team.image_sources)
        if job.shot.id in assets and assets[job.shot.id].draft is not None
    ]
    progress("refine", 0, len(sends))
    update: dict[str, Any] = {"revise": []}
    # Out of rounds, or nothing left to change: the film uses their last draft, and says so.
    failing = sorted(shot_id for shot_id, last in latest.items() if not last.passed)
    if failing:
        update["report"] = [ReportEntry(agent="critic", still_failing=failing, rounds=view.round + 1)]
    return Command(goto=sends or "editor", update=to_state(update))
