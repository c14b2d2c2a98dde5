"""Rich progress bars per stage, fed by the graph's custom stream events (agents/crew.progress)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from storyreel.terminal import markup

STAGES = ("writer", "storyboard", "cinematographer", "keyframes", "draft", "critic", "refine", "editor")


class StageProgress:
    """A context manager whose `update(event)` moves one bar per stage."""

    def __init__(self, console: Console, enabled: bool = True):
        self.progress = Progress(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[label]}", markup=True),
            console=console,
            disable=not enabled,
            transient=False,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> StageProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)  # type: ignore[arg-type]

    def update(self, event: dict[str, Any]) -> None:
        stage = str(event.get("stage", "?"))
        task = self.tasks.get(stage)
        if task is None:
            task = self.tasks[stage] = self.progress.add_task(stage, total=None, label="")
        label = markup(str(event.get("label", ""))[:48])  # a shot id or a note: user text
        if "total" in event:
            self.progress.update(task, total=event["total"] or None, label=label)
        if "done" in event:
            self.progress.update(task, completed=event["done"], label=label)
        if event.get("advance"):
            self.progress.update(task, advance=event["advance"], label=label)
