"""A generated feature-length Fountain script, shared by the benchmarks.

Deterministic for a seed; sized by our own page estimate, so "120 pages" means what the parser
counts as 120 pages.
"""

from __future__ import annotations

import random

from storyreel.tools.screenplay.fountain import parse_fountain

NAMES = ["BRICK", "STEEL", "MARGOT", "DR. OKAFOR", "THE KID", "LUCIA", "OFFICER PRATT", "NANA"]
PLACES = ["BRICK'S GARAGE", "ROOFTOP", "PRECINCT - BULLPEN", "DINER", "HARBOUR", "MOTEL ROOM 6"]
TIMES = ["DAY", "NIGHT", "DAWN", "CONTINUOUS", "LATER"]
WORDS = [
    "the",
    "rain",
    "hammers",
    "down",
    "on",
    "a",
    "rusted",
    "roof",
    "while",
    "somebody",
    "waits",
    "in",
    "the",
    "dark",
    "and",
    "the",
    "engine",
    "ticks",
    "as",
    "it",
    "cools",
    "under",
    "a",
    "flickering",
    "sodium",
    "light",
    "she",
    "turns",
    "away",
    "he",
    "reaches",
    "for",
    "the",
    "door",
    "nobody",
    "moves",
    "a",
    "radio",
    "crackles",
    "somewhere",
    "below",
    "a",
    "dog",
    "barks",
    "twice",
    "and",
    "then",
    "silence",
    "returns",
]


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    text = " ".join(words)
    if rng.random() < 0.15:
        text = text.replace(words[0], f"*{words[0]}*", 1)
    return text[0].upper() + text[1:] + rng.choice([".", ".", "!", "?"])


def generate_script(pages: int, seed: int = 7) -> str:
    """A Fountain script that our page estimate counts as at least `pages` pages."""
    rng = random.Random(seed)
    lines = title_page()
    while True:
        for _ in range(20):  # generate in batches, then measure
            lines += scene_lines(rng)
        text = "\n".join(lines) + "\n"
        if parse_fountain(text).pages >= pages:
            return text


def generate_scenes(scenes: int, seed: int = 7) -> str:
    """A Fountain script of exactly `scenes` scenes (120 pages is about 180 of them), each a few
    beats shorter than the feature's, so 10,000 of them stay under the reader's 8 MB limit."""
    rng = random.Random(seed)
    lines = title_page()
    for _ in range(scenes):
        lines += scene_lines(rng, beats=(3, 8))
    return "\n".join(lines) + "\n"


def title_page() -> list[str]:
    return ["Title: Benchmark Feature", "Credit: Written by", "Author: storyreel", ""]


def scene_lines(rng: random.Random, beats: tuple[int, int] = (4, 10)) -> list[str]:
    """One scene: a heading, action, four to ten beats of dialogue or action, maybe a transition."""
    heading = f"{rng.choice(['INT.', 'EXT.'])} {rng.choice(PLACES)} - {rng.choice(TIMES)}"
    lines = [heading, "", sentence(rng, 15, 45), ""]
    for _ in range(rng.randint(*beats)):
        if rng.random() < 0.3:
            lines += [sentence(rng, 8, 30), ""]
            continue
        name = rng.choice(NAMES)
        cue = name + rng.choice(["", "", "", " (V.O.)", " (O.S.)", " (CONT'D)"])
        lines.append(cue)
        if rng.random() < 0.25:
            lines.append("(" + " ".join(rng.choices(WORDS, k=3)) + ")")
        lines += [sentence(rng, 3, 25), ""]
        if rng.random() < 0.05:
            lines += ["[[check this line with the actor]]", ""]
    if rng.random() < 0.3:
        lines += [rng.choice(["CUT TO:", "DISSOLVE TO:", "SMASH CUT TO:"]), ""]
    return lines
