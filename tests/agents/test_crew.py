"""The crew (agents/crew.py): each component built with the settings Context declares it takes."""

from __future__ import annotations

import pytest

from storyreel.agents.context import Context
from storyreel.agents.crew import _crew_for, crew, renderer_options, scorer_options
from storyreel.render.animatic.pipeline import AnimaticRenderer


@pytest.fixture(autouse=True)
def _fresh_crews():
    yield
    _crew_for.cache_clear()


def test_the_animatic_takes_captions_and_damping():
    context = Context(renderer="animatic", captions=True, damping=0.25)
    assert renderer_options(context) == {"captions": True, "damping": 0.25}


def test_the_diffusers_renderer_takes_its_models_project_captions_and_cameraclip():
    context = Context(project_dir="/films/p", renderer="diffusers", models="wan-flf2v")
    assert renderer_options(context) == {
        "project_dir": "/films/p",
        "models": "wan-flf2v",
        "captions": False,
        "camera_scorer": None,  # the CameraCLIP is loaded and handed in only when LoRAs are searched
    }


@pytest.mark.parametrize("name", ["none", "fake"])
def test_other_renderers_take_nothing(name):
    assert renderer_options(Context(renderer=name, captions=True, damping=0.5)) == {}


def test_only_the_full_scorer_takes_settings():
    context = Context(project_dir="/films/p", scorer="full", cameraclip=None)
    assert scorer_options(context) == {"cameraclip": None, "figures": "default", "project_dir": "/films/p"}
    assert scorer_options(Context(scorer="probe")) == {}
    assert scorer_options(Context(scorer="none")) == {}


def test_an_animatic_built_with_default_settings_keeps_the_old_cache_keys(tmp_path):
    built = _crew_for(Context(project_dir=str(tmp_path), renderer="animatic")).renderer
    assert built.settings() == AnimaticRenderer().settings()


def test_a_context_given_as_a_dict_is_read_as_one(tmp_path):
    """LangGraph Studio passes the context as a dict; both forms build the same (cached) crew."""

    class Runtime:
        context = {"project_dir": str(tmp_path), "renderer": "none"}

    assert crew(Runtime()) is _crew_for(Context(project_dir=str(tmp_path), renderer="none"))  # type: ignore[arg-type]
