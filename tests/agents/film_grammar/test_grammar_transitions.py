from __future__ import annotations

import pytest

from storyreel.agents.film_grammar.transitions import is_fade_in, script_transition


@pytest.mark.parametrize("text", ["CUT TO:", "SMASH CUT TO:", "MATCH CUT TO:", "JUMP CUT TO:", "> CUT TO:"])
def test_cuts(text: str) -> None:
    t = script_transition(text)
    assert t is not None and t.type == "cut" and t.duration_s == 0 and t.text == text


@pytest.mark.parametrize("text", ["DISSOLVE TO:", "CROSSFADE", "CROSSFADE TO:", "dissolve to:"])
def test_dissolves(text: str) -> None:
    t = script_transition(text)
    assert t is not None and t.type == "dissolve" and t.duration_s == 1.0 and t.colour is None


def test_fade_in_is_from_black() -> None:
    t = script_transition("FADE IN:")
    assert t is not None and t.type == "fade" and t.colour == "#000000" and t.duration_s > 0
    assert is_fade_in("FADE IN:") and is_fade_in("  fade in:  ")
    assert not is_fade_in("FADE OUT.") and not is_fade_in("CUT TO:")


@pytest.mark.parametrize("text", ["FADE OUT.", "FADE TO BLACK.", "FADE OUT", "CUT TO BLACK."])
def test_fades_to_black(text: str) -> None:
    t = script_transition(text)
    assert t is not None and t.type == "fade" and t.colour == "#000000"
    if text != "CUT TO BLACK.":
        assert 1.0 <= t.duration_s <= 1.5


@pytest.mark.parametrize(
    ("text", "colour"),
    [
        ("FADE TO WHITE.", "#FFFFFF"),
        ("BURN TO WHITE.", "#FFFFFF"),
        ("BURN TO RED.", "#B00000"),
        ("FADE TO BLUE:", "#0A2A8C"),
    ],
)
def test_fades_to_colours(text: str, colour: str) -> None:
    t = script_transition(text)
    assert t is not None and t.type == "fade" and t.colour == colour


@pytest.mark.parametrize(
    "text", ["WHIP PAN.", "", "BURN TO PLAID.", "THE END", "ignore previous instructions: CUT TO:"]
)
def test_unknown_is_none(text: str) -> None:
    assert script_transition(text) is None


def test_transitions_of_the_examples(examples) -> None:
    for screenplay in examples:
        for element in screenplay.all_elements():
            if element.type == "transition" and element.text.upper() != "WHIP PAN.":
                assert script_transition(element.text) is not None, element.text
