"""Things: the objects a storyboard cuts in on, what characters wear, and colours by name.

Insert-worthy details are listed by class, not by script: a short action line about a phone,
a key or a receipt is cut as an insert whatever film it is in. Each class is a broad, ordinary
kind of object that carries story when seen close (something to read, to operate, to hold, to
threaten with); a word belongs here because of what it is, never because one example uses it.
Words are singular, as scripts name a prop, and never a word that is mostly a verb ("check",
"match", "record", "can") or a place.
"""

from __future__ import annotations

from typing import NamedTuple

# fmt: off
# What the storyboard cuts in on (coverage/boarder.py, via lexicon.script.DETAIL_FORMS); weapons
# also read as power signs by the camera's angle (lexicon.action.cue_forms).
INSERT_DETAILS: dict[str, tuple[str, ...]] = {
    "documents": (
        "letter", "envelope", "photograph", "photo", "note", "receipt", "ticket", "passport",
        "postcard", "telegram", "notebook", "diary", "newspaper", "contract", "cheque", "badge",
        "dossier", "manuscript",
    ),
    "writing": ("address", "handwriting", "label", "signature", "inscription", "headline"),
    "devices": (
        "phone", "screen", "watch", "clock", "stopwatch", "timer", "radio", "laptop", "tablet",
        "monitor", "keyboard", "button", "switch", "dial", "lever", "knob", "gauge",
        "remote control", "answering machine",
    ),
    "recordings": ("cassette", "tape", "videotape", "vinyl", "memory card", "film reel"),
    "vehicle parts": (
        "dashboard", "glovebox", "glove box", "dipstick", "steering wheel", "ignition",
        "gearstick", "gear stick", "handbrake", "speedometer", "odometer", "windscreen",
        "windshield", "rear-view mirror", "number plate", "licence plate", "license plate",
    ),
    "tools": (
        "hammer", "wrench", "spanner", "screwdriver", "pliers", "crowbar", "chisel", "scalpel",
        "scissors", "lighter", "matchbox",
    ),
    "medicine": ("pill", "pills", "syringe", "needle", "inhaler", "prescription"),
    "vessels": (
        "bottle", "glass", "cup", "mug", "flask", "hip flask", "tumbler", "goblet", "decanter",
        "teacup", "wine glass", "jug", "jar", "vial",
    ),
    "weapons": (
        "gun", "knife", "trigger", "pistol", "revolver", "rifle", "shotgun", "bullet",
        "cartridge", "dagger", "sword", "blade", "razor", "grenade", "holster",
    ),
    "jewellery": (
        "ring", "necklace", "locket", "bracelet", "earring", "pendant", "brooch", "cufflink",
        "wedding band",
    ),
    "keys and locks": ("key", "keys", "keyring", "lock", "padlock", "keyhole", "latch", "deadbolt"),
    "money": ("coin", "banknote", "wallet", "purse", "credit card"),
}

# What is worn (notes/looks.py reads a garment to restyle; bible.py splits an introduction into
# description and wardrobe). True: it covers the torso, which the animatic paints in the
# character's identity colour, so recolouring it recolours the figure.
GARMENTS: dict[str, bool] = {
    "leather jacket": True, "trench coat": True, "boiler suit": True, "t-shirt": True,
    "jacket": True, "coat": True, "overcoat": True, "raincoat": True, "trench": True,
    "parka": True, "anorak": True, "poncho": True, "cloak": True, "cape": True, "blazer": True,
    "shirt": True, "blouse": True, "top": True, "sweater": True, "jumper": True,
    "hoodie": True, "cardigan": True, "vest": True, "waistcoat": True, "dress": True,
    "gown": True, "suit": True, "tux": True, "tuxedo": True, "uniform": True, "overalls": True,
    "dungarees": True, "apron": True, "scrubs": True, "robe": True, "kimono": True,
    "sari": True, "pyjamas": True, "pajamas": True, "wetsuit": True, "armour": True,
    "armor": True, "costume": True, "fatigues": True,
    "tie": False, "hat": False, "cap": False, "beanie": False, "helmet": False, "scarf": False,
    "hijab": False, "veil": False, "trousers": False, "jeans": False, "pants": False,
    "shorts": False, "skirt": False, "boots": False, "shoes": False, "sneakers": False,
    "trainers": False, "heels": False, "sandals": False, "gloves": False,
}
# Not garments, but they say what someone wears (bible.py).
FABRICS = ("leather", "denim", "tweed", "silk", "velvet", "lace", "sequins")
EYEWEAR = ("glasses", "sunglasses", "spectacles")
# How a text says someone wears something (bible.py; notes/looks.py adds a director's
# instructions, lexicon.notes.WEAR_INSTRUCTIONS).
WEARING = (r"wears?", "wearing", "dressed in", "clad in")


