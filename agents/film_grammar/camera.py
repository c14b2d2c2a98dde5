"""The rules brain's cinematographer: camera language for each storyboard shot, from the text.

For every shot the storyboard planned, in order:

1. Read what the shot shows: the screenplay elements it covers (action, speech and its
   parentheticals), its kind and its framing.
2. Movement from the action: verbs of motion are followed (pan, truck), rising and falling are
   tilted or craned, reveals pull out, arrivals are met (pan, ease out), departures are let go
   (dolly or zoom out), realisations and emotional close-ups are pushed in on; establishing shots
   drift slowly. Two motives give a compound move.
3. Angle from power and mood: low for menace or heroics, high for vulnerability, dutch for
   unease, overhead for geography; eye level otherwise.
4. Lens from framing (wider lenses for wide shots, long lenses for close-ups), speed from the
   energy of the action, a pacing curve from the kind of move.
5. Keyframes at the start and end, and midway for compound or long moves; image prompts per
   keyframe from the bible; a video prompt in camera language; one sentence of reason.
6. Revision requests from the critic override the field they name, mapped from the note's words.
7. Never the exact camera of the shot before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyreel.agents.film_grammar.bible import light_of, location_name
from storyreel.agents.schemas import CameraChoice, CinematographerOutput, KeyframeChoice
from storyreel.models.bible import Bible
from storyreel.models.camera import LABELS, OPPOSITE
from storyreel.models.critique import RevisionRequest
from storyreel.models.plan import Shot
from storyreel.models.screenplay import Element, Scene

# Lens per framing, full-frame equivalent mm: (usual, alternative). Tighter is always longer.
LENSES: dict[str, tuple[float, float]] = {
    "extreme_long": (21.0, 18.0),
    "long": (27.0, 24.0),
    "full": (35.0, 35.0),
    "medium": (45.0, 50.0),
    "close_up": (85.0, 85.0),
    "extreme_close_up": (110.0, 135.0),
}
LONG_SHOT_S = 6.0  # shots longer than this get a midway keyframe

# 1. Reading the action ------------------------------------------------------------------------

_CHASE = re.compile(
    r"\b(chases?|chasing|pursu\w*|races?|racing|sprints?|sprinting|runs?|running|flees?|fleeing|"
    r"bolts?|dashes|dash|gallops?|speeds?|hurtles?|careers?|leaps?|leaping|vaults?|jumps?|"
    r"jumping|rolls?|scrambles?|rushes?|charges?|limps?|skids?)\b",
    re.IGNORECASE,
)
_WALK = re.compile(
    r"\b(walks?|walking|strolls?|paces?|pacing|crosses|wanders?|marches?|swoops? in|moves? along)\b",
    re.IGNORECASE,
)
_TOWARD = re.compile(
    r"\b(walks? (?:toward|towards|up to)|approaches|advances|closes in|moves? toward\w*|comes? closer)\b",
    re.IGNORECASE,
)
_RISE = re.compile(
    r"\b(rises?|rising|climbs?|climbing|stands? up|gets? up|ascends?|lifts? off|soars?|explode upward|looks? up|towers?|rears? up|stands?\b(?! over))\b",
    re.IGNORECASE,
)
_FALL = re.compile(
    r"\b(falls?|falling|collapses?|collapsing|sinks?|sinking|drops?|dropping|tumbles?|slumps?|"
    r"kneels?|sits? down|crumples?|rain(?:s)? down|plunges?|steps? off|looks? down|feet down|"
    r"topples?|tips?)\b",
    re.IGNORECASE,
)
_REVEAL = re.compile(
    r"\b(reveals?|revealing|to reveal|we see|turns? to find|discovers?|finds?|inside:|sea of|pull back)\b",
    re.IGNORECASE,
)
_ARRIVE = re.compile(
    r"\b(enters?|entering|arrives?|arriving|steps? in|comes? in|walks? in|appears?|bursts? in|swoops? in|heaves? (?:him|her)self through|through the (?:door|hatch|gate))\b",
    re.IGNORECASE,
)
_DEPART = re.compile(
    r"\b(leaves?|leaving|walks? away|walks? off|drives? off|drives? away|exits?|disappears?|goes out|runs? off|heads? off|gone before|already leaving)\b",
    re.IGNORECASE,
)
_REALISE = re.compile(
    r"\b(realis\w*|realiz\w*|understands?|dawns?|knew|knows|recognis\w*|recogniz\w*|goes (?:very )?still|"
    r"freezes?|stares?|tears?|stunned|sees it|hears it|barely|quietly|whisper\w*|tearful|sobs?|"
    r"swallows?|breath|silence|a long moment|long, terrible beat|hold on)\b",
    re.IGNORECASE,
)
_CHAOS = re.compile(
    r"\b(explo\w*|chaos|fight\w*|scuffle|brawl|panic\w*|stumbles?|shatter\w*|billows?|rips?|crash\w*|everywhere|erupts?)\b",
    re.IGNORECASE,
)
_LEFTWARD = re.compile(r"\b(to the left|leftward|screen left|from the right)\b", re.IGNORECASE)
_RIGHTWARD = re.compile(r"\b(to the right|rightward|screen right|from the left)\b", re.IGNORECASE)

_MENACE = re.compile(
    r"\b(threat\w*|menac\w*|towers?|towering|stands? over|looms?|looming|glares?|advances?|"
    r"corners?|holster|gun|draws? (?:a|his|her)|knife|dares?|don't you dare|police|detective|"
    r"triumph\w*|heroic\w*|victor\w*|defiant\w*|commands?|orders? (?:him|her|them)|evidence)\b",
    re.IGNORECASE,
)
_VULNERABLE = re.compile(
    r"\b(alone|small|tiny|pleading|pleads?|begs?|begging|collapses?|sinks?|kneels?|cowers?|"
    r"helpless|lost|trapped|sheer drop|nowhere to go|oxygen|frail|weeps?|cries|crying|tears|"
    r"guilty|children|barely|too old|wheezing|clutching)\b",
    re.IGNORECASE,
)
_UNEASE = re.compile(
    r"\b(drunk|dizzy|wrong|unsettl\w*|uneas\w*|woozy|disorient\w*|nightmare|hallucin\w*|strange|"
    r"lurch\w*|reels?|reeling|spinning|feverish|off-kilter|askew|uncanny|eerie)\b",
    re.IGNORECASE,
)
_GEOGRAPHY = re.compile(
    r"\b(map|maps|crowd|crowds|rooftops?|roofs|maze|labyrinth|sea of|grid|chessboard|square below|"
    r"feet down|from above|bird's|streets below|city below|aerial)\b",
    re.IGNORECASE,
)


@dataclass
class _Motive:
    """A reason to move the camera, with the moves it asks for."""

    rule: str
    moves: list[str]
    speed: float
    pacing: str


def _text_of(shot: Shot, elements: dict[str, Element], spoken: bool = True) -> str:
    """The words behind a shot: action, parentheticals and (when `spoken`) the lines said.

    Movement reads only what is seen (action and parentheticals): a character who *talks*
    about running does not make the camera run. Mood reads the lines too.
    """
    parts = []
    for element_id in shot.covers:
        element = elements.get(element_id)
        if element is None:
            continue
        parts.extend(element.parentheticals)
        if element.type != "dialogue" or spoken:
            parts.append(element.text)
    text = " ".join(" ".join(parts).split())
    if not text and not shot.covers:
        text = shot.description
    return text


def _side(shot: Shot) -> str:
    for placement in shot.blocking:
        if shot.subjects and placement.character == shot.subjects[0]:
            return placement.side
    return "center"


def _direction(text: str, shot: Shot) -> str:
    """Screen direction of motion: explicit words first, else away from the subject's side."""
    if _LEFTWARD.search(text):
        return "left"
    if _RIGHTWARD.search(text):
        return "right"
    return "left" if _side(shot) == "right" else "right"


