"""Run settings as Studio takes them, derived from their one declaration (agents/context.py).

    keywords()                 Studio's keywords and the fields each gives: "brain" -> (brain,),
                               "resolution" -> (width, height), "thresholds" -> (the critic's)
    context_for(root, given)   Studio's keywords -> a checked Context; an unknown keyword or a bad
                               value is one InputError line that names it
    identity(context)          what shapes a run's results: `Studio.settings()`, which with the
                               script's hash tells a resume from a new run

Nothing here lists a setting by name: a field added to Context is a keyword, lands in the
identity when it shapes results, and reaches the CLI through storyreel/options.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from storyreel.agents.context import Context, Setting
from storyreel.errors import InputError
from storyreel.redaction import redact_url


def declared() -> Iterator[tuple[str, FieldInfo, Setting]]:
    """Every run setting with its declaration, in declaration order."""
    return Context.declared()


def offered_default(info: FieldInfo, setting: Setting) -> Any:
    """The default of a Studio keyword or CLI option (the graph's own, unless declared otherwise)."""
    return setting.offered_default if setting.offered_default is not None else info.default


def keywords() -> dict[str, tuple[str, ...]]:
    """Studio's keywords, each with the fields it gives, in declaration order."""
    table: dict[str, tuple[str, ...]] = {}
    for name, _info, setting in declared():
        if setting.studio:
            keyword = setting.group or name
            table[keyword] = (*table.get(keyword, ()), name)
    return table


def context_for(project_dir: str, given: Mapping[str, Any]) -> Context:
    """The run settings of Studio's keywords `given`, over Studio's defaults, checked."""
    table = keywords()
    unknown = sorted(set(given) - set(table))
    if unknown:
        raise InputError(f"unknown setting(s) {', '.join(unknown)} (known: {', '.join(sorted(table))})")
    values = {  # a setting read from the environment is left to Context, which reads it
        name: offered_default(info, setting)
        for name, info, setting in declared()
        if setting.studio and not setting.env
    }
    for keyword, value in given.items():
        values.update(_fields_of(keyword, table[keyword], value))
    try:
        return Context(**values, project_dir=project_dir)
    except ValidationError as exc:
        raise InputError(_one_line(exc)) from None


def identity(context: Context) -> dict[str, Any]:
    """What shapes a run's results: every Studio keyword's fields but those declared not to
    (no secrets, and not the project's own path). Changing its keys runs every made film again.
    It is stored (checkpoints.sqlite) and shown: a value that can hold a credential is redacted
    (REDACTED)."""
    return {
        name: REDACTED.get(name, _as_is)(getattr(context, name))
        for name, _info, setting in type(context).declared()
        if setting.studio and setting.shapes
    }


def _as_is(value: Any) -> Any:
    return value


def _redacted_url(value: Any) -> Any:
    return redact_url(value) if isinstance(value, str) else value


# Settings that can hold a credential -> what of them may be stored (storyreel/redaction.py).
REDACTED: dict[str, Callable[[Any], Any]] = {"base_url": _redacted_url}


def _fields_of(keyword: str, names: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A keyword's value as field values: its own field, a dict by field name (thresholds) or a
    tuple in field order (resolution: width, height); None leaves a group's fields alone."""
    if names == (keyword,):
        return {keyword: value}
    if value is None:
        return {}
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - set(names))
        if unknown:
            known = ", ".join(sorted(names))
            raise InputError(f"unknown {keyword} {', '.join(map(str, unknown))} (known: {known})")
        return dict(value)
    try:
        return dict(zip(names, value, strict=True))
    except (TypeError, ValueError):
        raise InputError(f"{keyword} {value!r}: expected ({', '.join(names)})") from None


def _one_line(exc: ValidationError) -> str:
    """Pydantic's report as one line: each bad setting with the value given."""
    return "; ".join(
        f"setting {'.'.join(map(str, error['loc']))}={_shown(error)!r}{_given_by(error)}: "
        f"{error['msg'].removeprefix('Value error, ')}"
        if error["loc"]
        else error["msg"]
        for error in exc.errors()
    )


def _given_by(error: Any) -> str:
    """' (from $NAME)' when the bad value is the environment variable's."""
    field = Context.model_fields.get(str(error["loc"][0])) if error["loc"] else None
    setting = next((m for m in field.metadata if isinstance(m, Setting)), None) if field else None
    if setting and setting.env and os.environ.get(setting.env) == error["input"]:
        return f" (from ${setting.env})"
    return ""


def _shown(error: Any) -> Any:
    """The value a setting was given, as it may be shown (REDACTED)."""
    return REDACTED.get(str(error["loc"][0]), _as_is)(error["input"])
