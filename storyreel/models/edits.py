"""Directing: a note and the typed plan edits it became, and the versions of a film.

    "shots 3-5 tighter, low angle"  --director-->  Direction(edits=[CameraEdit(shots=[...],
                                                   framing_steps=1, angle="low")])
    Direction --storyreel.agents.plan_edits.apply_edits()--> a new ShotPlan and Bible
    every applied note                          -->  a Version in the film's History

Edits name shots by id (stable when shots are added or removed); the director resolves what
people say ("shot 3", "the garage scene", "every close-up of Steel", "this shot") into ids
first. Values are the camera vocabulary's ids (`storyreel.models.camera`). Relative changes
(`framing_steps`, `speed_scale`, `duration_scale`) stay relative here and are resolved per shot
when applied, so one edit can say "tighter" of shots with different framings.

A note that cannot be applied as it stands (a shot that does not exist, two readings, nothing
to change) gets a `question` and no edits: the director asks rather than guesses. A question
with a few possible answers lists them as `choices`, each a note that settles it when sent back
("shot 3 tighter or wider" -> ["shot 3 tighter", "shot 3 wider"]); an open one ("there is no
shot 99: which did you mean?") has none.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from storyreel.models.base import Document, Noun, upgrade
from storyreel.models.bible import Build, HexColour
from storyreel.models.camera import Angle, Framing, Movement
from storyreel.models.plan import Pacing, ShotKind, TransitionType

ShotIds = list[str]
Position = Literal["before", "after"]


class CameraEdit(Noun):
    """Change the camera of some shots. Unset fields (null) keep the shot's own value."""

    op: Literal["camera"] = Field("camera", description="Always 'camera'.")
    shots: ShotIds = Field(min_length=1, description="Ids of the shots to change.")
    framing: Framing | None = Field(None, description="The new framing, for every shot listed.")
    framing_steps: int | None = Field(
        None,
        ge=-5,
        le=5,
        description="Relative framing when `framing` is null: +1 one step tighter (medium -> "
        "close_up), -1 one step wider (medium -> full), per shot.",
    )
    angle: Angle | None = Field(None, description="The new camera angle.")
    movements: list[Movement] | None = Field(
        None, min_length=1, description="The moves that replace the shot's moves (['static'] to lock off)."
    )
    add_movements: list[Movement] | None = Field(
        None, description="Moves added to the shot's own (a compound move); a static shot gets just these."
    )
    lens_mm: float | None = Field(None, ge=8, le=1200, description="Focal length, full-frame mm.")
    speed: float | None = Field(None, ge=0, le=1, description="Move speed: 0.25 slow, 0.5 medium, 1.0 fast.")
    speed_scale: float | None = Field(
        None, gt=0, le=10, description="Multiply each shot's move speed (1.5 faster, 0.6 slower)."
    )
    pacing: Pacing | None = Field(None, description="The pacing curve of the move.")

    @model_validator(mode="after")
    def _changes_something(self) -> CameraEdit:
        values = (self.framing, self.framing_steps, self.angle, self.movements, self.add_movements)
        values += (self.lens_mm, self.speed, self.speed_scale, self.pacing)
        if all(value is None for value in values):
            raise ValueError("a camera edit must set at least one field")
        return self


class TimingEdit(Noun):
    """Change how long shots last (their keyframes keep their places in the shot)."""

    op: Literal["timing"] = Field("timing", description="Always 'timing'.")
    shots: ShotIds = Field(min_length=1, description="Ids of the shots to change.")
    duration_s: float | None = Field(None, gt=0, le=600, description="The new length in seconds.")
    duration_scale: float | None = Field(
        None, gt=0, le=10, description="Multiply each shot's length (0.8 tighter cutting, 1.5 longer)."
    )
    duration_delta_s: float | None = Field(
        None, ge=-600, le=600, description="Seconds added to each shot's length (negative to trim)."
    )

    @model_validator(mode="after")
    def _one_change(self) -> TimingEdit:
        given = [v for v in (self.duration_s, self.duration_scale, self.duration_delta_s) if v is not None]
        if len(given) != 1:
            raise ValueError("a timing edit sets exactly one of duration_s, duration_scale, duration_delta_s")
        return self


class RemoveEdit(Noun):
    """Take shots out of the film."""

    op: Literal["remove"] = Field("remove", description="Always 'remove'.")
    shots: ShotIds = Field(min_length=1, description="Ids of the shots to remove.")


