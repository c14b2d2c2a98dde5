"""The human summary that `storyreel parse` prints."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from storyreel.models.screenplay import Screenplay
from storyreel.terminal import markup, printable
from storyreel.tools.screenplay.pages import LINES_PER_PAGE


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def _cells(row: Iterable[str]) -> list[Text]:
    """A table row of user text: no markup, no terminal controls (storyreel/terminal.py)."""
    return [Text(printable(cell, newlines=True)) for cell in row]


def print_summary(console: Console, screenplay: Screenplay) -> None:
    # Scripts are full of brackets ("[FLASHBACK]"): user text never goes through rich markup.
    path = markup(screenplay.source.path or "<text>")
    if screenplay.kind == "prose":
        words = len((screenplay.prose or "").split())
        console.print(
            f"[bold]{path}[/bold]: prose, not a screenplay ({words} words). "
            "The writer agent adapts it into scenes when you make a film of it.",
            soft_wrap=True,
        )
        return

    console.print(f"[bold]{path}[/bold] ({screenplay.source.format})", soft_wrap=True)
    if screenplay.title_page:
        table = Table(title="Title page", show_header=False, title_justify="left")
        for key, value in screenplay.title_page.items():
            table.add_row(*_cells((key.replace("_", " "), value)))
        console.print(table)

    scenes = Table(title=f"Scenes ({len(screenplay.scenes)})", title_justify="left")
    for column in ("#", "no.", "heading", "int/ext", "location", "time", "line"):
        scenes.add_column(column, overflow="fold")
    for scene in screenplay.scenes:
        row = (
            str(scene.index + 1),
            scene.number or "",
            scene.heading,
            scene.int_ext or "",
            scene.location,
            scene.time_of_day or "",
            str(scene.line),
        )
        scenes.add_row(*_cells(row))
    console.print(scenes)

    characters = Table(title=f"Characters ({len(screenplay.characters)})", title_justify="left")
    for column in ("name", "speeches", "first appears", "also cued as"):
        characters.add_column(column, overflow="fold")
    for character in screenplay.characters:
        first = character.first_appearance
        where = f"line {first.line}" + (f", scene {first.scene + 1}" if first.scene is not None else "")
        others = [cue for cue in character.cues if cue != character.name]
        row = (character.name, str(character.speeches), where, ", ".join(others))
        characters.add_row(*_cells(row))
    console.print(characters)

    speeches = len(screenplay.speeches())
    console.print(
        f"{speeches} speeches, {screenplay.pages:g} pages, estimated runtime "
        f"{_minutes(screenplay.runtime_s)} (one minute a page; pages counted in standard "
        f"screenplay layout, {LINES_PER_PAGE} lines a page)",
        soft_wrap=True,
    )


def print_plan(console: Console, result) -> None:  # noqa: ANN001 - a PlanResult
    """The shot list as a table, then where the documents went."""
    plan, screenplay = result.plan, result.screenplay
    table = Table(title=f"Shots ({len(plan.shots)})", title_justify="left")
    for column in ("#", "id", "scene", "kind", "framing", "angle", "movement", "lens", "s", "covers"):
        table.add_column(column, overflow="fold")
    for number, shot in enumerate(plan.shots, start=1):
        camera = shot.camera
        row = (
            str(number),
            shot.id,
            str(shot.scene + 1),
            shot.kind,
            camera.framing,
            camera.angle,
            " + ".join(camera.movements),
            f"{camera.lens_mm:g}mm",
            f"{shot.duration_s:.1f}",
            str(len(shot.covers)),
        )
        table.add_row(*_cells(row))
    console.print(table)
    seconds = sum(shot.duration_s for shot in plan.shots)
    console.print(
        f"{len(plan.shots)} shots, {_minutes(seconds)} planned for {len(screenplay.scenes)} scenes"
        + (" (resumed an unfinished run)" if result.resumed else ""),
        soft_wrap=True,
    )
    for kind, path in result.outputs.items():
        console.print(Text(printable(f"  {kind:<11} {path}")))
