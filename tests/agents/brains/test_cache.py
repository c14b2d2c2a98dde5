"""CachedBrain: a model's accepted answers are kept in the project and never asked for twice."""

from __future__ import annotations

from storyreel.agents.brains.base import Answer, Task
from storyreel.agents.brains.cache import CachedBrain
from storyreel.agents.schemas import CriticVerdict
from storyreel.project import Project


class CountingBrain:
    name = "openai"

    def __init__(self, fallback: str | None = None):
        self.calls = 0
        self.fallback = fallback

    def ask(self, task):
        self.calls += 1
        brain = "rules" if self.fallback else "openai"
        return Answer(
            value=CriticVerdict(passed=True, reasons=[f"call {self.calls}"], revisions=[]),
            brain=brain,
            fallback=self.fallback,
        )


def task(shot: str = "s1", check=None) -> Task[CriticVerdict]:
    return Task(
        agent="critic",
        output=CriticVerdict,
        inputs={"shot": {"id": shot}},
        rules=lambda: CriticVerdict(passed=True, reasons=["rules"], revisions=[]),
        check=check,
    )


def cached(tmp_path, inner, prompts_dir=None) -> CachedBrain:
    return CachedBrain(
        inner, Project(tmp_path).create(), identity={"brain": "openai", "model": "m"}, prompts_dir=prompts_dir
    )


def test_the_same_question_is_answered_from_the_project(tmp_path):
    inner = CountingBrain()
    first = cached(tmp_path, inner).ask(task())
    again = cached(tmp_path, inner).ask(task())  # a new process would see the same files
    assert inner.calls == 1
    assert again.value == first.value and again.attempts == 0 and again.brain == "openai"
    cached(tmp_path, inner).ask(task("s2"))
    assert inner.calls == 2


def test_fallbacks_are_not_remembered(tmp_path):
    inner = CountingBrain(fallback="no valid answer")
    brain = cached(tmp_path, inner)
    brain.ask(task())
    brain.ask(task())
    assert inner.calls == 2


def test_a_stored_answer_that_no_longer_passes_the_checks_is_asked_again(tmp_path):
    inner = CountingBrain()
    cached(tmp_path, inner).ask(task())
    cached(tmp_path, inner).ask(task(check=lambda verdict: ["now wrong"]))
    assert inner.calls == 2


def test_a_changed_prompt_template_is_a_new_question(tmp_path):
    inner = CountingBrain()
    cached(tmp_path / "p", inner).ask(task())
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "critic.j2").write_text("Judge {{ shot.id }} harshly.\n")
    cached(tmp_path / "p", inner, prompts_dir=str(prompts)).ask(task())
    assert inner.calls == 2