def _motives(shot: Shot, text: str, mood: str) -> list[_Motive]:
    """Reasons to move, in the order the action gives them; `text` is what is seen, `mood`
    adds the spoken lines (a realisation may be in the words)."""
    framing = shot.camera.framing
    wide = framing in ("extreme_long", "long", "full")
    tight = framing in ("close_up", "extreme_close_up")
    direction = _direction(text, shot)
    found: list[tuple[int, _Motive]] = []

    def at(match: re.Match[str] | None) -> int:
        return match.start() if match else 10**9

    if shot.kind == "establishing":
        if _GEOGRAPHY.search(text) and framing == "extreme_long":
            found.append(
                (
                    0,
                    _Motive(
                        "an establishing shot of a maze of roofs or streets drifts over it from above",
                        ["pan_right"],
                        0.2,
                        "ease_in_out",
                    ),
                )
            )
        elif re.search(r"\b(sky|skyline|dome|tower|spire|mountain|cliff)\b", text, re.IGNORECASE):
            found.append(
                (
                    0,
                    _Motive(
                        "an establishing shot cranes down from the skyline into the place",
                        ["crane_down"],
                        0.25,
                        "ease_in_out",
                    ),
                )
            )
        elif shot.duration_s >= 4.0:
            move = "pan_right" if framing == "extreme_long" else "dolly_in"
            rule = (
                "an establishing shot pans slowly across the place"
                if move == "pan_right"
                else "an establishing shot creeps slowly into the space"
            )
            found.append((0, _Motive(rule, [move], 0.2, "ease_in_out")))
        else:
            found.append(
                (
                    0,
                    _Motive(
                        "a short establishing shot holds still to show the place",
                        ["static"],
                        0.0,
                        "linear",
                    ),
                )
            )
        return [m for _, m in found]

    chase = _CHASE.search(text)
    if chase:
        move = f"truck_{direction}" if wide else f"pan_{direction}"
        found.append(
            (
                at(chase),
                _Motive("the camera follows the motion in its screen direction", [move], 0.85, "ease_in"),
            )
        )
    toward = _TOWARD.search(text)
    if toward and not chase:
        found.append(
            (
                at(toward),
                _Motive(
                    "the camera moves in as the subject approaches",
                    ["dolly_in"],
                    0.4,
                    "ease_in_out",
                ),
            )
        )
    walk = _WALK.search(text)
    if walk and not chase and not toward:
        found.append(
            (
                at(walk),
                _Motive(
                    "the camera pans with a walking subject",
                    [f"pan_{direction}"],
                    0.4,
                    "ease_in_out",
                ),
            )
        )
    arrive = _ARRIVE.search(text)
    if arrive:
        move = f"pan_{'left' if _side(shot) == 'left' else 'right'}" if wide else "dolly_in"
        found.append(
            (
                at(arrive),
                _Motive(
                    "an arrival is met by the camera and lands on the subject",
                    [move],
                    0.45,
                    "ease_out",
                ),
            )
        )
    depart = _DEPART.search(text)
    if depart:
        move = "zoom_out" if framing in ("long", "extreme_long") else "dolly_out"
        found.append(
            (
                at(depart),
                _Motive("a departure is let go as the camera pulls away", [move], 0.45, "ease_in_out"),
            )
        )
    rise = _RISE.search(text)
    if rise:
        move = "crane_up" if wide else "tilt_up"
        found.append((at(rise), _Motive("rising action is followed upward", [move], 0.5, "ease_in_out")))
    fall = _FALL.search(text)
    if fall:
        move = "crane_down" if wide and not tight else "tilt_down"
        found.append((at(fall), _Motive("a fall is followed downward", [move], 0.55, "ease_in")))
    reveal = _REVEAL.search(text)
    if reveal:
        move = "dolly_out" if not re.search(r"turns? to find", text, re.IGNORECASE) else f"pan_{direction}"
        found.append((at(reveal), _Motive("the camera pulls back to reveal", [move], 0.35, "ease_in_out")))
    if (tight or shot.kind in ("reaction", "insert")) and (_REALISE.search(mood) or shot.kind == "reaction"):
        found.append(
            (
                at(_REALISE.search(text)),
                _Motive("a slow push in presses on the realisation", ["dolly_in"], 0.2, "ease_in_out"),
            )
        )
    elif shot.kind == "insert":
        found.append((10**8, _Motive("an insert creeps in on the detail", ["dolly_in"], 0.15, "ease_in_out")))
    if _CHAOS.search(text) and not tight:
        found.append(
            (
                at(_CHAOS.search(text)),
                _Motive("handheld energy for chaos", ["handheld"], 0.6, "linear"),
            )
        )
    found.sort(key=lambda pair: pair[0])
    return [m for _, m in found]