class AddEdit(Noun):
    """A new shot next to an existing one, in that shot's scene; the cinematographer designs
    whatever camera the edit leaves unset."""

    op: Literal["add"] = Field("add", description="Always 'add'.")
    position: Position = Field(description="Whether the new shot goes before or after `anchor`.")
    anchor: str = Field(description="Id of the existing shot the new one goes next to.")
    kind: ShotKind = Field(description="The coverage the new shot gives (insert, reaction, single...).")
    framing: Framing = Field(description="The new shot's framing.")
    angle: Angle | None = Field(None, description="Its angle; null lets the cinematographer choose.")
    movements: list[Movement] | None = Field(
        None, description="Its moves; null lets the cinematographer choose."
    )
    duration_s: float = Field(gt=0, le=600, description="Its length in seconds.")
    subjects: list[str] = Field(description="Characters in frame, uppercase names from the bible.")
    description: str = Field(min_length=1, description="What the new shot shows, one sentence.")


class SplitEdit(Noun):
    """Cut one shot in two; the second part gets a new id."""

    op: Literal["split"] = Field("split", description="Always 'split'.")
    shot: str = Field(description="Id of the shot to split.")
    at: float = Field(0.5, gt=0, lt=1, description="Where to cut, as a share of the shot's length.")


class MergeEdit(Noun):
    """Join consecutive shots of one scene into the first of them."""

    op: Literal["merge"] = Field("merge", description="Always 'merge'.")
    shots: ShotIds = Field(min_length=2, description="Ids of consecutive shots of one scene, in film order.")


class MoveEdit(Noun):
    """Move a shot to another place in the film."""

    op: Literal["move"] = Field("move", description="Always 'move'.")
    shot: str = Field(description="Id of the shot to move.")
    position: Position = Field(description="Whether it goes before or after `anchor`.")
    anchor: str = Field(description="Id of the shot it goes next to.")


class CharacterEdit(Noun):
    """Change a character's look in the bible: every shot that shows them changes."""

    op: Literal["character"] = Field("character", description="Always 'character'.")
    name: str = Field(description="The character's uppercase name, as in the bible.")
    wardrobe: str | None = Field(None, description="What they now wear (the whole wardrobe line).")
    description: str | None = Field(None, description="The new description (age, face, manner).")
    colour: HexColour | None = Field(
        None, description="New identity colour '#RRGGBB': the animatic paints their clothes in it."
    )
    hair: str | None = Field(None, description="Hair as a prompt reads it.")
    hair_colour: HexColour | None = Field(None, description="Hair colour '#RRGGBB'.")
    build: Build | None = Field(None, description="Silhouette: slim, average, athletic or heavy.")


class LocationEdit(Noun):
    """Change a location's look in the bible: every shot set there changes."""

    op: Literal["location"] = Field("location", description="Always 'location'.")
    name: str = Field(description="The location's uppercase name, as in the bible.")
    description: str | None = Field(None, description="The set as a prompt reads it.")
    palette: list[HexColour] | None = Field(
        None, max_length=8, description="Dominant colours '#RRGGBB', most prominent first."
    )


class StyleEdit(Noun):
    """Change the film's look: every shot changes."""

    op: Literal["style"] = Field("style", description="Always 'style'.")
    look: str | None = Field(None, description="The look in a prompt's words.")
    seed: int | None = Field(None, ge=0, description="A new base seed for every shot.")


class ReseedEdit(Noun):
    """Shoot shots again with another seed (another take, same plan)."""

    op: Literal["reseed"] = Field("reseed", description="Always 'reseed'.")
    shots: ShotIds = Field(min_length=1, description="Ids of the shots to re-shoot.")
    seed: int | None = Field(None, ge=0, description="The seed to use; null takes the next one.")


class TransitionEdit(Noun):
    """Change how a shot starts or ends: a cut, a dissolve into the next shot, a fade."""

    op: Literal["transition"] = Field("transition", description="Always 'transition'.")
    shot: str = Field(description="Id of the shot whose start or end changes.")
    side: Literal["in", "out"] = Field(description="'out' for the shot's end, 'in' for its start.")
    type: TransitionType = Field(description="cut, dissolve or fade (a dissolve is only 'out').")
    duration_s: float | None = Field(
        None, ge=0, le=10, description="Length of a dissolve or fade; null: 1 s (0 for a cut)."
    )
    colour: HexColour | None = Field(None, description="A fade's colour; null: black.")


