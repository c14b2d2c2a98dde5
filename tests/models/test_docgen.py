import json
from pathlib import Path

import pytest

import storyreel.models as models
from storyreel.errors import InputError
from storyreel.models import RECORDS, SCHEMAS, json_schema
from storyreel.models.docgen import COMMAND, render

DOC = Path(__file__).parents[2] / "docs" / "data-model.md"
OUR_MODULES = ("camera", "bible", "plan", "critique", "cut", "edits", "assets", "reply", "report")


def test_checked_in_data_model_reference_is_current():
    current = render()
    checked_in = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert checked_in == current, f"{DOC.name} is stale; regenerate it with `{COMMAND}`"


def test_reference_lists_every_document_version_and_field():
    text = render()
    for name, cls in SCHEMAS.items():
        assert f"## {cls.__name__}" in text
        assert f"`{cls.current_schema_version()}`" in text
        assert f"storyreel schema {name}" in text
        for field in cls.model_fields:
            assert f"| `{field}` |" in text


def test_reference_lists_every_record_and_field():
    text = render()
    for name, cls in RECORDS.items():
        assert f"### {name}" in text
        for field in cls.model_fields:
            assert f"| `{field}` |" in text


def test_schemas_are_the_documents():
    assert set(SCHEMAS) == {"plan", "bible", "screenplay", "critique", "cut", "direction", "history"}
    for cls in SCHEMAS.values():
        assert cls.model_fields["schema_version"].default == cls.current_schema_version()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_json_schema_is_serialisable_and_closed(name):
    schema = json_schema(name)
    json.dumps(schema)
    assert schema["additionalProperties"] is False  # unknown fields are errors
    assert schema["properties"]["schema_version"]["const"] == SCHEMAS[name].current_schema_version()


def test_json_schema_defaults_to_the_plan_and_refuses_unknown_names():
    assert json_schema()["title"] == "ShotPlan"
    with pytest.raises(InputError, match="unknown schema 'plans' \\(expected one of plan, bible"):
        json_schema("plans")


def test_every_field_of_our_models_has_a_description():
    # descriptions are the spec a model reads in structured outputs
    missing = []
    for cls in vars(models).values():
        ours = isinstance(cls, type) and issubclass(cls, models.Noun)
        if ours and cls.__module__.rsplit(".", 1)[-1] in OUR_MODULES:
            missing += [
                f"{cls.__name__}.{name}"
                for name, field in cls.model_fields.items()
                if name != "schema_version" and not field.description
            ]
    assert missing == []


def test_public_api():
    for name in models.__all__:
        assert hasattr(models, name), name
