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

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command, Send
from pydantic import ValidationError

from storyreel.agents.brains import Task
from storyreel.agents.cinematographer import revision_problems
from storyreel.agents.context import Context
from storyreel.agents.crew import Crew, crew, progress
from storyreel.agents.film_grammar.lexicon.camera import LENS_RANGE_MM
from storyreel.agents.schemas import CriticVerdict
from storyreel.agents.state import ShotTask, ShotWork, State, StateView, edition, shot_task, to_state
from storyreel.errors import FileError
from storyreel.models.assets import ShotAssets
from storyreel.models.camera import LABELS
from storyreel.models.critique import RevisionRequest, Round, Scores
from storyreel.models.job import ShotJob
from storyreel.models.plan import Placement, Shot
from storyreel.models.report import ReportEntry
from storyreel.reading import read_regular
from storyreel.render.keys import scores_key
from storyreel.stopping import check
from storyreel.tools.composition import FRAMING_BANDS, first_facing, first_side, framing_target, placements

MAX_SCORES_BYTES = 1_000_000  # a stored measurement is a few kB: anything bigger is not one
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


def judge(
    shot: Shot, scores: Scores, seed: int, limits: Thresholds | None = None, previous: Round | None = None
) -> CriticVerdict:
    """The rules verdict on measured scores: each failed check gives a reason and a revision
    (`previous`: the round before, whose revision made this draft)."""
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
    for miss in composition_misses(shot, scores, limits, previous):
        reasons.append(miss.reason)
        if miss.asked:
            ask(miss.request or reshoot)
    passed = not reasons
    if passed and scores.movement_match is not None and scores.movement_match < 1:
        reasons.append(f"planned {planned}, read as {seen}: too little parallax to tell them apart")
    elif passed:
        reasons.append(
            f"measured camera matches the plan ({seen})" if scores.measured_movements else "passed"
        )
    return CriticVerdict(passed=passed, reasons=[*reasons, *not_checked], revisions=revisions)


@dataclass(frozen=True)
class Miss:
    """One way the picture misses the plan: why, and the request that might repair it (None: a
    re-shoot with another seed); `asked` False when nothing is asked for."""

    reason: str
    request: RevisionRequest | None = None
    asked: bool = True


def _framing_miss(shot: Shot, scores: Scores, limits: Thresholds) -> Miss | None:
    """A head outside its framing's band asks for the lens that frames it: the lens times the
    head's planned over measured size (a camera that stays put frames tighter with a longer lens)."""
    camera, height, measured = shot.camera, scores.head_height, scores.measured_framing
    if measured is None or height is None:
        return None
    low, high = FRAMING_BANDS[camera.framing]
    if low / (1 + limits.framing_margin) <= height <= high * (1 + limits.framing_margin):
        return None
    label = LABELS[camera.framing]
    band = f"{low:.2f} to {high:.2f}" if high < 1 else f"over {low:.2f}"
    lens = min(
        LENS_RANGE_MM[1], max(LENS_RANGE_MM[0], camera.lens_mm * framing_target(camera.framing) / height)
    )
    note = f"{'a longer' if lens > camera.lens_mm else 'a wider'} lens, {lens:.0f}mm, to frame a {label}"
    return Miss(
        f"planned {label}, measured {LABELS[measured]}: the head fills {height:.2f} of the frame height "
        f"(a {label} holds it at {band})",
        RevisionRequest(field="camera.lens_mm", value=round(lens, 1), note=note),
    )


def _sides_miss(shot: Shot, scores: Scores, limits: Thresholds) -> Miss | None:
    if scores.side_match is None or scores.side_match >= limits.side_match_min:
        return None
    placed = placements(shot)
    wrong = [f"{name} planned {first_side(placed[name])}, found {side}" for name, side in scores.measured_sides.items()
             if name in placed and first_side(placed[name]) not in (None, side)]  # fmt: skip
    return Miss(f"screen sides: {'; '.join(wrong) or f'{scores.side_match:.2f} on their side'}")


def _facing_miss(shot: Shot, scores: Scores, limits: Thresholds) -> Miss | None:
    if scores.facing_match is None or scores.facing_match >= limits.facing_match_min:
        return None
    placed = placements(shot)
    wrong = [f"{name} should face {_facing_words(placed[name])}, faces {facing}"
             for name, facing in scores.measured_facings.items() if name in placed and facing != first_facing(placed[name])]  # fmt: skip
    return Miss(f"facing: {'; '.join(wrong) or f'{scores.facing_match:.2f} turned as planned'}")


def _line_miss(shot: Shot, scores: Scores, limits: Thresholds) -> Miss | None:
    if not scores.crossed_line:
        return None
    return Miss(
        f"{', '.join(scores.crossed_line)} crossed the 180-degree line: drawn mirrored with no move to motivate it"
    )


