"""The scorer contract: what the critic measures on a rendered draft.

    scorer.score(job, draft, keyframes) -> Scores

The critic issue fills this with the camera probe (optical flow), CameraCLIP and keyframe
adherence; until then `none` measures nothing and the critic says so in its reasons.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from storyreel.errors import InputError
from storyreel.models.critique import Scores
from storyreel.render.base import ShotJob


class Scorer(ABC):
    name: ClassVar[str]

    @abstractmethod
    def score(self, job: ShotJob, draft: Path, keyframes: list[Path]) -> Scores:
        """Measure `draft` against what `job.shot` planned."""


class NoScorer(Scorer):
    """Measures nothing: every score stays None and the critic reports it was skipped."""

    name = "none"

    def score(self, job: ShotJob, draft: Path, keyframes: list[Path]) -> Scores:
        return Scores()


SCORERS: dict[str, Callable[[], Scorer]] = {"none": NoScorer}


def make_scorer(name: str) -> Scorer:
    try:
        return SCORERS[name]()
    except KeyError:
        raise InputError(f"unknown scorer {name!r} (expected one of {', '.join(SCORERS)})") from None
