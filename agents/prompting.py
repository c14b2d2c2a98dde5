"""Prompt templates: prompts/<agent>.j2, or the same name in a user's prompt folder.

Templates render with StrictUndefined, so a template that names a missing input fails loudly
instead of sending a model a prompt with holes in it.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path

from storyreel.errors import InputError
from storyreel.reading import read_regular

MAX_TEMPLATE_BYTES = 1024 * 1024  # the longest shipped template is under 10 kB


def _package_dir() -> Path:
    # Installed, prompts/ is the storyreel.prompts package next to storyreel.agents.
    import storyreel.prompts

    return Path(storyreel.prompts.__file__).resolve().parent


class _Loader(jinja2.BaseLoader):
    """Templates from the first folder that has them, each read as every user file is
    (storyreel/reading.py): a FIFO named system.j2 in a prompt folder would hang a run."""

    def __init__(self, folders: list[Path]):
        self.searchpath = [str(folder) for folder in folders]

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = split_template_path(template)  # no ".." out of the folder
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if not os.path.lexists(path):
                continue
            try:
                text = read_regular(path, MAX_TEMPLATE_BYTES).decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{path}: not UTF-8 text") from None
            return text, str(path), lambda: True
        raise jinja2.TemplateNotFound(template)


@lru_cache(maxsize=8)
def environment(prompts_dir: str | None = None) -> jinja2.Environment:
    search = [_package_dir()]
    if prompts_dir is not None:
        search.insert(0, check_prompts_dir(prompts_dir))  # the user's templates win
    env = jinja2.Environment(
        loader=_Loader(search),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # prompts are plain text, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["tojson"] = _tojson
    return env


def check_prompts_dir(prompts_dir: str) -> Path:
    """The user's prompt folder, refused in one line if it is not one (checked before any work,
    whichever brain runs: a --prompts that is never read is a mistake said late)."""
    folder = Path(prompts_dir).expanduser()
    if not folder.exists():
        raise InputError(f"{prompts_dir}: prompt folder does not exist")
    if not folder.is_dir():
        raise InputError(f"{prompts_dir}: is a file; --prompts takes a folder of <agent>.j2 templates")
    return folder


def _tojson(value: Any) -> str:
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()  # a missing input is an UndefinedError, as elsewhere
    return json.dumps(value, ensure_ascii=False, indent=1)


def render_prompt(agent: str, inputs: dict[str, Any], prompts_dir: str | None = None) -> str:
    """Render prompts/<agent>.j2 with `inputs`; errors name the template and what is missing."""
    env = environment(prompts_dir)
    try:
        return env.get_template(f"{agent}.j2").render(**inputs)
    except jinja2.TemplateNotFound:
        raise InputError(f"no prompt template {agent}.j2 (looked in {env.loader.searchpath})") from None  # type: ignore[union-attr]
    except jinja2.UndefinedError as exc:
        raise InputError(f"prompt template {agent}.j2: {exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(f"{exc.filename or agent + '.j2'}:{exc.lineno}: {exc.message}") from None


def template_source(agent: str, prompts_dir: str | None = None) -> str:
    """The text of the template `agent` resolves to (the user's if they gave one), for cache keys."""
    env = environment(prompts_dir)
    try:
        source, _, _ = env.loader.get_source(env, f"{agent}.j2")  # type: ignore[union-attr]
    except jinja2.TemplateNotFound:
        return ""
    return source