def _angle_miss(shot: Shot, scores: Scores, limits: Thresholds) -> Miss | None:
    angle, sure = scores.measured_angle, scores.angle_confidence
    if angle is None or sure is None or angle == shot.camera.angle or sure < limits.angle_confidence_min:
        return None
    return Miss(f"planned {LABELS[shot.camera.angle]}, the frame reads as {LABELS[angle]} ({sure:.2f} sure)")


def _facing_words(placement: Placement) -> str:
    facing = first_facing(placement)
    toward = f" (toward {placement.eyeline})" if placement.eyeline and facing != "away" else ""
    return {"camera": "the camera", "away": "away from the camera"}.get(facing, facing) + toward


# Each composition check: what it measures (the Scores fields that show the same picture again)
# and how it reads a miss.
COMPOSITION: dict[str, tuple[tuple[str, ...], Callable[[Shot, Scores, Thresholds], Miss | None]]] = {
    "framing": (("measured_framing", "head_height"), _framing_miss),
    "screen side": (("measured_sides",), _sides_miss),
    "facing": (("measured_facings",), _facing_miss),
    "the line": (("crossed_line",), _line_miss),
    "angle": (("measured_angle",), _angle_miss),
}
SAME_HEAD = 0.1  # a head this much bigger or smaller counts as the same framing again


def composition_misses(
    shot: Shot, scores: Scores, limits: Thresholds, previous: Round | None = None
) -> list[Miss]:
    """Each way the picture's composition misses the plan. A miss the last revision did not
    change (the same measurement again, after a re-shoot or a new lens) is reported but not
    asked for again: the renderer draws it this way whatever it is asked (the animatic is
    deterministic in its figures), and another round would only draw it once more."""
    misses = []
    for read, miss_of in COMPOSITION.values():
        miss = miss_of(shot, scores, limits)
        if miss is None:
            continue
        if (
            previous is not None
            and not previous.passed
            and miss_of(shot, previous.scores, limits)
            and _same(read, previous.scores, scores)
        ):
            miss = Miss(f"{miss.reason}; unchanged by the last revision, so not asked again", asked=False)
        misses.append(miss)
    return misses


def _same(read: tuple[str, ...], before: Scores, now: Scores) -> bool:
    for name in read:
        a, b = getattr(before, name), getattr(now, name)
        if isinstance(a, float) and isinstance(b, float):
            if abs(a - b) > SAME_HEAD * max(a, b):
                return False
        elif a != b:
            return False
    return True


def verdict_task(
    shot: Shot,
    scores: Scores,
    seed: int,
    round_number: int,
    max_rounds: int,
    limits: Thresholds,
    previous: Round | None = None,
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
        rules=lambda: judge(shot, scores, seed, limits, previous),
        check=lambda verdict: revision_problems(shot, verdict.revisions),
        label=f"shot {shot.id}",
    )


def critic(task: ShotTask, runtime: Runtime[Context]) -> dict[str, Any]:
    check()  # after Ctrl-C, the queued tasks end at once
    team = crew(runtime)
    work = ShotWork(task, team.image_sources)
    job, assets, earlier = work.job, work.assets, work.rounds
    scores = measure(team, job, assets)
    limits = Thresholds.of(team.context)
    previous = earlier[-1] if earlier else None
    question = verdict_task(job.shot, scores, job.seed, work.round, team.context.max_rounds, limits, previous)
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


def measure(team: Crew, job: ShotJob, assets: ShotAssets) -> Scores:
    """The scorer's measurements of the draft, kept in the project's cache (cache/scores) as
    each shot's finish. LangGraph saves a superstep's results only when all its tasks have ended
    (its checkpoint writes queue behind the shots in its thread pool), so a run killed while the
    critic measured 40 shots lost all 40; now only those being measured. The key is the draft's
    (which covers the shot and its keyframes) and the scorer's description, with its weights."""
    path = team.project.cache_path("scores", scores_key(assets.keys, team.scorer.describe()), ".json")
    if assets.keys.draft and path.is_file():
        try:
            return Scores.model_validate_json(read_regular(path, MAX_SCORES_BYTES))
        except (FileError, ValidationError):  # damaged or unreadable: measured again
            pass
    scores = team.scorer.score(job, Path(assets.draft), [Path(p) for p in assets.keyframes])
    if assets.keys.draft:
        team.project.write_json(path.relative_to(team.project.root), scores.model_dump(mode="json"))
    return scores


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
    documents = edition(team.project, view.references(team.project))
    sends = [
        Send("refine", shot_task(shot.id, documents, assets[shot.id]))
        for shot in view.plan.shots
        if shot.id in assets and assets[shot.id].draft is not None
    ]
    progress("refine", 0, len(sends))
    update: dict[str, Any] = {"revise": []}
    # Out of rounds, or nothing left to change: the film uses their last draft, and says so.
    failing = sorted(shot_id for shot_id, last in latest.items() if not last.passed)
    if failing:
        update["report"] = [ReportEntry(agent="critic", still_failing=failing, rounds=view.round + 1)]
    return Command(goto=sends or "editor", update=to_state(update))
