"""Sanity of the page estimate ("one page, one minute"), not a typesetter's exactness."""

from __future__ import annotations

from storyreel.tools.screenplay import parse_fountain
from storyreel.tools.screenplay.pages import LINES_PER_PAGE, wrapped_lines

HEADING = "INT. HOUSE - DAY"
LINE = "Brick crosses the room and looks out of the window."  # under 60 characters


def pages(text: str) -> float:
    return parse_fountain(text).pages


def action_lines(n: int) -> str:
    return "\n".join([LINE] * n)


def test_a_page_of_action_is_about_one_page():
    # The heading, a blank line and 53 lines of action fill the 55 lines of a page.
    assert pages(f"{HEADING}\n\n{action_lines(LINES_PER_PAGE - 2)}") == 1.0
    assert 0.9 <= pages(f"{HEADING}\n\n{action_lines(55)}") <= 1.25


def test_pages_grow_monotonically_with_the_script():
    counts = [pages(f"{HEADING}\n\n{action_lines(n)}") for n in range(1, 400, 7)]
    assert counts == sorted(counts)
    assert counts[-1] > counts[0]
    speeches = [
        pages(HEADING + "\n\n" + "\n\n".join(["BRICK\nWords and more words."] * n)) for n in range(1, 80, 5)
    ]
    assert speeches == sorted(speeches)


def test_short_script_counts_in_eighths():
    value = pages(f"{HEADING}\n\nA short scene.")
    assert 0 < value <= 0.125
    assert (value * 8).is_integer()


def test_forced_page_break_starts_a_new_page():
    without = pages(f"{HEADING}\n\nBefore.\n\nAfter.")
    with_break = pages(f"{HEADING}\n\nBefore.\n\n===\n\nAfter.")
    assert without <= 0.125
    assert 1.0 < with_break <= 1.125


def test_page_break_at_the_top_of_a_page_adds_nothing():
    assert pages(f"===\n\n{HEADING}\n\nx") == pages(f"{HEADING}\n\nx")


def test_non_printing_elements_take_no_room():
    plain = pages(f"{HEADING}\n\nx")
    busy = pages(
        f"# Act\n\n= synopsis\n\n{HEADING}\n\n[[note]]\n\nx\n\n/* boneyard\n\n{action_lines(100)} */"
    )
    assert busy == plain


def test_dialogue_wraps_narrower_than_action():
    words = " ".join(["word"] * 300)
    as_action = pages(f"{HEADING}\n\n{words}")
    as_dialogue = pages(f"{HEADING}\n\nBRICK\n{words}")
    assert as_dialogue > as_action


def test_wrapped_lines():
    assert wrapped_lines("", 60) == 1
    assert wrapped_lines("a b", 60) == 1
    assert wrapped_lines("x" * 60, 60) == 1
    assert wrapped_lines("x" * 61, 60) == 2
    assert wrapped_lines(" ".join(["abcd"] * 12), 60) == 1  # 59 characters
    assert wrapped_lines(" ".join(["abcd"] * 13), 60) == 2
    assert wrapped_lines("one\ntwo\n\nfour", 60) == 4


def test_prose_has_no_pages():
    assert pages("Once upon a time there was a garage.") == 0.0


def test_a_feature_length_script_counts_about_right_and_parses_fast():
    import time

    scene = "\n\n".join(
        [
            "INT. ROOM - DAY",
            "The room is *dark*. BRICK enters [[check]] and looks around, slowly.\nHe sits and waits.",
            "BRICK\n(quietly)\nI have **nothing** to say to you.\nNothing at all.",
            "STEEL (V.O.)\nThen say it again.",
            "BRICK ^\nNothing.",
            "CUT TO:",
        ]
    )
    text = "\n\n".join([scene] * 330)  # about 6,000 lines, a 120-page feature
    assert 5500 <= text.count("\n") <= 6500
    started = time.perf_counter()
    screenplay = parse_fountain(text)
    elapsed = time.perf_counter() - started
    assert 100 <= screenplay.pages <= 130
    assert elapsed < 1.0  # about 0.1 s on a laptop; the bound leaves room for slow CI machines
