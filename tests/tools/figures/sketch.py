"""A stand-in renderer that knows what it drew, for testing the detector's pipeline without the
animatic: flat discs for heads with a nose toward their facing, a torso in the character's
identity colour, and a horizon whose height and tilt say the angle."""

from __future__ import annotations

import math
from pathlib import Path
from typing import ClassVar

import cv2
import numpy as np

from storyreel.media.figure import screen_sides
from storyreel.media.paint import rgb
from storyreel.media.video import VideoWriter
from storyreel.models.job import ShotJob
from storyreel.models.truth import FigureTruth, FrameTruth

HEAD = {
    "extreme_close_up": 0.8,
    "close_up": 0.4,
    "medium": 0.21,
    "full": 0.1,
    "long": 0.05,
    "extreme_long": 0.03,
}
HORIZON = {"eye_level": 0.45, "low": 0.8, "high": 0.12, "overhead": -1.0, "dutch": 0.45}
SIDE_X = {"left": 0.25, "center": 0.5, "right": 0.75}
NOSE = {"left": -1, "right": 1, "camera": 0, "away": None}


class SketchRenderer:
    name: ClassVar[str] = "sketch"
    version: ClassVar[str] = "1"

    def truth(self, job: ShotJob, frame: int, width: int, height: int) -> FrameTruth | None:
        return self.layout(job, frame, width, height)

    def layout(self, job: ShotJob, frame: int, width: int, height: int) -> FrameTruth:
        facing = {p.character: p.facing for p in job.shot.blocking}
        h = HEAD[job.shot.camera.framing]
        figures = []
        for name, side in screen_sides(job.shot):
            cx, cy = SIDE_X[side], 0.15 + h / 2
            w = h * height / width * 0.9
            head = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            body = (cx - 2 * w, cy - h / 2, cx + 2 * w, min(1.0, cy + 4 * h))
            figures.append(
                FigureTruth(character=name, head=head, body=body, facing=facing.get(name, "camera"))
            )
        return FrameTruth(frame=frame, angle=job.shot.camera.angle, figures=figures)

    def draw(self, job: ShotJob, frame: int, width: int, height: int) -> np.ndarray:
        image = np.full((height, width, 3), 90, np.uint8)
        horizon = HORIZON[job.shot.camera.angle]
        if horizon > 0:
            tilt = math.tan(math.radians(20)) * width / 2 if job.shot.camera.angle == "dutch" else 0
            sky = np.array(
                [[0, 0], [width, 0], [width, horizon * height + tilt], [0, horizon * height - tilt]], np.int32
            )
            cv2.fillPoly(image, [sky], (150, 190, 230))
        colours = {c.name: c.identity for c in job.characters}
        for figure in self.layout(job, frame, width, height).figures:
            x0, y0, x1, y1 = figure.head
            cx, cy, r = (x0 + x1) / 2 * width, (y0 + y1) / 2 * height, (y1 - y0) * height / 2
            identity = colours[figure.character]
            cv2.rectangle(
                image, (int(cx - 2 * r), int(cy + r)), (int(cx + 2 * r), height), rgb(identity.colour), -1
            )
            cv2.circle(image, (int(cx), int(cy)), int(r), (224, 184, 150), -1)
            cv2.ellipse(
                image,
                (int(cx), int(cy)),
                (int(r), int(r)),
                0,
                180,
                360,
                rgb(identity.hair_colour or "#3B2416"),
                -1,
            )
            nose = NOSE[figure.facing]
            if nose is None:
                cv2.circle(image, (int(cx), int(cy)), int(r), rgb(identity.hair_colour or "#3B2416"), -1)
            else:
                cv2.circle(
                    image,
                    (int(cx + nose * 0.6 * r), int(cy + 0.2 * r)),
                    max(1, int(0.2 * r)),
                    (40, 30, 30),
                    -1,
                )
        return image

    def draft(self, job: ShotJob, keyframes: list[Path], out: Path) -> Path:
        width, height = job.style.resolution.width, job.style.resolution.height
        out.parent.mkdir(parents=True, exist_ok=True)
        with VideoWriter(out, width, height, job.fps, preset="veryfast") as video:
            for frame in range(job.shot.frame_count(job.fps)):
                video.write(self.draw(job, frame, width, height))
        return out
