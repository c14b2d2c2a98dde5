"""The shot list (shots.csv): one row per shot in film order, for the assistant director's
breakdown and the editor's log. The other exports (subtitles, the OpenTimelineIO timeline with
EDL and FCP XML, the storyboard sheet, the manifest) live in tools/exports/.
"""

from __future__ import annotations

import csv
import io

from storyreel.models.plan import ShotPlan
from storyreel.models.screenplay import Screenplay

SHOT_LIST_COLUMNS = (
    "number", "id", "scene", "heading", "start_s", "duration_s", "kind", "framing", "angle",
    "movements", "lens_mm", "pacing", "subjects", "description", "dialogue",
)  # fmt: skip


def shot_list_csv(plan: ShotPlan, screenplay: Screenplay) -> str:
    """One row per shot in film order, numbered from 1 as directors call them."""
    speeches = {e.id: e for e in screenplay.all_elements() if e.type == "dialogue"}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SHOT_LIST_COLUMNS)
    start = 0.0
    for number, shot in enumerate(plan.shots, start=1):
        scene = screenplay.scenes[shot.scene] if shot.scene < len(screenplay.scenes) else None
        dialogue = " / ".join(
            f"{speeches[i].character}: {speeches[i].text}" for i in shot.covers if i in speeches
        )
        writer.writerow(
            (
                number,
                shot.id,
                shot.scene + 1,
                scene.heading if scene else "",
                f"{start:.2f}",
                f"{shot.duration_s:.2f}",
                shot.kind,
                shot.camera.framing,
                shot.camera.angle,
                "+".join(shot.camera.movements),
                f"{shot.camera.lens_mm:g}",
                shot.pacing,
                "; ".join(shot.subjects),
                _no_formula(shot.description),
                _no_formula(dialogue),
            )
        )
        start += shot.duration_s
    return out.getvalue()


def _no_formula(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet apps (CSV injection);
    # scripts are user text, so such cells get a leading apostrophe.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
