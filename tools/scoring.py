"""The scorer contract: what the critic measures on a rendered draft.

    scorer.score(job, draft, keyframes) -> Scores

    none   measures nothing; the critic says so in its reasons
    probe  the geometric camera probe against the plan (tools/camera_check.py)
    full   the probe, keyframe adherence (SSIM/PSNR at keyframe indices), character consistency
           (colour statistics against the bible), the composition (framing, screen sides,
           facing and angle from the figure detector's heads; tools/composition.py), and
           CameraCLIP when weights are at hand

A check that cannot run on a draft (no weights, no keyframe, no character in frame, a move the
probe cannot measure) leaves its score None and says why in `Scores.skipped`; it never fails
the draft for want of a measurement.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from storyreel.errors import InputError, MissingExtraError
from storyreel.models.critique import Scores
from storyreel.models.job import ShotJob

DEFAULT_WEIGHTS = "default"  # the CameraCLIP checkpoint or figure detector shipped with storyreel


class Scorer(ABC):
    name: ClassVar[str]

    @abstractmethod
    def score(self, job: ShotJob, draft: Path, keyframes: list[Path]) -> Scores:
        """Measure `draft` against what `job.shot` planned."""

    def describe(self) -> dict[str, Any]:
        """What made the scores, for reports and manifests."""
        return {"scorer": self.name}


class NoScorer(Scorer):
    """Measures nothing: every score stays None and the critic reports it was skipped."""

    name = "none"

    def score(self, job: ShotJob, draft: Path, keyframes: list[Path]) -> Scores:
        return Scores()


class ProbeScorer(Scorer):
    """The camera probe alone: did the draft's camera make the planned moves, fully?"""

    name = "probe"

    def score(self, job: ShotJob, draft: Path, keyframes: list[Path]) -> Scores:
        from storyreel.media.video import video_header
        from storyreel.tools.camera_check import check_movement
        from storyreel.tools.probe import probe_video

        width, height, fps = video_header(draft)
        check = check_movement(job.shot, probe_video(draft), round(fps or job.fps), (width, height))
        skipped = {"movement": "; ".join(check.unjudged.values())} if check.unjudged else {}
        return Scores(
            movement_match=check.match,
            measured_movements=[m for m in check.measured if m != "static"] or ["static"],
            measured_speed=check.measured_speed,
            delivered=check.delivered,
            skipped=skipped,
        )


