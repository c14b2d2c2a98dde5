"""Brains: the `rules` director and the `openai` client, behind one `ask(task)` contract.

`make_brain(context)` is the one place a brain is built from run settings, so no node repeats
model setup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyreel.agents.brains.base import Answer, Brain, Task
from storyreel.agents.brains.rules import RulesBrain
from storyreel.errors import InputError

if TYPE_CHECKING:
    from storyreel.agents.context import Context
    from storyreel.project import Project

BRAINS = ("rules", "openai")

__all__ = ["BRAINS", "Answer", "Brain", "RulesBrain", "Task", "make_brain"]


def make_brain(context: Context, project: Project | None = None) -> Brain:
    """The brain `context` names; a model's answers are remembered in `project` when given."""
    if context.brain == "rules":
        return RulesBrain()  # deterministic and fast: nothing worth remembering
    if context.brain == "openai":
        from storyreel.agents.brains.cache import CachedBrain
        from storyreel.agents.brains.openai import OpenAIBrain

        brain = OpenAIBrain.from_context(context)
        if project is None:
            return brain
        identity = {"brain": "openai", "model": context.model, "base_url": brain.base_url}
        return CachedBrain(brain, project, identity=identity, prompts_dir=context.prompts_dir)
    raise InputError(f"unknown brain {context.brain!r} (expected one of {', '.join(BRAINS)})")