class Colour(NamedTuple):
    """A colour word: how it paints a set or a garment, the colour a script's fade goes
    through (None where writers do not fade to it), and whether it is said only of hair."""

    paint: str | None
    fade: str | None = None
    of_hair: bool = False


# Colours by name (notes/looks.py paints with them; transitions.py fades through them).
COLOURS: dict[str, Colour] = {
    "red": Colour("#C0392B", "#B00000"), "crimson": Colour("#B0202E", "#8C0A1E"),
    "scarlet": Colour("#D0312D", "#C8102E"), "blood": Colour(None, "#7A0010"),
    "maroon": Colour("#7B1E1E"), "burgundy": Colour("#800020"), "pink": Colour("#E07A9A", "#E86A9A"),
    "orange": Colour("#E67E22", "#E06A10"), "amber": Colour(None, "#E09B20"),
    "rust": Colour("#B7410E"), "yellow": Colour("#F1C40F", "#F2C200"), "mustard": Colour("#D4A017"),
    "gold": Colour("#D4AF37", "#C99A2E"), "golden": Colour("#D4AF37"), "green": Colour("#27AE60", "#0F5A1E"),
    "olive": Colour("#6B7A2A"), "teal": Colour("#1F8A8A"), "cyan": Colour("#2BB3C0"),
    "turquoise": Colour("#30C5B5"), "blue": Colour("#2E6DB4", "#0A2A8C"), "navy": Colour("#1F2A5A"),
    "purple": Colour("#7D3C98", "#4B1D6E"), "violet": Colour("#8E44AD"), "magenta": Colour("#C2185B"),
    "brown": Colour("#6E4B2A", "#5A3A1E"), "sepia": Colour(None, "#704214"), "tan": Colour("#C8A878"),
    "beige": Colour("#D8C8A8"), "cream": Colour("#EFE6D0"), "white": Colour("#F2F2F2", "#FFFFFF"),
    "black": Colour("#1A1A1A", "#000000"), "grey": Colour("#7F7F7F", "#808080"),
    "gray": Colour("#7F7F7F", "#808080"), "silver": Colour("#BFC1C2", "#B8B8B8"),
    "charcoal": Colour("#36454F"), "khaki": Colour("#B5A36A"),
    "blonde": Colour("#E3C77A", of_hair=True), "blond": Colour("#E3C77A", of_hair=True),
    "ginger": Colour("#B06530"), "auburn": Colour("#A0522D"),
}
# fmt: on

# A shade before a colour word ('dark red'): how it changes the colour (notes/looks.py).
COLOUR_SHADES: dict[str, str] = {
    "dark": "darker",
    "deep": "darker",
    "light": "lighter",
    "pale": "lighter",
    "bright": "brighter",
}

# Words for hair in a note (notes/looks.py), with the colour name a word implies.
HAIR_WORDS: dict[str, str | None] = {
    "hair": None,
    "grey-haired": "grey",
    "gray-haired": "grey",
    "redhead": "ginger",
    "bald": None,
}

PAINTS: dict[str, str] = {name: c.paint for name, c in COLOURS.items() if c.paint}
FADES: dict[str, str] = {name.upper(): c.fade for name, c in COLOURS.items() if c.fade}

# What an insert must be close enough to read, besides INSERT_DETAILS["writing"]
# (coverage/action.py: such an insert is an extreme close-up).
READING = ("text", "writing", "words")
