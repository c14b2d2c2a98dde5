"""What a renderer knows it drew: where each figure's head and body are in a frame, which way it
turns, and the shot's camera angle. The ground truth the critic's figure detector is trained and
measured on (a renderer that draws from a model, such as the diffusers backend, cannot say, and
returns none). Boxes are (x0, y0, x1, y1) as fractions of the frame, 0,0 the top left.
"""

from __future__ import annotations

from pydantic import Field

from storyreel.models.base import Noun
from storyreel.models.camera import Angle
from storyreel.models.plan import Facing

Box = tuple[float, float, float, float]


class FigureTruth(Noun):
    """One character as drawn in one frame."""

    character: str = Field(description="Canonical name, as in the bible.")
    head: Box = Field(description="The head's box in the frame (may reach past its edges).")
    body: Box = Field(description="The whole figure's box, head included.")
    facing: Facing = Field(description="Which way the figure turns on screen as drawn.")
    foreground: bool = Field(False, description="Drawn as an over-the-shoulder foreground, from behind.")
    visible: float = Field(1.0, ge=0, le=1, description="Share of the head's box inside the frame.")


class FrameTruth(Noun):
    """Everything drawn in one frame that a check can be measured against."""

    frame: int = Field(ge=0, description="Frame index into the shot.")
    angle: Angle = Field(description="The camera angle the frame was drawn from.")
    figures: list[FigureTruth] = Field(default_factory=list, description="Characters drawn, far to near.")
