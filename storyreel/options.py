"""Command-line options shared by the commands: the run settings as click options, derived from
their one declaration (agents/context.py), and the WxH parser `make` and `cameraclip` share.

A setting's flag, choices, metavar, parser and the commands offering it are declared on its
Context field; its help text is the field's description; its default is Studio's, but a setting
read from the environment passes None when not given, so Context reads the variable. Each option
passes its value under Studio's keyword, so a command hands them to Studio as they come.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, get_args

import click
from pydantic.fields import FieldInfo

from storyreel import settings
from storyreel.agents.context import Setting, parse_size

F = TypeVar("F", bound=Callable[..., Any])


def parsed(parse: Callable[[str], Any]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A click callback from a plain parser whose ValueError becomes a usage error on the option."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return callback


parse_resolution = parsed(parse_size)  # '1280x720' -> (1280, 720), else a usage error naming the option


def setting_options(command: str) -> Callable[[F], F]:
    """A decorator adding the run-setting options `command` offers, in declaration order."""

    def decorate(fn: F) -> F:
        for option in reversed(options_for(command)):
            fn = option(fn)
        return fn

    return decorate


def options_for(command: str) -> list[Callable[[F], F]]:
    """The click options of the run settings `command` offers (plan, make, direct, chat)."""
    return [
        click.option(setting.flag, setting.group or name, **_attributes(info, setting))
        for name, info, setting in settings.declared()
        if setting.flag is not None and command in setting.commands
    ]


def _attributes(info: FieldInfo, setting: Setting) -> dict[str, Any]:
    """What click needs of one setting: help, then a flag for a bool or its type and default."""
    attributes: dict[str, Any] = {"help": setting.help or info.description, "metavar": setting.metavar}
    kind = next((t for t in get_args(info.annotation) or (info.annotation,) if t is not type(None)), str)
    if kind is bool:
        return {**attributes, "is_flag": True}
    default = settings.offered_default(info, setting)
    if setting.env:  # not passed when not given, so the environment variable is read (Context)
        shown = False if default is None else f"{default}, or ${setting.env}"  # None: help says
        attributes.update(default=None, show_default=shown)
    else:
        attributes.update(default=default, show_default=default is not None)
    if setting.parse is not None:
        attributes["callback"] = parsed(setting.parse)
    elif setting.choices:
        attributes["type"] = click.Choice(setting.choices)
    elif kind is int:
        low = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)  # Field(ge=..., le=...)
        high = next((m.le for m in info.metadata if hasattr(m, "le")), None)
        attributes["type"] = click.IntRange(low, high) if (low, high) != (None, None) else int
    elif kind is float:
        attributes["type"] = float
    return attributes
