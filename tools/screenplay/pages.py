"""Page count of a screenplay in standard format, the basis of "one page, one minute".

How pages are counted: every printed element is wrapped at the widths of the standard US
screenplay layout in 12-point Courier (10 characters an inch), with one blank line before each
element (none between a cue and its speech), on pages of 55 lines. Action and scene headings
are 60 characters wide, dialogue 35, parentheticals 25, cues and transitions one line each.
Notes, synopses, sections and the boneyard do not print. A forced page break (`===`) starts a
new page. The count is rounded up to the nearest eighth of a page, as production counts are.
Elements flow from one page to the next where they fall: there is no widow or orphan control
(which pushes lines to the next page), so long scripts count a little short of what Final
Draft reports; the runtime estimate (a minute a page) is rough anyway.
"""

from __future__ import annotations

import math

from storyreel.models.screenplay import Element, Screenplay

LINES_PER_PAGE = 55
ACTION_WIDTH = 60
DIALOGUE_WIDTH = 35
PARENTHETICAL_WIDTH = 25


def wrapped_lines(text: str, width: int) -> int:
    """Lines `text` takes when word-wrapped at `width` characters (greedy, like a typewriter)."""
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size <= width:
                used += 1 + size
                continue
            if used:
                lines += 1
            runs_on = (size - 1) // width  # a word wider than the line runs on over more lines
            lines += runs_on
            used = size - runs_on * width
        total += lines
    return total


def element_lines(element: Element) -> int:
    """Printed lines of one element, not counting the blank line before it."""
    kind = element.type
    if kind in ("note", "synopsis", "section", "page_break"):
        return 0
    if kind in ("action", "lyric"):
        return wrapped_lines(element.text, ACTION_WIDTH)
    if kind in ("transition", "centered"):
        return max(1, element.text.count("\n") + 1)
    # dialogue: the cue, then each part at its own width
    lines = 1
    for part in element.parts:
        width = PARENTHETICAL_WIDTH if part.type == "parenthetical" else DIALOGUE_WIDTH
        lines += wrapped_lines(part.text, width)
    return lines


def estimate_pages(screenplay: Screenplay) -> float:
    used = 0  # lines used on the current page
    pages = 0

    def place(lines: int) -> None:
        nonlocal used, pages
        if used >= LINES_PER_PAGE:  # the page is full: start the next one
            pages += 1
            used = 0
        if used:
            used += 1  # the blank line before; none at the top of a page
        # What does not fit runs on over the next page(s): no element is pushed whole to a
        # new page, which would leave the rest of this one empty.
        used += lines
        while used > LINES_PER_PAGE:
            pages += 1
            used -= LINES_PER_PAGE

    def place_elements(elements: list[Element]) -> None:
        nonlocal used, pages
        for element in elements:
            if element.type == "page_break":
                if used:
                    pages += 1
                    used = 0
                continue
            lines = element_lines(element)
            if lines:
                place(lines)

    place_elements(screenplay.elements)
    for scene in screenplay.scenes:
        place(wrapped_lines(scene.heading, ACTION_WIDTH))
        place_elements(scene.elements)
    total = pages + used / LINES_PER_PAGE
    return math.ceil(total * 8) / 8