Edit = (
    CameraEdit
    | TimingEdit
    | RemoveEdit
    | AddEdit
    | SplitEdit
    | MergeEdit
    | MoveEdit
    | CharacterEdit
    | LocationEdit
    | StyleEdit
    | ReseedEdit
    | TransitionEdit
)
EDIT_TYPES: tuple[type[Noun], ...] = Edit.__args__  # type: ignore[attr-defined]


class Direction(Document):
    """A directing note and what it became: edits to apply, or a question back."""

    SCHEMA = "Direction"
    VERSION = 2
    schema_version: Literal["Direction.2"] = "Direction.2"

    note: str = Field(description="The note as the director gave it.")
    reading: str = Field(
        description="How the note was read, in one line a director can check, e.g. "
        "'shots 3-5: one step tighter, low angle'."
    )
    edits: list[Edit] = Field(
        default_factory=list, description="The edits, applied in order; empty when asking a question."
    )
    question: str | None = Field(
        None,
        description="When the note is ambiguous or names what does not exist: what to ask the "
        "director instead of guessing. No edits then.",
    )
    choices: list[str] = Field(
        default_factory=list,
        max_length=8,
        description="With a question that has a few possible answers: each answer as a short note "
        "that settles the question when it is sent back as the next note, naming its shots "
        "(e.g. ['shot 3 tighter', 'shot 3 wider']). Empty for an open question and with edits.",
    )
    focus: list[str] = Field(
        default_factory=list,
        description="Ids of the shots the note is about: what 'this shot' means in the next note.",
    )

    @model_validator(mode="after")
    def _edits_or_question(self) -> Direction:
        if self.question and self.edits:
            raise ValueError("a direction asks a question or gives edits, not both")
        if self.choices and not self.question:
            raise ValueError("choices answer a question: a direction without one has none")
        return self


@upgrade("Direction", 1)
def _choices(data: dict[str, Any]) -> dict[str, Any]:
    """Direction.1 -> .2: a question gains `choices`; a Direction.1 question offered none, so the
    default (no choices) is what it said."""
    return dict(data)


class Version(Noun):
    """One version of the film: what a make or an applied note left on the project's thread."""

    number: int = Field(ge=1, description="1 for the first make, then one more per applied note or run.")
    parent: int | None = Field(
        None, description="The version the note was applied to (checkout branches); None for a make."
    )
    checkpoint_id: str = Field(description="The LangGraph checkpoint holding this version's state.")
    created: str = Field(description="When, as an ISO 8601 UTC timestamp.")
    note: str | None = Field(None, description="The note, or None for a make.")
    edits: list[Edit] = Field(default_factory=list, description="The edits the note became.")
    changed_shots: list[str] = Field(default_factory=list, description="Ids of the shots the note changed.")
    rerendered_shots: list[str] = Field(
        default_factory=list, description="Ids of the shots that had to be rendered again."
    )
    seconds: float = Field(0.0, ge=0, description="Wall time the version took to make.")


class History(Document):
    """Every version of a film and which one the project shows now (PROJECT/versions.json)."""

    SCHEMA = "History"
    VERSION = 1
    schema_version: Literal["History.1"] = "History.1"

    versions: list[Version] = Field(default_factory=list, description="Versions, oldest first.")
    current: int | None = Field(None, description="Number of the version the project shows now.")
    head_checkpoint: str | None = Field(
        None,
        description="The thread's latest checkpoint when this file was written: a different one "
        "means another run happened since (it becomes a version of its own).",
    )
    pending_note: str | None = Field(
        None,
        description="A note whose run was under way when this file was written: if that run was "
        "killed, the next directing command finishes it and records its version.",
    )
    pending_since: str | None = Field(
        None,
        description="When the pending note's run began (ISO 8601 UTC): a note finished by a later "
        "command is recorded with the shots drawn and the seconds worked since, not the later command's.",
    )
    pending_checkout: int | None = Field(
        None,
        description="The version a checkout or undo under way was going to when this file was "
        "written: if it was killed, the next directing command finishes going there.",
    )

    def version(self, number: int) -> Version:
        for version in self.versions:
            if version.number == number:
                return version
        raise KeyError(number)
