"""Things: the objects a storyboard cuts in on or stands on a set, what characters wear, and
colours by name.

Objects are listed one row per noun, with what the noun means to each reader: the stand-in a
prop of that kind is drawn as (its `Prop.shape`, coverage/sets.py), and the class of detail an
insert cuts in on (coverage/reading.py). A short action line about a phone, a key or a receipt
is cut as an insert whatever film it is in; a car, a bench or a lantern the action names stands
on the scene's set. Each class is a broad, ordinary kind of object; a word belongs here because
of what it is, never because one example uses it. Words are singular, as scripts name a prop,
and never a word that is mostly a verb ("check", "match", "record", "can") or a place.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from storyreel.models.plan import PropShape

PROP_SHAPES: tuple[str, ...] = PropShape.__args__  # type: ignore[attr-defined]


class Thing(NamedTuple):
    """What an object word means: the stand-in a prop of it is drawn as, and the insert class."""

    shape: PropShape | None
    insert: str | None


def _things(table: str) -> dict[str, Thing]:
    """Rows of 'noun    shape    insert class' (two or more spaces between, '-' for none)."""
    rows: dict[str, Thing] = {}
    for line in table.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            noun, shape, insert = re.split(r"\s{2,}", line)
            if noun in rows:
                raise ValueError(f"{noun!r} is listed twice")
            if shape != "-" and shape not in PROP_SHAPES:
                raise ValueError(f"{noun!r}: {shape!r} is not a prop shape ({', '.join(PROP_SHAPES)})")
            rows[noun] = Thing(None if shape == "-" else shape, None if insert == "-" else insert)  # type: ignore[arg-type]
    return rows


# Every object word, once: the noun, the shape of its stand-in on a set ('-': never a prop: too
# small to stand on a set, or a part of something bigger), the class of detail an insert cuts in
# on ('-': none). A compound ('car keys', 'driver's door') is tried before the word inside it.
THINGS: dict[str, Thing] = _things(
    """
    # documents and writing
    letter              paper     documents
    envelope            paper     documents
    photograph          paper     documents
    photo               paper     documents
    note                paper     documents
    receipt             paper     documents
    ticket              paper     documents
    passport            paper     documents
    postcard            paper     documents
    telegram            paper     documents
    notebook            paper     documents
    diary               paper     documents
    newspaper           paper     documents
    contract            paper     documents
    cheque              paper     documents
    badge               -         documents
    dossier             paper     documents
    manuscript          paper     documents
    book                paper     -
    folder              paper     -
    magazine            paper     -
    map                 paper     -
    address             -         writing
    handwriting         -         writing
    label               -         writing
    signature           -         writing
    inscription         -         writing
    headline            -         writing
    # devices
    phone               phone     devices
    screen              -         devices
    watch               -         devices
    clock               -         devices
    stopwatch           -         devices
    timer               -         devices
    radio               box       devices
    laptop              screen    devices
    tablet              screen    devices
    monitor             screen    devices
    keyboard            -         devices
    button              -         devices
    switch              -         devices
    dial                -         devices
    lever               -         devices
    knob                -         devices
    gauge               -         devices
    remote control      -         devices
    answering machine   box       devices
    mobile              phone     -
    telephone           phone     -
    smartphone          phone     -
    television          screen    -
    tv                  screen    -
    computer            screen    -
    # recordings
    cassette            -         recordings
    tape                -         recordings
    videotape           -         recordings
    vinyl               -         recordings
    memory card         -         recordings
    film reel           -         recordings
    # vehicles and their parts
    dashboard           -         vehicle parts
    glovebox            -         vehicle parts
    glove box           -         vehicle parts
    dipstick            -         vehicle parts
    steering wheel      -         vehicle parts
    ignition            -         vehicle parts
    gearstick           -         vehicle parts
    gear stick          -         vehicle parts
    handbrake           -         vehicle parts
    speedometer         -         vehicle parts
    odometer            -         vehicle parts
    windscreen          -         vehicle parts
    windshield          -         vehicle parts
    rear-view mirror    -         vehicle parts
    number plate        -         vehicle parts
    licence plate       -         vehicle parts
    license plate       -         vehicle parts
    driver's door       -         vehicle parts
    car door            -         vehicle parts
    car                 vehicle   -
    truck               vehicle   -
    van                 vehicle   -
    lorry               vehicle   -
    jeep                vehicle   -
    taxi                vehicle   -
    motorbike           vehicle   -
    motorcycle          vehicle   -
    bicycle             vehicle   -
    scooter             vehicle   -
    tractor             vehicle   -
    cart                vehicle   -
    wagon               vehicle   -
    pram                vehicle   -
    ambulance           vehicle   -
    boat                vehicle   -
    canoe               vehicle   -
    # tools
    hammer              tool      tools
    wrench              tool      tools
    spanner             tool      tools
    screwdriver         tool      tools
    pliers              tool      tools
    crowbar             tool      tools
    chisel              tool      tools
    scalpel             knife     tools
    scissors            tool      tools
    lighter             -         tools
    matchbox            -         tools
    axe                 tool      -
    shovel              tool      -
    spade               tool      -
    drill               tool      -
    # medicine
    pill                -         medicine
    pills               -         medicine
    syringe             -         medicine
    needle              -         medicine
    inhaler             -         medicine
    prescription        paper     medicine
    # vessels
    bottle              bottle    vessels
    glass               cup       vessels
    cup                 cup       vessels
    mug                 cup       vessels
    flask               bottle    vessels
    hip flask           bottle    vessels
    tumbler             cup       vessels
    goblet              cup       vessels
    decanter            bottle    vessels
    teacup              cup       vessels
    wine glass          cup       vessels
    jug                 bottle    vessels
    jar                 bottle    vessels
    vial                bottle    vessels
    beer                bottle    -
    # weapons
    gun                 gun       weapons
    knife               knife     weapons
    trigger             -         weapons
    pistol              gun       weapons
    revolver            gun       weapons
    rifle               gun       weapons
    shotgun             gun       weapons
    bullet              -         weapons
    cartridge           -         weapons
    dagger              knife     weapons
    sword               knife     weapons
    blade               knife     weapons
    razor               knife     weapons
    grenade             -         weapons
    holster             -         weapons
    # jewellery, keys, money
    ring                -         jewellery
    necklace            -         jewellery
    locket              -         jewellery
    bracelet            -         jewellery
    earring             -         jewellery
    pendant             -         jewellery
    brooch              -         jewellery
    cufflink            -         jewellery
    wedding band        -         jewellery
    key                 -         keys and locks
    keys                -         keys and locks
    car keys            -         keys and locks
    keyring             -         keys and locks
    lock                -         keys and locks
    padlock             -         keys and locks
    keyhole             -         keys and locks
    latch               -         keys and locks
    deadbolt            -         keys and locks
    coin                -         money
    banknote            -         money
    wallet              -         money
    purse               bag       money
    credit card         -         money
    # furniture
    table               table     -
    desk                table     -
    counter             table     -
    workbench           table     -
    altar               table     -
    chair               seat      -
    armchair            seat      -
    stool               seat      -
    bench               seat      -
    sofa                seat      -
    couch               seat      -
    pew                 seat      -
    throne              seat      -
    deckchair           seat      -
    wheelchair          seat      -
    bed                 bed       -
    cot                 bed       -
    bunk                bed       -
    hammock             bed       -
    mattress            bed       -
    stretcher           bed       -
    gurney              bed       -
    door                door      -
    gate                door      -
    hatch               door      -
    trapdoor            door      -
    window              window    -
    skylight            window    -
    porthole            window    -
    shelf               shelf     -
    bookcase            shelf     -
    cupboard            shelf     -
    cabinet             shelf     -
    dresser             shelf     -
    fridge              shelf     -
    locker              shelf     -
    # containers
    box                 box       -
    crate               box       -
    suitcase            box       -
    guitar case         box       -
    parcel              box       -
    package             box       -
    coffin              box       -
    bag                 bag       -
    backpack            bag       -
    rucksack            bag       -
    handbag             bag       -
    briefcase           bag       -
    satchel             bag       -
    sack                bag       -
    bucket              bucket    -
    pail                bucket    -
    barrel              bucket    -
    bin                 bucket    -
    basket              bucket    -
    # light and growing things
    lamp                lamp      -
    lantern             lamp      -
    candle              lamp      -
    bulb                lamp      -
    torch               lamp      -
    flashlight          lamp      -
    chandelier          lamp      -
    streetlamp          lamp      -
    tree                plant     -
    bush                plant     -
    flower              plant     -
    vase                plant     -
    """
)

# What the storyboard cuts in on, by class (coverage/reading.py); weapons also read as power
# signs by the camera's angle (lexicon.action.cue_forms).
INSERT_DETAILS: dict[str, tuple[str, ...]] = {}
for _noun, _thing in THINGS.items():
    if _thing.insert is not None:
        INSERT_DETAILS.setdefault(_thing.insert, ())
        INSERT_DETAILS[_thing.insert] += (_noun,)

# Words before a thing that say where it rests, not whose hands it is in ('tunes his guitar on
# an upturned crate'; coverage/bodies.py).
RESTING = ("on", "onto", "upon", "under", "beneath", "behind", "beside", "against", "in", "into", "inside",
           "at", "by", "near", "over", "across", "from", "off", "out of")  # fmt: skip

# Words before a thing that make it a part of something else, not a prop of its own ('a van with
# its doors open'; coverage/sets.py).
PART_OF = ("its",)

# What a thing is held in, after it: 'the envelope still in her fist' (coverage/bodies.py).
HELD_IN = ("hand", "hands", "fist", "fists", "grip", "teeth", "arms", "lap", "palm")

# Shapes of things a character can pick up (coverage/bodies.py: who is holding what).
HANDHELD_SHAPES = ("box", "bag", "bucket", "bottle", "cup", "phone", "gun", "knife", "tool", "paper", "lamp")


# fmt: off
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
