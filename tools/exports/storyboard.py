"""The storyboard contact sheet: one HTML page, one panel per shot, grouped by scene.

The page works offline and when the project folder is moved: image paths are relative to the
project directory (where the page is written), the CSS is inline, and there is no JavaScript and
no network resource. Every piece of script text is HTML-escaped, and a Content-Security-Policy
forbids scripts besides, so a screenplay holding `<script>` or `"><img onerror=...>` stays text.
"""

from __future__ import annotations

import os
import urllib.parse
from html import escape
from itertools import groupby
from pathlib import Path

from storyreel.models.assets import ShotAssets
from storyreel.models.camera import LABELS
from storyreel.models.critique import Round, Scores
from storyreel.models.cut import Cut
from storyreel.models.plan import CameraSpec, Shot, ShotPlan
from storyreel.models.screenplay import Screenplay

CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #111; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #111; }
.meta { color: #555; margin: 0 0 1rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 1rem; }
.panel { border: 1px solid #bbb; border-radius: 4px; padding: .6rem; break-inside: avoid; }
.panel h3 { font-size: 1rem; margin: 0 0 .4rem; }
.panel h3 .id { color: #666; font-weight: normal; }
.frames { display: flex; gap: .3rem; margin-bottom: .4rem; }
.frames figure { margin: 0; flex: 1; min-width: 0; }
.frames img { width: 100%; display: block; background: #ddd; }
.frames figcaption { font-size: .75rem; color: #666; }
.placeholder { aspect-ratio: 16 / 9; flex: 1; border: 1px dashed #999; background: #f1f1f1;
  display: flex; align-items: center; justify-content: center; color: #888; font-size: .8rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .6rem; margin: .3rem 0; }
dt { color: #666; } dd { margin: 0; }
.verdict { margin: .4rem 0 0; padding: .3rem .5rem; border-radius: 3px; font-size: .85rem; }
.verdict.pass { background: #e8f4e8; } .verdict.fail { background: #fbe6e6; }
.verdict.unchecked { background: #f1f1f1; } .verdict ul { margin: .2rem 0 0; padding-left: 1.1rem; }
.dialogue { margin: .4rem 0 0; padding-left: .6rem; border-left: 3px solid #ccc; }
.dialogue p { margin: .2rem 0; } .speaker { font-weight: bold; } .paren { color: #666; }
@media print {
  body { margin: 0; font-size: 10pt; }
  .grid { grid-template-columns: repeat(3, 1fr); }
  h2 { break-after: avoid; }
}
"""


def storyboard_html(
    plan: ShotPlan,
    screenplay: Screenplay,
    cut: Cut | None,
    assets: dict[str, ShotAssets],
    *,
    project: Path,
    title: str,
    critiques: dict[str, list[Round]] | None = None,
) -> str:
    """The contact sheet, to be written into `project` (image links are relative to it); with
    `critiques`, each panel shows the critic's verdict on its last round and why."""
    starts = _starts(plan, cut)
    numbered = list(enumerate(plan.shots, start=1))
    sections = []
    for scene_index, group in groupby(numbered, key=lambda pair: pair[1].scene):
        scene = screenplay.scenes[scene_index] if scene_index < len(screenplay.scenes) else None
        heading = f"{scene_index + 1}. {scene.heading}" if scene else f"Scene {scene_index + 1}"
        panels = "\n".join(
            _panel(
                number,
                shot,
                scene.heading if scene else "",
                starts[shot.id],
                screenplay,
                assets,
                project,
                (critiques or {}).get(shot.id) or [],
            )
            for number, shot in group
        )
        sections.append(
            f'<section>\n<h2>{escape(heading)}</h2>\n<div class="grid">\n{panels}\n</div>\n</section>'
        )
    running = cut.duration_s if cut is not None else plan.duration_s
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"script-src 'none'; object-src 'none'; connect-src 'none'; base-uri 'none'\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            f"<h1>{escape(title)}</h1>",
            f'<p class="meta">{len(plan.shots)} shots, {len(screenplay.scenes)} scenes, '
            f"{_clock(running)} at {plan.fps} fps{'' if cut is not None else ' (planned; not yet cut)'}</p>",
            *sections,
            "</body>",
            "</html>",
            "",
        ]
    )


def camera_words(camera: CameraSpec) -> str:
    """The camera spec as a director says it: 'medium shot, eye level, dolly in + pan left (slow), 45 mm'."""
    moves = " + ".join(LABELS.get(m, m.replace("_", " ")) for m in camera.movements)
    if not camera.is_static:
        pace = "slow" if camera.speed < 0.375 else "fast" if camera.speed > 0.75 else "medium"
        moves += f" ({pace})"
    framing = LABELS.get(camera.framing, camera.framing)
    angle = LABELS.get(camera.angle, camera.angle)
    return f"{framing}, {angle}, {moves}, {camera.lens_mm:g} mm"


def _starts(plan: ShotPlan, cut: Cut | None) -> dict[str, float]:
    """Where each shot starts: in the cut when there is one (dissolves overlap), else in the plan."""
    starts: dict[str, float] = {}
    if cut is not None:
        frame = 0
        for index, entry in enumerate(cut.entries):
            starts.setdefault(entry.shot, frame / cut.fps)
            frame += entry.frames - cut.overlap_frames(index)
    clock = 0.0
    for shot in plan.shots:
        starts.setdefault(shot.id, clock)
        clock += shot.duration_s
    return starts


def _panel(
    number: int,
    shot: Shot,
    heading: str,
    start: float,
    screenplay: Screenplay,
    assets: dict[str, ShotAssets],
    project: Path,
    rounds: list[Round],
) -> str:
    rows = [
        ("Kind", shot.kind.replace("_", " ")),
        ("Camera", camera_words(shot.camera)),
        ("Time", f"{_clock(start)} + {shot.duration_s:g} s ({shot.pacing.replace('_', ' ')})"),
        ("Subjects", ", ".join(shot.subjects) or "none"),
        ("Scene", heading),
    ]
    for label, transition in (("In", shot.transition_in), ("Out", shot.transition_out)):
        if transition.type != "cut":
            colour = f" through {transition.colour}" if transition.colour else ""
            rows.append((label, f"{transition.type}{colour}, {transition.duration_s:g} s"))
    details = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return (
        f'<article class="panel" id="shot-{escape(shot.id)}">\n'
        f'<h3>{number}. <span class="id">{escape(shot.id)}</span></h3>\n'
        f"{_frames(shot, assets.get(shot.id), project)}\n"
        f"<p>{escape(shot.description)}</p>\n"
        f"<dl>{details}</dl>\n"
        f"{_verdict(rounds)}"
        f"{_dialogue(shot, screenplay)}"
        "</article>"
    )


def _verdict(rounds: list[Round]) -> str:
    """The critic's last word on the shot: passed or failed, after how many rounds, and why."""
    if not rounds:
        return ""
    last = rounds[-1]
    kind = "pass" if last.passed and last.scores.measured else "fail" if not last.passed else "unchecked"
    word = {"pass": "Critic: passed", "fail": "Critic: FAILED", "unchecked": "Critic: not checked"}[kind]
    after = f" after {len(rounds)} rounds" if len(rounds) > 1 else ""
    reasons = "".join(f"<li>{escape(r)}</li>" for r in last.reasons)
    changes = [c for r in rounds for c in r.changes]
    changed = f"<li>changed: {escape('; '.join(changes))}</li>" if changes else ""
    seen = picture_words(last.scores)
    picture = f"<li>on screen: {escape(seen)}</li>" if seen else ""
    return f'<div class="verdict {kind}"><strong>{word}{after}</strong><ul>{picture}{reasons}{changed}</ul></div>\n'


def picture_words(scores: Scores) -> str:
    """What the critic read of the picture, as a director says it: 'close-up (head 0.41 of the
    frame), eye level; ANA left facing right, BEN right facing left'; empty when nothing was read."""
    parts = []
    if scores.measured_framing is not None and scores.head_height is not None:
        parts.append(f"{LABELS[scores.measured_framing]} (head {scores.head_height:.2f} of the frame)")
    if scores.measured_angle is not None:
        parts.append(LABELS[scores.measured_angle])
    people = [
        f"{name} {side} facing {scores.measured_facings.get(name, '?')}"
        for name, side in scores.measured_sides.items()
    ]
    text = ", ".join(parts)
    if people:
        text += ("; " if text else "") + ", ".join(people)
    if scores.crossed_line:
        text += f"; across the line: {', '.join(scores.crossed_line)}"
    return text


def _frames(shot: Shot, shot_assets: ShotAssets | None, project: Path) -> str:
    """The shot's keyframe images (rendered, else supplied in the plan), or a placeholder box."""
    paths = list(shot_assets.keyframes) if shot_assets is not None else []
    if not paths:
        paths = [k.image for k in shot.keyframes if k.image]
    captions = [f"frame {k.frame}" for k in shot.keyframes] if len(paths) == len(shot.keyframes) else []
    figures = []
    for index, path in enumerate(paths):
        link = _relative(path, project)
        if link is None:
            continue
        caption = captions[index] if captions else Path(path).name
        figures.append(
            f'<figure><img src="{escape(urllib.parse.quote(link), quote=True)}" '
            f'alt="{escape(shot.id)} {escape(caption)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )
    if not figures:
        figures.append('<div class="placeholder">no keyframe yet</div>')
    return f'<div class="frames">{"".join(figures)}</div>'


def _relative(path: str, project: Path) -> str | None:
    """The image's path relative to the project directory, POSIX style; None when it is missing."""
    project = Path(os.path.abspath(project))
    full = Path(path) if Path(path).is_absolute() else project / path
    if not full.is_file():
        return None
    return Path(os.path.relpath(os.path.abspath(full), project)).as_posix()


def _dialogue(shot: Shot, screenplay: Screenplay) -> str:
    speeches = {e.id: e for e in screenplay.all_elements() if e.type == "dialogue"}
    lines = []
    for element_id in shot.covers:
        speech = speeches.get(element_id)
        if speech is None:
            continue
        parens = " ".join(f"({p.strip('()')})" for p in speech.parentheticals)
        lines.append(
            f'<p><span class="speaker">{escape(speech.cue or speech.character or "")}</span> '
            + (f'<span class="paren">{escape(parens)}</span> ' if parens else "")
            + f"{escape(speech.text)}</p>"
        )
    return f'<div class="dialogue">{"".join(lines)}</div>\n' if lines else ""


def _clock(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)}:{secs:05.2f}"
