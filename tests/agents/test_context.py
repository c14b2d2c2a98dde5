"""The run settings' one declaration (agents/context.py): what the graph, LangGraph and the
derivations (Studio, CLI, crew) rely on."""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
from pathlib import Path

import pytest
from pydantic import ValidationError

from storyreel.agents.brains import BRAINS
from storyreel.agents.context import Context, parse_size, text_or_none
from storyreel.agents.critic import Thresholds
from storyreel.render import RENDERERS
from storyreel.tools.scoring import SCORERS


def declared(name: str):
    return next(setting for field, _, setting in Context.declared() if field == name)


def test_the_cli_choices_are_the_registered_components():
    assert declared("brain").choices == BRAINS
    assert set(declared("renderer").choices) == set(RENDERERS)
    assert set(declared("scorer").choices) == set(SCORERS)


def test_the_thresholds_group_is_what_the_critic_reads():
    group = [name for name, _, setting in Context.declared() if setting.group == "thresholds"]
    assert group == [f.name for f in fields(Thresholds)]


def test_every_setting_has_a_description_it_can_be_offered_with():
    for name, info, _ in Context.declared():
        assert info.description and info.description.endswith("."), name
    schema = Context.model_json_schema()  # what LangGraph Studio shows as the context form
    assert schema["properties"]["brain"]["description"].startswith("rules: offline film grammar")


def test_a_context_is_frozen_hashable_and_equal_by_value():
    @lru_cache(maxsize=2)  # as the crew cache holds it
    def built(context: Context) -> object:
        return object()

    assert built(Context(renderer="animatic")) is built(Context(renderer="animatic"))
    assert built(Context(renderer="animatic")) is not built(Context(renderer="none"))
    with pytest.raises(ValidationError):
        Context().brain = "openai"  # type: ignore[misc]


def test_values_are_checked_and_unknown_settings_refused():
    with pytest.raises(ValidationError, match="fps"):
        Context(fps="fast")
    with pytest.raises(ValidationError, match="rendrer"):
        Context(rendrer="animatic")
    assert Context(keyframes_dir=Path("panels")).keyframes_dir == "panels"  # Path or str


def test_environment_variables_fill_what_is_not_given(monkeypatch):
    monkeypatch.setenv("STORYREEL_MODEL", "env-model")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert (Context().model, Context().base_url) == ("env-model", "http://127.0.0.1:9/v1")
    assert Context(model=None).model == "env-model"
    assert Context(model="given").model == "given"
    monkeypatch.delenv("STORYREEL_MODEL")
    assert Context().model is None


def test_options_for_a_component_are_the_settings_declared_as_taken_by_it():
    context = Context(project_dir="/films/p", renderer="diffusers", captions=True, cameraclip=None)
    assert context.options_for("renderer:diffusers") == {
        "project_dir": "/films/p",
        "models": None,
        "captions": True,
        "cameraclip": None,
    }
    assert context.options_for("renderer:none") == {}
    assert set(context.options_for("brain")) == {
        "brain",
        "model",
        "base_url",
        "prompts_dir",
        "timeout_s",
        "max_retries",
        "max_reasks",
        "max_tokens",
        "fallback",
    }


@pytest.mark.parametrize("text, size", [("1280x720", (1280, 720)), ("64X36", (64, 36)), (" 8 x 4 ", (8, 4))])
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["big", "1280", "x720", "12.5x7", "-1x5"])
def test_parse_size_refuses_what_is_not_a_size(text):
    with pytest.raises(ValueError, match="WIDTHxHEIGHT"):
        parse_size(text)


def test_none_is_typed_as_a_word():
    assert text_or_none("none") is None and text_or_none("default") == "default"
