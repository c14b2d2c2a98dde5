"""Reading documents from disk, with pydantic's errors turned into one line for a person.

    plan.json: shot 's3' (shots[2]) camera.framing: unknown id 'closeup' (expected one of ...)
    plan.json:14: invalid JSON: Expecting ',' delimiter (column 7)

The message names the file, then the item by its id where it has one, then the field.
`describe_validation_error` is also what a brain sends back to a model that replied badly.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from storyreel.errors import FileError, InputError, PlanError
from storyreel.models.base import Document
from storyreel.models.bible import Bible
from storyreel.models.plan import ShotPlan
from storyreel.reading import read_regular

D = TypeVar("D", bound=Document)

# A feature's plan is about 5 MB (a shot is about 3 kB of JSON); the plan of the longest script
# the screenplay reader takes (8 MiB) would be about 250 MB.
MAX_BYTES = 256 * 1024 * 1024
_SIZE_HINT = "a feature's plan is about 5 MB"

_ID_KEYS = ("id", "name", "shot")  # what an item in a list is known by, in order of preference
_SINGULAR = {"entries": "entry"}


def load_document(path: str | Path, cls: type[D], error: type[InputError] = InputError) -> D:
    """Read and validate a `cls` document, raising `error` with one line on any problem."""
    # 1. Read the text: a regular file, at most MAX_BYTES (storyreel/reading.py).
    try:
        text = read_regular(path, MAX_BYTES, hint=_SIZE_HINT).decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None
    except FileError as exc:
        raise error(str(exc)) from None
    # 2. Parse JSON, pointing at the line.
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{path}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:  # [[[[...: Python's own stack gives out first
        raise error(f"{path}: invalid JSON: nested too deeply") from None
    except ValueError:  # the one other ValueError: an integer past Python's digit limit
        digits = sys.get_int_max_str_digits()
        raise error(f"{path}: invalid JSON: a number of more than {digits} digits") from None
    if not isinstance(data, dict):
        raise error(f"{path}: expected a JSON object (a {cls.SCHEMA}), got {type(data).__name__}")
    # 3. Validate (upgrading older versions on the way).
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise error(f"{path}: {describe_validation_error(exc, data)}") from None


def load_plan(path: str | Path) -> ShotPlan:
    return load_document(path, ShotPlan, PlanError)


def load_bible(path: str | Path) -> Bible:
    return load_document(path, Bible)


def describe_validation_error(error: ValidationError, data: Any = None) -> str:
    """The first error as one line naming the item and field; `data` is the validated input,
    used to name list items by their id."""
    errors = error.errors(include_url=False)
    line = _describe_one(errors[0], data)
    if len(errors) > 1:
        line += f" (and {len(errors) - 1} more)"
    return line


def _describe_one(err: Any, data: Any) -> str:
    where = _where(err["loc"], data)
    problem = _problem(err)
    return f"{where}: {problem}" if where else problem


def _where(loc: tuple[Any, ...], data: Any) -> str:
    """('shots', 2, 'camera', 'framing') -> "shot 's3' (shots[2]) camera.framing"."""
    label = ""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, str) and re.search(r"[\[(]", item):
            continue  # a union member or validator tag, not a field
        if isinstance(item, int) and parts:
            item_id = _item_id(node, item)
            if not label:
                key = parts.pop()
                singular = _SINGULAR.get(key, key.removesuffix("s"))
                label = f"{singular} {item_id!r} ({key}[{item}])" if item_id else f"{key}[{item}]"
            else:
                parts[-1] += f"[{item}]"
        else:
            parts.append(str(item))
        node = _child(node, item)
    field = ".".join(parts)
    return " ".join(x for x in (label, field) if x)


def _item_id(node: Any, index: int) -> str | None:
    item = _child(node, index)
    if isinstance(item, dict):
        for key in _ID_KEYS:
            if isinstance(item.get(key), str) and item[key]:
                return item[key]
    return None


def _child(node: Any, key: Any) -> Any:
    try:
        return node[key]
    except (KeyError, IndexError, TypeError):
        return None


def _problem(err: Any) -> str:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"unknown id {value!r} (expected one of {', '.join(expected)})"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    if kind == "missing":
        return "missing (required)"
    if kind == "extra_forbidden":
        return "unknown field"
    msg = err["msg"]
    return f"{msg[:1].lower()}{msg[1:]}, got {_short(value)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
