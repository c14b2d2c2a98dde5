"""Camera words: how a director or a critic names a move, a framing, an angle, a lens, a speed
and a pacing curve, each mapped to the plan's ids (storyreel.models.camera).

Read by the director's notes (notes/camera.py, notes/structure.py) and the critic's revision
requests (camera/revisions.py), so a synonym added here is understood in both. A row is a
pattern with its own word boundaries, because camera words are phrases ("push in", "lock it
off") more often than words. To add a synonym for "push in": one more alternative in the
dolly_in row of MOVES, or one more row.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from storyreel.agents.film_grammar.lexicon import IC

# Lens per framing, full-frame equivalent mm: (usual, alternative). Tighter is always longer.
# Read by camera/design.py (a designed shot's lens) and plan_edits (a new framing's lens).
LENSES: dict[str, tuple[float, float]] = {
    "extreme_long": (21.0, 18.0),
    "long": (27.0, 24.0),
    "full": (35.0, 35.0),
    "medium": (45.0, 50.0),
    "close_up": (85.0, 85.0),
    "extreme_close_up": (110.0, 135.0),
}
LENS_RANGE_MM = (8.0, 1200.0)  # what a note or a critic may ask of a lens

Words = tuple[tuple[re.Pattern[str], str], ...]

# fmt: off
MOVES: Words = (
    (re.compile(r"\b(dolly|push|track|move|creep)(?:ing)?[- ]?in\b|\bpush(?:es)? (?:in|closer)\b", IC), "dolly_in"),
    (re.compile(r"\bpush(?:es|ing)?\b(?! (?:out|back))", IC), "dolly_in"),
    (re.compile(r"\b(dolly|pull|track)(?:ing)?[- ]?(out|back)\b|\bpull away\b", IC), "dolly_out"),
    (re.compile(r"\b(?:pull|drift)(?:s|ing)? (?:out|back|away)\b|\bback (?:away|out)\b", IC), "dolly_out"),
    (re.compile(r"\bzoom(?:ing)?[- ]?in\b", IC), "zoom_in"),
    (re.compile(r"\b(?:crash|snap) zoom\b", IC), "zoom_in"),
    (re.compile(r"\bzoom(?:ing)?[- ]?out\b", IC), "zoom_out"),
    (re.compile(r"\bpan(?:ning)?[- ]left\b", IC), "pan_left"),
    (re.compile(r"\bwhip[- ]pan (?:to the )?left\b", IC), "pan_left"),
    (re.compile(r"\bpan(?:ning)?[- ]right\b", IC), "pan_right"),
    (re.compile(r"\bwhip[- ]pan\b(?! (?:to the )?left)", IC), "pan_right"),
    (re.compile(r"\btilt(?:ing)?[- ]up\b", IC), "tilt_up"),
    (re.compile(r"\btilt(?:ing)?[- ]down\b", IC), "tilt_down"),
    (re.compile(r"\b(truck|crab)(?:ing)?[- ]left\b", IC), "truck_left"),
    (re.compile(r"\b(?:track|dolly)(?:ing)? (?:to the )?left\b", IC), "truck_left"),
    (re.compile(r"\b(truck|crab)(?:ing)?[- ]right\b", IC), "truck_right"),
    (re.compile(r"\b(?:track|dolly)(?:ing)? (?:to the )?right\b", IC), "truck_right"),
    (re.compile(r"\b(pedestal|boom)[- ]up\b", IC), "pedestal_up"),
    (re.compile(r"\b(pedestal|boom)[- ]down\b", IC), "pedestal_down"),
    (re.compile(r"\barc(?:ing)?[- ]left\b", IC), "arc_left"),
    (re.compile(r"\b(?:orbit|circle)(?:s|ing)? (?:to the )?left\b", IC), "arc_left"),
    (re.compile(r"\barc(?:ing)?[- ]right\b", IC), "arc_right"),
    (re.compile(r"\b(?:orbit|circle)(?:s|ing)?\b(?! (?:to the )?left)", IC), "arc_right"),
    (re.compile(r"\bcrane[- ]up\b", IC), "crane_up"),
    (re.compile(r"\b(?:jib|rise|rising|lift) up\b", IC), "crane_up"),
    (re.compile(r"\bcrane[- ]down\b", IC), "crane_down"),
    (re.compile(r"\b(?:jib|descend) down\b", IC), "crane_down"),
    (re.compile(r"\bhand-?held\b", IC), "handheld"),
    (re.compile(r"\bshaky\b|\bdocumentary[- ]style\b|\bon the shoulder\b", IC), "handheld"),
    (re.compile(r"\b(static|locked[- ]off|lock it off|no (?:camera )?move(?:ment)?|hold still|tripod)\b", IC), "static"),
    (re.compile(r"\block(?:ed)?(?: it)? off\b|\bno (?:camera )?(?:move|movement)\b|\blose the move\b|\bkill the move\b|\bstill camera\b", IC), "static"),
)

# 'low' and 'high' alone are an angle unless the next word makes them light, key or budget.
NOT_ANGLE_AFTER = ("light", "key", "contrast", "budget", "res", "speed", "energy", "stakes", "point")
_BARE = r"\b({})\b(?![- ](?:" + "|".join(NOT_ANGLE_AFTER) + r"))"

ANGLES: Words = (
    (re.compile(r"\b(overhead|bird'?s[- ]eye|top[- ]down|from above)\b", IC), "overhead"),
    (re.compile(r"\b(dutch|canted|oblique|tilted horizon)\b", IC), "dutch"),
    (re.compile(r"\blow(?:er)?[- ]angle\b", IC), "low"),
    (re.compile(r"\bhigh(?:er)?[- ]angle\b", IC), "high"),
    (re.compile(r"\beye[- ]level\b|\bneutral angle\b", IC), "eye_level"),
    (re.compile(_BARE.format("low|lower"), IC), "low"),
    (re.compile(_BARE.format("high|higher"), IC), "high"),
    (re.compile(r"\bfrom below\b|\blooking up at\b|\bworm'?s[- ]eye\b|\blower (?:the )?camera\b|\bgo low(?:er)?\b|\bshoot (?:it |him |her |them )?(?:from )?low\b", IC), "low"),
    (re.compile(r"\blooking down (?:on|at)\b|\bfrom up high\b|\braise (?:the )?camera\b|\bgo high(?:er)?\b", IC), "high"),
    (re.compile(r"\b(?:straighten|level)(?: out)? (?:the |it|this)?\s*(?:horizon|frame|camera|angle)?\b|\blose the dutch\b|\bno dutch\b", IC), "eye_level"),
)

FRAMINGS: Words = (
    (re.compile(r"\b(?:extreme|very|big)[- ]close(?:[- ]?ups?)?\b|\becu\b|\bxcu\b|\bmacro\b", IC), "extreme_close_up"),
    (re.compile(r"\bclose[- ]?ups?\b|\bcu\b|\bmcu\b|\bmedium close[- ]?up\b|\bchest up\b|\bhead and shoulders\b", IC), "close_up"),
    (re.compile(r"\b(?:extreme|very)[- ](?:long|wide)(?: shot)?\b|\bels\b|\bvista\b", IC), "extreme_long"),
    (re.compile(r"\blong shot\b|\bwide shot\b|\ba wide\b|\bwide\b|\bls\b|\bws\b", IC), "long"),
    (re.compile(r"\bfull[- ]shot\b|\bfull[- ]body\b|\bhead to toe\b|\bhead-to-toe\b|\bcowboy\b", IC), "full"),
    (re.compile(r"\bmedium(?: shot)?\b|\bmid[- ]shot\b|\bwaist(?:[- ]up)?\b|\bms\b", IC), "medium"),
)
# fmt: on

# Framing relative to the shot's own: one step along the scale, two with an intensifier.
TIGHTER = ("tighter", "closer", "punch in", "get closer", "go closer")
WIDER = ("wider", "looser", "more room", "back off", "go wider", "pull wider")
STEP_INTENSIFIERS = ("much", "a lot", "way", "even", r"two steps?")

PACINGS: Words = (
    (re.compile(r"\bease[- ]in[- ](and[- ])?out\b|\bsmooth\b", IC), "ease_in_out"),
    (re.compile(r"\bease[- ]in\b|\baccelerat\w*|\bbuild(s|ing)? up\b", IC), "ease_in"),
    (re.compile(r"\bease[- ]out\b|\bdecelerat\w*|\bland(s|ing)? softly\b|\bsettle\w*", IC), "ease_out"),
    (re.compile(r"\blinear\b|\bconstant\b|\bsteady\b|\bmechanical\b", IC), "linear"),
)

# A lens by its focal length, or longer / wider than it is ('long' only as 'long lens').
LENS_MM = re.compile(r"(\d{2,4}(?:\.\d+)?)\s*mm\b", IC)
LONGER_LENS = ("longer", "tighter", r"tele(?:photo)?", r"long(?= lens)")
WIDER_LENS = ("wider", "shorter", r"wide[- ]angle")
LENS_SCALE = {"longer": 1.5, "wider": 0.7}  # what 'a longer lens' does to the focal length


class Speed(NamedTuple):
    """A row of SPEEDS: the words, what they set ('speed' absolute or 'scale' of the current
    speed), the value, whether they mean a speed only of a moving shot, and how a reply says it."""

    pattern: re.Pattern[str]
    kind: str
    value: float
    moving_only: bool
    said: str


# A number given as the speed ('speed 0.3'), then words in the order they are tried.
SPEED_VALUE = re.compile(r"\bspeed\s*(?:of|to|=)?\s*(0(?:\.\d+)?|1(?:\.0+)?)\b", IC)
SPEEDS: tuple[Speed, ...] = (
    Speed(re.compile(r"\b(barely|imperceptibl\w*|subtle|very slow(?:ly)?|creep\w*)\b", IC), "speed", 0.12, False, "barely moving (speed 0.12)"),
    Speed(re.compile(r"\b(much slower|way slower|a lot slower)\b", IC), "scale", 0.4, True, "much slower move (x0.4)"),
    Speed(re.compile(r"\b(slower|gentler|softer|calmer|subtler|less)\b", IC), "scale", 0.6, True, "slower move (x0.6)"),
    Speed(re.compile(r"\b(much faster|way faster|a lot faster)\b", IC), "scale", 2.0, True, "much faster move (x2)"),
    Speed(re.compile(r"\b(faster|quicker|more aggressive|harder|stronger|bigger|clearer)\b", IC), "scale", 1.5, True, "faster move (x1.5)"),
    Speed(re.compile(r"\bslow(?:ly)?\b", IC), "speed", 0.25, True, "slow (0.25)"),
    Speed(re.compile(r"\b(fast|quick(?:ly)?|whip|crash|snap|sudden)\b", IC), "speed", 1.0, True, "fast (1.0)"),
    Speed(re.compile(r"\bmedium speed\b|\bsteady\b", IC), "speed", 0.5, True, "medium speed (0.5)"),
)  # fmt: skip

# Words before a camera word that reject it ('not a zoom', 'it reads as a pan').
NEGATION = re.compile(
    r"\b(not|no|never|instead of|rather than|than|isn't|wasn't|read as|reads as|looked like|looks like)\s+(?:a\s+|an\s+|the\s+)?$",
    IC,
)
# Words after which a critic's note says what it wants ('make it a push in').
INSTRUCTION = re.compile(
    r"\b(make it|should be|use|try|change (?:it )?to|needs? to be|want|go for|switch to|instead)\b", IC
)
# Words that make a note about the camera rather than the cut or the set (notes/).
MOVE_NOUNS = ("tilt", "pan", "push", "dolly", "zoom", "crane", "truck", "move")
CAMERA_CONTEXT = (
    *MOVE_NOUNS, "moves", "movement", "camera", "pull", "pans", "track", "arc", "whip", "handheld", "drift",
)  # fmt: skip
# Words that add a move to the shot's own instead of replacing it ('also a tilt up').
ADD_MOVE = ("add", "also", "plus", "as well", "on top", "combine", "with a", "and a")
# 'lose the zoom': the move words a director drops, and the family each names.
DROPPED_MOVES = {
    "zoom": "zoom",
    "pan": "pan",
    "tilt": "tilt",
    "dolly": "dolly",
    "push": "dolly",
    "crane": "crane",
    "handheld": "handheld",
    "shake": "handheld",
    "truck": "truck",
    "arc": "arc",
}
