"""A director's words: numbers, groups of shots, the edits a note asks for, timing and looks.

Read by the notes reader (agents/film_grammar/notes/). The words that name something (an
edit, a kind of shot, an amount) are here; the little words that join them into a sentence
('shot 3 *to* 5', '*the* next one') stay in the reader's patterns. Entries are regex fragments.
"""

from __future__ import annotations

import re

from storyreel.agents.film_grammar.lexicon import IC

# fmt: off
# Counting words: shot and scene numbers, seconds (notes/clause.py).
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
# 'the third shot' (notes/references.py); the last shots are LAST_SHOT and PENULTIMATE.
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "opening": 1,
}
# fmt: on
LAST_SHOT = ("last", "final", "closing")
PENULTIMATE = ("penultimate",)
NEXT_SHOT = ("next", "following")
PREVIOUS_SHOT = ("previous", "preceding", "prior")
THIS_SHOT = ("this", "that", "the same", "the current")
EVERYTHING = (
    "every shot",
    "all (?:the )?shots",
    "all of them",
    "everything",
    "the whole (?:film|thing|movie)",
    "throughout",
    "the entire film",
    "every one",
)
SECONDS = (r"s", r"secs?", r"seconds?")  # units of a length

# Coverage and framing words that pick shots ("every close-up", "the establishing shot"):
# (pattern, what it filters on, the values it keeps). A plural or a quantifier makes a framing
# word a choice of shots; alone it is a value (FRAMINGS in lexicon/camera.py).
SHOT_GROUPS: tuple[tuple[str, str, frozenset[str]], ...] = (
    (r"extreme close[- ]?ups?|ecus?|xcus?", "framing", frozenset({"extreme_close_up"})),
    (r"close[- ]?ups?|cus", "framing", frozenset({"close_up", "extreme_close_up"})),
    (r"medium(?: shot)?s|mediums|mids|medium shot", "framing", frozenset({"medium"})),
    (r"full shots?", "framing", frozenset({"full"})),
    (r"extreme (?:long|wide) shots?|extreme wides", "framing", frozenset({"extreme_long"})),
    (r"wides|wide shots?|long shots?", "framing", frozenset({"long", "extreme_long"})),
    (r"establishing(?: shots?)?|establishers", "kind", frozenset({"establishing"})),
    (r"masters?(?: shots?)?", "kind", frozenset({"master"})),
    (r"two[- ]shots?", "kind", frozenset({"two_shot"})),
    (r"singles?", "kind", frozenset({"single"})),
    (r"over[- ]the[- ]shoulders?(?: shots?)?|ots", "kind", frozenset({"over_the_shoulder"})),
    (r"reaction(?: shot)?s?|reactions", "kind", frozenset({"reaction"})),
    (r"inserts?(?: shots?)?", "kind", frozenset({"insert"})),
    (r"povs?|point[- ]of[- ]view shots?", "kind", frozenset({"pov"})),
    (r"cutaways?", "kind", frozenset({"cutaway"})),
    (r"montages?", "kind", frozenset({"montage"})),
)
QUANTIFIERS = ("every", "each", r"all(?: of)?(?: the)?", "any", "the", "those", "these")

# Words in a character's name that are not the name ('DR. MOSS', 'OLD TOM'), and words in a
# place's name that do not pick it out ('the BACK ROOM') (notes/film.py).
NAME_STOP = frozenset(
    {"the", "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "officer", "old", "young", "a", "an"}
)
PLACE_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "int",
        "ext",
        "day",
        "night",
        "room",
        "area",
        "inside",
        "outside",
        "interior",
        "exterior",
        "continuous",
        "later",
        "same",
        "time",
        "main",
        "big",
        "small",
        "old",
        "new",
        "upper",
        "lower",
        "shot",
        "scene",
        "close",
        "wide",
        "long",
        "medium",
        "full",
        "low",
        "high",
        "top",
        "side",
        "front",
        "back",
        "below",
        "above",
        "over",
        "under",
        "behind",
        "beside",
        "near",
        "up",
        "down",
        "left",
        "right",
        "into",
        "through",
        "pov",
        "insert",
        "-",
    ]
)

