"""Coverage: how the rules brain breaks one scene into storyboard shots.

The grammar, in the order a scene is read:

1. A new place opens on an establishing shot (extreme long outside, long inside); an empty
   scene is just that shot (or a master of the place when the place is not new).
2. Every character of the scene gets a screen side once and keeps it in every shot of the
   scene: the 180-degree rule (cast.py). The things the action names go on the scene's set,
   each at one place (sets.py).
3. Dialogue: two-shot or master, then shot/reverse-shot, close-ups for emotional beats,
   reactions, voices over the listeners (dialogue.py).
4. Action is covered by shots sized by what happens; POV and INSERT headings make pov and
   insert shots, MONTAGE / SERIES OF SHOTS several short montage shots (action.py).
5. Durations come from the words (reading.py).
6. Every shot is staged as it is drawn: who looks at whom, which way they face, what their
   body does and holds (staging.py, from what bodies.py reads in the action); someone who
   leaves is no longer present for the shots after.
7. Never the same framing three shots in a row (drafts.vary_framings).

Everything is a pure function of its inputs; the script's text is only ever quoted.
"""

from __future__ import annotations

from storyreel.agents.film_grammar.coverage import action, dialogue
from storyreel.agents.film_grammar.coverage.drafts import Board, vary_framings
from storyreel.agents.film_grammar.coverage.reading import (
    INSERT,
    MAX_SHOT_S,
    MONTAGE,
    MONTAGE_ENDS,
    POV,
    action_seconds,
)
from storyreel.agents.schemas import BoardShot, StoryboardOutput
from storyreel.models.bible import Bible
from storyreel.models.screenplay import Element, Scene

BOARDED = ("action", "dialogue", "lyric")  # the elements that get shots


def _special(scene: Scene) -> str | None:
    """'pov' or 'insert' when the heading is a shot rather than a place."""
    if scene.int_ext is not None:
        return None
    if POV.search(scene.heading):
        return "pov"
    if INSERT.match(scene.heading):
        return "insert"
    return None


def _establishes(scene: Scene, special: str | None, new_location: bool, previous: BoardShot | None) -> bool:
    """A new place opens on an establishing shot (not POV, INSERT or MONTAGE headings: they
    are the shot); so does a film that opens outside."""
    if special is not None or MONTAGE.search(scene.heading):
        return False
    return new_location or (scene.int_ext in ("EXT", "EST") and scene.index == 0 and previous is None)


def _opener(board: Board, elements: list[Element]) -> Element | None:
    """The opening description of the place, when it is short and names nobody: the
    establishing shot shows it. A longer opening paragraph is action and gets shots of its own."""
    first = elements[0] if elements else None
    if (
        first is not None
        and first.type == "action"
        and not board.cast.mentioned(first.text)
        and action_seconds(first.text, board.wps) <= MAX_SHOT_S
    ):
        return first
    return None


def _walk(board: Board, elements: list[Element], special: str | None) -> None:
    """Every element in script order, each to the coverage that fits it."""
    in_montage = bool(MONTAGE.search(board.scene.heading))
    previous: Element | None = None
    skip: set[str] = set()
    for i, element in enumerate(elements):
        if element.id in skip:
            continue
        following = elements[i + 1] if i + 1 < len(elements) else None
        if element.type == "action":
            if MONTAGE_ENDS.match(element.text):
                in_montage = False
                action.action(board, element)
            elif in_montage or MONTAGE.match(element.text.strip()):
                in_montage = True
                action.montage(board, element)
            else:
                action.action(board, element, special)
        elif element.type == "lyric":
            action.lyric(board, element)
        elif element.dual and following is not None and following.dual and following.type == "dialogue":
            dialogue.dual(board, element, following)
            skip.add(following.id)
        else:
            dialogue.speech(board, element, previous, following)
        previous = element


def board_scene(
    scene: Scene,
    bible: Bible,
    *,
    words_per_second: float = 2.5,
    previous: BoardShot | None = None,
    new_location: bool = True,
) -> StoryboardOutput:
    """Break `scene` into storyboard shots by film grammar (see the module docstring)."""
    if words_per_second <= 0:
        raise ValueError(f"words_per_second must be > 0, got {words_per_second}")
    board = Board.start(scene, bible, words_per_second, previous)
    special = _special(scene)
    elements = [e for e in scene.elements if e.type in BOARDED]
    # 1. Establish a new place.
    if _establishes(scene, special, new_location, previous):
        opener = _opener(board, elements)
        if opener is not None:
            elements = elements[1:]
        action.establish(board, opener)
    # 2. Walk the scene in script order.
    _walk(board, elements, special)
    # 3. An empty scene is still a place on screen.
    if not board.drafts:
        if special is not None or MONTAGE.search(scene.heading) or new_location:
            action.establish(board, None)
        else:
            action.master_of_place(board)
    # 4. Vary framings, then write the shots and the set.
    vary_framings(board.drafts, previous)
    return StoryboardOutput(shots=board.shots(), props=board.props)
