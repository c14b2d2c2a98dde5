"""What a script's action lines say: one row per word, tagged with everything it tells the grammar.

A word means several things at once: "runs" is motion the camera follows *and* a big movement
the storyboard frames wide; "tears" is on a face, an emotional beat and a sign of vulnerability.
So each word is listed once, with its meanings as flags, and each reader asks for the meaning it
needs (`cue_pattern(Cue.FACE)`). Adding a word is one row; giving a word another meaning is
one more flag on its row.

Who reads which meaning:

    camera/motives.py  CHASE WALK TOWARD RISE FALL REVEAL TURN ARRIVE DEPART REALISE CHAOS
    camera/design.py   POWER POWER_SIGN VULNERABLE VULNERABLE_SIGN UNEASE UNEASE_SIGN GEOGRAPHY
    coverage/          BIG BUSINESS FACE (action), EMOTIONAL QUIETEST (parentheticals),
                       SILENCE (the action before a line)
    notes/camera.py    POWER BIGGER VULNERABLE SMALLER UNEASE (a director asking for a feeling)

A *feeling* (POWER, VULNERABLE, UNEASE) is the mood named, read in a script and in a note; a
*sign* (POWER_SIGN, ...) is what a script shows that carries the mood (a gun, children, a
lurch), read in scripts only: a note that mentions the police is not asking for a low angle.
"""

from __future__ import annotations

import re
from enum import Flag, auto
from functools import cache

from storyreel.agents.film_grammar.lexicon import words_pattern
from storyreel.agents.film_grammar.lexicon.objects import INSERT_DETAILS


class Cue(Flag):
    """A meaning an action word carries (see the module docstring for who reads each)."""

    CHASE = auto()  # fast travel: the camera follows in the screen direction
    WALK = auto()  # walking pace: the camera pans with it
    TOWARD = auto()  # an approach: the camera moves in
    RISE = auto()  # rising: tilt or crane up
    FALL = auto()  # falling or sinking: tilt or crane down
    REVEAL = auto()  # a discovery: pull back
    TURN = auto()  # a discovery made by turning round: pan to it instead
    ARRIVE = auto()  # an entrance: met by the camera
    DEPART = auto()  # an exit: let go
    REALISE = auto()  # a realisation or held emotion: a slow push in
    CHAOS = auto()  # disorder: handheld
    POWER = auto()  # the feeling of power or menace: low angle
    POWER_SIGN = auto()  # what shows power in a script: a gun, the police, a glare
    BIGGER = auto()  # a director asking a figure to look bigger: low angle
    VULNERABLE = auto()  # the feeling of vulnerability: high angle
    VULNERABLE_SIGN = auto()  # what shows it in a script: children, tears, a sheer drop
    SMALLER = auto()  # a director asking a figure to look smaller: high angle
    UNEASE = auto()  # the feeling of unease: dutch angle
    UNEASE_SIGN = auto()  # what shows it in a script: a lurch, a nightmare
    GEOGRAPHY = auto()  # a layout to see from above: overhead
    BIG = auto()  # a big movement of the body or the world: frame it wide
    BUSINESS = auto()  # handling things: a medium shot
    FACE = auto()  # it plays on a face: close on one person
    EMOTIONAL = auto()  # a parenthetical of feeling: the line goes close
    QUIETEST = auto()  # the quietest delivery: extreme close-up
    SILENCE = auto()  # a held silence before a line


