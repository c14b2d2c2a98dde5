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

BRAINS = ("rules", "openai")

__all__ = ["BRAINS", "Answer", "Brain", "RulesBrain", "Task", "make_brain"]


def make_brain(context: Context) -> Brain:
    if context.brain == "rules":
        return RulesBrain()
    if context.brain == "openai":
        from storyreel.agents.brains.openai import OpenAIBrain

        return OpenAIBrain.from_context(context)
    raise InputError(f"unknown brain {context.brain!r} (expected one of {', '.join(BRAINS)})")