# 'the argument should be faster': a phrase naming shots the grammar must find by its words.
SUBJECT_VERBS = (
    "should", r"needs?", "must", "has to", "have to", "is", "are", r"feels?", r"plays?", "could",
    "would", r"wants?", "faster", "slower", "quicker", "snappier", "longer", "shorter", "tighter",
)  # fmt: skip
SUBJECT_CHANGES = ("speed up", "slow down", r"tighten(?: up)?", "trim", "shorten", "lengthen", "quicken")
# Words the grammar already knows a phrase by, so it is no unknown reference.
KNOWN_SUBJECTS = (
    r"shots?", r"scenes?", "film", "movie", "cut", "edit", "pace", "pacing", "rhythm", "camera",
    "move", "angle", "framing", "lens", "light", "look", "style", "one", "end", "ending",
    "opening", "beginning", "start", "whole thing", "sequence", "transition", "dissolve", "fade",
)  # fmt: skip
# Word endings taken off to find a scene by its words ('argument' and 'argue' -> 'argu').
SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "s", "e")

# -- the edits, in the order the reader tries them ------------------------------------------------

# Transitions (notes/transitions.py), by kind; the order is the order tried at one place.
TRANSITION_WORDS: dict[str, str] = {
    "dissolve": r"dissolve|cross[- ]?fade|mix through",
    "fade": r"fade|fades|cut to black|burn to white",
    "cut": r"smash cut|hard cut|straight cut|just cut|cut (?:straight )?(?:to|between|from)",
}
BURN = ("burn",)  # 'burn to white': a fade through white, as 'white' itself is (COLOURS, fade column)
FADE_IN = (
    r"fade[sd]?\s+(?:in|up)",
    r"(?:open|start|begin)\w*\s+(?:with|on)",
    "from black",
    "from white",
)
OPENING = (r"open\w*", r"start\w*", r"begin\w*", r"first\w*")  # a fade in at the film's start
AT_THE_END = ("(?:at|on) the end", "the ending", "end (?:on|with)")
TRANSITION_LENGTHS: tuple[tuple[tuple[str, ...], float], ...] = (
    (("slow", "long", "gentle"), 2.0),
    (("quick", "fast", "short", "brief"), 0.5),
)

# Adding a shot (notes/structure.py): the verb and the article before what is added, the
# words that make the rest a shot (so does a framing word: FRAMINGS in lexicon/camera.py), and
# those that make it no shot.
ADD_VERBS = ("add", "insert", "put in", "throw in", "we need", "i want", "give me", "i'd like")
ADD_ARTICLES = ("a", "an", "another", "one more", "a new")
SHOT_NOUNS = (
    "shot",
    "insert",
    "establishing",
    "reaction",
    "cutaway",
    r"two[- ]shot",
    "single",
    "pov",
    "master",
    "angle on",
)  # fmt: skip
MOMENTS = ("beat", "second", "moment")  # 'add a beat' adds time, not a shot (nor does a move: MOVE_NOUNS)
POSITIONS = ("before", "after", "ahead of", "following", "preceding", "between")
BEFORE = ("before", "ahead of", "preceding")

