"""The `rules` brain: the embedded, deterministic director. Offline, reproducible, fast."""

from __future__ import annotations

from storyreel.agents.brains.base import Answer, Out, Task


class RulesBrain:
    name = "rules"

    def ask(self, task: Task[Out]) -> Answer[Out]:
        return Answer(value=task.rules(), brain=self.name, attempts=0)