def _angle(shot: Shot, text: str) -> tuple[str, str]:
    """(angle, why) from power and mood."""
    if shot.kind == "pov":
        if re.search(r"\b(down|below|beneath|feet down)\b", text, re.IGNORECASE):
            return "high", "from a high angle, as a point of view looking down"
        if re.search(r"\b(up|above|overhead)\b", text, re.IGNORECASE):
            return "low", "from a low angle, as a point of view looking up"
    scores = {
        "dutch": len(_UNEASE.findall(text)) * 1.2,  # unease wins ties: it is the rarest
        "low": len(_MENACE.findall(text)) * 1.1,
        "high": len(_VULNERABLE.findall(text)) * 1.0,
        "overhead": len(_GEOGRAPHY.findall(text)) * (1.5 if shot.kind == "establishing" else 0.6),
    }
    best = max(scores, key=lambda k: scores[k])
    if scores[best] <= 0:
        return "eye_level", "at eye level"
    return best, {
        "dutch": "on a dutch angle for unease",
        "low": "from a low angle for menace or heroics",
        "high": "from a high angle for vulnerability",
        "overhead": "from overhead for geography",
    }[best]


# 2. Moves that validate ----------------------------------------------------------------------


_AXIS = {
    **dict.fromkeys(
        ("pan_left", "pan_right", "truck_left", "truck_right", "arc_left", "arc_right"),
        "horizontal",
    ),
    **dict.fromkeys(
        ("tilt_up", "tilt_down", "crane_up", "crane_down", "pedestal_up", "pedestal_down"),
        "vertical",
    ),
    **dict.fromkeys(("dolly_in", "dolly_out", "zoom_in", "zoom_out"), "depth"),
    "handheld": "shake",
}


