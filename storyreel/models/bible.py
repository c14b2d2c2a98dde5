"""The bible: who and where the film is about, and how it looks (MovieDreamer's character,
location and style sheets).

The writer builds it from the screenplay; every later agent and renderer reads it so that a
character looks the same in shot 1 and shot 40. Names are the screenplay's canonical names, so a
shot's `subjects` and a scene's `location` look their sheet up directly.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from storyreel.models.base import Document, Noun

HexColour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="An RGB colour as '#RRGGBB'.")]

Build = Literal["slim", "average", "athletic", "heavy"]


def _uppercase(name: str) -> str:
    if name != name.upper():
        raise ValueError(f"name {name!r} must be uppercase as in the screenplay ({name.upper()!r})")
    return name


class Identity(Noun):
    """What never changes about a character from shot to shot: how the eye recognises them."""

    colour: HexColour = Field(
        description="Identity colour: the animatic paints the figure in it; "
        "critics and editors use it to tell characters apart."
    )
    build: Build = Field("average", description="Silhouette: slim, average, athletic or heavy.")
    height_m: float = Field(1.75, gt=0.3, le=3.0, description="Standing height in metres.")
    hair: str = Field("", description="Hair as a prompt reads it, e.g. 'short grey crew cut'.")
    hair_colour: HexColour | None = Field(None, description="Hair colour for the animatic figure.")


class CharacterSheet(Noun):
    """A character's sheet."""

    name: str = Field(min_length=1, description="Canonical uppercase name, exactly as in the screenplay.")
    description: str = Field("", description="Age, face, manner: what an image prompt needs.")
    wardrobe: str = Field("", description="What they wear unless a scene says otherwise.")
    identity: Identity = Field(description="The visual identity kept fixed across shots.")
    reference_images: list[str] = Field(
        default_factory=list,
        description="Paths to reference images of the character (absolute, or relative to "
        "the project directory); used to condition keyframes.",
    )

    _check_name = field_validator("name")(_uppercase)


class LocationSheet(Noun):
    """A location's sheet."""

    name: str = Field(
        min_length=1,
        description='Uppercase location as in the scene headings, e.g. "BRICK\'S GARAGE".',
    )
    int_ext: Literal["INT", "EXT", "INT/EXT", "EST"] | None = Field(
        None, description="Interior or exterior, as in the headings."
    )
    times_of_day: list[str] = Field(
        default_factory=list,
        description="Times of day the script shows it at, in order of first use, e.g. ['NIGHT'].",
    )
    description: str = Field("", description="The set as a prompt reads it.")
    palette: list[HexColour] = Field(
        default_factory=list, max_length=8, description="Dominant colours, most prominent first."
    )
    reference_images: list[str] = Field(
        default_factory=list, description="Paths to reference images of the set."
    )

    _check_name = field_validator("name")(_uppercase)


class Resolution(Noun):
    """Frame size in pixels. Both sides even: H.264 in yuv420p halves chroma on each axis."""

    width: int = Field(gt=0, le=8192, multiple_of=2, description="Width in pixels (even).")
    height: int = Field(gt=0, le=8192, multiple_of=2, description="Height in pixels (even).")


class Style(Noun):
    """The film's look and delivery format.

    Defaults: 24 fps (cinema), 1280x720 (16:9, small enough for the CPU animatic, large enough
    to read faces); the diffusers backend picks its own working size and scales to this one.
    """

    look: str = Field("", description="The look in a prompt's words, e.g. 'warm 35mm film, soft contrast'.")
    aspect_ratio: str = Field(
        "16:9",
        pattern=r"^\d+(\.\d+)?:\d+(\.\d+)?$",
        description="Display aspect ratio, e.g. '16:9' or '2.39:1'; must match `resolution`.",
    )
    fps: int = Field(24, gt=0, le=240, description="Frames per second of the delivered film.")
    resolution: Resolution = Field(
        default_factory=lambda: Resolution(width=1280, height=720),
        description="Delivered frame size.",
    )
    seed: int = Field(0, ge=0, description="Base seed; a shot's own seed overrides it.")

    @model_validator(mode="after")
    def _aspect_matches_resolution(self) -> Style:
        w, h = (float(x) for x in self.aspect_ratio.split(":"))
        if h == 0 or w == 0:
            raise ValueError(f"aspect_ratio {self.aspect_ratio!r} has a zero side")
        actual = self.resolution.width / self.resolution.height
        if abs(actual - w / h) > 0.02 * (w / h):  # 2 %: 1920x800 is a fine '2.39:1'
            raise ValueError(
                f"aspect_ratio {self.aspect_ratio!r} does not match resolution "
                f"{self.resolution.width}x{self.resolution.height} ({actual:.3f}:1)"
            )
        return self


class Bible(Document):
    """Characters, locations and style: what keeps the film consistent across scenes."""

    SCHEMA = "Bible"
    VERSION = 1
    schema_version: Literal["Bible.1"] = "Bible.1"

    characters: list[CharacterSheet] = Field(
        default_factory=list, description="One sheet per character, unique names."
    )
    locations: list[LocationSheet] = Field(
        default_factory=list, description="One sheet per location, unique names."
    )
    style: Style = Field(default_factory=Style, description="The film's look and format.")

    @model_validator(mode="after")
    def _unique_names(self) -> Bible:
        for field in ("characters", "locations"):
            seen: dict[str, int] = {}
            for i, sheet in enumerate(getattr(self, field)):
                if sheet.name in seen:
                    raise ValueError(
                        f"{field}[{i}] name: duplicate {sheet.name!r} "
                        f"(first used by {field}[{seen[sheet.name]}])"
                    )
                seen[sheet.name] = i
        return self

    def character(self, name: str) -> CharacterSheet:
        for sheet in self.characters:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def location(self, name: str) -> LocationSheet:
        for sheet in self.locations:
            if sheet.name == name:
                return sheet
        raise KeyError(name)
