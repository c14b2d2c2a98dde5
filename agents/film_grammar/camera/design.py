"""The rules brain's cinematographer: camera language for each storyboard shot, from the text.

For every shot the storyboard planned, in order:

1. Read what the shot shows: the screenplay elements it covers (action, speech and its
   parentheticals), its kind and its framing.
2. Movement from the action (motives.py, a table): verbs of motion are followed (pan, truck),
   rising and falling are tilted or craned, reveals pull out, arrivals are met, departures are
   let go, realisations and emotional close-ups are pushed in on; establishing shots drift
   slowly. Two motives give a compound move (moves.py keeps it valid).
3. Angle from power and mood: low for menace or heroics, high for vulnerability, dutch for
   unease, overhead for geography; eye level otherwise.
4. Lens from framing (wider lenses for wide shots, long lenses for close-ups), speed from the
   energy of the action, a pacing curve from the kind of move.
5. Keyframes at the start and end, and midway for compound or long moves; image prompts per
   keyframe from the bible, the blocking and the props in view; a video prompt in camera
   language; one sentence of reason (prompts.py).
6. Revision requests from the critic override the field they name (revisions.py).
7. Never the exact camera of the shot before (moves.vary).
"""

from __future__ import annotations

from storyreel.agents.film_grammar.camera.motives import Motive, motives, text_of
from storyreel.agents.film_grammar.camera.moves import Design, coherent, signature, vary
from storyreel.agents.film_grammar.camera.prompts import LONG_SHOT_S, camera_choice
from storyreel.agents.film_grammar.camera.revisions import apply_revisions
from storyreel.agents.film_grammar.lexicon import words_pattern
from storyreel.agents.film_grammar.lexicon.action import LOOKING_DOWN, LOOKING_UP, Cue, cue_pattern
from storyreel.agents.film_grammar.lexicon.camera import LENSES
from storyreel.agents.schemas import CameraChoice, CinematographerOutput
from storyreel.models.bible import Bible
from storyreel.models.camera import LABELS
from storyreel.models.critique import RevisionRequest
from storyreel.models.plan import Prop, Shot
from storyreel.models.screenplay import Scene

_LOOKING_DOWN = words_pattern(LOOKING_DOWN)
_LOOKING_UP = words_pattern(LOOKING_UP)

# Angle by mood: (angle, the meanings that score for it, weight per word, why). Unease wins
# ties (it is the rarest); geography weighs more in an establishing shot (`ESTABLISHING_WEIGHT`).
ANGLE_MOODS: tuple[tuple[str, Cue, float, str], ...] = (
    ("dutch", Cue.UNEASE | Cue.UNEASE_SIGN, 1.2, "on a dutch angle for unease"),
    ("low", Cue.POWER | Cue.POWER_SIGN, 1.1, "from a low angle for menace or heroics"),
    ("high", Cue.VULNERABLE | Cue.VULNERABLE_SIGN, 1.0, "from a high angle for vulnerability"),
    ("overhead", Cue.GEOGRAPHY, 0.6, "from overhead for geography"),
)
ESTABLISHING_WEIGHT = {"overhead": 1.5}


def choose_angle(shot: Shot, text: str) -> tuple[str, str]:
    """(angle, why) from power and mood."""
    if shot.kind == "pov":
        if _LOOKING_DOWN.search(text):
            return "high", "from a high angle, as a point of view looking down"
        if _LOOKING_UP.search(text):
            return "low", "from a low angle, as a point of view looking up"
    scores: dict[str, float] = {}
    for angle, cue, weight, _ in ANGLE_MOODS:
        if shot.kind == "establishing":
            weight = ESTABLISHING_WEIGHT.get(angle, weight)
        scores[angle] = len(cue_pattern(cue).findall(text)) * weight
    best = max(scores, key=lambda k: scores[k])
    if scores[best] <= 0:
        return "eye_level", "at eye level"
    return best, next(why for angle, _, _, why in ANGLE_MOODS if angle == best)


def _held(shot: Shot, found: list[Motive]) -> tuple[list[str], str]:
    """Moves and reason when no motive moves the camera."""
    if len(found) == 1 and found[0].moves == ["static"]:
        return ["static"], found[0].rule
    if shot.kind in ("single", "over_the_shoulder", "two_shot", "master") and shot.duration_s > LONG_SHOT_S:
        return ["dolly_in"], "a long speech gets a slow, barely felt push in"
    return ["static"], "nothing in the action motivates a move, so the camera holds"


def design_shot(shot: Shot, seen: str, text: str) -> Design:
    """The grammar's camera for one shot: `seen` is what is on screen, `text` adds the lines."""
    framing = shot.camera.framing
    angle, angle_why = choose_angle(shot, text)
    found = motives(shot, seen, text)
    moves = coherent([m for motive in found for m in motive.moves if m != "static"])
    if moves == ["static"]:
        moves, rule = _held(shot, found)
        speed, pacing = (0.12, "ease_in_out") if moves != ["static"] else (0.0, "linear")
    else:
        used = [m for m in found if any(x in moves for x in m.moves)]
        rule = used[0].rule if len(moves) == 1 else " and ".join(dict.fromkeys(m.rule for m in used))
        speed = max(m.speed for m in used)
        pacing = "linear" if moves == ["handheld"] else used[0].pacing
    lens = LENSES[framing][1 if angle == "overhead" or shot.kind == "insert" else 0]
    reason = f"{rule[0].upper()}{rule[1:]}, {angle_why}, shot on {lens:g}mm for the {LABELS[framing]}."
    return Design(framing, angle, moves, lens, round(speed, 2), pacing, reason, [])


def design_camera(
    shots: list[Shot],
    scene: Scene,
    bible: Bible,
    *,
    fps: int,
    previous: CameraChoice | None = None,
    revisions: dict[str, list[RevisionRequest]] | None = None,
    props: list[Prop] | None = None,
) -> CinematographerOutput:
    """One camera choice per shot, in order, by film grammar (see the module docstring); `props`
    is the scene's set, for the prompts to say what is in view."""
    if fps <= 0:
        raise ValueError(f"fps must be > 0, got {fps}")
    elements = {e.id: e for e in scene.elements}
    revisions = revisions or {}
    choices: list[CameraChoice] = []
    last = signature(previous) if previous is not None else None
    for shot in shots:
        # 1-4. The grammar's design.
        design = design_shot(shot, text_of(shot, elements, spoken=False), text_of(shot, elements))
        # 7. Never the exact camera of the shot before.
        if last is not None and signature(design) == last:
            design = vary(design)
        # 6. The critic's revisions override whatever they name.
        requests = revisions.get(shot.id, [])
        if requests:
            done = apply_revisions(design, requests)
            design.reason = design.reason.rstrip(".") + "; revised as asked: " + "; ".join(done) + "."
        # 5. Keyframes and prompts.
        choices.append(camera_choice(shot, scene, bible, design, fps, props))
        last = signature(design)
    return CinematographerOutput(shots=choices)