class FullScorer(ProbeScorer):
    """Every check storyreel has: the probe, keyframes, characters, and CameraCLIP if it can.

    cameraclip: a checkpoint path, "default" for the one shipped with storyreel, or None to skip.
    figures: the figure detector (an .onnx model with its card), "default" or None to skip the
             composition checks.
    project_dir: where relative reference-image paths in the bible are resolved.
    """

    name = "full"

    def __init__(
        self,
        *,
        cameraclip: str | None = DEFAULT_WEIGHTS,
        figures: str | None = DEFAULT_WEIGHTS,
        project_dir: str | None = None,
    ):
        self.cameraclip_path = cameraclip
        self.figures_path = figures
        self.project_dir = Path(project_dir) if project_dir else None
        self._clip: Any = None
        self._clip_skipped: str | None = None
        self._figures: Any = None
        self._figures_skipped: str | None = None

    def score(self, job: ShotJob, draft: Path, keyframes: list[Path]) -> Scores:
        from storyreel.tools.adherence import keyframe_adherence
        from storyreel.tools.consistency import character_consistency

        scores = super().score(job, draft, keyframes)
        skipped = dict(scores.skipped)
        pairs = [(k.frame, Path(p)) for k, p in zip(job.shot.keyframes, keyframes, strict=False)]
        adherence = keyframe_adherence(draft, pairs)
        if adherence.ssim is None:
            skipped["keyframes"] = "the shot has no keyframe images"
        consistency = character_consistency(draft, job.shot, job.characters, self.project_dir)
        if consistency.score is None:
            skipped["characters"] = "no character is in the shot"
        clip = self._load_clip()
        similarity = None
        if clip is None:
            skipped["cameraclip"] = self._clip_skipped or "CameraCLIP is off"
        else:
            similarity = clip.score(draft, job.shot.camera)
        composition = self._composition(job, draft)
        skipped.update(composition.pop("skipped"))
        return scores.model_copy(
            update={
                "keyframe_ssim": adherence.ssim,
                "keyframe_psnr": adherence.psnr,
                "character_consistency": consistency.score,
                "per_character": consistency.per_character,
                "cameraclip": similarity,
                **composition,
                "skipped": skipped,
            }
        )

    def describe(self) -> dict[str, Any]:
        clip, figures = self._load_clip(), self._load_figures()
        return {
            "scorer": self.name,
            "cameraclip": clip.name if clip is not None else None,
            "cameraclip_skipped": self._clip_skipped,
            "figures": figures.name if figures is not None else None,
            "figures_skipped": self._figures_skipped,
        }

    def _composition(self, job: ShotJob, draft: Path) -> dict[str, Any]:
        """The composition scores of the draft's first frame, as `Scores` fields (and `skipped`)."""
        from storyreel.tools.adherence import frames_at
        from storyreel.tools.composition import check_composition

        detector = self._load_figures()
        if detector is None:
            why = self._figures_skipped or "the figure detector is off"
            return {"skipped": dict.fromkeys(("framing", "screen side", "facing", "angle"), why)}
        frame = frames_at(draft, [0])[0][1]
        check = check_composition(job.shot, detector.detect(frame), frame, job.characters)
        return {
            "measured_framing": check.framing,
            "head_height": check.head_height,
            "side_match": check.side_match,
            "measured_sides": check.sides,
            "facing_match": check.facing_match,
            "measured_facings": check.facings,
            "crossed_line": check.crossed,
            "measured_angle": check.angle,
            "angle_confidence": check.angle_score,
            "skipped": check.skipped,
        }

    def _load_figures(self) -> Any:
        """The figure detector, loaded once; None (and the reason) when there is none to use."""
        if self._figures is not None or self._figures_skipped is not None:
            return self._figures
        if self.figures_path is None:
            self._figures_skipped = "the figure detector was turned off"
            return None
        from storyreel.tools.figures import FigureDetector, default_model

        path = default_model() if self.figures_path == DEFAULT_WEIGHTS else Path(self.figures_path)
        if path is None:
            self._figures_skipped = (
                "no figure detector ships with this install (give one with --figures PATH)"
            )
            return None
        self._figures = FigureDetector.load(path)
        return self._figures

    def _load_clip(self) -> Any:
        """The CameraCLIP model, loaded once; None (and the reason) when it cannot be used."""
        if self._clip is not None or self._clip_skipped is not None:
            return self._clip
        if self.cameraclip_path is None:
            self._clip_skipped = "CameraCLIP was turned off"
            return None
        from storyreel.tools.cameraclip import CameraClip, default_checkpoint

        path = default_checkpoint() if self.cameraclip_path == DEFAULT_WEIGHTS else Path(self.cameraclip_path)
        if path is None:
            self._clip_skipped = "no CameraCLIP weights (give a checkpoint with --cameraclip PATH)"
            return None
        try:
            self._clip = CameraClip.load(path)
        except MissingExtraError as exc:
            if self.cameraclip_path != DEFAULT_WEIGHTS:
                raise  # the user asked for it by path: say what to install
            self._clip_skipped = f"CameraCLIP needs the ml extra ({exc})"
        return self._clip


SCORERS: dict[str, Callable[..., Scorer]] = {"none": NoScorer, "probe": ProbeScorer, "full": FullScorer}


def make_scorer(name: str, **options: Any) -> Scorer:
    try:
        factory = SCORERS[name]
    except KeyError:
        raise InputError(f"unknown scorer {name!r} (expected one of {', '.join(SCORERS)})") from None
    return factory(**options) if name == "full" else factory()