C = Cue
# fmt: off
# Every action word, once: (forms, meanings). Grouped by the first meaning for reading.
ACTION_WORDS: tuple[tuple[str, Cue], ...] = (
    # fast travel
    (r"chases?|chasing", C.CHASE | C.BIG),
    (r"pursu\w*", C.CHASE),
    (r"races?|racing", C.CHASE | C.BIG),
    (r"sprints?|sprinting", C.CHASE | C.BIG),
    (r"runs?|running", C.CHASE | C.BIG),
    (r"flees?|fleeing", C.CHASE | C.BIG),
    (r"bolts?", C.CHASE | C.BIG),
    (r"dashes|dash", C.CHASE),
    (r"gallops?", C.CHASE | C.BIG),
    (r"speeds?", C.CHASE | C.BIG),
    (r"hurtles?", C.CHASE),
    (r"careers?", C.CHASE),
    (r"leaps?|leaping", C.CHASE | C.BIG),
    (r"vaults?", C.CHASE | C.BIG),
    (r"jumps?|jumping", C.CHASE | C.BIG),
    (r"rolls?", C.CHASE | C.BIG),
    (r"scrambles?", C.CHASE | C.BIG),
    (r"rushes?", C.CHASE | C.BIG),
    (r"charges?", C.CHASE | C.BIG),
    (r"limps?", C.CHASE | C.BIG),
    (r"skids?", C.CHASE | C.BIG),
    (r"dives?", C.BIG),
    (r"escapes?", C.BIG),
    (r"storms?", C.BIG),
    (r"spins?", C.BIG),
    (r"flies|fly", C.BIG),
    (r"swoops?", C.BIG),
    # walking and approaching
    (r"walks?|walking", C.WALK),
    (r"strolls?", C.WALK),
    (r"paces?", C.WALK | C.BUSINESS),
    (r"pacing", C.WALK),
    (r"crosses", C.WALK),
    (r"wanders?", C.WALK),
    (r"marches?", C.WALK | C.BIG),
    (r"swoops? in", C.WALK | C.ARRIVE),
    (r"moves? along", C.WALK),
    (r"walks? (?:toward|towards|up to)", C.TOWARD),
    (r"approaches", C.TOWARD),
    (r"advances?", C.TOWARD | C.POWER_SIGN),
    (r"closes in", C.TOWARD),
    (r"moves? toward\w*", C.TOWARD),
    (r"comes? closer", C.TOWARD),
    # rising
    (r"rises?|rising", C.RISE),
    (r"climbs?", C.RISE | C.BIG),
    (r"climbing", C.RISE),
    (r"stands? up", C.RISE),
    (r"gets? up", C.RISE),
    (r"ascends?", C.RISE),
    (r"lifts? off", C.RISE),
    (r"soars?", C.RISE | C.BIG),
    (r"explode upward", C.RISE),
    (r"looks? up", C.RISE),
    (r"towers?", C.RISE | C.POWER_SIGN),
    (r"rears? up", C.RISE),
    (r"stands?\b(?! over)", C.RISE | C.BUSINESS),
    # falling and sinking
    (r"falls?|falling", C.FALL | C.BIG),
    (r"collapses?", C.FALL | C.VULNERABLE_SIGN | C.BIG),
    (r"collapsing", C.FALL),
    (r"sinks?", C.FALL | C.VULNERABLE_SIGN),
    (r"sinking", C.FALL),
    (r"drops?|dropping", C.FALL),
    (r"tumbles?", C.FALL | C.BIG),
    (r"slumps?", C.FALL),
    (r"kneels?", C.FALL | C.VULNERABLE_SIGN | C.BUSINESS),
    (r"sits? down", C.FALL),
    (r"crumples?", C.FALL),
    (r"rain(?:s)? down", C.FALL | C.BIG),
    (r"plunges?", C.FALL),
    (r"steps? off", C.FALL),
    (r"looks? down", C.FALL),
    (r"feet down", C.FALL | C.GEOGRAPHY),
    (r"topples?", C.FALL),
    (r"tips?", C.FALL),
    # discoveries
    (r"reveals?|revealing|to reveal", C.REVEAL),
    (r"we see", C.REVEAL),
    (r"turns? to find", C.REVEAL | C.TURN),
    (r"discovers?", C.REVEAL),
    (r"finds?", C.REVEAL),
    (r"inside:", C.REVEAL),
    (r"sea of", C.REVEAL | C.GEOGRAPHY),
    (r"pull back", C.REVEAL),
    # entrances and exits
    (r"enters?", C.ARRIVE | C.BIG),
    (r"entering", C.ARRIVE),
    (r"arrives?", C.ARRIVE | C.BIG),
    (r"arriving", C.ARRIVE),
    (r"steps? in", C.ARRIVE),
    (r"comes? in", C.ARRIVE),
    (r"walks? in", C.ARRIVE | C.BIG),
    (r"appears?", C.ARRIVE),
    (r"bursts? in", C.ARRIVE),
    (r"heaves? (?:him|her)self through", C.ARRIVE),
    (r"through the (?:door|hatch|gate)", C.ARRIVE),
    (r"leaves?", C.DEPART | C.BIG),
    (r"leaving", C.DEPART),
    (r"walks? (?:away|off|out)", C.DEPART | C.BIG),
    (r"drives? (?:off|away)", C.DEPART | C.BIG),
    (r"exits?", C.DEPART),
    (r"disappears?", C.DEPART | C.BIG),
    (r"goes out", C.DEPART),
    (r"runs? off", C.DEPART),
    (r"heads? off", C.DEPART),
    (r"gone before", C.DEPART),
    (r"already leaving", C.DEPART),
    # realisations, held emotion and faces
    (r"realis\w*|realiz\w*", C.REALISE | C.FACE),
    (r"understands?", C.REALISE),
    (r"dawns?", C.REALISE),
    (r"knew|knows", C.REALISE),
    (r"recognis\w*|recogniz\w*", C.REALISE),
    (r"goes (?:very )?still", C.REALISE | C.FACE),
    (r"freezes?", C.REALISE | C.FACE),
    (r"stares?", C.REALISE | C.FACE),
    (r"tears?", C.REALISE | C.FACE | C.EMOTIONAL | C.VULNERABLE_SIGN),
    (r"stunned", C.REALISE | C.EMOTIONAL),
    (r"sees it|hears it", C.REALISE | C.FACE),
    (r"barely", C.REALISE | C.EMOTIONAL | C.QUIETEST | C.VULNERABLE_SIGN),
    (r"quietly", C.REALISE | C.EMOTIONAL),
    (r"whisper\w*", C.REALISE | C.EMOTIONAL | C.QUIETEST),
    (r"tearful\w*", C.REALISE | C.EMOTIONAL),
    (r"sob\w*", C.REALISE | C.FACE | C.EMOTIONAL),
    (r"swallows?", C.REALISE | C.FACE),
    (r"breath", C.REALISE),
    (r"silence", C.REALISE | C.SILENCE),
    (r"a long moment", C.REALISE | C.SILENCE),
    (r"long, terrible(?: beat)?", C.REALISE | C.SILENCE),
    (r"hold on", C.REALISE),
    (r"looks? at", C.FACE),
    (r"eyes", C.FACE),
    (r"glares?", C.FACE | C.POWER_SIGN),
    (r"cries|crying", C.FACE | C.EMOTIONAL | C.VULNERABLE_SIGN),
    (r"laugh\w*", C.FACE | C.EMOTIONAL),
    (r"smile\w*", C.FACE | C.EMOTIONAL),
    (r"flinch\w*", C.FACE),
    (r"blinks?", C.FACE),
    (r"winces?", C.FACE),
    (r"face", C.FACE),
    # how a line is said (parentheticals)
    (r"quiet", C.EMOTIONAL),
    (r"soft|softly", C.EMOTIONAL),
    (r"hushed", C.EMOTIONAL),
    (r"trembl\w*", C.EMOTIONAL),
    (r"shaking", C.EMOTIONAL),
    (r"choked?|choking", C.EMOTIONAL),
    (r"broken|breaking", C.EMOTIONAL),
    (r"beat", C.EMOTIONAL | C.SILENCE),
    (r"pause", C.EMOTIONAL | C.SILENCE),
    (r"to (?:him|her|them)self", C.EMOTIONAL | C.QUIETEST),
    (r"grin\w*", C.EMOTIONAL),
    (r"gently", C.EMOTIONAL),
    (r"moved", C.EMOTIONAL),
    (r"hurt", C.EMOTIONAL),
    (r"shocked", C.EMOTIONAL),
    (r"horrified", C.EMOTIONAL),
    (r"afraid", C.EMOTIONAL),
    (r"scared", C.EMOTIONAL),
    (r"desperate\w*", C.EMOTIONAL),
    (r"pleading", C.EMOTIONAL | C.VULNERABLE_SIGN),
    (r"fierce\w*", C.EMOTIONAL),
    (r"furious\w*", C.EMOTIONAL),
    (r"angr\w*", C.EMOTIONAL),
    (r"shout\w*", C.EMOTIONAL),
    (r"scream\w*", C.EMOTIONAL),
    (r"yell\w*", C.EMOTIONAL),
    (r"firm\w*", C.EMOTIONAL),
    (r"cold\w*", C.EMOTIONAL),
    (r"stricken", C.EMOTIONAL),
    (r"numb", C.EMOTIONAL),
    (r"almost inaudible", C.EMOTIONAL | C.QUIETEST),
    (r"under (?:his|her|their) breath", C.EMOTIONAL | C.QUIETEST),
    (r"a moment", C.SILENCE),
    (r"still", C.SILENCE),
    # disorder and destruction
    (r"explo(?:d|s)\w*", C.CHAOS | C.BIG),
    (r"chaos", C.CHAOS),
    (r"fight\w*", C.CHAOS),
    (r"scuffle", C.CHAOS),
    (r"brawl", C.CHAOS),
    (r"panic\w*", C.CHAOS),
    (r"stumbles?", C.CHAOS),
    (r"shatter\w*", C.CHAOS | C.BIG),
    (r"billows?", C.CHAOS | C.BIG),
    (r"rips?", C.CHAOS | C.BIG),
    (r"crash\w*", C.CHAOS | C.BIG),
    (r"everywhere", C.CHAOS),
    (r"erupts?", C.CHAOS),
    # power and menace (weapons are INSERT_DETAILS["weapons"], read as power signs too)
    (r"menac\w*", C.POWER),
    (r"threat\w*", C.POWER),
    (r"towering", C.POWER),
    (r"heroic\w*", C.POWER),
    (r"powerful|dominant|imposing", C.POWER),
    (r"stands? over", C.POWER_SIGN),
    (r"looms?|looming", C.POWER_SIGN),
    (r"corners?", C.POWER_SIGN),
    (r"draws? (?:a|his|her)", C.POWER_SIGN),
    (r"dares?|don't you dare", C.POWER_SIGN),
    (r"police|detective", C.POWER_SIGN),
    (r"triumph\w*|victor\w*|defiant\w*", C.POWER_SIGN),
    (r"commands?|orders? (?:him|her|them)", C.POWER_SIGN),
    (r"evidence", C.POWER_SIGN),
    (r"bigger|scarier", C.BIGGER),
    # vulnerability
    (r"small|helpless|alone", C.VULNERABLE),
    (r"vulnerable|weak|diminished|powerless|lonely", C.VULNERABLE),
    (r"smaller", C.SMALLER),
    (r"tiny|frail|too old", C.VULNERABLE_SIGN),
    (r"pleads?|begs?|begging|cowers?|weeps?", C.VULNERABLE_SIGN),
    (r"lost|trapped|sheer drop|nowhere to go", C.VULNERABLE_SIGN),
    (r"oxygen|wheezing|clutching", C.VULNERABLE_SIGN),
    (r"guilty|children", C.VULNERABLE_SIGN),
    # unease
    (r"uneas\w*|unsettl\w*|disorient\w*|off[- ]kilter", C.UNEASE),
    (r"wrong|uncanny|drunk|woozy", C.UNEASE),
    (r"dizzy|feverish|hallucin\w*|nightmare", C.UNEASE_SIGN),
    (r"strange|eerie|askew", C.UNEASE_SIGN),
    (r"lurch\w*|reels?|reeling|spinning", C.UNEASE_SIGN),
    # layouts seen from above
    (r"maps?", C.GEOGRAPHY),
    (r"crowds?", C.GEOGRAPHY | C.BIG),
    (r"rooftops?|roofs", C.GEOGRAPHY),
    (r"maze|labyrinth|grid|chessboard", C.GEOGRAPHY),
    (r"square below|streets below|city below", C.GEOGRAPHY),
    (r"from above|bird's|aerial", C.GEOGRAPHY),
    # handling things
    (r"picks? up", C.BUSINESS),
    (r"opens?|closes?", C.BUSINESS),
    (r"pours?|drinks?|drains?", C.BUSINESS),
    (r"types?|writes?|reads?|checks?", C.BUSINESS),
    (r"tunes?|plays?|sings?|counts? in", C.BUSINESS),
    (r"hands?|takes?|gives?|holds?|puts?|sends?", C.BUSINESS),
    (r"grabs?|slides?|presses?|pops?|wipes?|cracks?", C.BUSINESS),
    (r"turns? the", C.BUSINESS),
    (r"sits?|leans?", C.BUSINESS),
    (r"orders?", C.BUSINESS),
)
# fmt: on

# Screen direction of motion (camera/motives.py): towards the left or right of frame.
LEFTWARD = ("to the left", "leftward", "screen left", "from the right")
RIGHTWARD = ("to the right", "rightward", "screen right", "from the left")

# An establishing shot of something tall cranes down from it (camera/motives.py).
SKYLINE = ("sky", "skyline", "dome", "tower", "spire", "mountain", "cliff")

# Which way a point of view looks (camera/design.py): down on it, or up at it.
LOOKING_DOWN = ("down", "below", "beneath", "feet down")
LOOKING_UP = ("up", "above", "overhead")


def cue_forms(cue: Cue) -> list[str]:
    """The forms of every word carrying any of `cue`'s meanings, in table order (weapons,
    which menace, with the power signs)."""
    forms = [forms for forms, meanings in ACTION_WORDS if meanings & cue]
    if cue & Cue.POWER_SIGN:
        forms += INSERT_DETAILS["weapons"]
    return forms


@cache
def cue_pattern(cue: Cue) -> re.Pattern[str]:
    """A pattern finding any word that carries one of `cue`'s meanings."""
    return words_pattern(cue_forms(cue))