def _coherent(moves: list[str]) -> list[str]:
    """At most two moves, no duplicates, no opposites, 'static' only alone (CameraSpec's rules)."""
    out: list[str] = []
    for move in moves:
        if move == "static" or move in out or OPPOSITE.get(move) in out:
            continue
        # One move per axis: a pan and a truck, or a tilt and a crane, say the same thing twice.
        if any(_AXIS.get(m) == _AXIS.get(move) for m in out):
            continue
        out.append(move)
        if len(out) == 2:
            break
    return out or ["static"]


_VARIANT = {
    "pan_left": "truck_left",
    "pan_right": "truck_right",
    "truck_left": "pan_left",
    "truck_right": "pan_right",
    "dolly_in": "zoom_in",
    "zoom_in": "dolly_in",
    "dolly_out": "zoom_out",
    "zoom_out": "dolly_out",
    "tilt_up": "crane_up",
    "crane_up": "tilt_up",
    "tilt_down": "crane_down",
    "crane_down": "tilt_down",
    "handheld": "static",
    "arc_left": "arc_right",
    "arc_right": "arc_left",
    "pedestal_up": "tilt_up",
    "pedestal_down": "tilt_down",
}


# 3. Revisions ---------------------------------------------------------------------------------

_MOVE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(dolly|push|track|move|creep)(?:ing)?[- ]?in\b|\bpush(?:es)? (?:in|closer)\b",
            re.IGNORECASE,
        ),
        "dolly_in",
    ),
    (
        re.compile(r"\b(dolly|pull|track)(?:ing)?[- ]?(out|back)\b|\bpull away\b", re.IGNORECASE),
        "dolly_out",
    ),
    (re.compile(r"\bzoom(?:ing)?[- ]?in\b", re.IGNORECASE), "zoom_in"),
    (re.compile(r"\bzoom(?:ing)?[- ]?out\b", re.IGNORECASE), "zoom_out"),
    (re.compile(r"\bpan(?:ning)?[- ]left\b", re.IGNORECASE), "pan_left"),
    (re.compile(r"\bpan(?:ning)?[- ]right\b", re.IGNORECASE), "pan_right"),
    (re.compile(r"\btilt(?:ing)?[- ]up\b", re.IGNORECASE), "tilt_up"),
    (re.compile(r"\btilt(?:ing)?[- ]down\b", re.IGNORECASE), "tilt_down"),
    (re.compile(r"\b(truck|crab)(?:ing)?[- ]left\b", re.IGNORECASE), "truck_left"),
    (re.compile(r"\b(truck|crab)(?:ing)?[- ]right\b", re.IGNORECASE), "truck_right"),
    (re.compile(r"\b(pedestal|boom)[- ]up\b", re.IGNORECASE), "pedestal_up"),
    (re.compile(r"\b(pedestal|boom)[- ]down\b", re.IGNORECASE), "pedestal_down"),
    (re.compile(r"\barc(?:ing)?[- ]left\b", re.IGNORECASE), "arc_left"),
    (re.compile(r"\barc(?:ing)?[- ]right\b", re.IGNORECASE), "arc_right"),
    (re.compile(r"\bcrane[- ]up\b", re.IGNORECASE), "crane_up"),
    (re.compile(r"\bcrane[- ]down\b", re.IGNORECASE), "crane_down"),
    (re.compile(r"\bhand-?held\b", re.IGNORECASE), "handheld"),
    (
        re.compile(
            r"\b(static|locked[- ]off|lock it off|no (?:camera )?move(?:ment)?|hold still|tripod)\b",
            re.IGNORECASE,
        ),
        "static",
    ),
]
_ANGLE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"\b(overhead|bird'?s[- ]eye|top[- ]down|from above)\b", re.IGNORECASE),
        "overhead",
    ),
    (re.compile(r"\b(dutch|canted|oblique|tilted horizon)\b", re.IGNORECASE), "dutch"),
    (re.compile(r"\blow(?:er)?[- ]angle\b|\blow\b", re.IGNORECASE), "low"),
    (re.compile(r"\bhigh(?:er)?[- ]angle\b|\bhigh\b", re.IGNORECASE), "high"),
    (re.compile(r"\beye[- ]level\b|\bneutral angle\b", re.IGNORECASE), "eye_level"),
]
_FRAMING_WORDS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"\b(extreme|very)[- ]close[- ]?(up)?\b|\bECU\b|\bXCU\b", re.IGNORECASE),
        "extreme_close_up",
    ),
    (re.compile(r"\bclose[- ]?up\b|\bCU\b|\btighter\b|\bcloser\b", re.IGNORECASE), "close_up"),
    (re.compile(r"\b(extreme|very)[- ](long|wide)\b|\bELS\b", re.IGNORECASE), "extreme_long"),
    (re.compile(r"\blong shot\b|\bwide shot\b|\bwider\b|\bwide\b|\bLS\b", re.IGNORECASE), "long"),
    (re.compile(r"\bfull[- ]shot\b|\bfull[- ]body\b|\bhead to toe\b", re.IGNORECASE), "full"),
    (re.compile(r"\bmedium\b|\bmid[- ]shot\b|\bwaist\b|\bMS\b", re.IGNORECASE), "medium"),
]
_PACING_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bease[- ]in[- ](and[- ])?out\b|\bsmooth\b", re.IGNORECASE), "ease_in_out"),
    (re.compile(r"\bease[- ]in\b|\baccelerat\w*|\bbuild(s|ing)? up\b", re.IGNORECASE), "ease_in"),
    (
        re.compile(r"\bease[- ]out\b|\bdecelerat\w*|\bland(s|ing)? softly\b|\bsettle\w*", re.IGNORECASE),
        "ease_out",
    ),
    (re.compile(r"\blinear\b|\bconstant\b|\bsteady\b|\bmechanical\b", re.IGNORECASE), "linear"),
]
_NEGATION = re.compile(
    r"\b(not|no|never|instead of|rather than|than|isn't|wasn't|read as|reads as|looked like|looks like)\s+(?:a\s+|an\s+|the\s+)?$",
    re.IGNORECASE,
)
_INSTRUCTION = re.compile(
    r"\b(make it|should be|use|try|change (?:it )?to|needs? to be|want|go for|switch to|instead)\b",
    re.IGNORECASE,
)