# Removing shots; with 'no', also what drops a part of a shot ('lose the zoom', 'no dissolve').
REMOVE_VERBS = (
    "lose", "remove", "delete", "drop", "kill", "get rid of", "take out", "cut out", "cut",
    "scrap", "ditch", "bin",
)  # fmt: skip
SPLIT_VERBS = ("split", "divide", "chop", "break")
SPLIT_WHERE = ("in two", "into two", "in half", "into halves", "in halves", "at", "after", "apart", "up")
MERGE_WORDS = (
    "merge",
    "combine",
    "join",
    "fuse",
    "into one shot",
    "one continuous shot",
    "make (?:them|it) one",
)
SWAP_VERBS = ("swap", "switch", "exchange", "flip", "reverse the order of")
MOVE_VERBS = ("move", "put", "place", "play", "bring", "should come", r"comes?")
MOVE_PLACES = ("before", "after", "ahead of", "first", "last", "to the (?:start|end|beginning)")
RESEED = (
    r"re-?shoot", r"re-?roll", r"re-?take", "another take", "new take", "different take",
    "one more take", "new seed", "another seed", "different seed", "try (?:it |that )?again",
    "regenerate", "re-?generate", "another version", "new version of",
)  # fmt: skip

# Looks (notes/looks.py): builds, how a note says a set changes, and the film's style.
BUILD_WORDS = (
    (re.compile(r"\b(slim|slimmer|thin|thinner|skinny|wiry)\b", IC), "slim"),
    (re.compile(r"\b(heavy|heavier|stocky|stockier|bigger|bulkier|burly)\b", IC), "heavy"),
    (re.compile(r"\b(athletic|muscular|fit|fitter|stronger)\b", IC), "athletic"),
    (re.compile(r"\b(average build|average)\b", IC), "average"),
)
SET_CHANGES: dict[str, str] = {
    "darker": "darker", "dimmer": "darker", "gloomier": "darker",
    "lighter": "brighter", "brighter": "brighter", "sunnier": "brighter",
    "colder": "colder", "cooler": "colder",
    "warmer": "warmer",
    "paint": "paint", "repaint": "paint", "colou?r": "paint", "palette": "paint", "walls?": "paint",
}  # fmt: skip
WEAR_INSTRUCTIONS = (r"dress(?:ed)? (?:him|her|them|\w+) in", r"put (?:him|her|them|\w+) in", "in a", "in an")
STYLE_WORDS = ("the look", "look of the film", "visual style", "style", r"colou?r grade", "grade", "grading")
STYLE_LIKE = ("like", "as", "in the style of", "in")

# Length and pace (notes/timing.py).
AMOUNTS = {"much": 2.0, "a lot": 2.0, "way": 2.0, "a bit": 1.2, "a little": 1.2, "slightly": 1.2}
PACE_AMOUNTS = {"much": 0.65, "a lot": 0.65, "way": 0.65, "a bit": 0.9, "a little": 0.9, "slightly": 0.9}
FASTER_PACE = (
    "faster", "quicker", "snappier", "pacier", "brisker", r"tighter pac\w*", r"speed(?:s|ed)? up",
    "pick up the pace", r"pick(?:s)? up",
)  # fmt: skip
SLOWER_PACE = (
    "slower", "slow (?:it )?down", "let it breathe", "more breathing room", "more room to breathe",
    "more languid", "take (?:its|their) time", "linger",
)  # fmt: skip
LONGER = ("longer", "more", "extra", "add", r"hold (?:it |this |that )?(?:for )?(?:another|an extra)")
SHORTER = ("shorter", "less", "trim", "shave", "cut", "lose", "take off", "tighter")
ABOUT_THE_CUT = ("feel", "feels", "play", "plays", "pace", "pacing", "cut", "cutting", "edit")
TWICE = ("twice as long", "double (?:the |its )?length")
HALF = ("half (?:as long|the length)", "halve")
A_BEAT_LONGER = (
    r"a (?:beat|moment|touch|second) longer",
    r"hold (?:it |on it |on )?(?:a )?(?:beat|moment)",
)
A_BEAT_SHORTER = (r"a (?:beat|moment|touch|second) shorter", "out a beat earlier", "sooner")
TIGHTEN = ("trim", r"tighten (?:up )?(?:the )?(?:pace|pacing|cut|cutting|edit|rhythm|scene|sequence)")
