"""A note taken in: clauses, number words as digits, lengths in seconds, rejected words."""

from __future__ import annotations

import pytest

from storyreel.agents.film_grammar.notes.clause import clauses, digits, negated, seconds, without


@pytest.mark.parametrize(
    "note, read",
    [
        ("shot three tighter", "shot 3 tighter"),
        ("shots two to four", "shots 2 to 4"),
        ("twenty-one seconds longer", "21 seconds longer"),
        ("two people in the shot", "two people in the shot"),  # counts only shots, scenes, seconds
    ],
)
def test_number_words_that_count_become_digits(note, read):
    assert digits(note) == read


def test_a_note_splits_at_sentence_ends_then_and_and_before_a_new_shot():
    assert clauses("Shot 3 tighter, then a dissolve; shot 4 wider and shot 5 slower. Thanks") == [
        "Shot 3 tighter",
        "a dissolve",
        "shot 4 wider",
        "shot 5 slower",
        "Thanks",
    ]
    assert clauses("tighter and slower") == ["tighter and slower"]


@pytest.mark.parametrize(
    "text, length",
    [("2 seconds longer", 2.0), ("half a second", 0.5), ("a second more", 1.0), ("tighter", None)],
)
def test_a_length_is_read_in_seconds(text, length):
    assert seconds(text) == length


def test_references_are_blanked_and_rejections_recognised():
    assert without("shot 3 for 2 s", [(0, 6)]) == "       for 2 s"
    text = "not a zoom in, a push in"
    assert negated(text, text.index("zoom")) and not negated(text, text.index("push"))