def _requested(note: str, table: list[tuple[re.Pattern[str], str]]) -> list[str]:
    """Ids a note asks for, in note order, skipping ones it rejects ('not a zoom in')."""
    instruction = _INSTRUCTION.search(note)
    scopes = [note[instruction.end() :], note] if instruction else [note]
    for scope in scopes:
        hits: list[tuple[int, str]] = []
        for pattern, value in table:
            for match in pattern.finditer(scope):
                if _NEGATION.search(scope[max(0, match.start() - 20) : match.start()]):
                    continue
                hits.append((match.start(), value))
        if hits:
            hits.sort()
            return list(dict.fromkeys(v for _, v in hits))
    return []


def _speed_from(note: str, speed: float) -> float | None:
    number = re.search(r"\bspeed\s*(?:of|to|=)?\s*(0(?:\.\d+)?|1(?:\.0+)?)\b", note, re.IGNORECASE)
    if number:
        return float(number.group(1))
    if re.search(r"\b(much slower|very slow|barely)\b", note, re.IGNORECASE):
        return 0.1
    if re.search(r"\b(slower|gentler|subtler|less)\b", note, re.IGNORECASE):
        return round(max(0.05, speed * 0.6), 2)
    if re.search(r"\bslow(ly)?\b", note, re.IGNORECASE):
        return 0.25
    if re.search(r"\b(faster|quicker|more|stronger|bigger|clearer|clear)\b", note, re.IGNORECASE):
        return round(min(1.0, max(speed, 0.3) * 1.5), 2)
    if re.search(r"\b(fast|quick)\b", note, re.IGNORECASE):
        return 1.0
    if re.search(r"\bmedium speed\b", note, re.IGNORECASE):
        return 0.5
    return None


