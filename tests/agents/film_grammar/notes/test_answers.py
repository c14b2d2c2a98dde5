"""A question's answer put into the clause it answers (answers.py)."""

from __future__ import annotations

import pytest

from storyreel.agents.film_grammar.notes.answers import settle


@pytest.mark.parametrize(
    "clause, said, answer, settled",
    [
        ("shot 3 tighter or wider", ["tighter", "wider"], "wider", "shot 3 wider"),
        ("shot 3 Tighter / WIDER please", ["tighter", "wider"], "tighter", "shot 3 tighter please"),
        ("shot 3 close-up, low angle, wide", ["close-up", "wide"], "wide", "shot 3 wide, low angle"),
        ("shot 2 pan left and pan right", ["pan left", "pan right"], "pan right", "shot 2 pan right"),
        ("split shots 3-5", ["shots 3-5"], "shot 4", "split shot 4"),
        ("lose the dissolve", [], "after shot 4", "lose the dissolve after shot 4"),
        ("make Nell and Steel's jackets red", ["Nell", "Steel's"], "Nell's", "make Nell's jackets red"),
    ],
)
def test_the_asked_words_give_way_to_the_answer(clause, said, answer, settled):
    assert settle(clause, said, answer) == settled


def test_words_are_found_whole_or_not_at_all():
    assert settle("shot 3 widescreen", ["wide"], "close-up") is None
    assert settle("shot 3 tighter", ["wider"], "wider") is None
