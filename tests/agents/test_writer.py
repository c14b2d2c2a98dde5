"""The writer's bible: the delivery format is the user's, never a brain's."""

from __future__ import annotations

from storyreel.agents.context import Context
from storyreel.agents.film_grammar.bible import write_bible
from storyreel.agents.writer import with_format
from storyreel.models.bible import Resolution, Style
from storyreel.tools.screenplay import parse_fountain

SCRIPT = "INT. GARAGE - NIGHT\n\nNELL hauls the sheet off the car.\n\nNELL\nHe comes at nine.\n"


def a_models_bible():
    """A bible as a model wrote it: valid, and the film set to 8192x8192 at 240 fps."""
    bible = write_bible(parse_fountain(SCRIPT))
    style = Style(
        look="huge", aspect_ratio="1:1", fps=240, resolution=Resolution(width=8192, height=8192), seed=7
    )
    return bible.model_copy(update={"style": style})


def test_a_brain_never_sets_the_delivery_format():
    style = with_format(a_models_bible(), Context()).style
    default = Style()
    assert (style.resolution, style.fps, style.aspect_ratio) == (default.resolution, default.fps, "16:9")
    assert (style.look, style.seed) == ("huge", 7)  # what is the brain's to choose stays


def test_the_users_format_wins_over_the_brains():
    style = with_format(a_models_bible(), Context(width=320, height=180, fps=8)).style
    assert (style.resolution.width, style.resolution.height, style.fps) == (320, 180, 8)
    assert style.aspect_ratio == "16:9"
