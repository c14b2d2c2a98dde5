"""Write the data-model reference from the models themselves:

    python -m storyreel.models.docgen > docs/data-model.md

One section per document (in `SCHEMAS` order) with a table per model it uses, then the
records agents hand each other (`RECORDS`), then the vocabularies. tests/models/test_docgen.py fails when the checked-in copy is stale.
"""

from __future__ import annotations

import inspect
import json
import sys
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from storyreel.models import RECORDS, SCHEMAS
from storyreel.models.bible import Build, HexColour
from storyreel.models.camera import (
    BASE_MOVEMENTS,
    LABELS,
    Angle,
    Framing,
    Movement,
)
from storyreel.models.plan import Pacing, TransitionType
from storyreel.models.screenplay import ElementType

COMMAND = "python -m storyreel.models.docgen > docs/data-model.md"

# Named Literal types: shown by name in the tables and listed under "Vocabularies".
VOCABULARIES: dict[Any, str] = {
    Framing: "Framing",
    Angle: "Angle",
    Movement: "Movement",
    Pacing: "Pacing",
    TransitionType: "TransitionType",
    Build: "Build",
    ElementType: "ElementType",
}


def render() -> str:
    """The whole reference as Markdown."""
    out = [
        "# Data model",
        "",
        f"<!-- Generated from storyreel/models by `{COMMAND}`; do not edit by hand. -->",
        "",
        "Every document is JSON with a `schema_version` (`Name.N`); older versions are upgraded "
        "on read, newer ones refused. Unknown fields are errors. `storyreel schema NAME` prints "
        "the JSON Schema of a document.",
        "",
        "| NAME | document | schema_version |",
        "|---|---|---|",
    ]
    out += [
        f"| `{name}` | [{cls.__name__}](#{cls.__name__.lower()}) | `{cls.current_schema_version()}` |"
        for name, cls in SCHEMAS.items()
    ]
    seen: set[type[BaseModel]] = set()
    for name, cls in SCHEMAS.items():
        models = [m for m in _models_under(cls) if m not in seen]
        seen.update(models)
        out += ["", f"## {cls.__name__}", ""]
        out += [f"`schema_version`: `{cls.current_schema_version()}` · `storyreel schema {name}`"]
        for i, model in enumerate(models):
            out += _model_section(model, heading=None if i == 0 else "###")
    out += _records(seen)
    out += _vocabularies()
    return "\n".join(out) + "\n"


def _records(seen: set[type[BaseModel]]) -> list[str]:
    """The records of the graph state: not files of their own, so unversioned."""
    out = [
        "",
        "## Records",
        "",
        "Not files of their own: what the agents hand each other through the graph state (as "
        "JSON), what `report.json`'s log and the API's results hold. Unversioned.",
    ]
    for record in RECORDS.values():
        models = [m for m in _models_under(record) if m not in seen]
        seen.update(models)
        for model in models:
            out += _model_section(model, heading="###")
    return out


def _models_under(root: type[BaseModel]) -> list[type[BaseModel]]:
    """`root` and every model its fields use, depth first, each once."""
    found: list[type[BaseModel]] = []

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in found:
                return
            found.append(tp)
            for field in tp.model_fields.values():
                visit(field.annotation)
        for arg in get_args(tp):
            visit(arg)

    visit(root)
    return found


def _model_section(model: type[BaseModel], heading: str | None) -> list[str]:
    lines = [""]
    if heading:
        lines += [f"{heading} {model.__name__}", ""]
    if model.__doc__:
        lines += [inspect.cleandoc(model.__doc__), ""]
    lines += ["| field | type | default | description |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        cells = [f"`{name}`", _type(field.annotation), _default(field), _description(field)]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return lines


def _type(tp: Any) -> str:
    if tp in VOCABULARIES:
        return f"[{VOCABULARIES[tp]}](#{VOCABULARIES[tp].lower()})"
    if tp == HexColour:
        return "str (#RRGGBB)"
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        return _type(args[0])
    if origin is Literal:
        return " | ".join(json.dumps(a) for a in args)
    if origin in (Union, types.UnionType):
        return " | ".join(_type(a) for a in args)
    if origin is not None:
        return f"{origin.__name__}[{', '.join(_type(a) for a in args)}]"
    if tp is type(None):
        return "null"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return getattr(tp, "__name__", str(tp))


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    factory = field.default_factory
    value = factory() if factory else field.default  # type: ignore[call-arg]
    if isinstance(value, BaseModel):
        return "defaults"
    return f"`{json.dumps(value)}`"


_CONSTRAINTS = (
    (at.Gt, "gt", "> {}"),
    (at.Ge, "ge", ">= {}"),
    (at.Lt, "lt", "< {}"),
    (at.Le, "le", "<= {}"),
    (at.MultipleOf, "multiple_of", "multiple of {}"),
    (at.MinLen, "min_length", "length >= {}"),
    (at.MaxLen, "max_length", "length <= {}"),
)


def _description(field: FieldInfo) -> str:
    rules = []
    for meta in field.metadata:
        for kind, attr, text in _CONSTRAINTS:
            if isinstance(meta, kind):
                rules.append(text.format(getattr(meta, attr)))
        if getattr(meta, "pattern", None):
            rules.append(f"pattern `{meta.pattern}`")
    text = field.description or ""
    if rules:
        text = f"{text} *({', '.join(rules)})*".strip()
    return text


def _vocabularies() -> list[str]:
    lines = ["", "## Vocabularies"]
    for tp, name in VOCABULARIES.items():
        lines += ["", f"### {name}", ""]
        if name == "Movement":
            lines += ["| id | label | class |", "|---|---|---|"]
            lines += [
                f"| `{i}` | {LABELS[i]} | {'base' if i in BASE_MOVEMENTS else 'extended'} |"
                for i in get_args(tp)
            ]
        elif name in ("Framing", "Angle"):
            lines += ["| id | label |", "|---|---|"]
            lines += [f"| `{i}` | {LABELS[i]} |" for i in get_args(tp)]
        else:
            lines.append(", ".join(f"`{i}`" for i in get_args(tp)))
    return lines


if __name__ == "__main__":
    sys.stdout.write(render())
