"""The critic: scores each draft against its plan and sends the misses back, for bounded rounds.

    critic(shot)  scorer.score(...) -> Scores -> brain: CriticVerdict -> a Round for the shot
    review        failed shots -> cinematographer (next round), or approved ones -> refine

What the scores mean is decided by `judge` (the rules answer): a measured camera move that
does not match the plan, a CameraCLIP score below threshold, or keyframes not reached fail the
draft, with a revision request naming the field to change. Without a scorer every score is None
and the draft passes with that said plainly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command, Send

from storyreel.agents.brains import Task
from storyreel.agents.context import Context
from storyreel.agents.crew import crew, progress
from storyreel.agents.rendering import shot_jobs
from storyreel.agents.schemas import CriticVerdict
from storyreel.agents.state import ShotTask, State
from storyreel.models.critique import RevisionRequest, Round, Scores
from storyreel.models.plan import Shot
from storyreel.render.base import ShotJob

MOVEMENT_MATCH_MIN = 0.6  # share of planned moves the probe must see
CAMERACLIP_MIN = 0.2  # cosine similarity to the planned camera caption
KEYFRAME_SSIM_MIN = 0.5  # frames at keyframe indices against their keyframes


def judge(shot: Shot, scores: Scores) -> CriticVerdict:
    """The rules verdict on measured scores."""
    measured = {k: v for k, v in scores.model_dump().items() if v not in (None, [])}
    if not measured:
        return CriticVerdict(
            passed=True,
            reasons=["no scorer measured this draft, so nothing was checked (scorer 'none')"],
            revisions=[],
        )
    reasons, revisions = [], []
    planned = ", ".join(shot.camera.movements)
    if scores.movement_match is not None and scores.movement_match < MOVEMENT_MATCH_MIN:
        seen = ", ".join(scores.measured_movements) or "no move"
        reasons.append(f"planned {planned}, the probe measured {seen} ({scores.movement_match:.2f} match)")
        revisions.append(
            RevisionRequest(field="camera.movements", note=f"make the move read clearly as {planned}")
        )
    if scores.cameraclip is not None and scores.cameraclip < CAMERACLIP_MIN:
        reasons.append(f"CameraCLIP {scores.cameraclip:.2f} is below {CAMERACLIP_MIN} for the planned camera")
        revisions.append(
            RevisionRequest(
                field="camera", note=f"stronger {shot.camera.angle} {shot.camera.framing} framing"
            )
        )
    if scores.keyframe_ssim is not None and scores.keyframe_ssim < KEYFRAME_SSIM_MIN:
        reasons.append(f"keyframes not reached (SSIM {scores.keyframe_ssim:.2f})")
        revisions.append(RevisionRequest(field="keyframes", note="hold the keyframe compositions"))
    if not reasons:
        reasons.append("measured camera matches the plan")
    return CriticVerdict(passed=not revisions, reasons=reasons, revisions=revisions)


def verdict_task(shot: Shot, scores: Scores, round_number: int, max_rounds: int) -> Task[CriticVerdict]:
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
                },
            },
            "scores": scores.model_dump(mode="json"),
            "round": round_number,
            "max_rounds": max_rounds,
        },
        rules=lambda: judge(shot, scores),
        label=f"shot {shot.id}",
    )


def critic(task: ShotTask, runtime: Runtime[Context]) -> dict[str, Any]:
    team = crew(runtime)
    job = ShotJob.from_dict(task["job"])
    assets = task["assets"]
    scores = team.scorer.score(job, Path(assets["draft"]), [Path(p) for p in assets["keyframes"]])
    round_number = task.get("round", 0)
    question = verdict_task(job.shot, scores, round_number, team.context.max_rounds)
    answer = team.brain.ask(question)
    verdict = answer.value
    made = Round(
        round=round_number,
        clip=assets["draft"],
        scores=scores,
        passed=verdict.passed,
        reasons=verdict.reasons,
        revisions=verdict.revisions,
    )
    rounds = [*task.get("rounds", []), made.model_dump(mode="json")]
    progress("critic", label=job.shot.id, advance=1, passed=verdict.passed)
    return {"critiques": {job.shot.id: rounds}, "report": [answer.report(question)]}


def review(
    state: State, runtime: Runtime[Context]
) -> Command[Literal["cinematographer", "refine", "editor"]]:
    """Send failed shots back for another round, or approved drafts on to refinement."""
    team = crew(runtime)
    round_number = state.get("round", 0)
    critiques = state.get("critiques") or {}
    failed = [
        shot_id
        for shot_id, rounds in critiques.items()
        if rounds and not rounds[-1]["passed"] and rounds[-1]["round"] == round_number
    ]
    if failed and round_number < team.context.max_rounds:
        return Command(goto="cinematographer", update={"revise": failed, "round": round_number + 1})
    assets = state.get("assets") or {}
    sends = [
        Send("refine", ShotTask(shot=job.shot.id, job=job.to_dict(), assets=assets[job.shot.id]))
        for job in shot_jobs(state, keyframes_dir=team.context.keyframes_dir)
        if "draft" in assets.get(job.shot.id, {})
    ]
    progress("refine", 0, len(sends))
    update = {"revise": []}
    if failed:
        update["report"] = [{"agent": "critic", "accepted_after_max_rounds": sorted(failed)}]
    return Command(goto=sends or "editor", update=update)
