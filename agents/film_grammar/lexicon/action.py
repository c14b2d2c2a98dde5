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
from functools import cache, reduce
from operator import or_

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
    # What a body does (coverage/bodies.py): the motion of the shot, a pose kept through the
    # scene, where the eyes go. Entrances and exits are ARRIVE and DEPART, walking WALK and TOWARD.
    RUN = auto()  # the body runs: from mark to mark at speed
    SIT = auto()  # sits, and stays seated until they stand
    LIE = auto()  # lies down, and stays down until they stand
    KNEEL = auto()  # kneels or crouches, and stays down until they stand
    STAND = auto()  # back on their feet
    PIVOT = auto()  # turns round to face something
    GAZE = auto()  # looks at someone or something: the eyeline is what follows
    AVERT = auto()  # looks away from the one they would face
    BACK_TURNED = auto()  # turns their back to us
    ADDRESS = auto()  # speaks or looks into the lens
    RELEASE = auto()  # lets go of what they hold


def _rows(table: str) -> tuple[tuple[str, Cue], ...]:
    """Rows of 'forms    MEANING MEANING' (two or more spaces between), '#' lines skipped."""
    rows = []
    for line in table.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            forms, meanings = re.split(r"\s{2,}", line)
            rows.append((forms, reduce(or_, (Cue[name] for name in meanings.split()))))
    return tuple(rows)


