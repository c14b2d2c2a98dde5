"""Remembering a model's answers in the project, so no question is paid for twice.

A node is LangGraph's unit of checkpointing: a run killed in the middle of the storyboard, which
asks the brain once per scene, would ask every scene again on resume. `CachedBrain` stores each
accepted model answer under the hash of everything that shaped it (brain, model, agent, inputs,
output schema, prompt templates), so a resume, or a re-run after editing one scene, asks only
what is new. Fallback answers are not stored: the next run gives the model another chance.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from storyreel.agents.brains.base import Answer, Brain, Out, Task
from storyreel.agents.prompting import template_source
from storyreel.project import Project


class CachedBrain:
    def __init__(self, inner: Brain, project: Project, *, identity: dict[str, Any], prompts_dir: str | None):
        self.inner = inner
        self.name = inner.name
        self.project = project
        self.identity = identity  # e.g. {"brain": "openai", "model": ..., "base_url": ...}: no secrets
        self.prompts_dir = prompts_dir

    def key(self, task: Task[Any]) -> str:
        payload = {
            "identity": self.identity,
            "agent": task.agent,
            "inputs": task.inputs,
            "output": task.output.model_json_schema(),
            "templates": [template_source(name, self.prompts_dir) for name in ("system", task.agent)],
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def ask(self, task: Task[Out]) -> Answer[Out]:
        key = self.key(task)
        path = self.project.cache_path("answers", key, ".json")
        if path.exists():
            stored = json.loads(path.read_text(encoding="utf-8"))
            value = task.output.model_validate(stored["value"])
            if not task.problems(value):
                return Answer(
                    value=value, brain=stored["brain"], attempts=0, notes=["answer from the project cache"]
                )
        answer = self.inner.ask(task)
        if answer.fallback is None and answer.brain == self.inner.name:
            record = {
                "brain": answer.brain,
                "agent": task.agent,
                "value": answer.value.model_dump(mode="json"),
            }
            self.project.write_json(path.relative_to(self.project.root), record)
        return answer
