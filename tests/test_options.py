"""The run settings' command-line options (storyreel/options.py): derived, and as they always were."""

from __future__ import annotations

from typing import Any

import click
import pytest

import storyreel.api
from storyreel.cameraclip_cli import cameraclip
from storyreel.cli import cli, main
from storyreel.errors import InputError

BRAIN = {
    "--brain": "rules",
    "--model": None,
    "--base-url": None,
    "--prompts": None,
    # read from the environment when not given: the command line passes None, Context reads it
    "--timeout": None,
    "--retries": None,
    "--reasks": None,
    "--max-tokens": None,
    "--fallback": "none",
}
MAKE = {
    **BRAIN,
    "--renderer": "animatic",
    "--models": None,
    "--resolution": None,
    "--fps": None,
    "--slates": "a flag",
    "--captions": "a flag",
    "--keyframes": None,
    "--max-rounds": 2,
    "--scorer": "full",
    "--cameraclip": "default",
    "--figures": "default",
}


def settings_of(command: click.Command) -> dict[str, Any]:
    """The command's options that are run settings (its own: -o, --json, --quiet, --help aside)."""
    own = {"--output", "--json", "--quiet", "--help"}
    return {
        p.opts[-1]: "a flag" if p.is_flag else p.default
        for p in command.params
        if isinstance(p, click.Option) and p.opts[-1] not in own
    }


@pytest.mark.parametrize(
    "name, expected", [("plan", BRAIN), ("make", MAKE), ("direct", BRAIN), ("chat", BRAIN)]
)
def test_each_command_offers_its_settings_with_their_defaults(name, expected):
    assert settings_of(cli.commands[name]) == expected


def test_options_pass_under_studio_keywords():
    names = {p.opts[-1]: p.name for p in cli.commands["make"].params}
    assert names["--prompts"] == "prompts_dir" and names["--keyframes"] == "keyframes_dir"
    assert names["--resolution"] == "resolution" and names["--base-url"] == "base_url"
    choices = {
        p.opts[-1]: list(p.type.choices)
        for p in cli.commands["make"].params
        if isinstance(p.type, click.Choice)
    }
    assert choices == {
        "--brain": ["rules", "openai"],
        "--renderer": ["animatic", "diffusers", "none"],
        "--scorer": ["full", "probe", "none"],
        "--fallback": ["none", "rules"],
    }


def test_make_hands_studio_typed_settings(tmp_path, monkeypatch, capsys):
    given: dict[str, Any] = {}

    class Recording:
        def __init__(self, project: str, on_progress: Any = None, **settings: Any):
            given.update(settings)
            raise InputError("recorded")

    monkeypatch.setattr(storyreel.api, "Studio", Recording)
    args = ["make", "x.fountain", "-o", str(tmp_path / "p"), "--quiet", "--resolution", "64x36"]
    assert main([*args, "--cameraclip", "none", "--max-rounds", "3", "--slates"]) == 1
    assert given["cameraclip"] is None  # 'none' on the command line is None in the API
    assert given["resolution"] == (64, 36) and given["max_rounds"] == 3 and given["slates"] is True
    assert given["renderer"] == "animatic" and given["model"] is None
    assert capsys.readouterr().err == "storyreel: error: recorded\n"


@pytest.mark.parametrize("args", [["--max-rounds", "11"], ["--renderer", "blender"], ["--fps", "fast"]])
def test_a_bad_option_is_a_usage_error(tmp_path, capsys, args):
    assert main(["make", "x.fountain", "-o", str(tmp_path / "p"), *args]) == 1
    assert args[0] in capsys.readouterr().err


def test_cameraclip_build_parses_its_size_with_the_same_parser(tmp_path, capsys):
    size = next(p for p in cameraclip.commands["build"].params if p.name == "size")
    assert size.default == "128x72"
    assert main(["cameraclip", "build", str(tmp_path / "set"), "--size", "wide"]) == 1
    assert "'wide' is not WIDTHxHEIGHT" in capsys.readouterr().err


def test_a_setting_read_from_the_environment_is_read_when_no_flag_gives_it(tmp_path, monkeypatch):
    contexts: list[Any] = []

    class Recording(storyreel.api.Studio):
        def __init__(self, project: str, on_progress: Any = None, **settings: Any):
            super().__init__(project, on_progress=on_progress, **settings)
            contexts.append(self.context)
            raise InputError("recorded")

    monkeypatch.setattr(storyreel.api, "Studio", Recording)
    monkeypatch.setenv("STORYREEL_TIMEOUT", "7.5")
    monkeypatch.setenv("STORYREEL_RETRIES", "0")
    args = ["plan", "x.fountain", "-o", str(tmp_path / "p")]
    assert main(args) == 1
    assert main([*args, "--timeout", "30", "--reasks", "1"]) == 1
    monkeypatch.delenv("STORYREEL_TIMEOUT")
    assert main(args) == 1
    read = [(c.timeout_s, c.max_retries, c.max_reasks, c.max_tokens) for c in contexts]
    assert read == [(7.5, 0, 2, 4096), (30.0, 0, 1, 4096), (60.0, 0, 2, 4096)]


def test_a_bad_value_in_the_environment_names_the_variable(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STORYREEL_TIMEOUT", "soon")
    assert main(["plan", "x.fountain", "-o", str(tmp_path / "p")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "(from $STORYREEL_TIMEOUT)" in err and "timeout_s='soon'" in err


def test_help_says_where_a_default_comes_from(capsys):
    assert main(["plan", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "[default: (60.0, or $STORYREEL_TIMEOUT)]" in text
    assert "[default: (4096, or $STORYREEL_MAX_TOKENS);" in text