@dataclass
class _Design:
    framing: str
    angle: str
    movements: list[str]
    lens_mm: float
    speed: float
    pacing: str
    reason: str
    prompt_notes: list[str]


def _apply_revisions(design: _Design, requests: list[RevisionRequest]) -> list[str]:
    """Apply each request to the field it names; return one phrase per change made."""
    done: list[str] = []
    for request in requests:
        field, note = request.field.strip(), request.note
        target = field.split(".")[-1] if field.startswith("camera") else field
        if field == "camera":
            target = "camera"
        changed: list[str] = []
        if target in ("movements", "camera"):
            moves = _requested(note, _MOVE_WORDS)
            if moves:
                design.movements = ["static"] if moves[0] == "static" else _coherent(moves)
                changed.append(f"movements {design.movements}")
        if target in ("movements", "speed", "camera"):
            speed = _speed_from(note, design.speed if design.speed > 0 else 0.3)
            if speed is not None and design.movements != ["static"]:
                design.speed = speed
                changed.append(f"speed {speed}")
            elif design.movements != ["static"] and design.speed == 0:
                design.speed = 0.3
        if target in ("angle", "camera"):
            angles = _requested(note, _ANGLE_WORDS)
            if angles:
                design.angle = angles[0]
                changed.append(f"angle {angles[0]}")
        if target in ("framing", "camera"):
            framings = _requested(note, _FRAMING_WORDS)
            if framings:
                design.framing = framings[0]
                design.lens_mm = LENSES[framings[0]][0]
                changed.append(f"framing {framings[0]}")
        if target in ("lens_mm", "lens", "camera"):
            mm = re.search(r"(\d{2,4}(?:\.\d+)?)\s*mm", note)
            if mm:
                design.lens_mm = min(1200.0, max(8.0, float(mm.group(1))))
            elif re.search(r"\b(longer|tighter|telephoto)\b", note, re.IGNORECASE):
                design.lens_mm = min(1200.0, round(design.lens_mm * 1.5, 1))
            elif re.search(r"\b(wider|shorter|wide-angle|wide angle)\b", note, re.IGNORECASE):
                design.lens_mm = max(8.0, round(design.lens_mm * 0.7, 1))
            if mm or target != "camera":
                changed.append(f"lens {design.lens_mm:g}mm")
        if target in ("pacing", "camera") or field == "pacing":
            pacings = _requested(note, _PACING_WORDS)
            if pacings:
                design.pacing = pacings[0]
                changed.append(f"pacing {pacings[0]}")
        if "prompt" in field or field.startswith("keyframes"):
            design.prompt_notes.append(note)
            changed.append("prompts")
        if design.movements == ["static"]:
            design.speed = 0.0
        done.append(f"{field} ({note!r}) -> {', '.join(changed) if changed else 'no camera change'}")
    return done


