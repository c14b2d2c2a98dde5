import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from storyreel.documents import load_bible
from storyreel.errors import InputError
from storyreel.models.bible import Bible, CharacterSheet, Identity, Resolution, Style

BASELINE = Path(__file__).parents[1] / "baselines" / "bible.json"


def golden() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def load_error(tmp_path: Path, data: dict) -> str:
    path = tmp_path / "bible.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_bible(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message[len(f"{path}: ") :]


def test_golden_bible_round_trips_unchanged():
    text = BASELINE.read_text(encoding="utf-8")
    bible = Bible.from_json(text)
    assert bible.to_json() + "\n" == text
    assert bible.character("MAYA").identity.colour == "#E8B923"
    assert bible.location("TRAIN CARRIAGE").int_ext == "INT"
    with pytest.raises(KeyError):
        bible.character("NOBODY")


def test_style_defaults():
    style = Bible().style
    assert (style.fps, style.resolution.width, style.resolution.height) == (24, 1280, 720)
    assert style.aspect_ratio == "16:9"
    assert style.seed == 0


@pytest.mark.parametrize("width, height", [(1281, 720), (1280, 719), (0, 720)])
def test_resolution_must_be_positive_and_even(width, height):
    with pytest.raises(ValidationError):
        Resolution(width=width, height=height)


def test_fps_must_be_positive(tmp_path):
    data = golden()
    data["style"]["fps"] = 0
    assert load_error(tmp_path, data) == "style.fps: input should be greater than 0, got 0"


def test_odd_width_names_the_field(tmp_path):
    data = golden()
    data["style"]["resolution"]["width"] = 1279
    assert load_error(tmp_path, data).startswith("style.resolution.width: input should be a multiple of 2")


def test_aspect_ratio_must_match_resolution():
    Style(aspect_ratio="2.39:1", resolution=Resolution(width=1920, height=804))
    with pytest.raises(ValidationError, match="does not match resolution 1280x720"):
        Style(aspect_ratio="4:3")


@pytest.mark.parametrize("colour", ["E8B923", "#E8B92", "#GGGGGG", "yellow"])
def test_colours_are_hex(tmp_path, colour):
    data = golden()
    data["characters"][0]["identity"]["colour"] = colour
    assert load_error(tmp_path, data).startswith(
        "character 'MAYA' (characters[0]) identity.colour: string should match pattern"
    )


def test_palette_colours_are_hex(tmp_path):
    data = golden()
    data["locations"][1]["palette"][1] = "green"
    assert load_error(tmp_path, data).startswith(
        "location 'TRAIN CARRIAGE' (locations[1]) palette[1]: string should match pattern"
    )


def test_names_are_uppercase_as_in_the_screenplay(tmp_path):
    data = golden()
    data["characters"][1]["name"] = "Conductor"
    assert load_error(tmp_path, data) == (
        "character 'Conductor' (characters[1]) name: name 'Conductor' must be uppercase "
        "as in the screenplay ('CONDUCTOR')"
    )


def test_duplicate_names_are_rejected():
    maya = CharacterSheet(name="MAYA", identity=Identity(colour="#E8B923"))
    with pytest.raises(ValidationError, match=r"characters\[1\] name: duplicate 'MAYA'"):
        Bible(characters=[maya, maya])


def test_newer_bible_is_refused(tmp_path):
    data = golden()
    data["schema_version"] = "Bible.9"
    assert "newer storyreel" in load_error(tmp_path, data)
