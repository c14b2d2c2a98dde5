"""Run settings as Studio takes them (storyreel/settings.py), derived from agents/context.py."""

from __future__ import annotations

from typing import Annotated, Any

import click
import pytest
from click.testing import CliRunner
from pydantic import Field, create_model

from storyreel import settings
from storyreel.agents.context import MAKE, Context, Setting
from storyreel.agents.crew import renderer_options
from storyreel.api import Studio
from storyreel.errors import InputError
from storyreel.options import setting_options

# The run identity of every film made so far: a changed key or value runs each of them again.
IDENTITY = {
    "brain": "rules",
    "renderer": "animatic",
    "models": None,
    "scorer": "full",
    "max_rounds": 2,
    "prompts_dir": None,
    "model": None,
    "base_url": None,
    "width": None,
    "height": None,
    "fps": None,
    "slates": False,
    "captions": False,
    "keyframes_dir": None,
    "cameraclip": "default",
    "figures": "default",
    "damping": 1.0,
    "movement_match_min": 0.5,
    "delivered_min": 0.5,
    "cameraclip_min": 0.0,
    "keyframe_ssim_min": 0.5,
    "consistency_min": 0.5,
    "max_move_gain": 4.0,
    "framing_margin": 0.2,
    "side_match_min": 1.0,
    "facing_match_min": 0.5,
    "angle_confidence_min": 0.6,
}


@pytest.fixture(autouse=True)
def _no_model_from_the_environment(monkeypatch):
    monkeypatch.delenv("STORYREEL_MODEL", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def test_the_run_identity_keeps_its_keys_and_values(tmp_path):
    assert Studio(tmp_path / "p").settings() == IDENTITY


def test_keywords_land_in_the_identity_under_their_fields(tmp_path):
    panels = tmp_path / "panels"
    panels.mkdir()
    studio = Studio(
        tmp_path / "p",
        resolution=(64, 36),
        fps=4,
        thresholds={"delivered_min": 0.7},
        max_rounds=3,
        cameraclip=None,
        keyframes_dir=panels,  # a Path, as the API may be given one
        damping=0.5,
    )
    assert studio.settings() == {
        **IDENTITY,
        "width": 64,
        "height": 36,
        "fps": 4,
        "delivered_min": 0.7,
        "max_rounds": 3,
        "cameraclip": None,
        "keyframes_dir": str(panels.resolve()),
        "damping": 0.5,
    }
    assert studio.context.project_dir == str((tmp_path / "p").absolute())


def test_what_does_not_shape_results_is_a_keyword_but_not_in_the_identity(tmp_path):
    patient = Studio(tmp_path / "p", timeout_s=5, max_retries=0, max_reasks=1)
    assert (patient.context.timeout_s, patient.context.max_retries, patient.context.max_reasks) == (5.0, 0, 1)
    assert patient.settings() == IDENTITY


def test_the_model_comes_from_the_environment_unless_given(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_MODEL", "from-env")
    assert Studio(tmp_path / "p").settings()["model"] == "from-env"
    assert Studio(tmp_path / "p", model=None).settings()["model"] == "from-env"
    assert Studio(tmp_path / "p", model="given").settings()["model"] == "given"


@pytest.mark.parametrize(
    "keywords, problem",
    [
        ({"resoluton": (64, 36)}, "unknown setting(s) resoluton (known: "),
        ({"words_per_second": 3.0}, "unknown setting(s) words_per_second"),
        (
            {"thresholds": {"delivered": 0.7}},
            "unknown thresholds delivered (known: angle_confidence_min, cameraclip_min, ",
        ),
        ({"resolution": (64, 36, 2)}, "resolution (64, 36, 2): expected (width, height)"),
        ({"fps": "fast"}, "setting fps='fast': Input should be a valid integer"),
        ({"max_rounds": 11}, "setting max_rounds=11: Input should be less than or equal to 10"),
        ({"thresholds": {"delivered_min": "high"}}, "setting delivered_min='high'"),
    ],
)
def test_a_bad_keyword_or_value_is_one_line_before_any_work(tmp_path, keywords, problem):
    with pytest.raises(InputError) as info:
        Studio(tmp_path / "p", **keywords)
    message = str(info.value)
    assert problem in message and "\n" not in message
    assert not (tmp_path / "p").exists()


def test_unknown_keywords_list_every_known_one():
    with pytest.raises(InputError) as info:
        settings.context_for("/p", {"nope": 1})
    known = str(info.value).split("known: ")[1].rstrip(")").split(", ")
    assert known == sorted(settings.keywords())
    assert {"resolution", "thresholds", "brain", "damping", "timeout_s"} <= set(known)
    assert not {"width", "height", "project_dir", "delivered_min"} & set(known)


def test_a_knob_declared_once_reaches_the_cli_studio_the_identity_and_its_component(tmp_path, monkeypatch):
    """The one place to add a setting: a field on Context. Everything else is derived from it."""
    grain = Annotated[float, Setting("--grain", MAKE, takes=("renderer:animatic",))]
    knobbed = create_model(
        "Knobbed", __base__=Context, grain=(grain, Field(0.0, description="Film grain strength."))
    )
    monkeypatch.setattr(settings, "Context", knobbed)

    given: dict[str, Any] = {}
    command = click.command()(setting_options("make")(lambda **options: given.update(options)))
    runner = CliRunner()
    assert "Film grain strength." in runner.invoke(command, ["--help"]).output
    assert runner.invoke(command, ["--grain", "0.25"]).exit_code == 0
    planning = click.command()(setting_options("plan")(lambda **options: None))
    assert "grain" not in {param.name for param in planning.params}

    studio = Studio(tmp_path / "p", **given)
    assert studio.settings() == {**IDENTITY, "grain": 0.25}
    assert renderer_options(studio.context)["grain"] == 0.25  # the animatic is built with it
    with pytest.raises(InputError, match="grain"):
        Studio(tmp_path / "p", grain="coarse")


def test_a_knob_that_does_not_shape_results_stays_out_of_the_identity(tmp_path, monkeypatch):
    patience = Annotated[int, Setting(shapes=False)]
    knobbed = create_model("Knobbed", __base__=Context, patience=(patience, Field(1, description="Tries.")))
    monkeypatch.setattr(settings, "Context", knobbed)
    studio = Studio(tmp_path / "p", patience=3)
    assert studio.context.patience == 3 and studio.settings() == IDENTITY