# 4. Prompts ----------------------------------------------------------------------------------

_LIGHT = {
    "night": "night, practical lights and deep shadows",
    "golden": "low golden light, long shadows",
    "day": "soft daylight",
}


def _people(shot: Shot, bible: Bible) -> str:
    out = []
    for name in shot.subjects:
        try:
            sheet = bible.character(name)
        except KeyError:
            out.append(name)
            continue
        bits = [b for b in (sheet.description, sheet.wardrobe, sheet.identity.hair) if b]
        out.append(f"{name} ({'; '.join(bits)}; identity colour {sheet.identity.colour})" if bits else name)
    return ", ".join(out)


def _place(scene: Scene, bible: Bible) -> str:
    name = location_name(scene)
    try:
        sheet = bible.location(name)
    except KeyError:
        return name
    first = re.split(r"(?<=[.!?])\s", sheet.description, maxsplit=1)[0] if sheet.description else ""
    first = first.rstrip(" .!?")
    return f"{name}: {first}" if first else name


def _camera_words(design: _Design) -> str:
    speed = "slow" if design.speed < 0.35 else ("fast" if design.speed >= 0.75 else "steady")
    moves = " + ".join(LABELS[m] for m in design.movements)
    motion = "locked-off static camera" if design.movements == ["static"] else f"{speed} {moves}"
    return f"{LABELS[design.angle]} {motion}, {design.lens_mm:g}mm, {LABELS[design.framing]}"


def _image_prompt(description: str, shot: Shot, scene: Scene, bible: Bible, design: _Design) -> str:
    parts = [description.rstrip(".") + "."]
    people = _people(shot, bible)
    if people:
        parts.append(f"Characters: {people}.")
    parts.append(f"Location: {_place(scene, bible)}.")
    parts.append(f"Light: {_LIGHT[light_of(scene.time_of_day)]}.")
    parts.append(f"{LABELS[design.framing]}, {LABELS[design.angle]}, {design.lens_mm:g}mm lens.")
    if bible.style.look:
        parts.append(f"Look: {bible.style.look}.")
    parts.extend(f"Note: {n}." for n in design.prompt_notes)
    return " ".join(parts)


# 5. The entry point ---------------------------------------------------------------------------


def _signature(choice: CameraChoice | _Design) -> tuple[object, ...]:
    return (choice.framing, choice.angle, tuple(choice.movements), float(choice.lens_mm))


def _design(shot: Shot, seen: str, text: str) -> _Design:
    framing = shot.camera.framing
    angle, angle_why = _angle(shot, text)
    motives = _motives(shot, seen, text)
    moves: list[str] = []
    for motive in motives:
        moves.extend(m for m in motive.moves if m != "static")
    moves = _coherent(moves)
    if moves == ["static"]:
        if len(motives) == 1 and motives[0].moves == ["static"]:
            rule = motives[0].rule
        elif (
            shot.kind in ("single", "over_the_shoulder", "two_shot", "master")
            and shot.duration_s > LONG_SHOT_S
        ):
            moves, rule = ["dolly_in"], "a long speech gets a slow, barely felt push in"
        else:
            rule = "nothing in the action motivates a move, so the camera holds"
        speed, pacing = (
            (0.12 if moves != ["static"] else 0.0),
            ("ease_in_out" if moves != ["static"] else "linear"),
        )
    else:
        lead = next(m for m in motives if any(x in moves for x in m.moves))
        rule = (
            lead.rule
            if len(moves) == 1
            else " and ".join(dict.fromkeys(m.rule for m in motives if any(x in moves for x in m.moves)))
        )
        speed = max(m.speed for m in motives if any(x in moves for x in m.moves))
        pacing = lead.pacing
        if moves == ["handheld"]:
            pacing = "linear"
    lens = LENSES[framing][1 if angle == "overhead" or shot.kind == "insert" else 0]
    reason = f"{rule[0].upper()}{rule[1:]}, {angle_why}, shot on {lens:g}mm for the {LABELS[framing]}."
    return _Design(framing, angle, moves, lens, round(speed, 2), pacing, reason, [])


