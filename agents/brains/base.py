"""The brain contract: every agent asks its brain one typed question, a `Task`.

A task carries everything any brain needs: the agent's name (which names its prompt template,
prompts/<agent>.j2), the template's inputs as plain data, the pydantic model the answer must
validate against, extra checks the answer must pass (a storyboard must cover every speech), and
`rules`, the deterministic answer. The `rules` brain returns `rules()`; the `openai` brain asks
a model and falls back to `rules()` when the model cannot give a valid answer, saying why.

    brain.ask(task) -> Answer(value, brain, attempts, fallback)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from storyreel.models.report import ReportEntry

Out = TypeVar("Out", bound=BaseModel)


@dataclass(frozen=True)
class Task(Generic[Out]):
    agent: str  # writer, storyboard, cinematographer, critic, editor, director
    output: type[Out]
    inputs: dict[str, Any]  # template variables: plain JSON-able data only
    rules: Callable[[], Out]  # the deterministic answer, and the fallback
    check: Callable[[Out], list[str]] | None = None  # problems that make an answer unusable
    label: str = ""  # what this task is about, for reports: "scene 3"

    def problems(self, answer: Out) -> list[str]:
        return self.check(answer) if self.check is not None else []


@dataclass(frozen=True)
class Answer(Generic[Out]):
    value: Out
    brain: str  # the brain that produced `value`: "rules" or "openai"
    attempts: int = 1  # model calls made (0 for rules)
    fallback: str | None = None  # why the rules answer replaced the model's, if it did
    notes: list[str] = field(default_factory=list)  # re-asks and their reasons

    def report(self, task: Task[Any], **more: Any) -> ReportEntry:
        """This call's entry in the run's log (no secrets, no prompts); `more` adds fields such
        as a warning."""
        return ReportEntry(
            agent=task.agent,
            label=task.label,
            brain=self.brain,
            attempts=self.attempts,
            fallback=self.fallback,
            notes=list(self.notes),
            **more,
        )


class Brain(Protocol):
    name: str

    def ask(self, task: Task[Out]) -> Answer[Out]: ...
