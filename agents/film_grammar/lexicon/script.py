"""A screenplay's own words: special scene headings, voice-over marks, pronouns, script
transitions, times of day, ages and places.

Read by coverage/ (headings, voice-over, pronouns), bible.py (voice-over cues, ages, times of
day), prose.py (places and times of day) and transitions.py (the flavours of cut and dissolve).
Heading words are matched in capitals or not, as writers type them.
"""

from __future__ import annotations

# Scene headings that are a shot, not a place (coverage/reading.py, bible.py).
POV_HEADING = (r"POV", r"POINT OF VIEW")
INSERT_HEADING = (r"INSERT", r"CLOSE ON", r"CLOSE-UP", r"EXTREME CLOSE", r"ECU", r"CU")
MONTAGE_HEADING = (r"MONTAGE", r"SERIES OF SHOTS", r"QUICK CUTS")
# Action lines that close a montage; {montage} stands for MONTAGE_HEADING.
MONTAGE_END = (r"END (?:OF )?(?:{montage})", r"BACK TO (?:SCENE|PRESENT)")
# A cue extension for a voice heard, not seen (coverage/reading.py, bible.py).
OFFSCREEN = (r"V\.?\s?O", r"O\.?\s?S", r"O\.?\s?C")
# Who a pronoun is (coverage/cast.py): 'f' or 'm'.
PRONOUNS: dict[str, tuple[str, ...]] = {
    "f": ("she", "her", "hers", "herself"),
    "m": ("he", "him", "his", "himself"),
}
# A group cue names several speakers ('ROSA AND THEO', coverage/cast.py, bible.py).
GROUP_JOINERS = (r"AND", r"&")

# Script transitions (transitions.py): the flavours a cut or a dissolve comes in.
CUT_FLAVOURS = ("SMASH", "MATCH", "JUMP", "HARD", "QUICK", "FAST", "TIME")
DISSOLVE_FLAVOURS = ("SLOW", "QUICK", "LAP", "MATCH", "RIPPLE")
DISSOLVE_WORDS = (r"DISSOLVE", r"CROSS-?\s?FADE", r"CROSSFADE")

# Times of day (bible.py gives each its light; prose.py writes a heading from the words):
# (heading, light, the words for it).
TIMES_OF_DAY: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("NIGHT", "night", ("midnight", "night", "nighttime", "nightfall", "moonlight", "moonlit")),
    ("DAWN", "golden", ("dawn", "daybreak", "sunrise")),
    ("MORNING", "day", ("morning",)),
    ("DUSK", "golden", ("dusk", "sunset", "twilight", "magic hour", "golden hour")),
    ("EVENING", "night", ("evening",)),
    ("DAY", "day", ("noon", "midday", "afternoon")),
)
# Heading times that say 'as before' rather than a time (bible.py).
RELATIVE_TIMES = (
    "CONTINUOUS",
    "SAME",
    "SAME TIME",
    "LATER",
    "MOMENTS LATER",
    "CONTINUED",
    "FLASHBACK",
    "PRESENT",
)

# How an introduction gives an age (bible.py), besides a number ('40s') or a number word.
AGE_WORDS = (
    r"(?:early|mid|late)[- ]\d0s",
    r"\d{1,3}[- ]ish",
    r"\d{1,3} years? old",
    r"teen(?:age|ager)?s?",
    "young",
    "old",
    "elderly",
    "ageless",
    "middle-aged",
)
OLD_AGE = ("elderly", "old man", "old woman")  # an introduction that ages the hair grey

# Title-page keys that give the film's look (bible.py).
LOOK_KEYS = ("look", "style", "visual_style", "visual_look", "format_look", "tone")

# Places a paragraph of prose may name (prose.py), split by whether we see them from outside.
EXTERIOR_PLACES = (
    "street", "streets", "road", "highway", "alley", "beach", "shore", "coast", "sea", "ocean",
    "harbour", "harbor", "port", "dock", "docks", "pier", "forest", "woods", "wood", "jungle",
    "field", "fields", "meadow", "farm", "garden", "park", "yard", "courtyard", "square", "plaza",
    "market", "bridge", "river", "lake", "mountain", "mountains", "hill", "hills", "valley",
    "desert", "island", "village", "town", "city", "rooftop", "rooftops", "roof", "cemetery",
    "graveyard", "parking", "lot", "camp", "battlefield", "cliff", "cliffs", "canyon",
    "countryside", "moor", "moors", "plain", "plains", "tundra", "glacier",
)  # fmt: skip
INTERIOR_PLACES = (
    "house", "home", "apartment", "flat", "room", "bedroom", "kitchen", "bathroom", "hallway",
    "corridor", "office", "bar", "pub", "cafe", "café", "restaurant", "diner", "hotel", "lobby",
    "ballroom", "hospital", "hospice", "ward", "clinic", "school", "classroom", "library",
    "church", "chapel", "cathedral", "temple", "station", "train", "bus", "car", "cabin",
    "cottage", "castle", "palace", "tower", "lighthouse", "garage", "barn", "warehouse", "factory",
    "shop", "store", "museum", "theatre", "theater", "cellar", "basement", "attic", "prison",
    "cell", "court", "courtroom", "lab", "laboratory", "studio", "ship", "spaceship", "plane",
    "gym", "church", "hall", "mansion", "tavern", "inn",
)  # fmt: skip
# Words before a place noun that are not part of its name ('the same street').
PLACE_ADJECTIVES_DROPPED = ("same", "other", "very", "whole", "next", "first", "last")