def design_camera(
    shots: list[Shot],
    scene: Scene,
    bible: Bible,
    *,
    fps: int,
    previous: CameraChoice | None = None,
    revisions: dict[str, list[RevisionRequest]] | None = None,
) -> CinematographerOutput:
    """One camera choice per shot, in order, by film grammar (see the module docstring)."""
    if fps <= 0:
        raise ValueError(f"fps must be > 0, got {fps}")
    elements = {e.id: e for e in scene.elements}
    revisions = revisions or {}
    choices: list[CameraChoice] = []
    last: tuple[object, ...] | None = _signature(previous) if previous is not None else None
    for shot in shots:
        # 1-4. The grammar's design.
        design = _design(shot, _text_of(shot, elements, spoken=False), _text_of(shot, elements))
        # 7. Never the exact camera of the shot before.
        if last is not None and _signature(design) == last:
            design = _vary(design)
        # 6. The critic's revisions override whatever they name.
        requests = revisions.get(shot.id, [])
        if requests:
            done = _apply_revisions(design, requests)
            design.reason = design.reason.rstrip(".") + "; revised as asked: " + "; ".join(done) + "."
        # 5. Keyframes and prompts.
        choices.append(_choice(shot, scene, bible, design, fps))
        last = _signature(design)
    return CinematographerOutput(shots=choices)


def _vary(design: _Design) -> _Design:
    if design.movements == ["static"]:
        tight = design.framing in ("medium", "close_up", "extreme_close_up")
        design.movements = ["dolly_in"] if tight else ["pan_right"]
        design.speed, design.pacing = 0.12, "ease_in_out"
        what = "a barely felt push in" if tight else "a slow drift right"
        held = "so the camera holds"
        if held in design.reason:
            design.reason = design.reason.replace(
                held, f"so {what} only keeps it from repeating the shot before", 1
            )
        else:
            design.reason = design.reason.rstrip(".") + f"; {what} keeps it from repeating the shot before."
    else:
        design.movements = _coherent([_VARIANT.get(m, m) for m in design.movements])
        if design.movements == ["static"]:
            design.speed, design.pacing = 0.0, "linear"
        design.reason = (
            design.reason.rstrip(".") + "; the move is varied so it does not repeat the shot before."
        )
    return design


def _choice(shot: Shot, scene: Scene, bible: Bible, design: _Design, fps: int) -> CameraChoice:
    start = shot.keyframes[0].description if shot.keyframes else shot.description
    end = shot.keyframes[-1].description if len(shot.keyframes) > 1 else shot.description
    marks: list[tuple[float, str]] = [(0.0, start)]
    inner = [k for k in shot.keyframes[1:-1]]
    frames = max(1, shot.frame_count(fps))
    if inner:
        for keyframe in inner:
            at = round(min(0.99, max(0.01, keyframe.frame / max(1, frames - 1))), 3)
            marks.append((at, keyframe.description))
    elif len(design.movements) > 1 or (shot.duration_s > LONG_SHOT_S and design.movements != ["static"]):
        moves = " + ".join(LABELS[m] for m in design.movements)
        marks.append((0.5, f"Midway through the {moves}: {shot.description}"))
    marks.append((1.0, end))
    keyframes = [
        KeyframeChoice(at=at, description=desc, prompt=_image_prompt(desc, shot, scene, bible, design))
        for at, desc in marks
    ]
    prompt = f"{_camera_words(design)}. {shot.description}"
    if bible.style.look:
        prompt += f" Look: {bible.style.look}."
    return CameraChoice(
        shot=shot.id,
        framing=design.framing,  # type: ignore[arg-type]
        angle=design.angle,  # type: ignore[arg-type]
        movements=design.movements,  # type: ignore[arg-type]
        lens_mm=design.lens_mm,
        speed=design.speed,
        pacing=design.pacing,  # type: ignore[arg-type]
        keyframes=keyframes,
        prompt=prompt,
        reason=design.reason,
    )