# Every action word, once: its forms, then its meanings (Cue names). Grouped by first meaning.
ACTION_WORDS: tuple[tuple[str, Cue], ...] = _rows(
    r"""
    # fast travel
    chases?|chasing                     CHASE BIG RUN
    pursu\w*                            CHASE
    races?|racing                       CHASE BIG RUN
    sprints?|sprinting                  CHASE BIG RUN
    runs?|running                       CHASE BIG RUN
    flees?|fleeing                      CHASE BIG RUN
    bolts?                              CHASE BIG RUN
    dashes|dash                         CHASE RUN
    gallops?                            CHASE BIG
    speeds?                             CHASE BIG
    hurtles?                            CHASE
    careers?                            CHASE
    leaps?|leaping                      CHASE BIG
    vaults?                             CHASE BIG
    jumps?|jumping                      CHASE BIG
    rolls?                              CHASE BIG
    scrambles?                          CHASE BIG
    rushes?                             CHASE BIG RUN
    charges?                            CHASE BIG RUN
    limps?                              CHASE BIG
    skids?                              CHASE BIG
    dives?                              BIG
    escapes?                            BIG
    storms?                             BIG
    spins?                              BIG PIVOT
    flies|fly                           BIG
    swoops?                             BIG
    # walking and approaching
    walks?|walking                      WALK
    strolls?                            WALK
    paces?                              WALK BUSINESS
    pacing                              WALK
    crosses                             WALK
    wanders?                            WALK
    marches?                            WALK BIG
    swoops? in                          WALK ARRIVE
    moves? along                        WALK
    walks? (?:toward|towards|up to)     TOWARD
    approaches                          TOWARD
    advances?                           TOWARD POWER_SIGN
    closes in                           TOWARD
    moves? toward\w*                    TOWARD
    comes? closer                       TOWARD
    # rising
    rises?|rising                       RISE STAND
    climbs?                             RISE BIG
    climbing                            RISE
    stands? up                          RISE STAND
    gets? up                            RISE STAND
    ascends?                            RISE
    lifts? off                          RISE
    soars?                              RISE BIG
    explode upward                      RISE
    looks? up                           RISE
    towers?                             RISE POWER_SIGN
    rears? up                           RISE
    stands?\b(?! over)                  RISE BUSINESS STAND
    to (?:his|her|their) feet           STAND
    # falling and sinking
    falls?|falling                      FALL BIG
    collapses?                          FALL VULNERABLE_SIGN BIG LIE
    collapsing                          FALL
    sinks?                              FALL VULNERABLE_SIGN
    sinking                             FALL
    drops?|dropping                     FALL
    tumbles?                            FALL BIG
    slumps?                             FALL SIT
    kneels?                             FALL VULNERABLE_SIGN BUSINESS KNEEL
    sits? down                          FALL SIT
    crumples?                           FALL LIE
    rain(?:s)? down                     FALL BIG
    plunges?                            FALL
    steps? off                          FALL
    looks? down                         FALL
    feet down                           FALL GEOGRAPHY
    topples?                            FALL
    tips?                               FALL
    # discoveries
    reveals?|revealing|to reveal        REVEAL
    we see                              REVEAL
    turns? to find                      REVEAL TURN PIVOT
    discovers?                          REVEAL
    finds?                              REVEAL
    inside:                             REVEAL
    sea of                              REVEAL GEOGRAPHY
    pull back                           REVEAL
    # entrances and exits
    enters?                             ARRIVE BIG
    entering                            ARRIVE
    arrives?                            ARRIVE BIG
    arriving                            ARRIVE
    steps? in                           ARRIVE
    comes? in                           ARRIVE
    walks? in                           ARRIVE BIG
    appears?                            ARRIVE
    bursts? in                          ARRIVE
    heaves? (?:him|her)self through     ARRIVE
    through the (?:door|hatch|gate)     ARRIVE
    leaves?                             DEPART BIG
    leaving                             DEPART
    walks? (?:away|off|out)             DEPART BIG
    drives? (?:off|away)                DEPART BIG
    exits?                              DEPART
    disappears?                         DEPART BIG
    goes out                            DEPART
    runs? off                           DEPART
    heads? off                          DEPART
    gone before                         DEPART
    already leaving                     DEPART
    # realisations, held emotion and faces
    realis\w*|realiz\w*                 REALISE FACE
    understands?                        REALISE
    dawns?                              REALISE
    knew|knows                          REALISE
    recognis\w*|recogniz\w*             REALISE
    goes (?:very )?still                REALISE FACE
    freezes?                            REALISE FACE
    stares?                             REALISE FACE GAZE
    tears?                              REALISE FACE EMOTIONAL VULNERABLE_SIGN
    stunned                             REALISE EMOTIONAL
    sees it|hears it                    REALISE FACE
    barely                              REALISE EMOTIONAL QUIETEST VULNERABLE_SIGN
    quietly                             REALISE EMOTIONAL
    whisper\w*                          REALISE EMOTIONAL QUIETEST
    tearful\w*                          REALISE EMOTIONAL
    sob\w*                              REALISE FACE EMOTIONAL
    swallows?                           REALISE FACE
    breath                              REALISE
    silence                             REALISE SILENCE
    a long moment                       REALISE SILENCE
    long, terrible(?: beat)?            REALISE SILENCE
    hold on                             REALISE
    looks? at                           FACE GAZE
    eyes                                FACE
    glares?                             FACE POWER_SIGN GAZE
    cries|crying                        FACE EMOTIONAL VULNERABLE_SIGN
    laugh\w*                            FACE EMOTIONAL
    smile\w*                            FACE EMOTIONAL
    flinch\w*                           FACE
    blinks?                             FACE
    winces?                             FACE
    face                                FACE
    # how a line is said (parentheticals)
    quiet                               EMOTIONAL
    soft|softly                         EMOTIONAL
    hushed                              EMOTIONAL
    trembl\w*                           EMOTIONAL
    shaking                             EMOTIONAL
    choked?|choking                     EMOTIONAL
    broken|breaking                     EMOTIONAL
    beat                                EMOTIONAL SILENCE
    pause                               EMOTIONAL SILENCE
    to (?:him|her|them)self             EMOTIONAL QUIETEST
    grin\w*                             EMOTIONAL
    gently                              EMOTIONAL
    moved                               EMOTIONAL
    hurt                                EMOTIONAL
    shocked                             EMOTIONAL
    horrified                           EMOTIONAL
    afraid                              EMOTIONAL
    scared                              EMOTIONAL
    desperate\w*                        EMOTIONAL
    pleading                            EMOTIONAL VULNERABLE_SIGN
    fierce\w*                           EMOTIONAL
    furious\w*                          EMOTIONAL
    angr\w*                             EMOTIONAL
    shout\w*                            EMOTIONAL
    scream\w*                           EMOTIONAL
    yell\w*                             EMOTIONAL
    firm\w*                             EMOTIONAL
    cold\w*                             EMOTIONAL
    stricken                            EMOTIONAL
    numb                                EMOTIONAL
    almost inaudible                    EMOTIONAL QUIETEST
    under (?:his|her|their) breath      EMOTIONAL QUIETEST
    a moment                            SILENCE
    still                               SILENCE
    # disorder and destruction
    explo(?:d|s)\w*                     CHAOS BIG
    chaos                               CHAOS
    fight\w*                            CHAOS
    scuffle                             CHAOS
    brawl                               CHAOS
    panic\w*                            CHAOS
    stumbles?                           CHAOS
    shatter\w*                          CHAOS BIG
    billows?                            CHAOS BIG
    rips?                               CHAOS BIG
    crash\w*                            CHAOS BIG
    everywhere                          CHAOS
    erupts?                             CHAOS
    # power and menace (weapons are INSERT_DETAILS["weapons"], read as power signs too)
    menac\w*                            POWER
    threat\w*                           POWER
    towering                            POWER
    heroic\w*                           POWER
    powerful|dominant|imposing          POWER
    stands? over                        POWER_SIGN STAND
    looms?|looming                      POWER_SIGN
    corners?                            POWER_SIGN
    draws? (?:a|his|her)                POWER_SIGN
    dares?|don't you dare               POWER_SIGN
    police|detective                    POWER_SIGN
    triumph\w*|victor\w*|defiant\w*     POWER_SIGN
    commands?|orders? (?:him|her|them)  POWER_SIGN
    evidence                            POWER_SIGN
    bigger|scarier                      BIGGER
    # vulnerability
    small|helpless|alone                VULNERABLE
    vulnerable|weak|diminished|powerless|lonely  VULNERABLE
    smaller                             SMALLER
    tiny|frail|too old                  VULNERABLE_SIGN
    pleads?|begs?|begging|cowers?|weeps?  VULNERABLE_SIGN
    lost|trapped|sheer drop|nowhere to go  VULNERABLE_SIGN
    oxygen|wheezing|clutching           VULNERABLE_SIGN
    guilty|children                     VULNERABLE_SIGN
    # unease
    uneas\w*|unsettl\w*|disorient\w*|off[- ]kilter  UNEASE
    wrong|uncanny|drunk|woozy           UNEASE
    dizzy|feverish|hallucin\w*|nightmare  UNEASE_SIGN
    strange|eerie|askew                 UNEASE_SIGN
    lurch\w*|reels?|reeling|spinning    UNEASE_SIGN
    # layouts seen from above
    maps?                               GEOGRAPHY
    crowds?                             GEOGRAPHY BIG
    rooftops?|roofs                     GEOGRAPHY
    maze|labyrinth|grid|chessboard      GEOGRAPHY
    square below|streets below|city below  GEOGRAPHY
    from above|bird's|aerial            GEOGRAPHY
    # handling things
    picks? up                           BUSINESS
    picks? (?:it|them) up               BUSINESS
    (?:puts?|sets?) (?:(?:it|them|(?:the|a|his|her|their) [\w-]+) )?down  RELEASE
    lets? go|pockets?|tosses? (?:it|them) aside  RELEASE
    opens?|closes?                      BUSINESS
    pours?|drinks?|drains?              BUSINESS
    types?|writes?|reads?|checks?       BUSINESS
    tunes?|plays?|sings?|counts? in     BUSINESS
    hands?|takes?|gives?|holds?|puts?|sends?  BUSINESS
    grabs?|slides?|presses?|pops?|wipes?|cracks?  BUSINESS
    turns? the                          BUSINESS
    sits?                               BUSINESS SIT
    leans?                              BUSINESS
    orders?                             BUSINESS
    # the body: poses, turns and where the eyes go
    sitting|seated|perch\w*             SIT
    sinks? (?:onto|into|down on)        SIT
    settles? (?:on|onto|in|into)        SIT
    takes? a seat|behind the wheel      SIT
    lying|sprawl\w*|unconscious         LIE
    lies? (?:on|in|across|face|flat|still|dead|motionless|down|curled)  LIE
    kneeling|on (?:his|her|their) knees  KNEEL
    crouch\w*|squats?|squatting         KNEEL
    turns? (?:round|around|back)        PIVOT
    turns? to (?:him|her|them|face|look)  PIVOT
    turns? to(?:wards?)? the            PIVOT
    whirls?|wheels? (?:round|around)    PIVOT
    watches|watching|gazes?|gazing      GAZE
    looks? away|turns? away|not looking at  AVERT
    avoids? (?:his|her|their) eyes      AVERT
    turns? (?:his|her|their) back|(?:his|her|their) back to  BACK_TURNED
    to camera|into (?:the )?(?:camera|lens)|to the audience|at the camera  ADDRESS
"""
)

# Words before a body's verb that say it is not done, or not yet ("ready to run", "doesn't
# sit"): the body reader leaves such a verb out (coverage/bodies.py).
UNDONE = ("ready to", "about to", "tries to", "trying to", "wants to", "going to", "doesn't",
          "does not", "won't", "not", "never", "without")  # fmt: skip

# Screen direction of motion (camera/motives.py): towards the left or right of frame.
LEFTWARD = ("to the left", "leftward", "screen left", "from the right")
RIGHTWARD = ("to the right", "rightward", "screen right", "from the left")

# An establishing shot of something tall cranes down from it (camera/motives.py).
SKYLINE = ("sky", "skyline", "dome", "tower", "spire", "mountain", "cliff")

# Which way a point of view looks (camera/design.py): down on it, or up at it.
LOOKING_DOWN = ("down", "below", "beneath")
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
